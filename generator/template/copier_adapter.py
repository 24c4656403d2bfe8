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
* ``copier._main.Worker`` and ``copier._template.Template`` (both internal since
  Copier 9.17; only ``run_copy``/``run_update`` are public): ``new`` renders from
  a plain-folder snapshot of the store's tag (:meth:`TemplateStore.snapshot`)
  instead of cloning the store, through subclasses made by :func:`_snapshot_classes`
  that override, for that one render only (nothing global is patched):

  - ``Template.local_abspath``/``vcs``/``commit``/``version``: the template is the
    snapshot folder, its URL the canonical ``url`` and its commit the tag, so the
    answers file records ``_commit: <tag>`` and ``_src_path: <url>`` exactly as a
    clone of the tag does; no git call is made to probe the folder. Only
    ``_copier_conf.src_path`` (the snapshot, not a temporary clone) and
    ``_copier_conf.vcs_ref_hash`` (None) differ in the render context, and the
    template uses neither (``tests/library/test_fast_render.py`` would notice);
  - ``Worker._sync_git_index_executable_bit``: a no-op. It runs
    ``git config core.fileMode`` once per rendered file to fix the mode of files
    already tracked in the destination's git index; a copy into a fresh staging
    folder holds no tracked file (even inside an enclosing repository), so it can
    only ever do nothing (the on-disk executable bit is still set by Copier's own
    ``chmod``);
  - ``Worker.jinja_env``: Copier's own environment, plus a bytecode cache under the
    stackpick home (Jinja checks each entry against a checksum of its source), and
    a ``from_string`` that compiles each distinct string once per render, through
    that cache, and does not compile strings without Jinja syntax at all (Copier
    renders every path part of every file: ~770 compiles for ~200 distinct
    strings, most of them plain names). Both run Jinja's ``preprocess`` hooks on
    every use, as a fresh compile would (Copier resets its ``yield`` state there);
  - ``Worker._render_string`` and ``Worker.answers_relpath``: a string without
    Jinja syntax (most path parts; the answers-file name) is returned as it is,
    without building Copier's whole render context first (~360 times per project).

  The fast path is taken only on the Copier versions in :data:`FAST_RENDER_COPIER`;
  elsewhere :func:`copy_template` clones the store and calls ``run_copy`` as before.
  ``tests/library/test_fast_render.py`` compares both paths' projects byte for byte.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from filecmp import dircmp
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.errors import RenderError

TESTED_COPIER = ("9.19", "10")
"""Copier versions (lowest included, highest excluded) whose private helper we patch."""

FAST_RENDER_COPIER = ("9.19", "9.20")
"""Copier versions whose internals the snapshot render was compared against, byte for
byte (``tests/library/test_fast_render.py``). It subclasses more internals than the
one patched helper, so it is held to the tested minor release: on a newer Copier,
``new`` clones the store (slower, and exactly Copier's own render) until the test has
passed there and this range is widened."""

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


def fast_render_supported(version: str | None = None) -> bool:
    """Whether ``new`` may render from a snapshot on this Copier version."""
    return _within(FAST_RENDER_COPIER, version)


@contextlib.contextmanager
def _reported_as(failure: str) -> Iterator[None]:
    """Turn any error Copier raises (it raises many types) into one :class:`RenderError`."""
    try:
        yield
    except KeyboardInterrupt:
        raise
    except Exception as error:
        raise RenderError(f"Copier could not {failure}: {error}") from error


def copy_template(
    url: str,
    dest: Path,
    answers: Mapping[str, Any],
    vcs_ref: str,
    snapshot: Path | None = None,
    cache_dir: Path | None = None,
) -> None:
    """Render the template at ``url`` (tag ``vcs_ref``) into ``dest`` with complete answers.

    With ``snapshot`` (a plain folder holding exactly the files of ``vcs_ref``) and a
    supported Copier, the project is rendered from that folder without git, and
    records ``url`` and ``vcs_ref`` as if it had been cloned (see the module
    docstring); ``cache_dir`` then holds Jinja's bytecode cache. Otherwise Copier
    clones ``url`` at ``vcs_ref``. ``dest`` must be a new or empty folder.
    """
    if snapshot is not None and fast_render_supported():
        with _reported_as("render the project"):
            _render_snapshot(snapshot, url, dest, answers, vcs_ref, cache_dir)
        return
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


