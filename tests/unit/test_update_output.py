"""What `stackpick update` and `check` report, from their results (no rendering)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.commands import update as update_command
from generator.project.check import CheckResult
from generator.project.meta import ProjectRecord
from generator.project.update import UpdatePlan, UpdateResult


@pytest.mark.parametrize(
    ("project", "installed", "status"),
    [
        ("0.1.0", "0.2.0", "outdated"),
        ("0.2.0", "0.2.0", "current"),
        ("0.2.0+dev.abc123", "0.2.0", "current"),
        ("0.3.0", "0.2.0", "ahead"),
    ],
)
def test_check_status(project: str, installed: str, status: str) -> None:
    result = CheckResult(Path("p"), project, installed)
    assert result.status == status
    assert result.to_dict()["update_available"] is (status == "outdated")


def _result(changes: dict[str, object], versions: tuple[str, str]) -> UpdateResult:
    record = ProjectRecord(Path("/p"), {"framework": "flask"}, "url", f"v{versions[0]}")
    plan = UpdatePlan(record, versions[0], versions[1], changes)
    return UpdateResult(plan, "updated", [("M", "pyproject.toml")], [], ["docs/x.md"])


def test_answer_only_output_has_no_version_arrow_and_reminds_about_env(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    changes = {"database": "postgresql", "deploy": ["docker"], "update_check_job": True}
    result = _result(changes, ("0.1.0", "0.1.0"))
    monkeypatch.setattr("generator.project.update.update_project", lambda *a, **k: result)
    args = argparse.Namespace(path=Path("/p"), data=[], defaults=True, pretend=False)
    assert update_command.run(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Updated /p: database → postgresql; deploy → docker; update_check_job → yes"
    assert "  merged    pyproject.toml" in lines
    assert "  kept      docs/x.md (dropped by the template, but you had edited it)" in lines
    assert any("DATABASE_URL" in line and ".env.example" in line for line in lines)


def test_upgrade_output_names_both_versions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _result({}, ("0.1.0", "0.2.0"))
    monkeypatch.setattr("generator.project.update.update_project", lambda *a, **k: result)
    args = argparse.Namespace(path=Path("/p"), data=[], defaults=True, pretend=False)
    assert update_command.run(args) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Updated /p: template v0.1.0 → v0.2.0"
    assert "DATABASE_URL" not in out
