"""The cache (Flask-Caching): Redis when ``REDIS_URL`` is set, else memory in each process.

Use it anywhere in the app::

    from .cache import cache

    @cache.cached(timeout=60)
    def expensive_view(): ...

    cache.set("key", value, timeout=300)

Without ``REDIS_URL`` each gunicorn worker keeps its own ``SimpleCache``: values are not
shared between workers or servers and vanish on restart, so use that only in development
and tests, or where per-process caching is good enough.
"""

from __future__ import annotations

from flask import Flask
from flask_caching import Cache

cache = Cache()


def init_cache(app: Flask) -> None:
    """Configure ``cache`` for ``app`` from its settings; explicit ``CACHE_*`` settings win."""
    redis_url = app.config.get("REDIS_URL") or ""
    app.config.setdefault("CACHE_TYPE", "RedisCache" if redis_url else "SimpleCache")
    app.config.setdefault("CACHE_REDIS_URL", redis_url)
    # Keys of each project and environment stay apart in a shared Redis, and
    # cache.clear() removes only these.
    app.config.setdefault("CACHE_KEY_PREFIX", f"{app.import_name}:{app.config['ENV_NAME']}:")
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", 300)
    cache.init_app(app)
