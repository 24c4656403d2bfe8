"""Update a generated project to a newer template version and/or changed answers.

Copier does the three-way merge. Around it, stackpick adds what Copier leaves to
the caller: it refuses dirty trees and framework switches with one clear line,
makes sure both template versions are in the store (fetching an old release with
pip when needed), answers "already current" without rendering anything, previews
an update in a throw-away clone, and reports conflicts (which Copier does not
turn into an exit code) as :class:`~generator.errors.UpdateConflicts`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from generator.__about__ import __version__
from generator.errors import (
    DirtyTreeError,
    NewerProjectError,
    NotAProjectError,
    UsageError,
)
from generator.gitutil import (
    dirty_files,
    git,
    ignored_untracked,
    keep_ignored,
    repository_root,
    status_entries,
    still_ignored,
    unmerged_files,
)
from generator.project.meta import ProjectRecord, find_project_root, read_project

if TYPE_CHECKING:
    from packaging.version import Version

    from generator.template.questions import AskTemplateQuestion
    from generator.template.store import TemplateStore

UpdateStatus = Literal["current", "updated", "conflicts", "pretend"]


@dataclass(frozen=True)
class UpdatePlan:
    """What an update would do before anything is rendered."""

    project: ProjectRecord
    from_version: str
    to_version: str
    changes: dict[str, Any]

    @property
    def is_noop(self) -> bool:
        """Same template version and no answer changed."""
        return self.from_version == self.to_version and not self.changes


@dataclass(frozen=True)
class UpdateResult:
    """The outcome of :func:`update_project`."""

    plan: UpdatePlan
    status: UpdateStatus
    changed: list[tuple[str, str]] = field(default_factory=list)
    """(git status code, path) pairs, e.g. ``("M", "gunicorn.conf.py")``."""
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files the new template dropped but the user had edited, so they were kept."""
    kept_ignored: list[str] = field(default_factory=list)
    """Untracked files the new ignore rules would have made visible; kept ignored
    through ``.git/info/exclude`` (or, with ``pretend``, that would be)."""


def _version_key(version: str) -> Version:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version)
    except InvalidVersion:
        raise NotAProjectError(
            f"The project records an unknown template version {version!r}"
        ) from None


def _check_repository(path: Path) -> None:
    root = repository_root(path)
    if root is None:
        raise NotAProjectError(
            f"{path} is not in a git repository, and updates need git to merge safely",
            "Run `git init && git add -A && git commit -m 'Initial commit'` first",
        )
    dirty = dirty_files(path)
    if dirty:
        shown = ", ".join(dirty[:6]) + (f" and {len(dirty) - 6} more" if len(dirty) > 6 else "")
        raise DirtyTreeError(
            f"{path} has uncommitted changes ({shown})",
            "Commit or stash them first, so the update can be reviewed and undone",
        )


def plan_update(
    project: ProjectRecord,
    data: dict[str, Any] | None = None,
    *,
    to_version: str | None = None,
    template_root: Path | None = None,
    ask: AskTemplateQuestion | None = None,
) -> UpdatePlan:
    """Read the project and work out the answer changes; nothing is rendered here.

    ``ask`` (interactive use) re-asks every question with the recorded answers as
    defaults. ``to_version``/``template_root`` select a template other than the
    installed one (used by tests that build several versions).
    """
    from generator.template.store import TEMPLATE_URL

    path = project.path
    if project.src_path != TEMPLATE_URL:
        raise NotAProjectError(
            f"{path} was made from {project.src_path}, not from stackpick's template",
            "Update it with `copier update` instead",
        )
    target = to_version or __version__
    if _version_key(target) < _version_key(project.version):
        raise NewerProjectError(
            f"{path} uses template v{project.version}, newer than this stackpick ({target})",
            f"Upgrade stackpick to {project.version} or later (pip install -U stackpick)",
        )
    data = dict(data or {})
    if "framework" in data and data["framework"] != project.answers.get("framework"):
        raise UsageError(
            f"Switching an existing project from {project.answers.get('framework')} to "
            f"{data['framework']} is not supported: the two templates share almost no files",
            "Create a new project with `stackpick new` and move your code across",
        )
    changes = _answer_changes(project, data, template_root, ask)
    return UpdatePlan(project, project.version, target, changes)


