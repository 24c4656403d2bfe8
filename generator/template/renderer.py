"""Render a fresh project from a template folder exactly as ``copier copy`` would, without Copier.

Importing Copier costs ``new`` about a quarter of a second (it loads questionary,
prompt_toolkit, pydantic and plumbum at import time), which is more than rendering
the whole project takes. ``new`` only ever copies into an empty folder with complete
answers, so it needs a small part of Copier: this module does that part the way
Copier 9.19 does it, and nothing else:

* answers: the given ones, then each missing question's Jinja default, cast to the
  question's type (multiselect answers in the order of the choices); questions whose
  ``when`` is false stay in the render context but out of the answers file;
* paths: ``_subdirectory`` chooses the folder; every path part is rendered, a part
  that renders empty drops the path, ``_templates_suffix`` marks the files to
  render (a rendered file wins over a plain sibling), and the rendered paths are
  matched against the rendered ``_exclude`` patterns with git's rules (pathspec);
* files: rendered with Copier's Jinja setup (sandboxed, the Ansible core filters,
  trailing newlines kept) or copied as they are, with the source's mode;
* ``_tasks``: run in the project with Copier's extra environment variables.

A template that uses anything else (Jinja extensions or options, external data,
secret or YAML-typed questions, symlinks kept as links, ``yield`` paths...) raises
:class:`UnsupportedTemplate` before anything is written, and the caller renders with
Copier itself. Validation is the caller's job (:class:`QuestionEvaluator` already did
it). Every combination of the template's answers is compared with Copier's own render
byte for byte (``tests/templates``), and ``update`` always runs the real Copier.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from typing import TYPE_CHECKING, Any

from generator.errors import RenderError, StackpickError
from generator.template.questions import load_config

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

RenderString = Callable[[str, Mapping[str, Any]], str]
"""Renders a template string with a context (see :func:`_string_renderer`)."""

DEFAULT_ANSWERS_FILE = ".copier-answers.yml"
DEFAULT_SUFFIX = ".jinja"
DEFAULT_EXCLUDE = (
    "copier.yaml",
    "copier.yml",
    "~*",
    "*.py[co]",
    "__pycache__",
    ".git",
    ".DS_Store",
    ".svn",
)
"""Copier's exclusions when a template without ``_subdirectory`` sets no ``_exclude``."""

SUPPORTED_SETTINGS = frozenset(
    {
        "_min_copier_version",
        "_subdirectory",
        "_answers_file",
        "_templates_suffix",
        "_exclude",
        "_skip_if_exists",  # nothing exists in an empty destination
        "_tasks",
        "_migrations",  # only run by ``update``
        "_message_before_copy",  # Copier prints messages only when not quiet
        "_message_after_copy",
        "_message_before_update",
        "_message_after_update",
    }
)
"""The ``copier.yml`` settings this renderer implements (or that cannot matter to a copy)."""

SUPPORTED_QUESTION_KEYS = frozenset(
    {"type", "help", "default", "when", "validator", "choices", "multiselect", "placeholder"}
)
SUPPORTED_TYPES = frozenset({"str", "bool", "int"})

_YIELD = re.compile(r"{%-?\s*yield\b")
"""Copier's own Jinja tag for one path per item of a list (not implemented here)."""

_YES = frozenset({"y", "yes", "t", "true", "on"})
_NO = frozenset({"n", "no", "f", "false", "off", "~", "null", "none"})


class UnsupportedTemplate(StackpickError):
    """The template uses a Copier feature this renderer does not implement."""


def render_copy(
    template: Path,
    dest: Path,
    answers: Mapping[str, Any],
    *,
    url: str,
    commit: str | None,
    cache_dir: Path | None = None,
    as_checkout: bool = False,
) -> None:
    """Render the template folder ``template`` into the empty folder ``dest``.

    The answers file records ``commit`` and ``url`` as ``_commit`` and ``_src_path``
    (what Copier records for a clone of ``url`` at ``commit``). ``cache_dir`` holds
    Jinja's bytecode cache. With ``as_checkout``, files get the modes a git checkout
    would give them (0666 or 0777 less the umask) instead of the folder's own modes.
    Raises :class:`UnsupportedTemplate` (nothing written) or :class:`RenderError`.
    """
    config = load_config(template)
    _check_supported(config, template)
    job = _Copy(template, dest, answers, config, url, commit)
    try:
        _render(job, cache_dir, umask=_current_umask() if as_checkout else None)
    except StackpickError:
        raise
    except Exception as error:  # Jinja's, YAML's and the file system's errors
        raise RenderError(f"Could not render the project: {error}") from error


