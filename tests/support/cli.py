"""Run the real ``stackpick`` command: as a plain subprocess, or in a pseudo-terminal."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

STACKPICK = Path(sys.executable).parent / "stackpick"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
KEYS = {"down": "\x1b[B", "up": "\x1b[A", "space": " ", "enter": "\r", "ctrl_c": "\x03"}


def cli_env(**extra: str) -> dict[str, str]:
    """The test process's environment without CI/colour switches, plus ``extra``.

    The user's stackpick preferences and ~/.cookiecutterrc are kept out (tests that
    need them pass STACKPICK_CONFIG / COOKIECUTTER_CONFIG in ``extra``).
    """
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "FORCE_COLOR", "NO_COLOR")}
    env["STACKPICK_CONFIG"] = "/nonexistent/stackpick-test-config.toml"
    env["COOKIECUTTER_CONFIG"] = "/nonexistent/stackpick-test-cookiecutterrc"
    env.update(extra)
    return env


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str = "",
    prefix: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run ``stackpick ARGS`` without a terminal (stdin is a pipe)."""
    return subprocess.run(
        [*prefix, str(STACKPICK), *args],
        cwd=cwd,
        env=env or cli_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The command failed with ``code`` and a single ``stackpick: error:`` line."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("stackpick: error: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def spawn_cli(*args: str, cwd: Path | None = None, **env_extra: str) -> tuple[Any, io.StringIO]:
    """Start ``stackpick ARGS`` in a 40x120 xterm; returns (pexpect child, output log)."""
    import pexpect

    env = cli_env(TERM="xterm", COLUMNS="120", LINES="40", **env_extra)
    # pexpect does not answer cursor-position requests as a terminal emulator would;
    # without this prompt_toolkit waits for each reply before giving up.
    env.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")
    child = pexpect.spawn(
        str(STACKPICK),
        list(args),
        cwd=str(cwd) if cwd else None,
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )
    log = io.StringIO()
    child.logfile_read = log
    return child, log


def finish(child: Any, log: io.StringIO) -> tuple[int, str]:
    """Wait for the child to exit; returns (exit status, output without ANSI codes)."""
    import pexpect

    child.expect(pexpect.EOF, timeout=120)
    child.close()
    return child.exitstatus, ANSI.sub("", log.getvalue())
