"""`stackpick recommend` and the top-level CLI, as a subprocess and in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.cli import main
from tests.support.cli import assert_one_line_error, cli_env, run_cli

BIN = Path(sys.executable).parent
STACKPICK = BIN / "stackpick"
HEAVY = ("questionary", "prompt_toolkit", "copier", "jinja2", "yaml")


def run_module(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` without a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env or cli_env(),
        input=stdin if stdin is not None else "",
    )


def assert_usage_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with one ``stackpick: error:`` line naming ``words``, and nothing on stdout."""
    assert_one_line_error(result, 2, *words)
    assert result.stdout == ""


# --- package, version and help -------------------------------------------------


@pytest.mark.parametrize("command", ["module", "script"])
def test_version(command: str) -> None:
    argv = [sys.executable, "-m", "generator"] if command == "module" else [str(STACKPICK)]
    result = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"stackpick {__version__}"


def test_help_lists_every_subcommand() -> None:
    result = run_module("--help")
    assert result.returncode == 0
    for name in ("recommend", "new", "update", "check"):
        assert name in result.stdout
    assert "exit codes" in result.stdout


@pytest.mark.parametrize("name", ["recommend", "new", "update", "check"])
def test_each_subcommand_has_help(name: str) -> None:
    result = run_module(name, "--help")
    assert result.returncode == 0, result.stderr
    assert f"usage: stackpick {name}" in result.stdout


def test_recommend_help_documents_keys_tie_break_and_exit_codes() -> None:
    out = run_module("recommend", "--help").stdout
    for word in (
        "--answers",
        "--set",
        "--json",
        "--no-input",
        "learning_curve_priority",
        "tie-break",
        "close call",
        "130",
    ):
        assert word in out


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "usage: stackpick" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["recommend", "--help"],
        ["recommend", "--json", "--set", "goals=rest_api"],
        ["recommend", "--no-input"],
    ],
    ids=["help", "version", "recommend-help", "recommend-json", "recommend-no-input"],
)
def test_fast_paths_import_nothing_heavy(argv: list[str]) -> None:
    """Correctness, not timing: these paths must not import questionary, copier, jinja2, yaml."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "generator" in imported
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


# --- non-interactive recommend ----------------------------------------------------


def test_json_output_shape_from_the_console_script() -> None:
    result = subprocess.run(
        [str(STACKPICK), "recommend", "--json", "--set", "goals=rest_api,social,commerce"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["framework"] == "django"
    assert data["scores"] == {"flask": 2, "django": 4}
    assert data["close_call"] is False
    assert [r["rule"] for r in data["reasons"]] == [
        "flask-static-or-rest",
        "django-social",
        "django-commerce",
    ]
    for reason in data["reasons"]:
        assert set(reason) >= {"rule", "framework", "text"}
        assert reason["framework"] in ("flask", "django")


def test_json_with_nothing_known_reports_the_tie_break() -> None:
    data = json.loads(run_module("recommend", "--json").stdout)
    assert data["framework"] == "flask"
    assert data["scores"] == {"flask": 0, "django": 0}
    assert data["close_call"] is True
    assert data["reasons"][0]["rule"] == "tie-break"


def test_without_a_terminal_it_never_prompts_and_prints_the_report() -> None:
    result = run_module("recommend", "--set", "size=small")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Recommendation: Flask")
    assert "Not answered (counts for neither side): goals" in result.stdout
    assert "?" not in result.stdout.splitlines()[0]


@pytest.mark.parametrize("suffix", [".yml", ".json"])
def test_answers_file_and_overrides(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"answers{suffix}"
    data = {"goals": ["social"], "size": "large", "scale": True}
    path.write_text(
        json.dumps(data) if suffix == ".json" else "goals: [social]\nsize: large\nscale: yes\n"
    )
    result = run_module("recommend", "--answers", str(path), "--json")
    assert json.loads(result.stdout)["scores"] == {"flask": 0, "django": 5}
    result = run_module(
        "recommend",
        "--answers",
        str(path),
        "--json",
        "--set",
        "goals=rest_api,prototype",
        "--set",
        "size=small",
        "--set",
        "scale=",
    )
    out = json.loads(result.stdout)
    assert out["framework"] == "flask"
    assert out["scores"] == {"flask": 6, "django": 0}


def test_in_process_main_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["recommend", "--json", "--set", "database=nosql", "--set", "scale=yes"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert data["scores"] == {"flask": 1, "django": 2}
    assert data["close_call"] is True


def test_ci_true_never_prompts_even_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["recommend", "--set", "goals=social"]) == 0
    assert capsys.readouterr().out.startswith("Recommendation: Django")


# --- errors: one line, exit 2, no traceback ---------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--set", "colour=blue"], ["'colour'", "Allowed keys: goals, size"]),
        (["--set", "size=medium"], ["'size'", "Allowed values: small, large"]),
        (["--set", "goals=blog"], ["'goals'", "prototype, rest_api"]),
        (["--set", "scale=maybe"], ["'scale'", "yes, no (also y/n, true/false, on/off, 1/0)"]),
        (["--set", "database=mysql"], ["'database'", "none, nosql, relational"]),
        (["--set", "size"], ["expected key=value"]),
        (["--answers", "/nonexistent/answers.yml"], ["not found", "/nonexistent/answers.yml"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], words: list[str]) -> None:
    assert_usage_error(run_module("recommend", *args), *words)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bad.yml", "goals: [social\n", ["not valid YAML"]),
        ("bad.json", "{nope", ["not valid JSON"]),
        ("keys.yml", "framework: django\n", ["'framework'", "Allowed keys"]),
        ("value.yml", "size: huge\n", ["'size'", "small, large"]),
        ("list.yml", "- social\n", ["mapping"]),
    ],
)
def test_bad_answers_file_is_one_line_and_exit_2(
    tmp_path: Path, name: str, content: str, words: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert_usage_error(run_module("recommend", "--answers", str(path), "--json"), *words)


def test_in_process_errors_map_to_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", "--set", "size=tiny"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'size'" in err and "Traceback" not in err


def test_short_yes_no_words_work_with_set() -> None:
    """`--set full_stack=y` is accepted like `--data update_check_job=y` (one vocabulary)."""
    result = run_cli("recommend", "--json", "--set", "full_stack=y", "--set", "scale=N")
    assert result.returncode == 0, result.stderr
    assert "full_stack" not in json.loads(result.stdout)["unknown"]
