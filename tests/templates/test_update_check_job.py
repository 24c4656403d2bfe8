"""The optional CI job that runs `stackpick check` in a generated project (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.checks import static_problems
from tests.support.rendering import render


@pytest.mark.parametrize("framework", ["flask", "django"])
@pytest.mark.parametrize("enabled", [True, False], ids=["with-job", "without-job"])
def test_update_check_job(
    template_snapshot: Path, tmp_path: Path, framework: str, enabled: bool
) -> None:
    project = render(
        template_snapshot,
        tmp_path / "project",
        {"framework": framework, "update_check_job": enabled},
    )
    assert static_problems(project) == []  # actionlint included
    jobs = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())["jobs"]
    assert ("template-update" in jobs) == enabled
    if enabled:
        commands = [step.get("run", "") for step in jobs["template-update"]["steps"]]
        assert "stackpick check" in commands