@dataclass(frozen=True)
class _Copy:
    """What one render copies, where to, and what the answers file records."""

    template: Path
    dest: Path
    answers: Mapping[str, Any]
    config: Mapping[str, Any]
    url: str
    commit: str | None


def _render(job: _Copy, cache_dir: Path | None, umask: int | None) -> None:
    template, dest, config = job.template, job.dest, job.config
    env = _environment(template, cache_dir)
    render = _string_renderer(env)
    context = _render_context(job, render)
    conf = context["_copier_conf"]
    answers_relpath = Path(render(str(config.get("_answers_file", DEFAULT_ANSWERS_FILE)), context))
    conf["answers_file"] = PurePath(answers_relpath)
    copy_root = _copy_root(template, render(str(config.get("_subdirectory", "")), context))
    suffix = str(config.get("_templates_suffix", DEFAULT_SUFFIX))
    excluded = _exclusion_matcher(
        config.get("_exclude", DEFAULT_EXCLUDE if copy_root == template else []),
        render,
        {**context, "_copier_operation": "copy"},
    )
    entries = list(_scan(copy_root))
    if any(_YIELD.search(path.name) for path, _ in entries):
        raise UnsupportedTemplate(f"{template} has paths with Copier's yield tag")
    for source, is_dir in entries:
        relpath = source.relative_to(copy_root)
        for target in _rendered_paths(
            relpath, template, copy_root, suffix, answers_relpath, render, context
        ):
            if excluded(target.as_posix()):
                continue
            if is_dir:
                (dest / target).mkdir(parents=True, exist_ok=True)
            elif suffix and source.name.endswith(suffix):
                content = _render_file(env, source.relative_to(template).as_posix(), context)
                _write(dest / target, content, source.stat().st_mode, umask)
            else:
                _write(dest / target, source.read_bytes(), source.stat().st_mode, umask)
    _run_tasks(config.get("_tasks") or [], dest, render, {**context, "_copier_phase": "tasks"})


def _render_context(job: _Copy, render: RenderString) -> dict[str, Any]:
    """What Copier hands Jinja: the answers, ``_copier_answers``, ``_copier_conf``..."""
    questions = {name: spec for name, spec in job.config.items() if not name.startswith("_")}
    values, hidden = _complete_answers(questions, job.answers, render)
    remembered = {"_commit": job.commit} if job.commit else {}
    remembered["_src_path"] = job.url
    remembered.update(
        (name, value)
        for name, value in values.items()
        if name in questions and name not in hidden and _json_like(value)
    )
    conf: dict[str, Any] = {
        "src_path": PurePath(job.template),
        "dst_path": PurePath(job.dest),
        "answers_file": "",
        "vcs_ref": job.commit,
        "vcs_ref_hash": None,
        "data": dict(job.answers),
        "defaults": True,
        "overwrite": True,
        "pretend": False,
        "quiet": True,
        "unsafe": True,
        "skip_tasks": False,
        "sep": os.sep,
        "os": {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform),
    }
    return {
        **values,
        "_external_data": {},
        "_copier_answers": remembered,
        "_copier_conf": conf,
        "_folder_name": job.dest.name,
        "_copier_python": sys.executable,
        "_copier_phase": "render",
    }


