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


@pytest.mark.parametrize(
    ("version", "supported"),
    [("9.18.9", False), ("9.19.0", True), ("9.19.7", True), ("9.20.0", False), ("10.0", False)],
)
def test_the_snapshot_render_is_held_to_the_tested_minor_release(
    version: str, supported: bool
) -> None:
    assert copier_adapter.fast_render_supported(version) is supported
    # Fails when a Copier upgrade lands: run test_fast_render.py on it, then widen the range.
    assert copier_adapter.fast_render_supported(), copier_adapter.copier_version()


def test_an_untested_copier_keeps_its_own_behaviour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copier import _main

    original = _main._remove_old_files
    monkeypatch.setattr(copier_adapter, "copier_version", lambda: "10.0.0")
    with keeping_edited_dropped_files(tmp_path, []):
        assert _main._remove_old_files is original


# -- the render from a snapshot (new's fast path) ---------------------------------

URL = "https://example.invalid/template.git"


def _template(root: Path, files: dict[str, str], executable: tuple[str, ...] = ()) -> Path:
    _tree(root, {"copier.yml": "_subdirectory: project\nname:\n  type: str\n", **files})
    for name in executable:
        (root / name).chmod(0o755)
    return root


def _modes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mode & 0o777
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_snapshot_render_records_the_url_and_tag_and_keeps_executable_bits(
    tmp_path: Path,
) -> None:
    snapshot = _template(
        tmp_path / "snapshot",
        {
            "project/run.sh.jinja": "#!/bin/sh\necho {{ name }}\n",
            "project/notes.txt": "plain\n",
            "project/{{ name }}/__init__.py": "",
            "project/{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers|to_nice_yaml }}",
        },
        executable=("project/run.sh.jinja",),
    )
    dest = tmp_path / "out"
    copier_adapter.copy_template(
        URL, dest, {"name": "demo"}, "v1.2.3", snapshot, tmp_path / "cache"
    )
    assert (dest / "run.sh").read_text() == "#!/bin/sh\necho demo\n"
    modes = _modes(dest)
    assert modes["run.sh"] & 0o111 == 0o111
    assert modes["notes.txt"] & 0o111 == 0
    assert (dest / "demo" / "__init__.py").is_file()
    assert (dest / ".copier-answers.yml").read_text() == (
        f"_commit: v1.2.3\n_src_path: {URL}\nname: demo\n"
    )


def test_a_snapshot_render_patches_nothing_in_copier(tmp_path: Path) -> None:
    from copier._main import Worker
    from copier._template import Template

    before = {
        name: getattr(cls, name)
        for cls in (Worker, Template)
        for name in vars(cls)
        if not name.startswith("__")
    }
    snapshot = _template(tmp_path / "snapshot", {"project/a.txt.jinja": "{{ name }}"})
    copier_adapter.copy_template(URL, tmp_path / "out", {"name": "x"}, "v1", snapshot)
    after = {
        name: getattr(cls, name)
        for cls in (Worker, Template)
        for name in vars(cls)
        if not name.startswith("__")
    }
    assert after == before
    assert (tmp_path / "out" / "a.txt").read_text() == "x"


def test_an_untested_copier_renders_the_url_not_the_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The url here is a plain folder with other content, so the output shows which was used.
    source = _template(tmp_path / "source", {"project/which.txt": "url\n"})
    snapshot = _template(tmp_path / "snapshot", {"project/which.txt": "snapshot\n"})
    copier_adapter.copy_template(str(source), tmp_path / "fast", {"name": "x"}, "v1", snapshot)
    assert (tmp_path / "fast" / "which.txt").read_text() == "snapshot\n"
    monkeypatch.setattr(copier_adapter, "copier_version", lambda: "10.0.0")
    copier_adapter.copy_template(str(source), tmp_path / "slow", {"name": "x"}, "v1", snapshot)
    assert (tmp_path / "slow" / "which.txt").read_text() == "url\n"


def test_yield_paths_and_plain_paths_render_alike_with_the_compile_memo(tmp_path: Path) -> None:
    # Copier resets its `yield` state when a template is compiled; the memo compiles
    # each source once, so it must reset that state itself on every use.
    files = {
        "project/{% yield item from items %}{{ item }}{% endyield %}.txt.jinja": "{{ item }}\n",
        "project/a/plain.txt": "p\n",
        "project/b/plain.txt": "q\n",
        "project/{{ name }}.md": "m\n",
    }
    snapshot = _template(tmp_path / "snapshot", files)
    (snapshot / "copier.yml").write_text(
        "_subdirectory: project\nname:\n  type: str\nitems:\n  type: yaml\n"
    )
    answers = {"name": "n", "items": ["one", "two"]}
    fast, plain = tmp_path / "fast", tmp_path / "plain"
    copier_adapter.copy_template(URL, fast, answers, "v1", snapshot, tmp_path / "cache")
    from copier import run_copy

    run_copy(str(snapshot), plain, data=answers, defaults=True, quiet=True, unsafe=True)
    assert list(_modes(fast)) == list(_modes(plain))
    assert sorted(_modes(fast)) == ["a/plain.txt", "b/plain.txt", "n.md", "one.txt", "two.txt"]
    assert (fast / "two.txt").read_text() == "two\n"


def test_the_bytecode_cache_follows_the_source(tmp_path: Path) -> None:
    snapshot = _template(
        tmp_path / "snapshot",
        {"project/a.txt.jinja": "{{ name }} 1\n", "project/{{ name }}-x.txt": ""},
    )
    cache_dir = tmp_path / "cache"
    copier_adapter.copy_template(URL, tmp_path / "one", {"name": "n"}, "v1", snapshot, cache_dir)
    assert any(cache_dir.iterdir())
    (snapshot / "project/a.txt.jinja").write_text("{{ name }} 2\n")
    (snapshot / "project/{{ name }}-x.txt").rename(snapshot / "project/{{ name }}-y.txt")
    copier_adapter.copy_template(URL, tmp_path / "two", {"name": "n"}, "v1", snapshot, cache_dir)
    assert (tmp_path / "two" / "a.txt").read_text() == "n 2\n"
    assert sorted(_modes(tmp_path / "two")) == ["a.txt", "n-y.txt"]
