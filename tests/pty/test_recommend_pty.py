"""`stackpick recommend` in a real pseudo-terminal, answered with real keystrokes."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

STACKPICK = Path(sys.executable).parent / "stackpick"
DOWN, SPACE, ENTER, CTRL_C = "\x1b[B", " ", "\r", "\x03"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def spawn(*args: str, **env_extra: str) -> tuple[pexpect.spawn, io.StringIO]:
    """Start the installed console script in a 40x120 xterm, recording what it prints."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm", COLUMNS="120", LINES="40", **env_extra)
    # pexpect does not answer cursor-position requests as a terminal emulator would;
    # without this prompt_toolkit waits for each reply before giving up.
    env.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")
    child = pexpect.spawn(
        str(STACKPICK),
        ["recommend", *args],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=20,
    )
    log = io.StringIO()
    child.logfile_read = log
    return child, log


def finish(child: pexpect.spawn, log: io.StringIO) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, ANSI.sub("", log.getvalue())


def test_questionnaire_answered_with_keystrokes() -> None:
    child, log = spawn()
    child.expect("What are you building")
    child.send(SPACE)  # A quick prototype or MVP
    child.send(DOWN)
    child.send(SPACE)  # A REST / JSON API
    child.send(ENTER)
    child.expect("How big will the project get")
    child.send(DOWN)  # from "Not sure yet" (the default) round to "Small and simple"
    child.send(ENTER)
    child.expect("Where will the data live")
    child.send(ENTER)  # Not sure yet
    child.expect("admin pages, user accounts")
    child.send(DOWN + DOWN)  # Not sure -> Yes -> No
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
    assert "Not answered (counts for neither side): learning_curve_priority" in result
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
