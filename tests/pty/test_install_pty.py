"""`stackpick new` with the install in a real pseudo-terminal: the review's choice, Ctrl-C."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.errors import EXIT_SETUP
from tests.pty.test_new_pty import TEMPLATE_PROMPTS, accept_defaults
from tests.support.cli import KEYS, finish, spawn_cli
from tests.support.git import git

pytestmark = pytest.mark.pty
DOWN, ENTER, CTRL_C = KEYS["down"], KEYS["enter"], KEYS["ctrl_c"]
INSTALL_LINE = r"Install \(venv, uv.lock, database, tests\)\s+(?:\x1b\[[0-9;]*m)*"
"""The review's install line up to its value (which may be coloured)."""
PATH_WITH_UV = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.fixture
def silent_index() -> Iterator[str]:
    """A package index that accepts connections and never answers: uv waits on it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/simple"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def processes_in(folder: Path) -> list[str]:
    """Processes whose working directory is ``folder`` (a step left running)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if Path(os.readlink(proc / "cwd")) == folder:
                found.append((proc / "cmdline").read_text().replace("\0", " "))
        except OSError:
            continue
    return found


def spawn_new(tmp_path: Path, stackpick_home: Path, *args: str, **env: str) -> Any:
    """`stackpick new shop --framework flask ARGS` in a terminal, with uv on PATH."""
    return spawn_cli(
        "new",
        "shop",
        "--framework",
        "flask",
        *args,
        cwd=tmp_path,
        STACKPICK_HOME=str(stackpick_home),
        PATH=PATH_WITH_UV,
        **env,
    )


def test_the_review_offers_the_install_and_switches_it_off(
    tmp_path: Path, stackpick_home: Path
) -> None:
    child, log = spawn_new(tmp_path, stackpick_home)
    accept_defaults(child, ("Project name", "Python import name", *TEMPLATE_PROMPTS))
    child.expect(INSTALL_LINE + "yes")  # uv is on PATH
    child.expect("Ready")
    child.send(DOWN * 4 + ENTER)  # Switch installing on or off
    child.expect(INSTALL_LINE + "no")
    child.expect("Ready")
    child.send(ENTER)  # Generate the project
    code, out = finish(child, log)
    assert code == 0, out
    assert "Switch installing on or off" in out
    assert "Next steps:" in out and "Installing" not in out
    assert not (tmp_path / "shop" / ".venv").exists()


def test_ctrl_c_during_the_install_step_stops_it_and_commits_the_project(
    tmp_path: Path, stackpick_home: Path, silent_index: str
) -> None:
    child, log = spawn_new(
        tmp_path,
        stackpick_home,
        "--defaults",
        "--install",
        UV_CACHE_DIR=str(tmp_path / "empty-uv-cache"),
        UV_NO_CONFIG="1",
        UV_DEFAULT_INDEX=silent_index,
        UV_HTTP_TIMEOUT="300",
    )
    project = tmp_path / "shop"
    child.expect("Installing with uv", timeout=120)
    deadline = time.monotonic() + 60
    while not (project / ".venv" / "pyvenv.cfg").exists():  # the venv step is done
        assert time.monotonic() < deadline, log.getvalue()
        time.sleep(0.1)
    time.sleep(1.5)  # uv sync is waiting for the index that never answers
    assert any("uv sync" in command for command in processes_in(project))
    child.send(CTRL_C)
    code, out = finish(child, log)
    assert code == EXIT_SETUP, out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines[-1].startswith("stackpick: error: Interrupted during the install step"), lines[-1]
    assert "kept and committed" in lines[-1]
    assert "finish by hand: cd shop && uv sync --extra dev" in lines[-1]
    assert sum("stackpick: error" in line for line in lines) == 1
    assert processes_in(project) == [], "the step's process group was stopped"
    assert len(git(project, "log", "--oneline").splitlines()) == 1
    assert git(project, "status", "--porcelain") == ""
