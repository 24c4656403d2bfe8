"""stackpick: recommend Flask or Django, render a production-ready project, keep it updated.

The public API is imported lazily so that ``import generator`` (and so the CLI's
``--help``) stays fast::

    from generator import recommend
    result = recommend({"goals": ["rest_api"], "size": "small"})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.__about__ import __version__

if TYPE_CHECKING:  # pragma: no cover
    from generator.recommender import Recommendation, recommend

__all__ = ["Recommendation", "__version__", "recommend"]

_LAZY = {
    "recommend": "generator.recommender",
    "Recommendation": "generator.recommender",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
