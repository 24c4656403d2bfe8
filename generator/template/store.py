"""The template store: a git repository with one tagged commit per template version.

Copier can only update a project whose template is a git repository with tags, so
stackpick keeps one in the user's data folder. Every run makes sure the installed
version's template is stored under the tag ``v<version>``; content edited without
a version bump (a developer's checkout) gets a local tag ``v<version>+dev.<hash>``.
Projects record the canonical :data:`TEMPLATE_URL` as ``_src_path``; while Copier runs, git's
``url.<store>.insteadOf`` rewrites that URL to the local store, so answers files
are identical on every machine and plain ``copier update`` works wherever the URL
is reachable. A version missing from the store (a fresh clone on another machine)
is fetched as that stackpick release (:mod:`generator.template.releases`).

``new`` does not clone the store: :meth:`TemplateStore.snapshot` extracts a tag once
into ``snapshots/<tag>@<commit>/`` (a plain folder holding exactly the tagged files) and
:mod:`generator.template.renderer` renders from that folder, recording the same
``_commit`` and ``_src_path`` a clone would. ``update`` still goes through git (Copier needs both
versions' history for its three-way merge).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.__about__ import __version__
from generator.errors import RenderError
from generator.gitutil import STACKPICK_IDENTITY, git
from generator.template.source import (
    IGNORED_DIRS,
    IGNORED_SUFFIXES,
    TEMPLATE_PARTS,
    fingerprint,
    template_root,
)

TEMPLATE_URL = "https://github.com/stackpick/stackpick.git"
"""The canonical ``_src_path`` every generated project records."""

_STORE_IDENTITY = {
    **STACKPICK_IDENTITY,
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}
"""Fixed author and dates, so the same template content always makes the same commit."""


SNAPSHOT_KEEP_DAYS = 7
"""A template snapshot unused for this long is dropped (when a new one is made)."""


def version_tag(version: str) -> str:
    """The git tag of a template version: ``v<version>``."""
    return f"v{version}"


def stackpick_home() -> Path:
    """Where stackpick keeps its data (``STACKPICK_HOME`` overrides the platform default)."""
    override = os.environ.get("STACKPICK_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("stackpick", appauthor=False)


class TemplateStore:
    """The versioned template repository under :func:`stackpick_home`."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = home or stackpick_home()
        self.repo = self.home / "template-store.git"
        self._fingerprints_file = self.home / "template-store.json"

    # -- reading ---------------------------------------------------------------
    def _fingerprints(self) -> dict[str, str]:
        """Tag -> content hash of every snapshot this store holds."""
        try:
            return dict(json.loads(self._fingerprints_file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    def has_tag(self, tag: str) -> bool:
        """Whether ``tag`` (e.g. ``v0.1.0``) is in the store."""
        # The store only ever writes loose refs (`git tag`), so a file test suffices;
        # packed refs are still honoured in case someone ran `git gc` on the store.
        if (self.repo / "refs" / "tags" / tag).is_file():
            return True
        packed = self.repo / "packed-refs"
        return packed.is_file() and f" refs/tags/{tag}\n" in packed.read_text("utf-8")

    def _tag_holding(self, content_hash: str) -> str | None:
        for tag, stored_hash in self._fingerprints().items():
            if stored_hash == content_hash and self.has_tag(tag):
                return tag
        return None

    # -- writing ---------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / "template-store.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _init(self) -> None:
        if not (self.repo / "HEAD").exists():
            git("init", "--quiet", "--bare", "--initial-branch=main", str(self.repo))

    def add_version(self, version: str, source: Path, content_hash: str | None = None) -> str:
        """Commit ``source``'s template files on top of ``main`` and tag them ``v<version>``."""
        content_hash = content_hash or fingerprint(source)
        tag = version_tag(version)
        self._init()
        with tempfile.TemporaryDirectory(prefix="stackpick-index-") as scratch:
            env = {
                **_STORE_IDENTITY,
                "GIT_DIR": str(self.repo),
                "GIT_WORK_TREE": str(source),
                "GIT_INDEX_FILE": str(Path(scratch) / "index"),
            }
            present = [part for part in TEMPLATE_PARTS if (source / part).exists()]
            excluded = [f":(exclude,glob)**/{name}/**" for name in IGNORED_DIRS] + [
                f":(exclude,glob)**/*{suffix}" for suffix in IGNORED_SUFFIXES
            ]
            git("add", "--all", "--force", "--", *present, *excluded, cwd=source, env=env)
            tree = git("write-tree", cwd=source, env=env).stdout.strip()
            parent = git(
                "rev-parse",
                "--quiet",
                "--verify",
                "refs/heads/main",
                cwd=source,
                env=env,
                check=False,
            ).stdout.strip()
            parents = ["-p", parent] if parent else []
            commit = git(
                "commit-tree",
                tree,
                *parents,
                "-m",
                f"stackpick template {tag}",
                cwd=source,
                env=env,
            ).stdout.strip()
            git("update-ref", "refs/heads/main", commit, cwd=source, env=env)
            git("tag", "--force", tag, commit, cwd=source, env=env)
        hashes = self._fingerprints()
        hashes[tag] = content_hash
        self._fingerprints_file.write_text(
            json.dumps(hashes, indent=2, sort_keys=True), encoding="utf-8"
        )
        return tag

    def ensure_installed(self) -> str:
        """The tag holding the installed template, storing it first if needed.

        A released template is stored as ``v<version>``. If the template was edited
        without a version bump (a developer's checkout), the edited content gets its
        own PEP 440 local tag ``v<version>+dev.<hash>``, so every snapshot a project
        was rendered from stays available as an exact merge base.
        """
        source = template_root()
        content_hash = fingerprint(source)
        tag = self._tag_holding(content_hash)
        if tag:
            return tag
        with self._locked():
            tag = self._tag_holding(content_hash)
            if tag is None:
                version = __version__
                if self.has_tag(version_tag(version)):
                    version = f"{__version__}+dev.{content_hash[:10]}"
                tag = self.add_version(version, source, content_hash)
        return tag

    def ensure_version(self, version: str) -> str:
        """Make sure ``v<version>`` is stored, fetching that stackpick release if needed."""
        tag = version_tag(version)
        if self.has_tag(tag):
            return tag
        if version == __version__:
            self.ensure_installed()
            if self.has_tag(tag):
                return tag
        with self._locked():
            if not self.has_tag(tag):
                from generator.template.releases import fetch_release_template

                with tempfile.TemporaryDirectory(prefix="stackpick-release-") as scratch:
                    source = fetch_release_template(version, Path(scratch))
                    self.add_version(version, source)
        return tag

    def render_project(self, tag: str, dest: Path, answers: Mapping[str, Any]) -> None:
        """Render template version ``tag`` into the empty folder ``dest`` with complete answers.

        The project is rendered from the tag's snapshot by stackpick's own renderer
        (no git, no Copier import), and records :data:`TEMPLATE_URL` and ``tag`` exactly
        as Copier's render of a clone does. A template that renderer does not support
        is rendered by Copier from the store instead.
        """
        from generator.template.renderer import UnsupportedTemplate, render_copy

        try:
            render_copy(
                self.snapshot(tag),
                dest,
                answers,
                url=TEMPLATE_URL,
                commit=tag,
                cache_dir=self.jinja_cache,
                as_checkout=True,
            )
            return
        except UnsupportedTemplate:
            pass  # nothing was written
        from generator.template.copier_adapter import copy_template

        with self.redirect() as url:
            copy_template(url, dest, answers, tag)

    def snapshot(self, tag: str) -> Path:
        """A plain folder holding exactly the files of ``tag`` (extracted once, then reused).

        The folder is named after the tag and its commit (``<tag>@<commit>``), so a tag
        that points elsewhere (a store deleted and rebuilt from an edited checkout) never
        reuses an old snapshot. The tree is extracted into a temporary folder next to
        the snapshot and renamed into place, so a snapshot folder that exists is always
        complete, even when two runs race (the loser discards its copy). Files get mode
        0644, or 0755 when git records them as executable.

        Snapshots are a cache (about 1 MB each; deleting them is always safe). ``new``
        only ever renders the installed version, so older ones are not needed again:
        making a new snapshot removes those unused for :data:`SNAPSHOT_KEEP_DAYS` days
        (using one marks it used), and empties Jinja's bytecode cache, whose entries
        are keyed by template source and would otherwise only grow.
        """
        target = self.home / "snapshots" / f"{tag}@{self._commit_of(tag)[:12]}"
        if target.is_dir():
            with contextlib.suppress(OSError):
                os.utime(target)  # when it was last used, for pruning
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{tag}-", dir=target.parent))
        try:
            archive = subprocess.run(
                ["git", f"--git-dir={self.repo}", "archive", "--format=tar", f"refs/tags/{tag}"],
                capture_output=True,
                check=False,
            )
            if archive.returncode != 0:
                detail = archive.stderr.decode("utf-8", "replace").strip().splitlines()
                raise RenderError(f"git archive failed: {detail[-1] if detail else 'no output'}")
            _extract(archive.stdout, scratch)
            try:
                scratch.rename(target)
            except OSError:
                if not target.is_dir():
                    raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        self._prune_caches(keep=target)
        return target

    def _commit_of(self, tag: str) -> str:
        """The commit ``tag`` points at (read from the ref files; git only if packed oddly)."""
        with contextlib.suppress(OSError):
            return (self.repo / "refs" / "tags" / tag).read_text("utf-8").strip()
        with contextlib.suppress(OSError):
            for line in (self.repo / "packed-refs").read_text("utf-8").splitlines():
                if line.endswith(f" refs/tags/{tag}"):
                    return line.split()[0]
        env = {"GIT_DIR": str(self.repo)}
        return git("rev-parse", "--verify", f"refs/tags/{tag}^{{commit}}", env=env).stdout.strip()

    def _prune_caches(self, keep: Path) -> None:
        """Drop snapshots unused for a while, and Jinja's bytecode cache."""
        import time

        too_old = time.time() - SNAPSHOT_KEEP_DAYS * 86400
        for snapshot in keep.parent.glob("v*"):
            with contextlib.suppress(OSError):
                if snapshot != keep and snapshot.stat().st_mtime < too_old:
                    # Renamed first, so no run ever sees a half-deleted snapshot.
                    doomed = Path(tempfile.mkdtemp(prefix=".pruned-", dir=keep.parent))
                    snapshot.rename(doomed / snapshot.name)
                    shutil.rmtree(doomed, ignore_errors=True)
        shutil.rmtree(self.jinja_cache, ignore_errors=True)

    @property
    def jinja_cache(self) -> Path:
        """Where Jinja keeps compiled templates for renders from snapshots."""
        return self.home / "jinja-cache"

    def redirect_environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The variables that make git read :data:`TEMPLATE_URL` from this store.

        ``base`` is the environment they extend (``os.environ`` by default); use this
        to run plain ``copier`` against the store exactly as stackpick does.
        """
        base = os.environ if base is None else base
        count = int(base.get("GIT_CONFIG_COUNT", "0") or 0)
        return {
            "GIT_CONFIG_COUNT": str(count + 1),
            f"GIT_CONFIG_KEY_{count}": f"url.{self.repo}.insteadOf",
            f"GIT_CONFIG_VALUE_{count}": TEMPLATE_URL,
            "COPIER_CACHE_DIR": base.get("COPIER_CACHE_DIR") or str(self.home / "copier-cache"),
        }

    @contextlib.contextmanager
    def redirect(self) -> Iterator[str]:
        """While active, git (and so Copier) reads :data:`TEMPLATE_URL` from this store.

        Yields the URL to hand to Copier. Copier's own mirror cache is kept inside
        the stackpick home so that two stores never share a mirror.
        """
        changes = self.redirect_environment()
        saved = {key: os.environ.get(key) for key in changes}
        os.environ.update(changes)
        from generator.template.copier_adapter import git_environment

        try:
            with git_environment(changes):
                yield TEMPLATE_URL
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _extract(archive: bytes, dest: Path) -> None:
    """Write the files of a ``git archive`` tarball below ``dest``."""
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        for member in tar:
            path = dest / member.name
            if not path.resolve().is_relative_to(dest.resolve()):
                raise RenderError(f"The template store holds an unsafe path: {member.name}")
            if member.isdir():
                path.mkdir(parents=True, exist_ok=True)
            elif member.issym():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.symlink_to(member.linkname)
            elif member.isfile():
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = tar.extractfile(member)
                assert handle is not None
                path.write_bytes(handle.read())
                path.chmod(0o755 if member.mode & 0o100 else 0o644)
