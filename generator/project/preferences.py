"""Defaults that fit the user: preferences file, ``~/.cookiecutterrc``, git, DEST.

Precedence, highest first (README "Defaults"): ``--data`` flags, the ``--answers``
file, the preferences file, ``~/.cookiecutterrc``'s ``default_context``, git's
``user.name``/``user.email``, then copier.yml's built-in default. The project name
defaults to DEST's folder name. A value only
becomes a default when the question accepts it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.gitutil import git

CONFIG_ENV = "STACKPICK_CONFIG"
"""Names the preferences file, overriding the platform's user config folder."""

COOKIECUTTER_KEYS = {
    "full_name": "author_name",
    "author_name": "author_name",
    "author": "author_name",
    "email": "author_email",
    "author_email": "author_email",
}
"""``default_context`` keys that cookiecutter templates commonly use, and our answer."""


def preferences_path() -> Path:
    """``$STACKPICK_CONFIG``, else ``<user config dir>/stackpick/config.toml``."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("stackpick")) / "config.toml"


def read_preferences(path: Path | None = None) -> dict[str, Any]:
    """The ``[defaults]`` table of the preferences file ({} when there is none)."""
    import tomllib

    path = path or preferences_path()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(
            f"Cannot read preferences file {path}: {error}",
            f"Fix it, or point {CONFIG_ENV} at another file",
        ) from None
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise UsageError(
            f"Preferences file {path}: [defaults] must be a table", 'e.g. author_name = "Ada"'
        )
    return defaults


def read_cookiecutterrc(path: Path | None = None) -> dict[str, Any]:
    """Our answers from cookiecutter's ``default_context`` (``$COOKIECUTTER_CONFIG`` or
    ``~/.cookiecutterrc``); an unreadable file is ignored, as it is not ours."""
    import yaml

    path = path or Path(os.environ.get("COOKIECUTTER_CONFIG", "~/.cookiecutterrc")).expanduser()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    context = data.get("default_context") if isinstance(data, dict) else None
    if not isinstance(context, dict):
        return {}
    found: dict[str, Any] = {}
    for key, ours in COOKIECUTTER_KEYS.items():
        if context.get(key) and ours not in found:
            found[ours] = str(context[key])
    return found


def read_git_identity() -> dict[str, Any]:
    """``author_name``/``author_email`` from git's ``user.name``/``user.email``."""
    found: dict[str, Any] = {}
    for key, ours in (("user.name", "author_name"), ("user.email", "author_email")):
        try:
            value = git("config", "--get", key, check=False).stdout.strip()
        except Exception:  # git missing: no default from it
            return found
        if value:
            found[ours] = value
    return found


def context_defaults(dest: Path | None = None) -> dict[str, Any]:
    """Template defaults from the user's context, by the precedence above (flags and the
    answers file are applied by the caller)."""
    layers: list[Mapping[str, Any]] = [
        read_git_identity(),
        read_cookiecutterrc(),
        read_preferences(),
    ]
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update(layer)
    if dest is not None and dest.absolute().name:
        merged["project_name"] = dest.absolute().name
    return merged
