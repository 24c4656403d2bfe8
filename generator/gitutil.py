"""Thin helpers over the real ``git`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from generator.errors import RenderError

STACKPICK_IDENTITY = {
    "GIT_AUTHOR_NAME": "stackpick",
    "GIT_AUTHOR_EMAIL": "stackpick@localhost",
    "GIT_COMMITTER_NAME": "stackpick",
    "GIT_COMMITTER_EMAIL": "stackpick@localhost",
}
"""Who stackpick commits as when git has no user configured."""


def git(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run git and capture its output; raise RenderError on failure when ``check``."""
    if shutil.which("git") is None:
        raise RenderError("git is not installed", "Install git and run the command again")
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        options = {i for i, arg in enumerate(args) if arg == "-c"}
        command = next((a for i, a in enumerate(args) if not {i, i - 1} & options), "")
        raise RenderError(f"git {command} failed: {detail[-1] if detail else 'no output'}")
    return result


def repository_root(path: Path) -> Path | None:
    """The top folder of the git work tree containing ``path``, or None."""
    probe = path if path.is_dir() else path.parent
    while not probe.exists():
        probe = probe.parent
    result = git("rev-parse", "--show-toplevel", cwd=probe, check=False)
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def status_entries(repo: Path) -> list[tuple[str, str]]:
    """(status code, path) for every uncommitted change below ``repo``.

    Untracked files are included (code ``?``), ignored ones are not; the code is
    git's two-letter porcelain status with blanks dropped, e.g. ``M`` or ``UU``.
    """
    output = git("status", "--porcelain", "--untracked-files=all", "--", ".", cwd=repo).stdout
    return [(line[:2].strip() or "?", line[3:]) for line in output.splitlines() if line.strip()]


def dirty_files(repo: Path) -> list[str]:
    """Paths below ``repo`` with uncommitted changes (untracked included, ignored not)."""
    return [path for _, path in status_entries(repo)]


def unmerged_files(repo: Path) -> list[str]:
    """Paths git reports as unmerged (conflicted)."""
    output = git("diff", "--name-only", "--diff-filter=U", "--relative", cwd=repo).stdout
    return sorted({line for line in output.splitlines() if line})


def init_and_commit(repo: Path, message: str) -> None:
    """``git init`` with a ``main`` branch, then commit everything not ignored.

    Three git processes when the user has an identity configured: the commit skips
    git's automatic maintenance (a background ``git maintenance run --auto``, which
    has nothing to do in a repository of one commit).
    """
    git("init", "--quiet", "--initial-branch=main", cwd=repo)
    git("add", "--all", cwd=repo)
    commit = ("-c", "maintenance.auto=false", "commit", "--quiet", "--no-verify", "-m", message)
    if git(*commit, cwd=repo, check=False).returncode != 0:
        # Most often: no user.name/user.email configured. Commit as stackpick instead.
        git(*commit, cwd=repo, env=STACKPICK_IDENTITY)


def ignored_untracked(repo: Path) -> list[str]:
    """Untracked files below ``repo`` that git ignores (whole folders as ``dir/``)."""
    output = git(
        "ls-files", "--others", "--ignored", "--exclude-standard", "--directory", cwd=repo
    ).stdout
    return [line for line in output.splitlines() if line]


def still_ignored(repo: Path, paths: list[str]) -> set[str]:
    """Those of ``paths`` (relative to ``repo``) that ``repo``'s ignore rules ignore.

    The files need not exist there: this only matches the paths against the rules.
    """
    if not paths:
        return set()
    result = subprocess.run(
        ["git", "check-ignore", "--stdin"],
        cwd=repo,
        input="\n".join(paths) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    return {line for line in result.stdout.splitlines() if line}


def keep_ignored(repo: Path, paths: list[str]) -> None:
    """Add ``paths`` to the repository's own ``.git/info/exclude`` (never committed)."""
    exclude = Path(git("rev-parse", "--git-path", "info/exclude", cwd=repo).stdout.strip())
    exclude = exclude if exclude.is_absolute() else repo / exclude
    exclude.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"/{path}" for path in paths]
    with exclude.open("a", encoding="utf-8") as handle:
        handle.write("# kept ignored by stackpick update\n" + "\n".join(lines) + "\n")
