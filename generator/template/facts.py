"""Facts about a rendered project that the template's macros already know.

``templates/macros.jinja`` holds the facts several partials share (the migrate
command, whether there is a database, ...). Code that needs the same fact (the
next steps after ``stackpick new``) asks the macro here instead of repeating it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.template.source import template_root

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

MACROS = "templates/macros.jinja"


@cache
def _environment(root: Path) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(loader=FileSystemLoader(str(root)), keep_trailing_newline=True)


def template_module(path: str, answers: Mapping[str, Any], *, root: Path | None = None) -> Any:
    """The Jinja module of template file ``path`` (its macros and ``set`` variables)."""
    template = _environment(root or template_root()).get_template(path)
    return template.make_module(vars=dict(answers))


def template_fact(name: str, answers: Mapping[str, Any], *, root: Path | None = None) -> str:
    """The output of macro ``name`` of :data:`MACROS` for a project with ``answers``."""
    module = template_module(MACROS, answers, root=root)
    return str(getattr(module, name)()).strip()
