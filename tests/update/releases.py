"""Build stackpick "releases" for the update tests and the update benchmark.

Each release is a copy of this repository's working tree (package, root
``copier.yml`` and template folders) with its own version number and template
edits, built into a wheel in a shared wheelhouse and installed into its own
virtual environment with uv. Only text this module writes is asserted on, so the
tests keep working while the real template evolves.

* **v1** (``0.1.0``) is the current template plus a few known files under ``docs/``.
* **v2** (``0.2.0``) changes those files (and appends a line to ``gunicorn.conf.py``,
  which every project has), adds ``tests/test_template_v2.py``, drops two files,
  renames ``docs/old-name.md`` to ``docs/runbook.md`` and carries a real Copier
  ``_migrations`` step that moves a user's edited ``docs/old-name.md`` onto the new name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
COPIED = ("pyproject.toml", "README.md", "generator", "copier.yml", "templates")
FRAMEWORKS = ("flask", "django")
V1, V2 = "0.1.0", "0.2.0"

OPERATIONS_V1 = """\
# Operations

1. Deploy with the provided configuration.
2. Watch the health endpoint.
3. Rotate secrets every quarter.
4. Back up the database nightly.
5. Review the logs weekly.
6. Keep dependencies current.
7. Test restores monthly.
8. Document incidents.
"""
# v2 changes lines 3 and 8; users in the tests change line 3 too (a clash) and add
# lines elsewhere (no clash).
OPERATIONS_V2 = OPERATIONS_V1.replace(
    "3. Rotate secrets every quarter.", "3. Rotate secrets every month."
).replace("8. Document incidents.", "8. Document incidents in the runbook.")
LEGACY = "# Legacy notes\n\nThe template drops this file in v2.\n"
RETIRED = "# Retired checklist\n\n- one\n- two\n- three\n"
RUNBOOK = "# Runbook\n\n- Restart: `gunicorn -c gunicorn.conf.py`\n- Logs: stdout\n- Owner: ops\n"
GUNICORN_V2_LINE = "# stackpick template v2: keep this file in version control."
NEW_TEST = '''\
"""Added by template v2 of the update tests."""


def test_template_v2_marker():
    assert "v2"
'''
MIGRATION = """
_migrations:
  - version: "0.2.0"
    when: "{{ _stage == 'after' }}"
    command:
      - "{{ _copier_python }}"
      - "-c"
      - |
        import os, pathlib
        old, new = pathlib.Path("docs/old-name.md"), pathlib.Path("docs/runbook.md")
        # Copier keeps a dropped file only when the user edited it (stackpick's rule),
        # so an old name still present holds the user's edits: they follow the rename.
        if old.exists():
            os.replace(old, new)
"""


@dataclass(frozen=True)
class Release:
    """One built and installed stackpick version."""

    version: str
    source: Path
    """The copied repository (its template parts feed TemplateStore.add_version)."""
    wheel: Path
    venv: Path

    @property
    def stackpick(self) -> Path:
        return self.venv / "bin" / "stackpick"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def uv() -> str:
    beside = Path(sys.executable).parent / "uv"
    return str(beside) if beside.exists() else (shutil.which("uv") or "uv")


def _copy_repository(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_template")
    for name in (*COPIED, *(f"{fw}_template" for fw in FRAMEWORKS)):
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            shutil.copy2(source, dest / name)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _set_version(source: Path, version: str) -> None:
    _write(
        source / "generator" / "__about__.py",
        f'"""The package version, which is also the template version."""\n\n'
        f'__version__ = "{version}"\n',
    )


def make_v1(source: Path) -> None:
    """The current template plus the known docs files."""
    _set_version(source, V1)
    for framework in FRAMEWORKS:
        docs = source / f"{framework}_template" / "docs"
        _write(docs / "operations.md", OPERATIONS_V1)
        _write(docs / "legacy.md", LEGACY)
        _write(docs / "retired.md", RETIRED)
        _write(docs / "old-name.md", RUNBOOK)


def make_v2(source: Path) -> None:
    """v1 with changed, added, dropped and renamed files and one migration."""
    make_v1(source)
    _set_version(source, V2)
    for framework in FRAMEWORKS:
        root = source / f"{framework}_template"
        _write(root / "docs" / "operations.md", OPERATIONS_V2)
        (root / "docs" / "legacy.md").unlink()
        (root / "docs" / "retired.md").unlink()
        (root / "docs" / "old-name.md").rename(root / "docs" / "runbook.md")
        _write(root / "tests" / "test_template_v2.py", NEW_TEST)
        gunicorn = root / "gunicorn.conf.py.jinja"
        text = gunicorn.read_text(encoding="utf-8")
        gunicorn.write_text(text.rstrip("\n") + "\n" + GUNICORN_V2_LINE + "\n", encoding="utf-8")
    copier_yml = source / "copier.yml"
    copier_yml.write_text(
        copier_yml.read_text(encoding="utf-8").rstrip("\n") + "\n" + MIGRATION, encoding="utf-8"
    )


def build_release(root: Path, wheelhouse: Path, version: str) -> Release:
    """Copy, edit, build and install one release below ``root``."""
    source = root / f"src-{version}"
    _copy_repository(source)
    (make_v1 if version == V1 else make_v2)(source)
    return install_release(root, source, wheelhouse, version)


def install_release(root: Path, source: Path, wheelhouse: Path, version: str) -> Release:
    """Build ``source`` into a wheel in ``wheelhouse`` and install it in its own venv."""
    env = {**os.environ, "UV_NO_PROGRESS": "1"}
    subprocess.run(
        [uv(), "build", "--quiet", "--wheel", "--out-dir", str(wheelhouse), str(source)],
        check=True,
        env=env,
    )
    wheel = next(wheelhouse.glob(f"stackpick-{version}-*.whl"))
    venv = root / f"venv-{version}"
    subprocess.run(
        [uv(), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=env
    )
    subprocess.run(
        [uv(), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
        check=True,
        env=env,
    )
    return Release(version, source, wheel, venv)