@cache
def _snapshot_classes() -> tuple[type[Any], type[Any]]:
    """Copier's ``Worker`` and ``Template``, subclassed for a render from a snapshot."""
    from copier._main import Worker
    from copier._template import Template
    from packaging.version import InvalidVersion, Version

    class SnapshotTemplate(Template):
        """A template read from a plain folder that stands for ``url`` at tag ``ref``."""

        snapshot: Path

        @cached_property
        def local_abspath(self) -> Path:
            return self.snapshot

        @cached_property
        def vcs(self) -> None:
            return None

        @cached_property
        def commit(self) -> str | None:
            return self.ref

        @cached_property
        def version(self) -> Version | None:
            try:
                return Version(self.ref or "")
            except InvalidVersion:
                return None

    class SnapshotWorker(Worker):
        """Renders ``snapshot``, which stands for ``stands_for`` at tag ``tag``."""

        snapshot: Path
        stands_for: str
        tag: str
        bytecode_dir: Path | None

        @cached_property
        def template(self) -> Any:
            result = SnapshotTemplate(url=self.stands_for, ref=self.tag)
            result.snapshot = self.snapshot
            return result

        def _sync_git_index_executable_bit(self, dst_relpath: Path, src_mode: int) -> None:
            """Nothing to sync: a fresh copy's files are not in any git index yet."""

        @cached_property
        def jinja_env(self) -> Any:
            env: Any = super().jinja_env  # Copier's own environment, configured as usual
            if self.bytecode_dir is not None:
                from jinja2 import FileSystemBytecodeCache

                self.bytecode_dir.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(self.bytecode_dir))
                env.get_template = _preprocessing_get_template(env)
            env.from_string = _memoized_from_string(env)
            return env

        def _render_string(self, string: str, extra_context: Any = None) -> str:
            """A plain string renders to itself: skip building the render context."""
            if isinstance(string, str) and _plain(self.jinja_env, string):
                self.jinja_env.preprocess(string)
                return string
            return super()._render_string(string, extra_context)

        @property
        def answers_relpath(self) -> Path:
            path = self.answers_file or self.template.answers_relpath
            if _plain(self.jinja_env, str(path)):
                return Path(path)
            return super().answers_relpath

    return SnapshotWorker, SnapshotTemplate


def _plain(env: Any, source: str) -> bool:
    """Whether ``source`` holds no Jinja syntax and no line break (so renders to itself)."""
    if env.line_statement_prefix is not None or env.line_comment_prefix is not None:
        return False
    markers = (env.block_start_string, env.variable_start_string, env.comment_start_string)
    return not any(marker in source for marker in (*markers, "\n", "\r"))


class _Constant:
    """A compiled template without Jinja syntax: it renders to its own text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.text


def _preprocessing_get_template(env: Any) -> Callable[..., Any]:
    """``env.get_template``, running the extensions' ``preprocess`` hook on every call.

    A template loaded from the bytecode cache is not compiled, so that hook (where
    Copier's ``yield`` extension resets its state) would not run; a path part that
    yields, rendered just before, would then look like a yield tag in the file.
    """
    get_template = env.get_template

    def preprocessing(*args: Any, **kwargs: Any) -> Any:
        env.preprocess("")
        return get_template(*args, **kwargs)

    return preprocessing


def _memoized_from_string(env: Any) -> Callable[..., Any]:
    """``env.from_string``, compiling each distinct source once per render.

    A source holding no Jinja syntax and no line break renders to itself, so it is
    not compiled at all (most of the path parts Copier renders are plain names).
    Other sources go through ``env.bytecode_cache`` when it is set (keyed by a hash
    of the source, and checked against Jinja's checksum of it), so later runs skip
    compiling them. Every call still runs the extensions' ``preprocess`` hook, which
    is where Copier's ``yield`` extension resets its state before each use.
    """
    import hashlib

    from_string = env.from_string
    compiled: dict[str, Any] = {}

    def memoized(source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return from_string(source, globals, template_class)
        env.preprocess(source)
        if source not in compiled:
            compiled[source] = _Constant(source) if _plain(env, source) else compile_cached(source)
        return compiled[source]

    def compile_cached(source: str) -> Any:
        cache = env.bytecode_cache
        if cache is None:
            return from_string(source)
        key = "from_string:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
        bucket = cache.get_bucket(env, key, None, source)
        if bucket.code is None:
            bucket.code = env.compile(source)
            cache.set_bucket(bucket)
        return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)

    return memoized


def _render_snapshot(
    snapshot: Path,
    url: str,
    dest: Path,
    answers: Mapping[str, Any],
    vcs_ref: str,
    cache_dir: Path | None,
) -> None:
    """Render ``snapshot`` into ``dest`` as Copier would render ``url`` at ``vcs_ref``."""
    worker_class, _ = _snapshot_classes()
    worker = worker_class(
        src_path=str(snapshot),
        dst_path=dest,
        data=dict(answers),
        vcs_ref=vcs_ref,
        defaults=True,
        unsafe=True,
        quiet=True,
        overwrite=True,
    )
    worker.snapshot = snapshot
    worker.stands_for = url
    worker.tag = vcs_ref
    worker.bytecode_dir = cache_dir
    with worker:
        worker.run_copy()
    _apply_umask(dest)


def _apply_umask(root: Path) -> None:
    """Give rendered files the modes a git checkout would (0666/0777 less the umask).

    The snapshot's files are 0644/0755 and Copier copies source modes; a clone's
    files are made under the umask. Only files with exactly a snapshot mode are
    touched (the ``.env`` a task writes as 0600 keeps its mode).
    """
    umask = _current_umask()
    if umask == 0o022:
        return
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            mode = path.lstat().st_mode & 0o7777
            if mode in (0o644, 0o755):
                path.chmod((0o777 if mode & 0o100 else 0o666) & ~umask)


def _current_umask() -> int:
    """The process's umask, read without changing it where the system allows.

    Setting it to read it back (the portable way) would, for an instant, let
    another thread (the web UI's server) create files under a zero umask.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o077)
    os.umask(umask)
    return umask
