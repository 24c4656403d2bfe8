"""HTML pages, rendered from the Jinja templates in ``templates/``."""

from __future__ import annotations

from flask import Blueprint, render_template

pages = Blueprint("pages", __name__)


@pages.get("/")
def home() -> str:
    """The home page."""
    return render_template("home.html")
