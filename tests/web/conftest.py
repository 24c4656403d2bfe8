"""A real ``stackpick web`` server on a free port, in this process, for the web tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.web.server import Server, make_server


@dataclass
class Running:
    server: Server
    url: str
    scratch: Path


@pytest.fixture(scope="module")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A template store for this module only (renders run in this process)."""
    home = tmp_path_factory.mktemp("stackpick-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STACKPICK_HOME", str(home))
        yield home


@pytest.fixture(scope="module")
def web(web_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    scratch = tmp_path_factory.mktemp("scratch")
    server = make_server("127.0.0.1", 0, scratch=scratch, max_renders=3, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running(server, server.url.rstrip("/"), scratch)
    finally:
        server.shutdown()
        server.server_close()
