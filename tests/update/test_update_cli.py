"""`stackpick update` and `stackpick check` end to end: built releases, real git, real Copier.

Every scenario runs the installed ``stackpick`` of a release venv as a subprocess
(own STACKPICK_HOME, CI=true, stdin closed) on a copy of a project made by v1.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.update.conftest import (
    PristineProjects,
    Releases,
    commit_all,
    git,
    tree_snapshot,
)
from tests.update.releases import (
    GUNICORN_V2_LINE,
    NEW_TEST,
    OPERATIONS_V1,
    RETIRED,
    RUNBOOK,
    V1,
    V2,
)

pytestmark = pytest.mark.slow

CONFLICT_LINE = "3. Rotate secrets every week (user)."
ADDED_LINE = "5b. Check the error budget (user)."


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """Assert a single ``stackpick: error:`` line, no traceback; return it."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("stackpick: error: ")
    return lines[0]


def answers(project: Path) -> dict[str, object]:
    return yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def status(project: Path) -> list[str]:
    return git(project, "status", "--porcelain", "--untracked-files=all").splitlines()


# --- (a) template changes arrive; edits are kept or become conflicts ---------------


def test_upgrade_merges_template_changes_and_keeps_user_edits(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")
    docs = project / "docs"
    # Same line the template changes (clash), and a line the template does not touch.
    edit(docs / "operations.md", "3. Rotate secrets every quarter.", CONFLICT_LINE)
    edit(
        docs / "operations.md",
        "5. Review the logs weekly.\n",
        f"5. Review the logs weekly.\n{ADDED_LINE}\n",
    )
    # A real project file the template also changes (v2 appends a line at its end).
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_text("# user: tuned for our host\n" + gunicorn.read_text(encoding="utf-8"))
    append(project / "README.md", "\nUser section kept.\n")
    append(docs / "retired.md", "- user item\n")  # dropped by v2, but edited: kept
    append(docs / "old-name.md", "- user runbook line\n")  # renamed by v2 (migration)
    commit_all(project)

    result = releases.run(releases.v2, "update", home=shared_home, cwd=project)

    line = one_line_error(result, 4)
    assert line == (
        "stackpick: error: Update left conflicts in 1 file(s): docs/operations.md. "
        "Resolve the <<<<<<< markers (or run `git mergetool`), then commit"
    )
    assert f"Updated {project}: template v{V1} → v{V2}" in result.stdout
    # git's unmerged state: three stages for the conflicted file, UU in git status.
    stages = git(project, "ls-files", "-u").splitlines()
    assert sorted(entry.split()[2] for entry in stages) == ["1", "2", "3"]
    assert all(entry.endswith("\tdocs/operations.md") for entry in stages)
    porcelain = status(project)
    assert "UU docs/operations.md" in porcelain
    assert " M gunicorn.conf.py" in porcelain
    assert " D docs/legacy.md" in porcelain
    assert " D docs/old-name.md" in porcelain
    assert "?? docs/runbook.md" in porcelain
    assert "?? tests/test_template_v2.py" in porcelain
    assert not any(entry.endswith("README.md") or "retired" in entry for entry in porcelain)

    assert (docs / "operations.md").read_text() == (
        OPERATIONS_V1.replace(
            "3. Rotate secrets every quarter.\n",
            "<<<<<<< before updating\n"
            f"{CONFLICT_LINE}\n"
            "=======\n"
            "3. Rotate secrets every month.\n"
            ">>>>>>> after updating\n",
        )
        .replace("5. Review the logs weekly.\n", f"5. Review the logs weekly.\n{ADDED_LINE}\n")
        .replace("8. Document incidents.", "8. Document incidents in the runbook.")
    )
    text = gunicorn.read_text()
    assert text.startswith("# user: tuned for our host\n")
    assert text.rstrip("\n").endswith(GUNICORN_V2_LINE)
    assert (project / "README.md").read_text().endswith("\nUser section kept.\n")
    assert (project / "tests" / "test_template_v2.py").read_text() == NEW_TEST  # added
    assert not (docs / "legacy.md").exists()  # dropped by the template, unedited: removed
    assert (docs / "retired.md").read_text() == RETIRED + "- user item\n"  # edited: kept
    assert "kept      docs/retired.md" in result.stdout
    # The v2 migration moved the user's edited old-name.md onto the template's new name.
    assert not (docs / "old-name.md").exists()
    assert (docs / "runbook.md").read_text() == RUNBOOK + "- user runbook line\n"
    assert answers(project)["_commit"] == f"v{V2}"


def test_files_added_deleted_and_renamed_by_the_user(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    """Added files stay, deleted files stay deleted, renamed files keep the user's copy.

    The template's version of a file the user renamed is *not* recreated under the
    old name: Copier sees the old path missing from the project and treats it as
    deleted on purpose, so the template's v2 change to that file does not arrive
    anywhere (git history shows the rename; the user merges by hand if wanted).
    """
    project = pristine.copy(tmp_path / "project")
    docs = project / "docs"
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("user file\n")
    (project / ".editorconfig").unlink()
    (docs / "legacy.md").unlink()  # also dropped by v2: stays gone, no conflict
    git(project, "add", "--all")
    git(project, "mv", "docs/operations.md", "docs/ops-guide.md")
    append(docs / "ops-guide.md", "9. User step.\n")
    commit_all(project)

    result = releases.run(releases.v2, "update", home=shared_home, cwd=project)

    assert result.returncode == 0, result.stderr
    assert (project / "notes" / "todo.txt").read_text() == "user file\n"
    assert not (project / ".editorconfig").exists()
    assert not (docs / "legacy.md").exists()
    assert (docs / "ops-guide.md").read_text() == OPERATIONS_V1 + "9. User step.\n"
    assert not (docs / "operations.md").exists()
    porcelain = status(project)
    assert not any(
        name in entry
        for entry in porcelain
        for name in ("todo.txt", ".editorconfig", "legacy.md", "ops-guide.md", "operations.md")
    ), porcelain
    assert git(project, "ls-files", "-u") == ""


# --- answer changes -----------------------------------------------------------------


def test_database_change_updates_dependencies_and_settings(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    """Only an answer changes (same tool version): no "v0.1.0 → v0.1.0" noise."""
    project = pristine.copy(tmp_path / "project")
    before = (project / "pyproject.toml").read_text()
    assert "psycopg" not in before

    result = releases.run(
        releases.v1, "update", "--data", "database=postgresql", home=shared_home, cwd=project
    )

    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == f"Updated {project}: database → postgresql"
    assert "DATABASE_URL" in result.stdout and ".env.example" in result.stdout
    assert "psycopg" in (project / "pyproject.toml").read_text()
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    assert "db" in compose["services"]
    assert "postgres" in compose["services"]["db"]["image"]
    recorded = answers(project)
    assert recorded["database"] == "postgresql"
    assert recorded["_commit"] == f"v{V1}"
    assert git(project, "ls-files", "-u") == ""


def test_deploy_targets_added_and_removed(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")
    assert answers(project)["deploy"] == ["docker", "paas"]
    docker_files = ["Dockerfile", "compose.yaml", ".dockerignore"]
    serverless_files = ["template.yaml", "Makefile"]
    assert all((project / name).exists() for name in docker_files)

    result = releases.run(
        releases.v1, "update", "--data", "deploy=paas,serverless", home=shared_home, cwd=project
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Updated {project}: deploy → paas,serverless"
    assert not any((project / name).exists() for name in docker_files)
    assert all((project / name).exists() for name in serverless_files)
    assert (project / "Procfile").exists()
    assert answers(project)["deploy"] == ["paas", "serverless"]
    porcelain = status(project)
    for name in docker_files:
        assert f" D {name}" in porcelain
    for name in serverless_files:
        assert f"?? {name}" in porcelain


# --- (b)/(c) another machine: old version from a wheelhouse, offline ---------------


OFFLINE = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "PIP_NO_INDEX": "1",
    "UV_OFFLINE": "1",
}


def test_fresh_clone_fetches_old_template_from_wheelhouse_offline(
    releases: Releases, pristine: PristineProjects, tmp_path: Path
) -> None:
    origin = pristine.copy(tmp_path / "origin")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(origin), str(clone)], check=True)
    home = tmp_path / "new-home"  # only the v2 tool has run here

    result = releases.run(
        releases.v2,
        "update",
        home=home,
        cwd=clone,
        env={**OFFLINE, "PIP_FIND_LINKS": str(releases.wheelhouse)},
    )

    assert result.returncode == 0, result.stderr
    assert f"template v{V1} → v{V2}" in result.stdout
    assert answers(clone)["_commit"] == f"v{V2}"
    assert (clone / "tests" / "test_template_v2.py").exists()
    tags = subprocess.run(
        ["git", "tag"], cwd=home / "template-store.git", capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(tags) == [f"v{V1}", f"v{V2}"]


def test_missing_old_template_names_what_to_install(
    releases: Releases, pristine: PristineProjects, tmp_path: Path
) -> None:
    clone = pristine.copy(tmp_path / "project")
    before = tree_snapshot(clone)
    empty = tmp_path / "empty-wheelhouse"
    empty.mkdir()

    result = releases.run(
        releases.v2,
        "update",
        home=tmp_path / "new-home",
        cwd=clone,
        env={**OFFLINE, "PIP_FIND_LINKS": str(empty)},
    )

    line = one_line_error(result, 1)
    assert f"stackpick=={V1}" in line
    assert "PIP_FIND_LINKS" in line
    assert tree_snapshot(clone) == before
    assert status(clone) == []


# --- refusals -------------------------------------------------------------------------


def test_dirty_tree_is_refused(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")
    append(project / "README.md", "uncommitted\n")
    (project / "scratch.txt").write_text("new\n")
    before = tree_snapshot(project)

    result = releases.run(releases.v2, "update", home=shared_home, cwd=project)

    line = one_line_error(result, 1)
    assert "uncommitted changes (README.md, scratch.txt)" in line
    assert "Commit or stash them first" in line
    assert tree_snapshot(project) == before


def test_framework_switch_is_refused(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")
    before = tree_snapshot(project)
    result = releases.run(
        releases.v2, "update", "--data", "framework=django", home=shared_home, cwd=project
    )
    line = one_line_error(result, 2)
    assert "from flask to django is not supported" in line
    assert tree_snapshot(project) == before


def test_not_a_project_is_refused(releases: Releases, shared_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "app.py").write_text("print('hi')\n")
    for command in ("update", "check"):
        result = releases.run(releases.v2, command, str(folder), home=shared_home)
        line = one_line_error(result, 1)
        assert "is not a stackpick project (no .copier-answers.yml)" in line
    assert [p.name for p in folder.iterdir()] == ["app.py"]


def test_new_on_an_existing_project_says_update(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")
    result = releases.run(
        releases.v2, "new", str(project), "--framework", "flask", "--defaults", home=shared_home
    )
    line = one_line_error(result, 1)
    assert "is already a stackpick project" in line
    assert f"Run `stackpick update {project}`" in line


# --- no-op and --pretend ------------------------------------------------------------


def test_noop_update_renders_nothing(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")
    store = shared_home / "template-store.git"
    store_before = tree_snapshot(store)
    cache = shared_home / "copier-cache"
    cache_before = tree_snapshot(cache) if cache.exists() else None

    result = releases.run(
        releases.v1,
        "update",
        home=shared_home,
        cwd=project,
        python_flags=("-X", "importtime"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Already up to date: template v{V1}, no answer changed.\n"
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "generator" in imported
    assert not {"copier", "jinja2", "questionary", "plumbum"} & imported
    assert tree_snapshot(store) == store_before
    assert (tree_snapshot(cache) if cache.exists() else None) == cache_before
    assert status(project) == []


def test_pretend_shows_changes_and_writes_nothing(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")
    edit(project / "docs" / "operations.md", "3. Rotate secrets every quarter.", CONFLICT_LINE)
    commit_all(project)
    before = tree_snapshot(project)
    head = git(project, "rev-parse", "HEAD")

    result = releases.run(releases.v2, "update", "--pretend", home=shared_home, cwd=project)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Would update {project}: template v{V1} → v{V2}"
    assert "  CONFLICT  docs/operations.md" in lines
    assert "  added     tests/test_template_v2.py" in lines
    assert "  removed   docs/legacy.md" in lines
    assert lines[-2:] == ["1 file(s) would get conflict markers.", "Nothing was written."]
    assert tree_snapshot(project) == before
    assert status(project) == []
    assert git(project, "rev-parse", "HEAD") == head


# --- check ----------------------------------------------------------------------------


def test_check_current_outdated_and_json(
    releases: Releases, pristine: PristineProjects, shared_home: Path, tmp_path: Path
) -> None:
    project = pristine.copy(tmp_path / "project")

    current = releases.run(releases.v1, "check", home=shared_home, cwd=project)
    assert current.returncode == 0, current.stderr
    assert current.stdout == f"Up to date: template v{V1}.\n"

    outdated = releases.run(releases.v2, "check", str(project), home=shared_home)
    assert outdated.returncode == 3, outdated.stderr
    assert outdated.stdout == (
        f"Update available: template v{V1} → v{V2}. Run `stackpick update` to take it.\n"
    )

    as_json = releases.run(releases.v2, "check", "--json", str(project), home=shared_home)
    assert as_json.returncode == 3
    assert json.loads(as_json.stdout) == {
        "path": str(project),
        "project_version": V1,
        "installed_version": V2,
        "status": "outdated",
        "update_available": True,
    }
    current_json = releases.run(releases.v1, "check", "--json", home=shared_home, cwd=project)
    assert current_json.returncode == 0
    assert json.loads(current_json.stdout)["update_available"] is False