def _render_file(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> bytes:
    try:
        return env.get_template(name).render(context).encode()
    except Exception as error:
        raise RenderError(f"Could not render the template file {name}: {error}") from error


def _write(path: Path, content: bytes, source_mode: int, umask: int | None) -> None:
    """Write a project file with the source's mode, or a checkout's (0666/0777 less
    ``umask``) when ``umask`` is given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    wanted = source_mode & 0o7777
    if umask is not None:
        wanted = (0o777 if source_mode & 0o100 else 0o666) & ~umask
    if path.stat().st_mode & 0o7777 != wanted:
        path.chmod(wanted)


def _check_supported(config: Mapping[str, Any], template: Path) -> None:
    unknown = sorted(key for key in config if key.startswith("_") and key not in SUPPORTED_SETTINGS)
    if unknown:
        raise UnsupportedTemplate(f"{template / 'copier.yml'} uses {unknown[0]}")
    for name, spec in config.items():
        if name.startswith("_"):
            continue
        if not isinstance(spec, dict) or set(spec) - SUPPORTED_QUESTION_KEYS:
            raise UnsupportedTemplate(f"question {name!r} uses settings this renderer lacks")
        if spec.get("type") not in SUPPORTED_TYPES:
            raise UnsupportedTemplate(f"question {name!r} has type {spec.get('type')!r}")


def _environment(template: Path, cache_dir: Path | None) -> SandboxedEnvironment:
    """Copier's Jinja environment for ``template`` (its loader, filters and options)."""
    import json

    from jinja2 import FileSystemBytecodeCache, FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(template.resolve())]),
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
        keep_trailing_newline=True,
    )
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir))

    def to_json(value: Any, *args: Any, **kwargs: Any) -> str:
        return json.dumps(value, *args, default=_jsonable, **kwargs)

    env.filters["to_json"] = to_json
    env.globals["pathjoin"] = _pathjoin
    return env


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _pathjoin(*parts: str, mode: str = "posix") -> str:
    from pathlib import PureWindowsPath

    kinds = {"posix": PurePosixPath, "windows": PureWindowsPath, "native": PurePath}
    return str(kinds[mode](*parts))


def _string_renderer(env: SandboxedEnvironment) -> RenderString:
    """Render a string with ``env``; each distinct string is compiled once.

    A string without Jinja syntax renders to itself and is not compiled at all (most
    path parts). The others go through the bytecode cache when there is one.
    """
    markers = (env.block_start_string, env.variable_start_string, env.comment_start_string)
    compiled: dict[str, Any] = {}

    def compile_once(source: str) -> Any:
        cache = env.bytecode_cache
        if cache is None:
            return env.from_string(source)
        key = "from_string:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
        bucket = cache.get_bucket(env, key, None, source)
        if bucket.code is None:
            bucket.code = env.compile(source)
            cache.set_bucket(bucket)
        return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)

    def render(source: str, context: Mapping[str, Any]) -> str:
        if not any(marker in source for marker in markers):
            return source
        if source not in compiled:
            compiled[source] = compile_once(source)
        return str(compiled[source].render(context))

    return render


def _complete_answers(
    questions: Mapping[str, Mapping[str, Any]],
    given: Mapping[str, Any],
    render: RenderString,
) -> tuple[dict[str, Any], set[str]]:
    """Every question's value (given, else its default) and the names whose ``when`` is false."""
    values: dict[str, Any] = {}
    hidden: set[str] = set()
    for name, spec in questions.items():
        context = {**given, **values}
        if not _truthy(_render_value(spec.get("when", True), render, context)):
            hidden.add(name)
            if name not in given and "default" not in spec:
                continue
        if name in given:
            raw = given[name]
        elif "default" not in spec:
            raise RenderError(f"The template question {name!r} has no answer and no default")
        elif isinstance(spec["default"], list):
            raw = [_render_value(item, render, context) for item in spec["default"]]
        else:
            raw = _render_value(spec["default"], render, context)
        values[name] = _parse(spec, raw)
    return values, hidden


def _render_value(value: Any, render: RenderString, context: Mapping[str, Any]) -> Any:
    """A string from ``copier.yml`` rendered; any other value as it is (as Copier does)."""
    return render(value, context) if isinstance(value, str) else value


def _parse(spec: Mapping[str, Any], raw: Any) -> Any:
    """An answer cast to the question's type; multiselect ones ordered like the choices."""
    casts: dict[str, Callable[[Any], Any]] = {"bool": _truthy, "int": int, "str": str}
    cast = casts[str(spec.get("type"))]
    if not spec.get("multiselect"):
        return cast(raw)
    import yaml

    items = yaml.safe_load(raw) if isinstance(raw, str) else raw
    picked = [cast(item) for item in items or []]
    return [value for value in (cast(choice) for choice in _choice_values(spec)) if value in picked]


