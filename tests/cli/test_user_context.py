"""Defaults that fit the user, and the small promises of every command (issue 9)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.cli import cli_env, run_cli


@pytest.fixture
def home(tmp_path: Path, stackpick_home: Path) -> dict[str, str]:
    """An environment with its own git config, preferences file and cookiecutterrc."""
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Git Person\n\temail = git@example.org\n")
    return cli_env(
        STACKPICK_HOME=str(stackpick_home),
        CI="true",
        GIT_CONFIG_GLOBAL=str(gitconfig),
        STACKPICK_CONFIG=str(tmp_path / "prefs.toml"),
        COOKIECUTTER_CONFIG=str(tmp_path / "cookiecutterrc"),
    )


def answers_of(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def new(tmp_path: Path, env: dict[str, str], dest: str, *args: str) -> dict:
    result = run_cli(
        "new", dest, "--framework", "flask", "--defaults", *args, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    return answers_of(tmp_path / dest)


def test_defaults_follow_the_documented_precedence(tmp_path: Path, home: dict[str, str]) -> None:
    # git only
    answers = new(tmp_path, home, "pet-store")
    assert answers["project_name"] == "pet-store"  # DEST's folder name
    assert answers["package_name"] == "pet_store"
    assert (answers["author_name"], answers["author_email"]) == ("Git Person", "git@example.org")

    # cookiecutterrc beats git
    (tmp_path / "cookiecutterrc").write_text(
        "default_context:\n  full_name: Cookie Person\n  email: cookie@example.org\n"
    )
    answers = new(tmp_path, home, "two")
    assert (answers["author_name"], answers["author_email"]) == (
        "Cookie Person",
        "cookie@example.org",
    )

    # preferences beat cookiecutterrc (and hold any template answer)
    (tmp_path / "prefs.toml").write_text(
        '[defaults]\nauthor_name = "Pref Person"\ndatabase = "postgresql"\n'
    )
    answers = new(tmp_path, home, "three")
    assert answers["author_name"] == "Pref Person"
    assert answers["author_email"] == "cookie@example.org"
    assert answers["database"] == "postgresql"

    # the answers file beats preferences; flags beat the answers file
    (tmp_path / "answers.yml").write_text("author_name: File Person\nauthor_email: f@example.org\n")
    answers = new(
        tmp_path,
        home,
        "four",
        "--answers",
        "answers.yml",
        "--data",
        "author_email=flag@example.org",
    )
    assert answers["author_name"] == "File Person"
    assert answers["author_email"] == "flag@example.org"


def test_a_broken_preferences_file_is_one_line_exit_2(tmp_path: Path, home: dict[str, str]) -> None:
    (tmp_path / "prefs.toml").write_text("[defaults\n")
    result = run_cli("new", "x", "--framework", "flask", "--defaults", cwd=tmp_path, env=home)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "prefs.toml" in result.stderr and "STACKPICK_CONFIG" in result.stderr


@pytest.mark.parametrize("name", ["flask", "test", "django", "site", "users", "config", "core"])
def test_a_taken_name_given_with_data_is_exit_2_with_a_suggestion(
    tmp_path: Path, home: dict[str, str], name: str
) -> None:
    result = run_cli(
        "new", "x", "--framework", "flask", "--data", f"package_name={name}", cwd=tmp_path, env=home
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert f'try "{name}_app"' in result.stderr
    assert not (tmp_path / "x").exists()


def test_next_steps_quote_the_folder(tmp_path: Path, home: dict[str, str]) -> None:
    result = run_cli(
        "new", "it's my app", "--framework", "flask", "--defaults", cwd=tmp_path, env=home
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("cd "))
    command = line.split("#")[0].strip()
    shown = subprocess.run(
        ["bash", "-c", f"{command} && pwd"], cwd=tmp_path, capture_output=True, text=True
    )
    assert shown.returncode == 0 and shown.stdout.strip().endswith("it's my app")


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_write_errors_are_one_line_and_exit_1(stream: str, tmp_path: Path) -> None:
    from tests.support.cli import STACKPICK

    args = [str(STACKPICK), "recommend", "--json", "--set", "goals=prototype"]
    if stream == "stderr":
        args = [str(STACKPICK), "recommend", "--set", "size=huge"]  # an error on stderr
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            args,
            stdout=full if stream == "stdout" else subprocess.PIPE,
            stderr=full if stream == "stderr" else subprocess.PIPE,
            text=True,
            env=cli_env(CI="true"),
        )
    if stream == "stdout":
        assert result.returncode == 1
        assert (
            result.stderr.strip()
            == "stackpick: error: cannot write output: No space left on device"
        )
    else:
        assert result.returncode in (1, 2)  # the usage error stands; nothing crashes
        assert "Traceback" not in (result.stdout or "")


def test_check_json_is_json_even_for_errors(tmp_path: Path) -> None:
    result = run_cli("check", "--json", str(tmp_path), env=cli_env(CI="true"))
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert body["status"] == "error" and "not a stackpick project" in body["error"]


def test_subcommand_usage_errors_name_the_subcommand_help() -> None:
    result = run_cli("new", "--bogus", env=cli_env(CI="true"))
    assert result.returncode == 2
    assert "`stackpick new --help`" in result.stderr


def test_binary_answers_file_has_a_readable_reason(tmp_path: Path) -> None:
    (tmp_path / "answers.yml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    result = run_cli("recommend", "--answers", "answers.yml", cwd=tmp_path, env=cli_env(CI="true"))
    assert result.returncode == 2
    assert "UnicodeDecodeError" not in result.stderr
    assert "not UTF-8 text" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_set_database_hints_at_data() -> None:
    result = run_cli("recommend", "--set", "database=postgresql", env=cli_env(CI="true"))
    assert result.returncode == 2
    assert "--data database=postgresql" in result.stderr


def test_update_of_a_project_from_a_newer_stackpick_exits_5(
    tmp_path: Path, home: dict[str, str]
) -> None:
    new(tmp_path, home, "future")
    project = tmp_path / "future"
    answers = project / ".copier-answers.yml"
    text = answers.read_text()
    answers.write_text(
        text.replace(f"_commit: {answers_of(project)['_commit']}", "_commit: v99.0.0")
    )
    subprocess.run(["git", "commit", "-qam", "future"], cwd=project, check=True, env=home)
    result = run_cli("update", cwd=project / "src", env=home)  # from a subfolder
    assert result.returncode == 5, result.stderr
    assert "newer than this stackpick" in result.stderr
    assert "5 project made by a newer stackpick" in run_cli("update", "--help", env=home).stdout
    check = run_cli("check", cwd=project / "src", env=home)  # check finds the root too
    assert check.returncode == 0 and "newer than this" in check.stdout
