"""Real renders for the page: a preview (files and contents) and a zip, from a temporary folder.

Every render goes through :func:`generator.project.create.create_project`, the CLI's
all-or-nothing renderer, with the CLI's template store. Copier and the store's git
redirection change process-wide state (``os.environ``, the current Copier call), so
renders inside one server process run one at a time behind :data:`_COPIER`; other
processes (a `stackpick new` beside the server) are kept apart by the store's file
lock. :class:`RenderSlots` bounds how many requests may wait for a render at all;
the rest are told to come back (HTTP 503).

Each render gets its own folder under the server's scratch folder, removed when the
``with`` block ends, whatever happens (an error, or a client that went away).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import stat
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import StackpickError

PREVIEW_TEXT_LIMIT = 256 * 1024
"""Files larger than this are listed in the preview without their content."""

_COPIER = threading.Lock()


class Busy(StackpickError):
    """Every render slot is taken; the client should retry shortly."""


class Gone(StackpickError):
    """The client disconnected before its render started."""


class UnsafePath(StackpickError):
    """A rendered path would leave the temporary folder."""


class RenderSlots:
    """At most ``size`` render requests running or waiting; more get :class:`Busy`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._semaphore = threading.BoundedSemaphore(size)

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for the duration of the block, or raise :class:`Busy` at once."""
        if not self._semaphore.acquire(blocking=False):
            raise Busy("Too many projects are being rendered right now", "Try again in a moment")
        try:
            yield
        finally:
            self._semaphore.release()


@dataclass(frozen=True)
class PreviewFile:
    """One rendered file: its path in the project, its size, and its text (None if binary)."""

    path: str
    size: int
    text: str | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON the page's script reads."""
        return {"path": self.path, "size": self.size, "text": self.text}


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def checked_files(project: Path) -> list[Path]:
    """Every file of a rendered project, refusing anything that points outside it."""
    found: list[Path] = []
    for path in sorted(project.rglob("*")):
        if not _inside(project, path):
            raise UnsafePath(f"{path.name} points outside the project", "Nothing was sent")
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


@contextlib.contextmanager
def rendered_project(
    scratch: Path,
    destination: str,
    answers: dict[str, Any],
    questionnaire: dict[str, Any],
    recommendation: dict[str, Any] | None,
    *,
    still_wanted: Callable[[], bool] = lambda: True,
) -> Iterator[Path]:
    """Render ``answers`` into a fresh folder under ``scratch``; yields the project folder.

    ``destination`` (the folder name) must be a single plain path segment.
    ``still_wanted`` is asked once the render lock is held; if it says no (the client
    disconnected while waiting) nothing is rendered and :class:`Gone` is raised.
    """
    from generator.project.create import create_project

    if destination in ("", ".", "..") or "/" in destination or "\\" in destination:
        raise UnsafePath(f"{destination!r} is not a folder name", "Pick another package name")
    scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="render-", dir=scratch))
    try:
        project = folder / destination
        if project.parent != folder or not _inside(folder, project):
            raise UnsafePath(f"{destination!r} is not a folder name", "Pick another package name")
        with _COPIER:
            if not still_wanted():
                raise Gone("The client went away before its render started")
            create_project(
                project,
                answers,
                questionnaire=questionnaire,
                recommendation=recommendation,
                git_init=False,
            )
        yield project
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def preview_files(project: Path) -> list[PreviewFile]:
    """Every file of ``project`` with its text (binary or large files without)."""
    found = []
    for path in checked_files(project):
        size = path.stat().st_size
        text: str | None = None
        if size <= PREVIEW_TEXT_LIMIT:
            with contextlib.suppress(UnicodeDecodeError):
                text = path.read_bytes().decode("utf-8")
        found.append(PreviewFile(path.relative_to(project).as_posix(), size, text))
    return found


def zip_project(project: Path) -> bytes:
    """``project`` as a zip holding one top folder named like the project; modes kept."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in checked_files(project):
            name = f"{project.name}/{path.relative_to(project).as_posix()}"
            info = zipfile.ZipInfo.from_file(path, name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IMODE(path.stat().st_mode) | stat.S_IFREG) << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
