"""User accounts: register, log in, log out, and API tokens (blueprint ``accounts``)."""

from __future__ import annotations

from flask import Flask

from ..extensions import db, login_manager
from ..models import User
from .views import accounts


def init_accounts(app: Flask) -> None:
    """Attach Flask-Login and the account pages to ``app``."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    app.register_blueprint(accounts, url_prefix="/account")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user whose id the session holds (Flask-Login)."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


__all__ = ["accounts", "init_accounts"]
