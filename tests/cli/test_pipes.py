"""The CLI behaves like a Unix tool when its reader goes away."""

from __future__ import annotations

import io
import os

import pytest

from generator.cli import main
from generator.errors import EXIT_BROKEN_PIPE


def test_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    with capsys.disabled():
        stream = io.TextIOWrapper(os.fdopen(write_end, "wb"), write_through=True)
        monkeypatch.setattr("sys.stdout", stream)
        code = main(["recommend", "--set", "goals=social", "--no-input"])
    assert code == EXIT_BROKEN_PIPE
