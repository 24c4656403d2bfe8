"""ruff, mypy and uv have one version in every generated project.

``templates/tool-versions.jinja`` names them once. Projects are rendered with real Copier
in answers that reach every branch of the CI workflow (each database and its services,
the MariaDB headers step, the docker, image and template-update jobs, Celery) and of the
pre-commit config; in each one the exact dev-dependency pins, the pre-commit hook's
``rev``, every version the CI workflow names and the uv image the Dockerfile copies must
agree, and CI must take ruff and mypy from ``uv sync --locked`` rather than install
them itself. stackpick's own ruff requirement must match too, so that the static checks
of the template matrix run the very ruff the projects pin.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from tests.support.rendering import REPO_ROOT, render

VARIANTS: list[dict[str, Any]] = [
    {"framework": "flask"},
    {
        "framework": "flask",
        "database": "mysql",
        "deploy": ["docker", "kubernetes"],
        "tasks": "celery",
        "error_reporting": "sentry",
        "update_check_job": True,
    },
    {"framework": "flask", "database": "postgresql", "deploy": ["paas"]},
    {"framework": "flask", "database": "none", "deploy": ["serverless"]},
    {"framework": "django"},
    {
        "framework": "django",
        "database": "mysql",
        "api": "drf",
        "deploy": ["docker", "kubernetes"],
        "update_check_job": True,
    },
    {"framework": "django", "database": "postgresql", "deploy": ["paas"], "tasks": "celery"},
]
TOOLS = ("ruff", "mypy")
# A tool named with a version: "ruff==0.1", "ruff>=0.8", "ruff@0.1", "ruff-pre-commit@v0.1",
# "mypy 2.3". Ranges are reported too: CI must name exact versions or none.
_VERSIONED = re.compile(
    r"\b(?P<tool>ruff|mypy)(?:-pre-commit)?\s*(?P<op>===?|>=|<=|~=|!=|>|<|@v?|\s+v?)"
    r"\s*(?P<version>\d+(?:\.\d+)+)"
)
UV_IMAGE = re.compile(r"^FROM ghcr\.io/astral-sh/uv:(\S+)", re.MULTILINE)


def _variant_id(data: dict[str, Any]) -> str:
    parts = [data["framework"], data.get("database", "default")]
    parts += [data.get("api", ""), "+".join(data.get("deploy", [])), data.get("tasks", "")]
    if data.get("update_check_job"):
        parts.append("update-check")
    return "-".join(part for part in parts if part)


@pytest.fixture(scope="module")
def projects(template_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tool-versions")
    return {
        _variant_id(data): render(template_snapshot, root / _variant_id(data), data)
        for data in VARIANTS
    }


def dev_pins(project: Path) -> dict[str, str]:
    """The exact versions the dev extra pins for ruff and mypy (problems raise)."""
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins: dict[str, str] = {}
    for line in meta["optional-dependencies"]["dev"]:
        requirement = Requirement(line)
        if requirement.name in TOOLS:
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"pyproject.toml: {line} is not an exact pin"
            pins[requirement.name] = spec.version
    return pins


def version_problems(project: Path) -> list[str]:
    """Every place in ``project`` where ruff, mypy or uv disagree with the dev pins."""
    pins = dev_pins(project)
    problems = [f"pyproject.toml: no exact {tool} pin" for tool in TOOLS if tool not in pins]

    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ruff_hooks = [repo for repo in hooks["repos"] if repo["repo"].endswith("/ruff-pre-commit")]
    if [repo["rev"] for repo in ruff_hooks] != [f"v{pins.get('ruff')}"]:
        problems.append(f".pre-commit-config.yaml: ruff-pre-commit revs {ruff_hooks}")
    for repo in hooks["repos"]:
        if "mypy" in repo["repo"] and repo["rev"] != f"v{pins.get('mypy')}":
            problems.append(f".pre-commit-config.yaml: {repo['repo']} at {repo['rev']}")

    workflow_text = (project / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    for match in _VERSIONED.finditer(workflow_text):
        named = match.group("version")
        if match.group("op").strip() not in ("==", "@", "@v", "v", "") or named != pins.get(
            match.group("tool")
        ):
            problems.append(f"ci.yml names {match.group(0)!r}; pyproject.toml pins {pins}")
    problems += _ci_install_problems(yaml.safe_load(workflow_text))

    setup_uv = [
        step.get("with", {}).get("version")
        for job in yaml.safe_load(workflow_text)["jobs"].values()
        for step in job.get("steps", [])
        if str(step.get("uses", "")).startswith("astral-sh/setup-uv@")
    ]
    if not setup_uv or len(set(setup_uv)) != 1 or None in setup_uv:
        problems.append(f"ci.yml: setup-uv steps pin uv versions {setup_uv}")
    dockerfile = project / "Dockerfile"
    if dockerfile.exists():
        images = UV_IMAGE.findall(dockerfile.read_text(encoding="utf-8"))
        if images != setup_uv[:1]:
            problems.append(f"Dockerfile copies uv {images}, CI installs uv {setup_uv[:1]}")
    return problems


def _ci_install_problems(workflow: dict[str, Any]) -> list[str]:
    """Jobs that run ruff or mypy without installing them from the lock first."""
    problems = []
    for name, job in workflow["jobs"].items():
        locked = False
        for step in job.get("steps", []):
            command = str(step.get("run", ""))
            if re.search(r"\bpip install\b.*\b(ruff|mypy)\b", command):
                problems.append(f"ci.yml job {name}: installs a tool itself: {command}")
            if "uv sync --locked --extra dev" in command:
                locked = True
            first_words = {line.split()[0] for line in command.splitlines() if line.strip()}
            if first_words & set(TOOLS) and not locked:
                problems.append(f"ci.yml job {name}: runs {command!r} before uv sync --locked")
    return problems


@pytest.mark.parametrize("variant", [_variant_id(data) for data in VARIANTS])
def test_tool_versions_agree(variant: str, projects: dict[str, Path]) -> None:
    project = projects[variant]
    assert version_problems(project) == []
    pins = dev_pins(project)
    assert set(pins) == set(TOOLS)


def test_every_project_pins_the_same_versions(projects: dict[str, Path]) -> None:
    pinned = {variant: dev_pins(project) for variant, project in projects.items()}
    assert len({tuple(sorted(pins.items())) for pins in pinned.values()}) == 1, pinned


def test_stackpicks_own_ruff_matches(projects: dict[str, Path]) -> None:
    """The template matrix lints projects with stackpick's ruff: it must be theirs."""
    wanted = dev_pins(projects["flask-default"])["ruff"]
    meta = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    ours = [
        Requirement(line)
        for group in meta["optional-dependencies"].values()
        for line in group
        if Requirement(line).name == "ruff"
    ]
    assert ours, "stackpick's pyproject.toml has no ruff requirement"
    assert all(str(requirement.specifier) == f"=={wanted}" for requirement in ours), ours


def test_a_drifting_version_is_reported(projects: dict[str, Path], tmp_path: Path) -> None:
    """The check above can fail: each kind of drift it guards against is found."""
    source = projects["flask-mysql-docker+kubernetes-celery-update-check"]
    project = Path(shutil.copytree(source, tmp_path / "project"))
    pins = dev_pins(project)
    hooks = project / ".pre-commit-config.yaml"
    hooks.write_text(hooks.read_text().replace(f"rev: v{pins['ruff']}", "rev: v0.8.0"))
    workflow = project / ".github/workflows/ci.yml"
    text = workflow.read_text()
    text = text.replace("run: ruff check .", 'run: pip install "ruff>=0.8" && ruff check .')
    text = text.replace('version: "', 'version: "0.1.', 1)
    workflow.write_text(text)
    problems = version_problems(project)
    assert any(p.startswith(".pre-commit-config.yaml: ruff-pre-commit") for p in problems)
    assert any("ci.yml names 'ruff>=0.8'" in p for p in problems)
    assert any("installs a tool itself" in p for p in problems)
    assert any("setup-uv steps pin uv versions" in p for p in problems)
    assert any(p.startswith("Dockerfile copies uv") for p in problems)
