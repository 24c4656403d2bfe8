"""Update a generated project to a newer template version and/or changed answers.

Copier does the three-way merge. Around it, stackpick adds what Copier leaves to
the caller: it refuses dirty trees and framework switches with one clear line,
makes sure both template versions are in the store (fetching an old release with
pip when needed), answers "already current" without rendering anything, previews
an update in a throw-away clone, and reports conflicts (which Copier does not
turn into an exit code) as :class:`~generator.errors.UpdateConflicts`.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.__about__ import __version__
from generator.errors import (
    DirtyTreeError,
    NotAProjectError,
    RenderError,
    UsageError,
)
from generator.gitutil import dirty_files, git, repository_root, unmerged_files
from generator.project_meta import ProjectRecord, read_project

if TYPE_CHECKING:
    from generator.template_store import TemplateStore

Asker = Callable[..., Any]


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
    status: str
    """``"current"``, ``"updated"``, ``"conflicts"`` or ``"pretend"``."""
    changed: list[tuple[str, str]] = field(default_factory=list)
    """(git status code, path) pairs, e.g. ``("M", "gunicorn.conf.py")``."""
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files the new template dropped but the user had edited, so they were kept."""


def _version_key(version: str) -> Any:
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
    ask: Asker | None = None,
) -> UpdatePlan:
    """Read the project and work out the answer changes; nothing is rendered here.

    ``ask`` (interactive use) re-asks every question with the recorded answers as
    defaults. ``to_version``/``template_root`` select a template other than the
    installed one (used by tests that build several versions).
    """
    from generator.template_store import TEMPLATE_URL

    path = project.path
    if project.src_path != TEMPLATE_URL:
        raise NotAProjectError(
            f"{path} was made from {project.src_path}, not from stackpick's template",
            "Update it with `copier update` instead",
        )
    target = to_version or __version__
    if _version_key(target) < _version_key(project.version):
        raise UsageError(
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
    project: ProjectRecord, data: dict[str, Any], template_root: Path | None, ask: Asker | None
) -> dict[str, Any]:
    if not data and ask is None:
        return {}
    from generator.template_questions import TemplateAnswers, load_questions

    evaluator = TemplateAnswers(load_questions(template_root) if template_root else None)
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
    ask: Asker | None = None,
) -> UpdateResult:
    """Update the project at ``path``; see the module docstring.

    Conflicts are not raised here: the result has ``status == "conflicts"`` and lists
    them, and the CLI turns that into exit code 4.
    """
    from generator.template_store import TemplateStore, version_tag

    project = read_project(path.absolute())
    _check_repository(project.path)
    store = TemplateStore()
    target = to_version or store.ensure_installed().removeprefix("v")
    plan = plan_update(project, data, to_version=target, template_root=template_root, ask=ask)
    if plan.is_noop:
        return UpdateResult(plan, "current")
    store.ensure_version(plan.from_version)
    if pretend:
        with tempfile.TemporaryDirectory(prefix="stackpick-preview-") as scratch:
            preview = Path(scratch) / "project"
            git("clone", "--quiet", "--no-hardlinks", str(project.path), str(preview))
            kept = _run_copier_update(store, preview, plan.changes, version_tag(plan.to_version))
            changed = _changed_files(preview)
            return UpdateResult(plan, "pretend", changed, unmerged_files(preview), kept)
    kept = _run_copier_update(store, project.path, plan.changes, version_tag(plan.to_version))
    conflicts = unmerged_files(project.path)
    return UpdateResult(
        plan, "conflicts" if conflicts else "updated", _changed_files(project.path), conflicts, kept
    )


def _run_copier_update(
    store: TemplateStore, path: Path, changes: dict[str, Any], tag: str
) -> list[str]:
    """Run Copier's update in ``path``; returns the edited dropped files that were kept."""
    from copier import run_update

    kept: list[str] = []
    with store.redirect(), _keeping_edited_dropped_files(path, kept):
        try:
            run_update(
                str(path),
                data=changes,
                defaults=True,
                overwrite=True,
                conflict="inline",
                vcs_ref=tag,
                unsafe=True,
                quiet=True,
                skip_answered=True,
            )
        except KeyboardInterrupt:
            _restore(path)
            raise
        except Exception as error:  # Copier raises many types; report them as one of ours.
            _restore(path)
            raise RenderError(f"Copier could not update the project: {error}") from error
    return sorted(kept)


def _edited_dropped_files(prefix: Path, compared: Any) -> list[Path]:
    """Project files only the old render has (dropped by the new one) that the user edited.

    ``compared`` is Copier's ``dircmp(old_render, new_render)``; a project file that
    differs from its old render holds the user's edits (Copier has applied them).
    """
    found: list[Path] = []
    for name in compared.left_only:
        old = Path(compared.left, name)
        olds = [old] if not old.is_dir() else [f for f in old.rglob("*") if f.is_file()]
        for old_file in olds:
            target = prefix / name / old_file.relative_to(old) if old.is_dir() else prefix / name
            if (
                target.is_file()
                and not target.is_symlink()
                and target.read_bytes() != old_file.read_bytes()
            ):
                found.append(target)
    for name, sub in compared.subdirs.items():
        found += _edited_dropped_files(prefix / name, sub)
    return found


@contextlib.contextmanager
def _keeping_edited_dropped_files(path: Path, kept: list[str]) -> Iterator[None]:
    """Stop Copier from deleting files the template dropped but the user edited.

    Copier removes every file the new template no longer renders, edited or not
    (``copier._main._remove_old_files``); its git history still holds the edits, but
    the working tree loses them. While active, such files are put back right after
    Copier's removal step and listed in ``kept``. Unedited files are still removed.
    If a future Copier renames the helper, this does nothing (Copier's behaviour).
    """
    try:
        from copier import _main
    except ImportError:  # pragma: no cover - Copier's layout changed
        yield
        return
    original = getattr(_main, "_remove_old_files", None)
    if original is None:  # pragma: no cover - Copier's layout changed
        yield
        return
    depth = [0]

    def guarded(prefix: Path, compared: Any, rm_common: bool = False) -> None:
        if depth[0]:  # Copier's own recursion below the top-level call
            original(prefix, compared, rm_common)
            return
        edited = _edited_dropped_files(Path(prefix), compared)
        saved = {file: (file.read_bytes(), file.stat().st_mode) for file in edited}
        depth[0] += 1
        try:
            original(prefix, compared, rm_common)
        finally:
            depth[0] -= 1
        for file, (content, mode) in saved.items():
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(content)
            file.chmod(mode)
            with contextlib.suppress(ValueError):
                kept.append(file.resolve().relative_to(path.resolve()).as_posix())

    _main._remove_old_files = guarded
    try:
        yield
    finally:
        _main._remove_old_files = original


def _restore(path: Path) -> None:
    """Put a project back to its last commit after a failed or interrupted update.

    Safe because the update only starts on a clean tree: every change and every
    untracked file below ``path`` came from the update (ignored files are kept).
    """
    git("reset", "--quiet", "--", ".", cwd=path, check=False)
    git("checkout", "--quiet", "--", ".", cwd=path, check=False)
    git("clean", "--quiet", "-fd", "--", ".", cwd=path, check=False)


def _changed_files(path: Path) -> list[tuple[str, str]]:
    output = git("status", "--porcelain", "--untracked-files=all", "--", ".", cwd=path).stdout
    return [(line[:2].strip() or "?", line[3:]) for line in output.splitlines() if line.strip()]
