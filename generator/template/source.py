"""Where the installed package keeps its template, and a fingerprint of its content.

In a wheel the template lives in ``generator/_template/`` (hatch force-includes it);
in a source checkout or editable install it is the repository root.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from generator.errors import TemplateError

TEMPLATE_PARTS = ("copier.yml", "templates", "flask_template", "django_template")
IGNORED_DIRS = ("__pycache__", ".pytest_cache", ".ruff_cache")
"""Tool caches a developer's checkout may hold inside the template: never template files."""
IGNORED_SUFFIXES = (".pyc", ".pyo")


@cache
def template_root() -> Path:
    """The folder holding ``copier.yml`` and the template folders of this installation."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "_template", package.parent):
        if (candidate / "copier.yml").is_file() and (candidate / "templates").is_dir():
            return candidate
    raise TemplateError(
        f"The bundled template is missing from {package}",
        "Reinstall stackpick (pip install --force-reinstall stackpick)",
    )


def template_files(root: Path) -> Iterator[Path]:
    """Every file of the template below ``root``, in a stable order, caches excluded."""
    for part in TEMPLATE_PARTS:
        path = root / part
        if path.is_file():
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
            for name in sorted(files):
                if not name.endswith(IGNORED_SUFFIXES):
                    yield Path(folder) / name


def fingerprint(root: Path) -> str:
    """A hash of every template file's path, mode and bytes."""
    digest = hashlib.sha256()
    for path in template_files(root):
        relative = path.relative_to(root).as_posix()
        executable = os.access(path, os.X_OK)
        digest.update(f"{relative}\0{int(executable)}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
