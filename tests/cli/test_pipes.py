"""The CLI behaves like a Unix tool when its reader goes away."""

from __future__ import annotations

import subprocess

from tests.support.cli import STACKPICK, cli_env


def test_closed_pipe_ends_quietly() -> None:
    pipeline = f"'{STACKPICK}' recommend --set goals=social,commerce --no-input | head -c 20"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", pipeline],
        capture_output=True,
        text=True,
        env=cli_env(COLUMNS="100"),
        timeout=60,
        check=False,
    )
    assert len(result.stdout) == 20
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
    assert result.returncode in (0, 141)
