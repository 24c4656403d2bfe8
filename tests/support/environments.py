"""Virtual environments for rendered projects: one per dependency set, shared between projects.

Projects whose ``pyproject.toml`` asks for the same dependencies share a venv; each
project is then installed into it (editable, without dependencies) right before its
tests run, under a file lock so parallel workers never mix two projects.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path


def uv_executable() -> str:
    """The uv binary installed beside the test interpreter, or the one on PATH."""
    beside = Path(sys.executable).parent / "uv"
    found = str(beside) if beside.exists() else shutil.which("uv")
    if not found:
        raise RuntimeError("uv is not installed: pip install uv (it is in the [test] extra)")
    return found


def dependency_set(project: Path, extras: tuple[str, ...] = ("dev",)) -> list[str]:
    """The requirement strings a project declares, plus its named extras."""
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(meta.get("dependencies", []))
    for extra in extras:
        requirements += meta.get("optional-dependencies", {}).get(extra, [])
    return sorted(requirements)


def _set_key(requirements: list[str]) -> str:
    return hashlib.sha256(json.dumps(requirements).encode()).hexdigest()[:16]


def _uv_pip_install(venv: Path, *args: str) -> None:
    subprocess.run(
        [uv_executable(), "pip", "install", "-q", "--python", str(venv / "bin/python"), *args],
        check=True,
    )


class ProjectEnvironments:
    """Creates and reuses venvs under ``root``, keyed by dependency set."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _venv_for(self, requirements: list[str]) -> Path:
        venv = self.root / _set_key(requirements)
        if not (venv / ".ready").exists():
            subprocess.run(
                [uv_executable(), "venv", "-q", "--python", sys.executable, str(venv)], check=True
            )
            _uv_pip_install(venv, *requirements)
            (venv / ".ready").write_text("\n".join(requirements))
        return venv

    @contextlib.contextmanager
    def installed(self, project: Path) -> Iterator[Path]:
        """Yield a venv with ``project`` and its dev dependencies installed; holds a lock."""
        requirements = dependency_set(project)
        with open(self.root / f"{_set_key(requirements)}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            venv = self._venv_for(requirements)
            _uv_pip_install(
                venv,
                "--no-deps",
                "--reinstall-package",
                project_distribution(project),
                "-e",
                str(project),
            )
            yield venv


def project_distribution(project: Path) -> str:
    """The distribution name from a project's pyproject.toml."""
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    return str(meta["project"]["name"])


def run_in(
    venv: Path, args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run a command from ``venv``'s bin folder, with that venv activated."""
    full_env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    full_env.update(
        {
            "VIRTUAL_ENV": str(venv),
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    full_env.pop("PYTHONPATH", None)
    full_env.update(env or {})
    executable = venv / "bin" / args[0]
    command = [str(executable) if executable.exists() else args[0], *args[1:]]
    return subprocess.run(
        command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )
