"""``new`` renders a plain-folder snapshot of the store's tag with stackpick's own renderer;
the project must be exactly what Copier makes from a clone of that tag (what ``update``
compares against). ``tests/templates`` compares every answer combination the same way."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from generator.template import source as template_source
from generator.template.copier_adapter import copy_template
from generator.template.questions import QuestionEvaluator
from generator.template.store import SNAPSHOT_KEEP_DAYS, TemplateStore
from tests.support.git import git
from tests.support.rendering import project_tree, snapshot_template


def render_both(
    store: TemplateStore, tag: str, answers: dict[str, Any], where: Path
) -> tuple[Path, Path]:
    """The project Copier renders from a clone of ``tag``, and the one ``new`` renders."""
    cloned, fast = where / "cloned" / "project", where / "fast" / "project"
    with store.redirect() as url:
        copy_template(url, cloned, answers, tag)
    store.render_project(tag, fast, answers)
    return cloned, fast


@pytest.mark.parametrize(
    ("given", "umask"),
    [
        ({"framework": "flask"}, 0o022),
        ({"framework": "flask"}, 0o077),  # a clone's files follow the umask; so must these
        (
            {
                "framework": "flask",
                "database": "postgresql",
                "tasks": "celery",
                "deploy": ["docker", "kubernetes"],
                "error_reporting": "sentry",
            },
            0o022,
        ),
        ({"framework": "django"}, 0o022),
        ({"framework": "django", "database": "mysql", "deploy": ["paas"], "api": "none"}, 0o002),
    ],
    ids=["flask-defaults", "flask-umask077", "flask-full", "django-defaults", "django-umask002"],
)
def test_snapshot_render_equals_clone_render(
    stackpick_home: Path, tmp_path: Path, given: dict[str, Any], umask: int
) -> None:
    old_umask = os.umask(umask)
    try:
        _check_same_project(tmp_path, given)
    finally:
        os.umask(old_umask)


def _check_same_project(tmp_path: Path, given: dict[str, Any]) -> None:
    store = TemplateStore()
    tag = store.ensure_installed()
    answers = QuestionEvaluator().resolve({"project_name": "Same Bytes", **given})
    cloned, fast = render_both(store, tag, answers, tmp_path)
    expected = project_tree(cloned)
    assert project_tree(fast) == expected
    assert ".env" in expected  # the task ran in both
    answers_file = (fast / ".copier-answers.yml").read_text()
    assert f"\n_commit: {tag}\n_src_path: https://github.com/stackpick/stackpick.git\n" in (
        answers_file
    )


def test_snapshot_is_exactly_the_tagged_tree_and_keeps_executable_bits(
    stackpick_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = snapshot_template(_mkdir(tmp_path / "edited"))
    script = edited / "flask_template" / "bin" / "serve.sh.jinja"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\nexec gunicorn {{ package_name }}.wsgi:app\n")
    script.chmod(0o755)
    # A developer's checkout: caches that are not template files.
    for junk in (
        "flask_template/__pycache__/x.pyc",
        "templates/.ruff_cache/0.1/y",
        "django_template/.pytest_cache/v/z",
        "templates/stray.pyc",
    ):
        (edited / junk).parent.mkdir(parents=True, exist_ok=True)
        (edited / junk).write_bytes(b"junk")
    monkeypatch.setattr(template_source, "template_root", lambda: edited)
    monkeypatch.setattr("generator.template.store.template_root", lambda: edited)
    store = TemplateStore()
    tag = store.ensure_installed()

    snapshot = store.snapshot(tag)
    tagged = git(store.repo, "ls-tree", "-r", "--name-only", tag).splitlines()
    on_disk = sorted(p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file())
    assert on_disk == sorted(tagged)
    assert not [name for name in on_disk if "_cache/" in name or name.endswith(".pyc")]
    assert os.access(snapshot / "flask_template/bin/serve.sh.jinja", os.X_OK)
    assert store.snapshot(tag) == snapshot
    assert [p.name for p in snapshot.parent.iterdir()] == [snapshot.name]  # no temporary left

    answers = QuestionEvaluator().resolve({"framework": "flask", "project_name": "Exec Bits"})
    cloned, fast = render_both(store, tag, answers, tmp_path)
    assert os.access(fast / "bin" / "serve.sh", os.X_OK)
    assert not os.access(fast / "README.md", os.X_OK)
    assert project_tree(fast) == project_tree(cloned)


def test_a_new_snapshot_prunes_stale_snapshots_and_the_bytecode_cache(
    stackpick_home: Path,
) -> None:
    store = TemplateStore()
    tag = store.ensure_installed()
    snapshots = stackpick_home / "snapshots"
    stale, recent = "v0.0.8@0123456789ab", "v0.0.9+dev.aaaa@0123456789ab"
    for name in (stale, recent):
        (snapshots / name).mkdir(parents=True)
        (snapshots / name / "copier.yml").write_text("{}\n")
    long_ago = time.time() - (SNAPSHOT_KEEP_DAYS + 1) * 86400
    os.utime(snapshots / stale, (long_ago, long_ago))
    (store.jinja_cache / "entry").parent.mkdir(parents=True)
    (store.jinja_cache / "entry").write_bytes(b"compiled")

    made = store.snapshot(tag)
    assert made.name == f"{tag}@{git(store.repo, 'rev-parse', tag)[:12]}"
    assert sorted(p.name for p in snapshots.iterdir()) == sorted([recent, made.name])
    assert not store.jinja_cache.exists()

    # Using a snapshot marks it used; reusing one prunes nothing.
    os.utime(made, (long_ago, long_ago))
    os.utime(snapshots / recent, (long_ago, long_ago))
    assert store.snapshot(tag) == made
    assert made.stat().st_mtime > long_ago
    assert (snapshots / recent).is_dir()


def test_a_retagged_version_gets_a_new_snapshot(
    stackpick_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A developer deletes the store: the same tag then holds other content.
    store = TemplateStore()
    tag = store.ensure_installed()
    first = store.snapshot(tag)
    shutil.rmtree(store.repo)
    (stackpick_home / "template-store.json").unlink()
    edited = snapshot_template(_mkdir(tmp_path / "edited"))
    (edited / "flask_template" / "EDITED.md").write_text("edited\n")
    monkeypatch.setattr(template_source, "template_root", lambda: edited)
    monkeypatch.setattr("generator.template.store.template_root", lambda: edited)
    assert store.ensure_installed() == tag
    second = store.snapshot(tag)
    assert second != first
    assert (second / "flask_template" / "EDITED.md").is_file()


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path
