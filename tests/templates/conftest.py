"""Fixtures shared by the Flask and Django template matrices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.rendering import combination_id, render

Renderer = Callable[[dict[str, Any]], Path]


@pytest.fixture(scope="module")
def rendered(template_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    """Render each combination once per module (per worker under xdist) and reuse it."""
    cache: dict[str, Path] = {}

    def get(data: dict[str, Any]) -> Path:
        key = combination_id(data)
        if key not in cache:
            cache[key] = render(template_snapshot, tmp_path_factory.mktemp(key) / "project", data)
        return cache[key]

    return get
