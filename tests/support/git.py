"""git helpers for tests: run git as a test user, commit everything, snapshot a tree."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test User",
    "GIT_AUTHOR_EMAIL": "user@example.com",
    "GIT_COMMITTER_NAME": "Test User",
    "GIT_COMMITTER_EMAIL": "user@example.com",
}
"""Who tests commit as, so they never depend on the machine's git configuration."""


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` (as the test user) and return stdout; fails the test on error."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_IDENTITY},
    )
    return result.stdout


def commit_all(project: Path, message: str = "user edits", allow_empty: bool = False) -> None:
    """Stage and commit every change in ``project``."""
    git(project, "add", "--all")
    extra = ["--allow-empty"] if allow_empty else []
    git(project, "commit", "--quiet", "--no-verify", *extra, "-m", message)


def tree_snapshot(project: Path) -> dict[str, bytes]:
    """Every file below ``project`` (``.git`` excluded) with its bytes."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }
