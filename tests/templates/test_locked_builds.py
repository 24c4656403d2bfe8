"""Generated projects install from ``uv.lock``: in development, in CI and in the image.

- The Dockerfile, read instruction by instruction: the builder's dependency layer copies
  only ``pyproject.toml`` and ``uv.lock`` before its ``uv sync --locked
  --no-install-project`` (so code changes reuse it), with uv's cache mounted and uv
  itself from an image pinned to an exact version; the project is installed after the
  code is copied, non-editable, into the environment the runtime stage copies.
- Without a lock the dependency step stops at once with one plain line asking for
  ``uv lock`` (its shell command, run for real in a build folder without ``uv.lock``).
- For one Flask and one Django project (defaults): a real ``uv lock`` (PyPI, uv's
  cache), the locked ruff and mypy equal to the pins, the image's two builder steps run
  outside Docker with the Dockerfile's own uv settings in a folder holding only what the
  Dockerfile copies, then ``uv sync --locked --extra dev`` and the project's own tests
  in that environment. A dependency added to ``pyproject.toml`` afterwards makes the lock
  stale: ``uv sync --locked`` (development, CI) and the image's dependency step refuse it
  with uv's message, and leave ``uv.lock`` as it was.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from tests.support.environments import run_in, uv_executable
from tests.support.rendering import render

PACKAGE = "acme_orders"
DOCKER_VARIANTS: list[dict[str, Any]] = [
    {"framework": "flask"},
    {"framework": "flask", "database": "postgresql", "tasks": "celery"},
    {"framework": "django"},
    {"framework": "django", "database": "mysql", "api": "drf"},
]
CLEAN_ENV = {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": "", "REDIS_URL": ""}
MISSING_LOCK = "uv.lock is missing"


def _variant_id(data: dict[str, Any]) -> str:
    return "-".join(str(value) for key, value in data.items())


# Reading a Dockerfile -------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str

    @property
    def flags(self) -> dict[str, list[str]]:
        """``--name=value`` options before the arguments proper (RUN --mount, COPY --from)."""
        found: dict[str, list[str]] = {}
        for token in shlex.split(self.arguments):
            if not token.startswith("--"):
                break
            name, _, value = token[2:].partition("=")
            found.setdefault(name, []).append(value)
        return found

    @property
    def command(self) -> str:
        """A RUN instruction's shell command, without its options."""
        rest = self.arguments
        while rest.startswith("--"):
            rest = rest.split(None, 1)[1]
        return rest

    @property
    def sources(self) -> list[str]:
        """A COPY instruction's sources (everything but its options and destination)."""
        tokens = [token for token in shlex.split(self.arguments) if not token.startswith("--")]
        return tokens[:-1]


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions in order, continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # comments (and parser directives), also inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip()))
        pending = ""
    assert not pending, f"unfinished instruction: {pending}"
    return instructions


def stages(instructions: list[Instruction]) -> dict[str, list[Instruction]]:
    """The instructions after each ``FROM ... AS name``, by name (FROM line first)."""
    found: dict[str, list[Instruction]] = {}
    current: list[Instruction] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            current = [instruction]
            found[instruction.arguments.split()[-1]] = current
        elif current:
            current.append(instruction)
    return found


def builder_env(builder: list[Instruction]) -> dict[str, str]:
    """The variables the builder stage's ENV instructions set."""
    env: dict[str, str] = {}
    for instruction in builder:
        if instruction.keyword == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(instruction.arguments))
    return env


def uv_syncs(builder: list[Instruction]) -> list[int]:
    return [
        index
        for index, instruction in enumerate(builder)
        if instruction.keyword == "RUN" and "uv sync" in instruction.command
    ]


def _builder(project: Path) -> list[Instruction]:
    return stages(parse_dockerfile((project / "Dockerfile").read_text(encoding="utf-8")))["builder"]


# Static: every Dockerfile variant -------------------------------------------------------


