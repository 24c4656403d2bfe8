"""`stackpick update` adds and removes the Kubernetes target on a project it made.

The project is made by the stackpick under test (``python -m generator new``, own
STACKPICK_HOME, CI=true) and committed; the update then runs the same stackpick.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.git import commit_all, git
from tests.update.conftest import run_current

pytestmark = pytest.mark.slow

MANIFESTS = "deploy/kubernetes/base/manifests"


def test_kubernetes_is_added_and_removed_keeping_edited_manifests(tmp_path: Path) -> None:
    home, project = tmp_path / "home", tmp_path / "project"
    made = run_current(
        home,
        tmp_path,
        "new",
        str(project),
        "--framework",
        "flask",
        "--defaults",
        "--data",
        "database=postgresql",
        "--data",
        "deploy=docker,paas",
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert not (project / "deploy").exists()
    if not (project / ".git").exists():
        git(project, "init", "-q")
    commit_all(project, "made", allow_empty=True)

    added = run_current(home, project, "update", "--data", "deploy=docker,kubernetes")
    assert added.returncode == 0, added.stdout + added.stderr
    manifests = sorted(p.name for p in (project / MANIFESTS).glob("*.yaml"))
    assert "web-deployment.yaml" in manifests and "migrate-job.yaml" in manifests
    assert (project / "deploy/kubernetes/overlays/production/kustomization.yaml").exists()
    assert "conflict" not in (added.stdout + added.stderr).lower()
    assert not list(project.rglob("*.rej"))
    assert "<<<<<<<" not in (project / "README.md").read_text(encoding="utf-8")
    commit_all(project, "kubernetes")

    edited = project / MANIFESTS / "hpa.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("maxReplicas: 6", "maxReplicas: 12"),
        encoding="utf-8",
    )
    commit_all(project, "more pods")

    removed = run_current(home, project, "update", "--data", "deploy=docker")
    output = removed.stdout + removed.stderr
    assert removed.returncode == 0, output
    assert edited.exists() and "maxReplicas: 12" in edited.read_text(encoding="utf-8")
    assert "kept" in output and "hpa.yaml" in output, output
    assert not (project / MANIFESTS / "web-deployment.yaml").exists()
    assert not (project / "deploy/kubernetes/overlays/staging/kustomization.yaml").exists()
