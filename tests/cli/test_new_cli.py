"""`stackpick new` without a terminal: flags, safety rules, and what lands in DEST."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.template.store import TEMPLATE_URL
from tests.support.cli import assert_one_line_error, cli_env, run_cli
from tests.support.git import git


@pytest.fixture
def env(stackpick_home: Path) -> dict[str, str]:
    return cli_env(STACKPICK_HOME=str(stackpick_home), CI="true")


def answers_of(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def test_flask_defaults_make_a_committed_project(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli("new", "shop", "--framework", "flask", "--defaults", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "shop"
    assert "Created a Flask project" in result.stdout
    assert "Initialised a git repository" in result.stdout
    recorded = answers_of(project)
    assert recorded["_src_path"] == TEMPLATE_URL
    assert recorded["_commit"].startswith("v")
    assert recorded["framework"] == "flask" and recorded["database"] == "sqlite"
    assert git(project, "status", "--porcelain") == ""
    assert len(git(project, "log", "--oneline").splitlines()) == 1
    tracked = git(project, "ls-files").splitlines()
    assert ".copier-answers.yml" in tracked and ".stackpick.yml" in tracked
    assert ".env" not in tracked and (project / ".env").is_file()
    assert "replace-me" not in (project / ".env").read_text()
    assert not list(project.glob(".stackpick-staging-*"))
    assert "Next steps:" in result.stdout and "cd shop" in result.stdout
    assert "flask --app shop.wsgi db upgrade" in result.stdout  # named after DEST


def test_each_project_gets_its_own_secret(tmp_path: Path, env: dict[str, str]) -> None:
    for name in ("one", "two"):
        assert (
            run_cli(
                "new", name, "--framework", "django", "--defaults", cwd=tmp_path, env=env
            ).returncode
            == 0
        )
    secrets = [
        next(
            line
            for line in (tmp_path / name / ".env").read_text().splitlines()
            if line.startswith("DJANGO_SECRET_KEY=")
        )
        for name in ("one", "two")
    ]
    assert secrets[0] != secrets[1]
    assert all(len(secret.split("=", 1)[1]) >= 50 for secret in secrets)


def test_recommendation_picks_the_framework_and_is_recorded(
    tmp_path: Path, env: dict[str, str]
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"goals": ["commerce", "b2b_secure"], "size": "large"}))
    result = run_cli(
        "new", "store", "--answers", str(answers), "--data", "api=drf", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "Recommended: Django" in result.stdout
    project = tmp_path / "store"
    assert answers_of(project)["framework"] == "django"
    assert answers_of(project)["api"] == "drf"
    record = yaml.safe_load((project / ".stackpick.yml").read_text())
    assert record["questionnaire"] == {"goals": ["commerce", "b2b_secure"], "size": "large"}
    assert record["recommendation"]["framework"] == "django"
    assert record["recommendation"]["reasons"]


def test_questionnaire_suggests_template_defaults(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli(
        "new",
        "fn",
        "--set",
        "goals=serverless,rest_api",
        "--set",
        "database=none",
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    recorded = answers_of(tmp_path / "fn")
    assert recorded["framework"] == "flask"
    assert recorded["database"] == "none"
    assert "serverless" in recorded["deploy"]


def test_dest_defaults_to_the_project_name(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli(
        "new", "--framework", "flask", "--data", "project_name=Acme Orders", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "acme-orders" / "src" / "acme_orders").is_dir()


def test_pretend_lists_files_and_writes_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli("new", "preview", "--framework", "django", "--pretend", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "nothing was written" in result.stdout
    assert "  manage.py" in result.stdout and "  .copier-answers.yml" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stackpick-home"]


def test_no_git(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli("new", "plain", "--framework", "flask", "--no-git", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "plain" / ".git").exists()
    assert "git init" in result.stdout  # the next steps say how to put it in git


def test_inside_an_existing_repository(tmp_path: Path, env: dict[str, str]) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path / "mono")], check=True)
    result = run_cli("new", "services/api", "--framework", "flask", cwd=tmp_path / "mono", env=env)
    assert result.returncode == 0, result.stderr
    assert "inside the git repository" in result.stdout
    assert not (tmp_path / "mono" / "services" / "api" / ".git").exists()


def test_non_empty_destination_is_refused_and_untouched(
    tmp_path: Path, env: dict[str, str]
) -> None:
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine\n")
    (dest / "data").mkdir()
    result = run_cli("new", "busy", "--framework", "flask", cwd=tmp_path, env=env)
    assert_one_line_error(result, 1, "not empty", "data", "notes.txt")
    assert sorted(p.name for p in dest.iterdir()) == ["data", "notes.txt"]
    assert (dest / "notes.txt").read_text() == "mine\n"


def test_existing_project_points_to_update(tmp_path: Path, env: dict[str, str]) -> None:
    assert run_cli("new", "app", "--framework", "flask", cwd=tmp_path, env=env).returncode == 0
    result = run_cli("new", "app", "--framework", "flask", cwd=tmp_path, env=env)
    assert_one_line_error(result, 1, "already a stackpick project", "stackpick update")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (["project_name=9 lives"], ["project_name", "Start with a letter"]),
        (["package_name=class"], ["package_name", "keyword"]),
        (["database=oracle"], ["database", "sqlite, postgresql, mysql, none"]),
        (["colour=blue"], ["colour", "Known keys"]),
        (["api=drf"], ["api", "does not apply"]),
        (["deploy=docker,lambda"], ["deploy", "docker, paas, serverless"]),
    ],
)
def test_bad_flask_answers_exit_2(
    tmp_path: Path, env: dict[str, str], data: list[str], words: list[str]
) -> None:
    args = [arg for item in data for arg in ("--data", item)]
    result = run_cli("new", "x", "--framework", "flask", *args, cwd=tmp_path, env=env)
    assert_one_line_error(result, 2, *words)
    assert not (tmp_path / "x").exists()


def test_flask_only_options_are_refused_for_django(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_cli(
        "new", "x", "--framework", "django", "--data", "deploy=serverless", cwd=tmp_path, env=env
    )
    assert_one_line_error(result, 2, "deploy", "Flask-only", "docker, paas")
    result = run_cli(
        "new", "x", "--framework", "django", "--data", "database=none", cwd=tmp_path, env=env
    )
    assert_one_line_error(result, 2, "database", "need a database")


def test_unknown_framework_and_recommender_key(tmp_path: Path, env: dict[str, str]) -> None:
    assert_one_line_error(
        run_cli("new", "x", "--framework", "rails", cwd=tmp_path, env=env), 2, "rails"
    )
    assert_one_line_error(
        run_cli("new", "x", "--set", "budget=high", cwd=tmp_path, env=env), 2, "budget"
    )
    # A framework given as a template answer is checked by the template's own question.
    assert_one_line_error(
        run_cli("new", "x", "--data", "framework=rails", cwd=tmp_path, env=env),
        2,
        "framework",
        "flask, django",
    )


def test_generating_needs_no_network(tmp_path: Path, env: dict[str, str]) -> None:
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to cut the network for this test")
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("this machine does not allow network namespaces (needs root)")
    result = run_cli(
        "new",
        "offline",
        "--framework",
        "django",
        "--data",
        "database=postgresql",
        cwd=tmp_path,
        env=env,
        prefix=("unshare", "--net"),
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "offline" / "manage.py").is_file()


def test_nothing_is_written_outside_dest(tmp_path: Path, env: dict[str, str]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("x")
    before = sorted(p.relative_to(work) for p in work.rglob("*"))
    assert run_cli("new", "proj", "--framework", "flask", cwd=work, env=env).returncode == 0
    after = sorted(p.relative_to(work) for p in work.rglob("*"))
    assert [p for p in after if p not in before and p.parts[0] != "proj"] == []
