"""Render a new project into its destination, all or nothing.

The project is rendered (:meth:`TemplateStore.render_project`) into a hidden
staging folder inside the destination, committed there (unless asked not to), and
only then moved into place. Any error or Ctrl-C removes what was made, so the
destination is either complete or exactly as it was before.

With a ``setup`` callback (``new --install``) the first commit waits: the rendered
files are moved into place, ``setup`` runs in the destination (a virtual environment
cannot be made in the staging folder, its scripts hold absolute paths), and then the
first commit is made, including what ``setup`` added (``uv.lock``). From the moment
the files are in place the project is kept: when ``setup`` fails or is interrupted
the project is still committed, and the error goes on to the caller.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.errors import DestinationError
from generator.gitutil import init_and_commit, repository_root
from generator.project.meta import COPIER_ANSWERS_FILE, is_project, write_questionnaire

_STAGING_PREFIX = ".stackpick-staging-"

GitState = Literal["initialised", "inside-repository", "skipped", "pretend"]
"""What ``new`` did about git: made a repository, found one around the project,
was told not to (``--no-git``), or only pretended."""


@dataclass(frozen=True)
class CreatedProject:
    """What :func:`create_project` made."""

    path: Path
    files: list[str]
    git: GitState
    enclosing_repository: Path | None = None


def check_destination(dest: Path) -> None:
    """Refuse a destination that is a file, a stackpick project, or a non-empty folder."""
    if dest.exists() and not dest.is_dir():
        raise DestinationError(f"{dest} is a file", "Choose a new folder name for the project")
    if not dest.exists():
        return
    if is_project(dest):
        raise DestinationError(
            f"{dest} is already a stackpick project ({COPIER_ANSWERS_FILE} found)",
            f"Run `stackpick update {dest}` to bring it up to date instead",
        )
    entries = sorted(entry.name for entry in dest.iterdir())
    if entries:
        shown = ", ".join(entries[:8]) + (
            f" and {len(entries) - 8} more" if len(entries) > 8 else ""
        )
        raise DestinationError(
            f"{dest} is not empty (it holds {shown})",
            "Choose a new or empty folder; nothing was changed",
        )


def list_files(root: Path) -> list[str]:
    """Every file below ``root`` (``.git`` excluded), as sorted POSIX paths."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    )


def create_project(
    dest: Path,
    answers: dict[str, Any],
    *,
    questionnaire: dict[str, Any],
    recommendation: dict[str, Any] | None = None,
    git_init: bool = True,
    pretend: bool = False,
    setup: Callable[[CreatedProject], None] | None = None,
) -> CreatedProject:
    """Render the template with complete ``answers`` into ``dest`` (see module docstring)."""
    from generator.template.store import TemplateStore

    dest = dest.absolute()
    check_destination(dest)
    store = TemplateStore()
    tag = store.ensure_installed()
    if pretend:
        with tempfile.TemporaryDirectory(prefix="stackpick-pretend-") as scratch:
            preview = Path(scratch) / "project"
            store.render_project(tag, preview, answers)
            write_questionnaire(preview, questionnaire, recommendation)
            return CreatedProject(dest, list_files(preview), "pretend")

    enclosing = repository_root(dest.parent)
    created_dest = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=dest))
    commit_message = f"Create {answers.get('project_name', 'project')} with stackpick ({tag})"
    moved: list[Path] = []
    try:
        store.render_project(tag, staging, answers)
        write_questionnaire(staging, questionnaire, recommendation)
        files = list_files(staging)
        git_state: GitState
        if not git_init:
            git_state = "skipped"
        elif enclosing is not None:
            git_state = "inside-repository"
        else:
            if setup is None:
                init_and_commit(staging, commit_message)
            git_state = "initialised"
        for entry in sorted(staging.iterdir()):
            target = dest / entry.name
            entry.rename(target)
            moved.append(target)
        staging.rmdir()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for target in moved:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
        if created_dest:
            shutil.rmtree(dest, ignore_errors=True)
        raise
    created = CreatedProject(dest, files, git_state, enclosing)
    if setup is not None:
        try:
            setup(created)
        finally:
            if git_state == "initialised":
                init_and_commit(dest, commit_message)
    return created
