"""Fixtures for the update tests: two built stackpick releases and pristine v1 projects.

Projects are made once per session by the v1 release's own ``stackpick new`` and
committed; each test gets a full copy (``.git`` included) to edit and update.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.git import GIT_IDENTITY, commit_all, git, tree_snapshot
from tests.update.history import build_release_from_history
from tests.update.releases import V1, V2, Release, build_release

__all__ = [
    "CLEAN_PROJECT_ENV",
    "GIT_IDENTITY",
    "PristineProjects",
    "Releases",
    "base_env",
    "commit_all",
    "git",
    "run_current",
    "tree_snapshot",
]


CLEAN_PROJECT_ENV = {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": "", "DJANGO_SECRET_KEY": ""}
CLEAN_PROJECT_ENV |= {"REDIS_URL": "", "SENTRY_DSN": "", "LOG_FORMAT": ""}
"""Variables a generated project reads, emptied so a test run's own settings never leak in."""


def base_env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a stackpick subprocess: own home, CI=true, no venv leaks."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "PIP_", "GIT_CONFIG", "COPIER_", "STACKPICK_"))
        and key not in ("VIRTUAL_ENV", "PYTHONPATH", "FORCE_COLOR")
    }
    env.update(GIT_IDENTITY)
    env.update({"STACKPICK_HOME": str(home), "CI": "true", "NO_COLOR": "1"})
    env.update(extra)
    return env


def run_current(home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the stackpick under test (this checkout) with ``args`` in ``cwd``, stdin closed."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=base_env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@dataclass(frozen=True)
class Releases:
    """The wheelhouse and the two installed releases."""

    wheelhouse: Path
    v1: Release
    v2: Release

    def run(
        self,
        release: Release,
        *args: str,
        home: Path,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        python_flags: tuple[str, ...] = (),
    ) -> subprocess.CompletedProcess[str]:
        """Run ``release``'s stackpick with stdin closed."""
        command = (
            [str(release.python), *python_flags, "-m", "generator", *args]
            if python_flags
            else [str(release.stackpick), *args]
        )
        return subprocess.run(
            command,
            cwd=cwd,
            env=base_env(home, **(env or {})),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    """Build v1 and v2 wheels into one wheelhouse and install each in its own venv."""
    root = tmp_path_factory.mktemp("releases")
    wheelhouse = root / "wheelhouse"
    wheelhouse.mkdir()
    return Releases(
        wheelhouse, build_release(root, wheelhouse, V1), build_release(root, wheelhouse, V2)
    )


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One STACKPICK_HOME for the v1 projects and the updates that follow them."""
    return tmp_path_factory.mktemp("stackpick-home")


class PristineProjects:
    """Committed v1 projects, made on first use and copied for each test."""

    def __init__(self, releases: Releases, home: Path, root: Path) -> None:
        self.releases = releases
        self.home = home
        self.root = root
        self._made: dict[tuple[str, ...], Path] = {}

    def copy(self, dest: Path, framework: str = "flask", *data: str) -> Path:
        key = (framework, *data)
        if key not in self._made:
            made = self.root / "-".join(key).replace("=", "_").replace(",", "+")
            flags = [item for entry in data for item in ("--data", entry)]
            result = self.releases.run(
                self.releases.v1,
                "new",
                str(made),
                "--framework",
                framework,
                "--defaults",
                *flags,
                home=self.home,
            )
            assert result.returncode == 0, result.stderr
            self._made[key] = made
        shutil.copytree(self._made[key], dest, symlinks=True)
        return dest


@pytest.fixture(scope="session")
def pristine(
    releases: Releases, shared_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> PristineProjects:
    return PristineProjects(releases, shared_home, tmp_path_factory.mktemp("pristine"))


@dataclass(frozen=True)
class RealUpgrade:
    """Projects made by a real earlier release, updated by the stackpick under test."""

    old: Release
    home: Path

    def make(self, dest: Path, framework: str, *data: str) -> Path:
        """``stackpick new DEST`` with the old release (defaults plus ``--data`` entries)."""
        flags = [item for entry in data for item in ("--data", entry)]
        command = [str(self.old.stackpick), "new", str(dest), "--framework", framework]
        result = subprocess.run(
            [*command, "--defaults", *flags],
            env=base_env(self.home),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return dest

    def update(self, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """``stackpick update`` from this checkout (the version under test), in ``project``."""
        return run_current(self.home, project, "update", *args)


class RealReleases:
    """Real stackpick releases rebuilt from git history, each built once when first asked for.

    One wheelhouse and one venv per release, below ``root`` (per session, per xdist worker).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.wheelhouse = root / "wheelhouse"
        self.wheelhouse.mkdir(parents=True, exist_ok=True)
        self._built: dict[str, Release] = {}

    def get(self, version: str) -> Release:
        if version not in self._built:
            self._built[version] = build_release_from_history(self.root, self.wheelhouse, version)
        return self._built[version]


@pytest.fixture(scope="session")
def real_releases(tmp_path_factory: pytest.TempPathFactory) -> RealReleases:
    return RealReleases(tmp_path_factory.mktemp("history"))


def _upgrade_from(version: str) -> Any:
    """A session fixture ``from_<version>``: make projects with that real release (see
    ``history.RELEASE_COMMITS``) and update them with this checkout."""

    @pytest.fixture(scope="session", name=f"from_{version.replace('.', '_')}")
    def upgrade(
        real_releases: RealReleases, tmp_path_factory: pytest.TempPathFactory
    ) -> RealUpgrade:
        return RealUpgrade(real_releases.get(version), tmp_path_factory.mktemp(f"home-{version}"))

    return upgrade


from_0_1_0 = _upgrade_from("0.1.0")
from_0_2_0 = _upgrade_from("0.2.0")
from_0_3_0 = _upgrade_from("0.3.0")
