"""The Copier adapter: the version guard, and the patch that keeps edited dropped files."""

from __future__ import annotations

from filecmp import dircmp
from pathlib import Path

import pytest

from generator.template import copier_adapter
from generator.template.copier_adapter import (
    edited_dropped_files,
    keeping_edited_dropped_files,
    patch_supported,
)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_only_edited_dropped_files_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _tree(tmp_path / "old", {"a.md": "a\n", "b.md": "b\n", "gone/c.md": "c\n", "k.md": "k"})
    new = _tree(tmp_path / "new", {"k.md": "k2"})
    project = _tree(
        tmp_path / "project",
        {"a.md": "a\nuser\n", "b.md": "b\n", "gone/c.md": "c\nuser\n", "k.md": "k2"},
    )
    compared = dircmp(old, new)
    assert sorted(p.name for p in edited_dropped_files(project, compared)) == ["a.md", "c.md"]

    from copier import _main

    def fake_remove(prefix: Path, cmp: dircmp[str], rm_common: bool = False) -> None:
        for name in ("a.md", "b.md", "gone/c.md"):
            (prefix / name).unlink()

    monkeypatch.setattr(_main, "_remove_old_files", fake_remove)
    kept: list[str] = []
    with keeping_edited_dropped_files(project, kept):
        _main._remove_old_files(project, compared)
    assert _main._remove_old_files is fake_remove
    assert sorted(kept) == ["a.md", "gone/c.md"]
    assert (project / "a.md").read_text() == "a\nuser\n"
    assert (project / "gone/c.md").read_text() == "c\nuser\n"
    assert not (project / "b.md").exists()


def test_the_installed_copier_is_one_the_patch_was_tested_on() -> None:
    # Fails when a Copier upgrade lands: re-check the private helper, then widen the range.
    assert patch_supported(), copier_adapter.copier_version()
    from copier import _main

    assert callable(_main._remove_old_files)


@pytest.mark.parametrize(
    ("version", "supported"),
    [("9.18.0", False), ("9.19.0", True), ("9.19.1", True), ("9.99", True), ("10.0.0", False)],
)
def test_version_guard(version: str, supported: bool) -> None:
    assert patch_supported(version) is supported


def test_an_untested_copier_keeps_its_own_behaviour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copier import _main

    original = _main._remove_old_files
    monkeypatch.setattr(copier_adapter, "copier_version", lambda: "10.0.0")
    with keeping_edited_dropped_files(tmp_path, []):
        assert _main._remove_old_files is original
