"""Fixtures shared by the Flask and Django template matrices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.rendering import combination_id, render, renderer_differences

Renderer = Callable[[dict[str, Any]], Path]


@pytest.fixture(scope="module")
def rendered(template_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    """Render each combination once per module (per worker under xdist) and reuse it.

    Each one is also rendered by stackpick's own renderer (what ``new`` uses), which
    must give exactly Copier's files, modes and bytes, before any test touches them.
    """
    cache: dict[str, Path] = {}
    bytecode = tmp_path_factory.mktemp("jinja-bytecode")

    def get(data: dict[str, Any]) -> Path:
        key = combination_id(data)
        if key not in cache:
            project = render(template_snapshot, tmp_path_factory.mktemp(key) / "project", data)
            scratch = tmp_path_factory.mktemp(f"{key}-stackpick")
            problems = renderer_differences(template_snapshot, project, data, scratch, bytecode)
            if problems:
                pytest.fail(
                    f"stackpick's renderer differs from Copier for {key}: " + "; ".join(problems)
                )
            cache[key] = project
        return cache[key]

    return get