def _answer_changes(
    project: ProjectRecord,
    data: dict[str, Any],
    template_root: Path | None,
    ask: AskTemplateQuestion | None,
) -> dict[str, Any]:
    if not data and ask is None:
        return {}
    from generator.template.questions import QuestionEvaluator, load_questions

    evaluator = QuestionEvaluator(load_questions(template_root) if template_root else None)
    recorded = {key: value for key, value in project.answers.items() if key in evaluator.by_name}
    if ask is not None:
        given = {"framework": recorded["framework"], **data}
        final = evaluator.resolve(given, ask=ask, suggestions=recorded)
    else:
        final = evaluator.resolve({**recorded, **data}, lenient=False)
    return {key: value for key, value in final.items() if recorded.get(key) != value}


def update_project(
    path: Path,
    data: dict[str, Any] | None = None,
    *,
    pretend: bool = False,
    to_version: str | None = None,
    template_root: Path | None = None,
    ask: AskTemplateQuestion | None = None,
) -> UpdateResult:
    """Update the project at ``path``; see the module docstring.

    Conflicts are not raised here: the result has ``status == "conflicts"`` and lists
    them, and the CLI turns that into exit code 4.
    """
    from generator.template.store import TemplateStore, version_tag

    project = read_project(find_project_root(path.absolute()))
    _check_repository(project.path)
    store = TemplateStore()
    target = to_version or store.ensure_installed().removeprefix("v")
    plan = plan_update(project, data, to_version=target, template_root=template_root, ask=ask)
    if plan.is_noop:
        return UpdateResult(plan, "current")
    store.ensure_version(plan.from_version)
    ignored = ignored_untracked(project.path)
    if pretend:
        with tempfile.TemporaryDirectory(prefix="stackpick-preview-") as scratch:
            preview = Path(scratch) / "project"
            git("clone", "--quiet", "--no-hardlinks", str(project.path), str(preview))
            kept = _run_copier_update(store, preview, plan.changes, version_tag(plan.to_version))
            changed = status_entries(preview)
            exposed = [path for path in ignored if path not in still_ignored(preview, ignored)]
            return UpdateResult(plan, "pretend", changed, unmerged_files(preview), kept, exposed)
    kept = _run_copier_update(store, project.path, plan.changes, version_tag(plan.to_version))
    # Local data (a SQLite database, .env) must never become visible to `git add -A`.
    exposed = [path for path in ignored if path not in still_ignored(project.path, ignored)]
    if exposed:
        keep_ignored(project.path, exposed)
    conflicts = unmerged_files(project.path)
    status: UpdateStatus = "conflicts" if conflicts else "updated"
    return UpdateResult(plan, status, status_entries(project.path), conflicts, kept, exposed)


def _run_copier_update(
    store: TemplateStore, path: Path, changes: dict[str, Any], tag: str
) -> list[str]:
    """Run Copier's update in ``path``; returns the edited dropped files that were kept.

    A failed or interrupted update puts the project back to its last commit.
    """
    from generator.template.copier_adapter import update_project_files

    with store.redirect():
        try:
            return update_project_files(path, changes, tag)
        except BaseException:
            _restore(path)
            raise


def _restore(path: Path) -> None:
    """Put a project back to its last commit after a failed or interrupted update.

    Safe because the update only starts on a clean tree: every change and every
    untracked file below ``path`` came from the update (ignored files are kept).
    """
    git("reset", "--quiet", "--", ".", cwd=path, check=False)
    git("checkout", "--quiet", "--", ".", cwd=path, check=False)
    git("clean", "--quiet", "-fd", "--", ".", cwd=path, check=False)
