"""The account pages: register, log in, log out, and manage API tokens."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import ApiToken, User
from ..rate_limits import limiter, login_rate, token_rate
from .forms import ConfirmForm, LoginForm, RegisterForm, TokenForm
from .tokens import issue_token

accounts = Blueprint("accounts", __name__)
# Log-in and register posts share one count per address (password guessing is slowed).
account_form_posts = limiter.shared_limit(login_rate, scope="account-forms", methods=["POST"])


def _safe_next(target: str | None) -> str:
    """Only a path on this site may follow a login (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("pages.home")


@accounts.route("/register", methods=["GET", "POST"])
@account_form_posts
def register() -> str | Response:
    form = RegisterForm()
    if form.validate_on_submit():
        email = User.normalise_email(form.email.data or "")
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            form.email.errors.append("An account with this e-mail address exists.")
        else:
            user = User(email=email)
            user.set_password(form.password.data or "")
            db.session.add(user)
            db.session.commit()
            login_user(user)
            flash("Welcome! Your account is ready.")
            return redirect(url_for("pages.home"))
    return render_template("accounts/register.html", form=form)


@accounts.route("/login", methods=["GET", "POST"])
@account_form_posts
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        email = User.normalise_email(form.email.data or "")
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None and user.is_active and user.check_password(form.password.data or ""):
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Wrong e-mail address or password.")
    return render_template("accounts/login.html", form=form)


@accounts.post("/logout")
def logout() -> Response:
    if ConfirmForm().validate_on_submit():
        logout_user()
        flash("You are logged out.")
    return redirect(url_for("pages.home"))


@accounts.route("/tokens", methods=["GET", "POST"])
@login_required
@limiter.limit(token_rate, methods=["POST"])
def tokens() -> str:
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        days = form.days.data or current_app.config["API_TOKEN_DAYS"]
        _, new_token = issue_token(current_user, form.name.data or "", days)
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id)
    ).all()
    return render_template(
        "accounts/tokens.html", form=form, tokens=rows, new_token=new_token, confirm=ConfirmForm()
    )


@accounts.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    db.session.delete(row)
    db.session.commit()
    flash("The token is revoked.")
    return redirect(url_for("accounts.tokens"))
