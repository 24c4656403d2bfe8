"""Fast, in-process tests of the update helpers (no release build, no rendering)."""

from __future__ import annotations

import argparse
from filecmp import dircmp
from pathlib import Path

import pytest

from generator.project.check import CheckResult
from generator.commands import update as update_command
from generator.project.meta import ProjectRecord
from generator.template.store import _pip_command
from generator.project.update import (
    UpdatePlan,
    UpdateResult,
    _edited_dropped_files,
    _keeping_edited_dropped_files,
)


@pytest.mark.parametrize(
    ("project", "installed", "status"),
    [
        ("0.1.0", "0.2.0", "outdated"),
        ("0.2.0", "0.2.0", "current"),
        ("0.2.0+dev.abc123", "0.2.0", "current"),
        ("0.3.0", "0.2.0", "ahead"),
    ],
)
def test_check_status(project: str, installed: str, status: str) -> None:
    result = CheckResult(Path("p"), project, installed)
    assert result.status == status
    assert result.to_dict()["update_available"] is (status == "outdated")


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
    assert sorted(p.name for p in _edited_dropped_files(project, compared)) == ["a.md", "c.md"]

    from copier import _main

    def fake_remove(prefix: Path, cmp: dircmp[str], rm_common: bool = False) -> None:
        for name in ("a.md", "b.md", "gone/c.md"):
            (prefix / name).unlink()

    monkeypatch.setattr(_main, "_remove_old_files", fake_remove)
    kept: list[str] = []
    with _keeping_edited_dropped_files(project, kept):
        _main._remove_old_files(project, compared)
    assert _main._remove_old_files is fake_remove
    assert sorted(kept) == ["a.md", "gone/c.md"]
    assert (project / "a.md").read_text() == "a\nuser\n"
    assert (project / "gone/c.md").read_text() == "c\nuser\n"
    assert not (project / "b.md").exists()


def test_a_pip_is_found() -> None:
    pip = _pip_command()
    assert pip is not None


def _result(changes: dict[str, object], versions: tuple[str, str]) -> UpdateResult:
    record = ProjectRecord(Path("/p"), {"framework": "flask"}, "url", f"v{versions[0]}")
    plan = UpdatePlan(record, versions[0], versions[1], changes)
    return UpdateResult(plan, "updated", [("M", "pyproject.toml")], [], ["docs/x.md"])


def test_answer_only_output_has_no_version_arrow_and_reminds_about_env(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _result({"database": "postgresql", "deploy": ["docker"]}, ("0.1.0", "0.1.0"))
    monkeypatch.setattr("generator.project.update.update_project", lambda *a, **k: result)
    args = argparse.Namespace(path=Path("/p"), data=[], defaults=True, pretend=False)
    assert update_command.run(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Updated /p: database → postgresql; deploy → docker"
    assert "  merged    pyproject.toml" in lines
    assert "  kept      docs/x.md (dropped by the template, but you had edited it)" in lines
    assert any("DATABASE_URL" in line and ".env.example" in line for line in lines)


def test_upgrade_output_names_both_versions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _result({}, ("0.1.0", "0.2.0"))
    monkeypatch.setattr("generator.project.update.update_project", lambda *a, **k: result)
    args = argparse.Namespace(path=Path("/p"), data=[], defaults=True, pretend=False)
    assert update_command.run(args) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Updated /p: template v0.1.0 → v0.2.0"
    assert "DATABASE_URL" not in out