def _choice_values(spec: Mapping[str, Any]) -> Iterator[Any]:
    choices = spec.get("choices") or []
    for item in choices.values() if isinstance(choices, dict) else choices:
        yield item["value"] if isinstance(item, dict) else item


def _truthy(value: Any) -> bool:
    """Copier's ``cast_to_bool``: numbers, then YAML words, then Python truth."""
    try:
        return bool(float(value))
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        lower = value.strip().lower()
        if not lower or lower in _NO:
            return False
        if lower in _YES:
            return True
    return bool(value)


def _json_like(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, list, dict))


def _copy_root(template: Path, subdirectory: str) -> Path:
    root = (template / subdirectory).resolve()
    if not root.is_relative_to(template.resolve()):
        raise RenderError(f"the template's _subdirectory {subdirectory!r} leaves the template")
    return root


def _exclusion_matcher(
    patterns: Any, render: RenderString, context: Mapping[str, Any]
) -> Callable[[str], bool]:
    """Whether a rendered relative path is excluded (git's pattern rules, as Copier)."""
    from pathspec import PathSpec
    from pathspec import __version__ as pathspec_version

    lines = [
        unicodedata.normalize("NFD", line)
        for pattern in patterns
        for line in re.split(r"\r\n|\r|\n", render(str(pattern), context))
    ]
    style = "gitignore" if int(pathspec_version.split(".")[0]) >= 1 else "gitwildmatch"
    return PathSpec.from_lines(style, lines).match_file


def _scan(root: Path) -> Iterator[tuple[Path, bool]]:
    """Every entry below ``root`` (following symlinks, as Copier does), folders first."""
    with os.scandir(root) as entries:
        found = sorted(entries, key=lambda entry: entry.name)
    for entry in found:
        if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
            raise RenderError(f"{entry.path} links outside the template")
        is_dir = entry.is_dir()
        yield Path(entry.path), is_dir
        if is_dir:
            yield from _scan(Path(entry.path))


def _rendered_paths(
    relpath: Path,
    template: Path,
    copy_root: Path,
    suffix: str,
    answers_relpath: Path,
    render: RenderString,
    context: Mapping[str, Any],
) -> Iterator[Path]:
    """Where ``relpath`` (below the copy root) lands in the project, if anywhere."""
    is_template = bool(suffix) and relpath.name.endswith(suffix)
    if suffix and (copy_root / f"{relpath}{suffix}").exists():
        return  # a rendered sibling takes this path
    if is_template:
        relpath = relpath.with_suffix("")
    parts: list[str] = []
    for part in relpath.parts:
        rendered = render(part, context)
        if not rendered:
            return
        if rendered == str(answers_relpath):
            yield answers_relpath
            return
        parts.append(rendered)
    target = Path(*parts)
    if os.path.normpath(target).startswith(("..", "/")):
        raise RenderError(f"the template path {relpath} renders outside the project")
    if is_template or not (template / f"{target}{suffix}").exists():
        yield target


def _run_tasks(
    tasks: list[Any],
    dest: Path,
    render: RenderString,
    context: Mapping[str, Any],
) -> None:
    """The template's ``_tasks``, as Copier runs them after a copy."""
    extra = {"_stage": "task", "_copier_operation": "copy"}
    context = {**context, **extra}
    environment = {**os.environ, **{key[1:].upper(): value for key, value in extra.items()}}
    for task in tasks:
        spec = task if isinstance(task, dict) else {"command": task}
        if not _truthy(_render_value(spec.get("when", True), render, context)):
            continue
        command = spec["command"]
        shell = isinstance(command, str)
        argv: str | list[str] = (
            render(command, context) if shell else [render(str(part), context) for part in command]
        )
        cwd = dest / render(str(spec.get("working_directory", ".")), context)
        done = subprocess.run(argv, shell=shell, cwd=cwd, env=environment, check=False)
        if done.returncode:
            raise RenderError(f"a task of the template failed with exit code {done.returncode}")


def _current_umask() -> int:
    """The process's umask, read without changing it where the system allows.

    Setting it to read it back (the portable way) would, for an instant, let
    another thread (the web UI's server) create files under a zero umask.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o077)
    os.umask(umask)
    return umask
