"""The template store: a git repository with one tagged commit per template version.

Copier can only update a project whose template is a git repository with tags, so
stackpick keeps one in the user's data folder. Every run makes sure the installed
version's template is stored under the tag ``v<version>``; content edited without
a version bump (a developer's checkout) gets a local tag ``v<version>+dev.<hash>``.
Projects record the canonical :data:`TEMPLATE_URL` as ``_src_path``; while Copier runs, git's
``url.<store>.insteadOf`` rewrites that URL to the local store, so answers files
are identical on every machine and plain ``copier update`` works wherever the URL
is reachable. A version missing from the store (a fresh clone on another machine)
is fetched as that stackpick release with ``pip download``, honouring the user's
pip configuration (index, find-links, wheelhouse).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.__about__ import __version__
from generator.errors import TemplateError
from generator.gitutil import git
from generator.template_source import TEMPLATE_PARTS, fingerprint, template_root

TEMPLATE_URL = "https://github.com/stackpick/stackpick.git"
"""The canonical ``_src_path`` every generated project records."""

_STORE_IDENTITY = {
    "GIT_AUTHOR_NAME": "stackpick",
    "GIT_AUTHOR_EMAIL": "stackpick@localhost",
    "GIT_COMMITTER_NAME": "stackpick",
    "GIT_COMMITTER_EMAIL": "stackpick@localhost",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}


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
            excluded = [":(exclude,glob)**/__pycache__/**", ":(exclude,glob)**/*.pyc"]
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
                with tempfile.TemporaryDirectory(prefix="stackpick-release-") as scratch:
                    source = fetch_release_template(version, Path(scratch))
                    self.add_version(version, source)
        return tag

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
        # Copier runs git through plumbum, whose environment is a copy taken at import.
        from plumbum import local

        try:
            with local.env(**changes):
                yield TEMPLATE_URL
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _pip_command() -> list[str] | None:
    """A pip that can run here, or None.

    In order: this interpreter's pip; the base interpreter's pip (a virtual
    environment made by uv, or with ``--without-pip``, has none of its own); then
    ``pip3``/``pip`` on PATH. Any of them honours the user's pip configuration
    (PIP_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX, pip.conf); ``pip download
    --no-deps`` does not depend on which interpreter runs it.
    """
    candidates: list[list[str]] = [[sys.executable, "-m", "pip"]]
    base = getattr(sys, "_base_executable", None)
    if base and base != sys.executable:
        candidates.append([base, "-m", "pip"])
    candidates += [[found] for found in map(shutil.which, ("pip3", "pip")) if found]
    for command in candidates:
        try:
            probe = subprocess.run(
                [*command, "--version"], capture_output=True, check=False, timeout=60
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return command
    return None


def fetch_release_template(version: str, scratch: Path) -> Path:
    """Download stackpick ``version`` with pip and unpack its template into ``scratch``."""
    missing = TemplateError(
        f"Template version {version} is not on this machine and pip could not fetch "
        f"stackpick=={version}",
        f"Make `pip download stackpick=={version}` work (e.g. set PIP_FIND_LINKS to a folder "
        f"holding its wheel), then run the command again",
    )
    pip = _pip_command()
    if pip is None:
        raise missing
    downloads = scratch / "downloads"
    result = subprocess.run(
        [
            *pip,
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--quiet",
            "--dest",
            str(downloads),
            f"stackpick=={version}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise missing
    unpacked = scratch / "template"
    for archive in sorted(downloads.iterdir()):
        if archive.suffix == ".whl":
            _unpack_wheel(archive, unpacked)
            return unpacked
        if archive.name.endswith(".tar.gz"):
            _unpack_sdist(archive, unpacked)
            return unpacked
    raise missing


def _unpack_wheel(wheel: Path, dest: Path) -> None:
    prefix = "generator/_template/"
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            if member.filename.startswith(prefix) and not member.is_dir():
                target = dest / member.filename[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
                if (member.external_attr >> 16) & 0o111:
                    target.chmod(0o755)
    if not (dest / "copier.yml").exists():
        raise TemplateError(f"{wheel.name} holds no stackpick template")


def _unpack_sdist(sdist: Path, dest: Path) -> None:
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts[1:]
            if parts and parts[0] in TEMPLATE_PARTS and member.isfile():
                target = dest.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None
                target.write_bytes(source.read())
    if not (dest / "copier.yml").exists():
        raise TemplateError(f"{sdist.name} holds no stackpick template")
