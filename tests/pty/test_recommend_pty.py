"""`stackpick recommend` in a real pseudo-terminal, answered with real keystrokes."""

from __future__ import annotations

import re

import pytest

from tests.support.cli import KEYS, finish, spawn_cli

pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

DOWN, SPACE, ENTER, CTRL_C = KEYS["down"], KEYS["space"], KEYS["enter"], KEYS["ctrl_c"]


def spawn(*args: str, **env_extra: str):
    """``stackpick recommend ARGS`` in a 40x120 xterm."""
    return spawn_cli("recommend", *args, **env_extra)


def test_questionnaire_answered_with_keystrokes() -> None:
    child, log = spawn()
    child.expect("What are you building")
    child.send(SPACE)  # A quick prototype or MVP
    child.send(DOWN)
    child.send(SPACE)  # A REST / JSON API
    child.send(ENTER)
    child.expect("How big will the project get")
    child.send(DOWN + DOWN)  # from "Not sure yet" (the default), past "← Back", to "Small"
    child.send(ENTER)
    child.expect("Where will the data live")
    child.send(ENTER)  # Not sure yet
    child.expect("admin pages, user accounts")
    child.send(DOWN * 3)  # Not sure -> ← Back -> Yes -> No
    child.send(ENTER)
    child.expect("heavy traffic")
    child.send(ENTER)
    child.expect("learning curve")
    child.send(ENTER)
    child.expect("learn and gain experience")
    child.send(ENTER)
    code, out = finish(child, log)

    assert code == 0, out
    assert "Traceback" not in out
    result = out[out.index("Recommendation:") :]
    assert result.startswith("Recommendation: Flask")
    assert re.search(r"Flask +█{24}  8 points", result)
    assert re.search(r"Django +░{24}  0 points", result)
    assert "Clear result: Flask leads Django by 8 points." in result
    for rule_text in ("quick prototype", "REST/JSON", "small, simple project", "do not need admin"):
        assert rule_text in result
    assert (
        "Not answered (counts for neither side): database, scale, learning_curve_priority" in result
    )
    assert "How they compare" in result and "* Architecture" in result


def test_known_answers_are_not_asked_again() -> None:
    child, log = spawn(
        "--set", "goals=social,commerce", "--set", "size=large", "--set", "full_stack=yes"
    )
    child.expect("Where will the data live")
    assert "What are you building" not in child.before
    assert "How big" not in child.before
    for _ in range(4):  # database, scale, learning curve, team learning: all "Not sure yet"
        child.send(ENTER)
    code, out = finish(child, log)
    assert code == 0
    assert "What are you building" not in out and "How big" not in out
    assert "Recommendation: Django" in out
    assert "7 points" in out


def test_ctrl_c_mid_questionnaire_prints_one_line_and_exits_130() -> None:
    child, log = spawn()
    child.expect("What are you building")
    child.send(SPACE + ENTER)
    child.expect("How big will the project get")
    child.send(CTRL_C)
    code, out = finish(child, log)
    assert code == 130
    assert "Traceback" not in out
    assert "KeyboardInterrupt" not in out
    tail = [line for line in out.splitlines() if line.strip()][-1]
    assert tail.startswith("stackpick: Cancelled. Nothing was written")
    assert "Recommendation:" not in out


def test_ci_true_on_a_terminal_never_prompts() -> None:
    child, log = spawn("--set", "goals=serverless", CI="true")
    code, out = finish(child, log)
    assert code == 0
    assert "?" not in out.split("Recommendation:")[0]
    assert "Recommendation: Flask" in out