@pytest.mark.parametrize("data", DOCKER_VARIANTS, ids=_variant_id)
def test_dependency_layer_reads_only_pyproject_and_lock(
    data: dict[str, Any], template_snapshot: Path, tmp_path: Path
) -> None:
    project = render(template_snapshot, tmp_path / "project", data)
    by_stage = stages(parse_dockerfile((project / "Dockerfile").read_text(encoding="utf-8")))
    assert list(by_stage) == ["uv", "builder", "runtime"]
    (uv_image,) = [i.arguments for i in by_stage["uv"] if i.keyword == "FROM"]
    version = uv_image.split()[0].removeprefix("ghcr.io/astral-sh/uv:")
    assert [int(part) for part in version.split(".")] and version.count(".") == 2, uv_image

    builder = by_stage["builder"]
    syncs = uv_syncs(builder)
    assert len(syncs) == 2, [builder[i].arguments for i in syncs]
    dependencies, project_install = (builder[i] for i in syncs)
    context_copies = [
        i for i in builder[: syncs[0]] if i.keyword == "COPY" and "from" not in i.flags
    ]
    assert [source for i in context_copies for source in i.sources] == [
        "pyproject.toml",
        "uv.lock*",
    ]
    assert [i.flags["from"] for i in builder if "from" in i.flags] == [["uv"]]
    for run in (dependencies, project_install):
        assert "type=cache,target=/root/.cache/uv" in run.flags["mount"]
        assert "--locked" in run.command.split() and "--no-dev" in run.command.split()
    assert "--no-install-project" in dependencies.command.split()
    assert "--no-install-project" not in project_install.command.split()
    assert "--no-editable" in project_install.command.split()
    # Between the two: the code the project build needs, and nothing that feeds the lock.
    later_copies = [
        source for i in builder[syncs[0] : syncs[1]] if i.keyword == "COPY" for source in i.sources
    ]
    package = f"src/{PACKAGE}" if data["framework"] == "flask" else PACKAGE
    assert later_copies == ["README.md", package.split("/")[0]]

    env = builder_env(builder)
    assert env["UV_PROJECT_ENVIRONMENT"] == "/opt/venv"
    assert env["UV_LINK_MODE"] == "copy" and env["UV_COMPILE_BYTECODE"] == "1"
    runtime = by_stage["runtime"]
    assert any(
        i.keyword == "COPY" and i.flags.get("from") == ["builder"] and i.sources == ["/opt/venv"]
        for i in runtime
    )
    assert [i.arguments for i in runtime if i.keyword == "USER"] == ["10001:10001"]
    assert any(i.keyword == "HEALTHCHECK" for i in runtime)


