"""The template store: tagged versions in real git, dev snapshots, the URL redirect."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.__about__ import __version__
from generator.errors import TemplateError
from generator.template import source as template_source
from generator.template.releases import fetch_release_template, pip_command
from generator.template.source import fingerprint, template_root
from generator.template.store import TEMPLATE_URL, TemplateStore
from tests.support.git import git
from tests.support.rendering import snapshot_template


def copy_template(dest: Path) -> Path:
    dest.mkdir()
    return snapshot_template(dest)


def tags(store: TemplateStore) -> list[str]:
    return git(store.repo, "tag").split()


def test_installed_template_is_stored_once(stackpick_home: Path) -> None:
    store = TemplateStore()
    assert store.ensure_installed() == f"v{__version__}"
    assert store.ensure_installed() == f"v{__version__}"
    assert tags(store) == [f"v{__version__}"]
    files = git(store.repo, "ls-tree", "-r", "--name-only", f"v{__version__}").splitlines()
    assert "copier.yml" in files
    assert not [name for name in files if "__pycache__" in name or name.endswith(".pyc")]
    assert len(files) == len(list(template_source.template_files(template_root())))


def test_edited_template_gets_a_local_dev_tag(
    stackpick_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TemplateStore()
    store.ensure_installed()
    edited = copy_template(tmp_path / "edited")
    (edited / "templates" / "editorconfig.jinja").write_text("root = true\n")
    monkeypatch.setattr(template_source, "template_root", lambda: edited)
    monkeypatch.setattr("generator.template.store.template_root", lambda: edited)
    tag = store.ensure_installed()
    assert tag == f"v{__version__}+dev.{fingerprint(edited)[:10]}"
    assert sorted(tags(store)) == sorted([f"v{__version__}", tag])


def test_redirect_makes_git_read_the_canonical_url_from_the_store(stackpick_home: Path) -> None:
    store = TemplateStore()
    tag = store.ensure_installed()
    before = {key: os.environ.get(key) for key in ("GIT_CONFIG_COUNT", "COPIER_CACHE_DIR")}
    with store.redirect() as url:
        assert url == TEMPLATE_URL
        remote = subprocess.run(
            ["git", "ls-remote", "--tags", url], capture_output=True, text=True, check=True
        )
    assert f"refs/tags/{tag}" in remote.stdout
    assert {key: os.environ.get(key) for key in before} == before


def test_missing_release_names_what_to_install(
    stackpick_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "wheelhouse"
    empty.mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(empty))
    with pytest.raises(TemplateError) as caught:
        fetch_release_template("0.0.1", tmp_path / "scratch")
    assert "stackpick==0.0.1" in caught.value.one_line()
    assert not TemplateStore().has_tag("v0.0.1")


def test_a_pip_is_found() -> None:
    assert pip_command() is not None
