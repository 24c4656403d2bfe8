"""The one place stackpick talks to Copier, including the private names it touches.

Everything else in the package calls :func:`copy_template`, :func:`update_project_files`
and :func:`git_environment`; nothing else imports ``copier`` (or plumbum, which
Copier runs git through). A test enforces that rule.

Private API used here, and why:

* ``copier._main._remove_old_files``: Copier deletes every file a new template no
  longer renders, edited or not. :func:`keeping_edited_dropped_files` wraps it so
  the user's edited copies survive. It is only patched on the Copier versions in
  :data:`TESTED_COPIER`; on any other version (or if the name is gone) Copier's own
  behaviour stands. ``tests/unit/test_copier_adapter.py`` checks the guard and the patch.

``new`` does not come here at all when it can help it: it renders with
:mod:`generator.template.renderer` (no Copier import); :func:`copy_template` is the
fallback for a template that renderer does not support.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from filecmp import dircmp
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.errors import RenderError

TESTED_COPIER = ("9.19", "10")
"""Copier versions (lowest included, highest excluded) whose private helper we patch."""

RemoveOldFiles = Callable[[Path, "dircmp[str]", bool], None]

PRIVATE_HELPER = "_remove_old_files"
"""The private function of ``copier._main`` that :func:`keeping_edited_dropped_files` wraps."""


def copier_version() -> str:
    """The installed Copier's version."""
    from importlib.metadata import version

    return version("copier")


def _within(bounds: tuple[str, str], version: str | None) -> bool:
    from packaging.version import Version

    low, high = (Version(bound) for bound in bounds)
    return low <= Version(version or copier_version()) < high


def patch_supported(version: str | None = None) -> bool:
    """Whether the private helper may be patched on this Copier version."""
    return _within(TESTED_COPIER, version)


@contextlib.contextmanager
def _reported_as(failure: str) -> Iterator[None]:
    """Turn any error Copier raises (it raises many types) into one :class:`RenderError`."""
    try:
        yield
    except KeyboardInterrupt:
        raise
    except Exception as error:
        raise RenderError(f"Copier could not {failure}: {error}") from error


def copy_template(url: str, dest: Path, answers: Mapping[str, Any], vcs_ref: str) -> None:
    """Have Copier clone ``url`` at ``vcs_ref`` and render it into ``dest`` with complete answers.

    ``new`` renders with :meth:`TemplateStore.render_project
    <generator.template.store.TemplateStore.render_project>`, which only comes here
    for a template stackpick's own renderer does not support. ``dest`` must be a new
    or empty folder.
    """
    from copier import run_copy

    with _reported_as("render the project"):
        run_copy(
            url,
            str(dest),
            data=dict(answers),
            defaults=True,
            unsafe=True,
            quiet=True,
            vcs_ref=vcs_ref,
            overwrite=True,
        )


def update_project_files(path: Path, changes: Mapping[str, Any], vcs_ref: str) -> list[str]:
    """Run Copier's three-way update in ``path``; returns edited dropped files that were kept.

    Raises :class:`~generator.errors.RenderError` when Copier fails; the caller
    restores the working tree.
    """
    from copier import run_update

    kept: list[str] = []
    with keeping_edited_dropped_files(path, kept), _reported_as("update the project"):
        run_update(
            str(path),
            data=dict(changes),
            defaults=True,
            overwrite=True,
            conflict="inline",
            vcs_ref=vcs_ref,
            unsafe=True,
            quiet=True,
            skip_answered=True,
        )
    return sorted(kept)


@contextlib.contextmanager
def git_environment(changes: Mapping[str, str]) -> Iterator[None]:
    """Make Copier's git calls see ``changes`` (Copier runs git through plumbum,
    whose environment is a copy taken at import, so ``os.environ`` alone is not enough)."""
    from plumbum import local

    with local.env(**changes):
        yield


def edited_dropped_files(prefix: Path, compared: dircmp[str]) -> list[Path]:
    """Project files only the old render has (dropped by the new one) that the user edited.

    ``compared`` is ``dircmp(old_render, new_render)``; a project file that differs
    from its old render holds the user's edits (Copier has applied them).
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
        found += edited_dropped_files(prefix / name, sub)
    return found


def _private_main() -> ModuleType | None:
    """Copier's private ``_main`` module when its helper may be patched, else None."""
    if not patch_supported():
        return None
    try:
        from copier import _main
    except ImportError:  # pragma: no cover - Copier's layout changed
        return None
    return _main if callable(getattr(_main, PRIVATE_HELPER, None)) else None


@contextlib.contextmanager
def keeping_edited_dropped_files(path: Path, kept: list[str]) -> Iterator[None]:
    """Stop Copier from deleting files the template dropped but the user edited.

    While active, such files are put back right after Copier's removal step and
    listed in ``kept`` (relative to ``path``). Unedited files are still removed.
    Without a supported Copier this does nothing (Copier's own behaviour).
    """
    main = _private_main()
    if main is None:
        yield
        return
    original: RemoveOldFiles = getattr(main, PRIVATE_HELPER)
    depth = [0]

    def guarded(prefix: Path, compared: dircmp[str], rm_common: bool = False) -> None:
        if depth[0]:  # Copier's own recursion below the top-level call
            original(prefix, compared, rm_common)
            return
        edited = edited_dropped_files(Path(prefix), compared)
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

    setattr(main, PRIVATE_HELPER, guarded)
    try:
        yield
    finally:
        setattr(main, PRIVATE_HELPER, original)