def _image_env(builder: list[Instruction], venv: Path, **extra: str) -> dict[str, str]:
    """The builder's uv settings on this machine: the environment goes to ``venv``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("UV_", "PYTEST_")) and key != "VIRTUAL_ENV"
    }
    env.update(builder_env(builder))
    env.update(
        {
            "UV_PROJECT_ENVIRONMENT": str(venv),
            "UV_PYTHON": sys.executable,
            "PATH": f"{Path(uv_executable()).parent}{os.pathsep}{os.environ['PATH']}",
        }
    )
    env.update(extra)
    return env


def _run_step(
    instruction: Instruction, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """A RUN instruction's shell command, run for real in ``cwd`` (its mounts left out)."""
    return subprocess.run(
        ["/bin/sh", "-c", instruction.command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_missing_lock_stops_the_build_with_a_plain_message(
    template_snapshot: Path, tmp_path: Path
) -> None:
    project = render(template_snapshot, tmp_path / "project", {"framework": "flask"})
    assert not (project / "uv.lock").exists()
    builder = _builder(project)
    build = tmp_path / "build"  # what `COPY pyproject.toml uv.lock* ./` leaves without a lock
    build.mkdir()
    shutil.copy2(project / "pyproject.toml", build)
    venv = tmp_path / "opt-venv"

    result = _run_step(
        builder[uv_syncs(builder)[0]], build, _image_env(builder, venv, UV_OFFLINE="1")
    )

    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(MISSING_LOCK) and "'uv lock'" in line and "commit uv.lock" in line
    assert not venv.exists() and sorted(p.name for p in build.iterdir()) == ["pyproject.toml"]


# Real locks: one Flask and one Django project --------------------------------------------


def _uv(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("UV_", "PYTEST_")) and key != "VIRTUAL_ENV"
    }
    env.update({"UV_PYTHON": sys.executable, "UV_PYTHON_DOWNLOADS": "never"})
    return subprocess.run(
        [uv_executable(), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def _dev_pins(project: Path) -> dict[str, str]:
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in meta["optional-dependencies"]["dev"]:
        requirement = Requirement(line)
        if requirement.name in ("ruff", "mypy"):
            pins[requirement.name] = str(requirement.specifier).removeprefix("==")
    return pins


def _locked_versions(project: Path) -> dict[str, str]:
    lock = tomllib.loads((project / "uv.lock").read_text(encoding="utf-8"))
    return {package["name"]: package.get("version", "") for package in lock["package"]}


def _python(venv: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["flask", "django"])
def test_locked_project_builds_like_the_image_and_passes_its_own_tests(
    framework: str, template_snapshot: Path, tmp_path: Path
) -> None:
    project = render(template_snapshot, tmp_path / "project", {"framework": framework})
    assert not (project / "uv.lock").exists()
    _ok(_uv(project, "lock"))
    locked = _locked_versions(project)
    pins = _dev_pins(project)
    assert {tool: locked[tool] for tool in pins} == pins

    # The image's builder, outside Docker: the dependency step sees only what the
    # Dockerfile copied before it, then the project step the code copied after it.
    builder = _builder(project)
    first, second = uv_syncs(builder)
    build, image_venv, elsewhere = tmp_path / "build", tmp_path / "opt-venv", tmp_path / "cwd"
    build.mkdir()
    elsewhere.mkdir()
    for instruction in builder[:first]:
        if instruction.keyword == "COPY" and "from" not in instruction.flags:
            for source in instruction.sources:
                for path in project.glob(source):
                    shutil.copy2(path, build)
    env = _image_env(builder, image_venv)
    _ok(_run_step(builder[first], build, env))
    library = "flask" if framework == "flask" else "django"
    assert _python(image_venv, f"import {library}, gunicorn", elsewhere).returncode == 0
    assert _python(image_venv, f"import {PACKAGE}", elsewhere).returncode != 0
    assert not (image_venv / "bin" / "ruff").exists()  # no dev tools in the image
    for instruction in builder[first:second]:
        if instruction.keyword == "COPY":
            for source in instruction.sources:
                target = build / source
                if (project / source).is_dir():
                    shutil.copytree(project / source, target)
                else:
                    shutil.copy2(project / source, target)
    _ok(_run_step(builder[second], build, env))
    shutil.rmtree(build)  # the runtime stage has no /build: the install must not point there
    where = _python(image_venv, f"import {PACKAGE}; print({PACKAGE}.__file__)", elsewhere)
    assert Path(_ok(where).strip()).is_relative_to(image_venv)

    # Development and CI: the same lock, with the dev tools, then the project's own tests.
    _ok(_uv(project, "sync", "--locked", "--extra", "dev"))
    venv = project / ".venv"
    ruff = run_in(venv, ["ruff", "--version"], project)
    assert _ok(ruff).split() == ["ruff", pins["ruff"]]
    env = {**CLEAN_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["flask", "django"])
def test_a_stale_lock_is_refused(framework: str, template_snapshot: Path, tmp_path: Path) -> None:
    project = render(template_snapshot, tmp_path / "project", {"framework": framework})
    _ok(_uv(project, "lock"))
    lock_before = (project / "uv.lock").read_bytes()
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert text.count("dependencies = [\n") == 1
    pyproject.write_text(
        text.replace("dependencies = [\n", 'dependencies = [\n    "itsdangerous>=2.2",\n'),
        encoding="utf-8",
    )

    result = _uv(project, "sync", "--locked", "--extra", "dev")

    assert result.returncode != 0
    message = " ".join(result.stderr.split())  # uv wraps long lines
    assert "needs to be updated, but `--locked` was provided" in message
    assert "run `uv lock`" in message
    assert (project / "uv.lock").read_bytes() == lock_before
    assert not (project / ".venv" / "bin" / "pytest").exists()

    # The image's dependency step refuses it the same way.
    builder = _builder(project)
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy2(pyproject, build)
    shutil.copy2(project / "uv.lock", build)
    image = _run_step(builder[uv_syncs(builder)[0]], build, _image_env(builder, tmp_path / "venv"))
    assert image.returncode != 0
    assert "needs to be updated, but `--locked` was provided" in " ".join(image.stderr.split())
    assert MISSING_LOCK not in image.stderr

    # `uv lock`, as the message says, brings the lock up to date again.
    _ok(_uv(project, "lock"))
    assert "itsdangerous" in _locked_versions(project)
    _ok(_uv(project, "lock", "--locked"))
