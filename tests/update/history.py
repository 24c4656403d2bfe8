"""Real stackpick releases rebuilt from this repository's git history.

The synthetic releases in ``releases.py`` test the update machinery. These test the
product: a project made by a version users really have must update cleanly to the
version in the working tree. Each released version maps to the commit it was cut from;
its tree is taken with ``git archive``, built into a wheel and installed in its own venv.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from tests.update.releases import REPO_ROOT, Release, install_release

RELEASE_COMMITS = {
    # The last commit with __version__ = "0.1.0", before the 0.2.0 template work.
    "0.1.0": "4621ec5049db8a22099dbdc4a33a54f431318a69",
    # The 0.2.0 release commit on main.
    "0.2.0": "0b7b19de799a436f01b1aa22224c142d22f1386c",
    # The 0.3.0 release commit on main.
    "0.3.0": "086df46f023f284c613d30395958b0ed2c3a19c6",
}


class HistoryUnavailable(RuntimeError):
    """The release commit is not in this clone (a shallow clone, for example)."""


def _archive(commit: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", commit],
        capture_output=True,
        check=False,
    )


def export_release_tree(version: str, dest: Path, commit: str | None = None) -> Path:
    """Write the repository tree of release ``version`` into ``dest``.

    The tree is taken from ``commit``, by default the one :data:`RELEASE_COMMITS` names
    for ``version``; it must carry that version number. A shallow clone lacks the
    release commit: its history is fetched from the clone's origin once, and the export
    tried again.
    """
    commit = commit or RELEASE_COMMITS[version]
    archive = _archive(commit)
    if archive.returncode != 0:
        subprocess.run(
            ["git", "-C", str(REPO_ROOT), "fetch", "--quiet", "--unshallow"],
            capture_output=True,
            check=False,
        )
        archive = _archive(commit)
    if archive.returncode != 0:
        raise HistoryUnavailable(
            f"commit {commit[:12]} (stackpick {version}) is not in this clone; "
            f"fetch the full history (git fetch --unshallow): {archive.stderr.decode().strip()}"
        )
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    about = (dest / "generator" / "__about__.py").read_text(encoding="utf-8")
    assert f'__version__ = "{version}"' in about, f"{commit} is not stackpick {version}"
    return dest


def build_release_from_history(
    root: Path, wheelhouse: Path, version: str, commit: str | None = None
) -> Release:
    """Build and install the real release ``version`` (from ``commit``) below ``root``."""
    source = export_release_tree(version, root / f"history-{version}", commit)
    return install_release(root, source, wheelhouse, version)
