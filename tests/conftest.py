"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from tests.support.environments import ProjectEnvironments
from tests.support.rendering import snapshot_template


@pytest.fixture(scope="session")
def template_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled template copied once into a plain folder."""
    return snapshot_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def project_environments(tmp_path_factory: pytest.TempPathFactory) -> ProjectEnvironments:
    """Shared venvs for rendered projects (set STACKPICK_TEST_VENVS to keep them between runs)."""
    keep = os.environ.get("STACKPICK_TEST_VENVS")
    root = Path(keep) if keep else tmp_path_factory.mktemp("venvs")
    return ProjectEnvironments(root)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many template combinations were rendered, and tested on each database.

    Matrix tests record ``("matrix", "<framework>:<stage>:<database>")`` with ``record_property``.
    """
    counts: Counter[str] = Counter()
    for report in terminalreporter.stats.get("passed", []):
        if report.when != "call":
            continue
        for name, value in getattr(report, "user_properties", []):
            if name == "matrix":
                counts[value] += 1
    if not counts:
        return
    terminalreporter.section("template matrix")
    for framework in sorted({key.split(":")[0] for key in counts}):
        stages = ("rendered", "static-checked", "tested", "tested-redis", "served")
        for stage in (*stages, "served-json-logs", "serverless"):
            per_db = {
                key.split(":")[2]: n
                for key, n in counts.items()
                if key.startswith(f"{framework}:{stage}:")
            }
            if per_db:
                detail = ", ".join(f"{db} {n}" for db, n in sorted(per_db.items()))
                terminalreporter.write_line(
                    f"{framework}: {stage} {sum(per_db.values())} combinations ({detail})"
                )


@pytest.fixture
def stackpick_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty stackpick data folder (template store) for this test only."""
    home = tmp_path / "stackpick-home"
    monkeypatch.setenv("STACKPICK_HOME", str(home))
    return home
