"""Package names that always work: transliterated, and never a name already taken.

The reserved names (keywords, the standard library, the template's own modules and
every module the project's dependencies install) live in ``templates/names.jinja``,
which ``copier.yml``'s ``package_name`` question imports too; this module reads the
same file, so plain ``copier copy`` and ``stackpick new`` refuse the same names.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from generator.template.facts import template_module

NAMES = "templates/names.jinja"
SAFE_SUFFIXES = ("_app", "_project", "_site")
"""Appended, in turn, to a derived name that is taken."""


@cache
def taken_names(root: Path | None = None) -> frozenset[str]:
    """Every name a package must not take (see the module docstring)."""
    return frozenset(template_module(NAMES, {}, root=root).taken)


def plain_identifier(text: str) -> str:
    """``text`` as a lowercase ASCII identifier: transliterated, words joined by ``_``.

    Non-ASCII letters are transliterated with anyascii ("Café" -> "cafe"); a leading
    digit gets an ``app_`` prefix; nothing usable gives ``app``.
    """
    from anyascii import anyascii

    base = re.sub(r"[^a-z0-9]+", "_", anyascii(text).strip().lower()).strip("_") or "app"
    return f"app_{base}" if base[0].isdigit() else base


def derive_package_name(project_name: str, *, root: Path | None = None) -> str:
    """The package name derived from a display name, made safe when the plain one is taken."""
    base = plain_identifier(project_name)
    return safe_variant(base, root=root)


def safe_variant(name: str, *, root: Path | None = None) -> str:
    """``name`` itself when free, else the first free ``name + suffix``."""
    taken = taken_names(root)
    if name not in taken:
        return name
    return next(name + suffix for suffix in SAFE_SUFFIXES if name + suffix not in taken)
