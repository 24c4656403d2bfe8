"""API tokens: random, shown once, stored only as a SHA-256 digest, revocable, expiring.

A token is ``sp_`` followed by 43 URL-safe characters (256 random bits). Because it is
random and long, a fast digest is safe to store (a password needs a slow hash; a token
cannot be guessed). Looking a token up by its digest needs no secret comparison.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import request
from sqlalchemy import select

from ..extensions import db
from ..models import ApiToken, User, utc_now

TOKEN_PREFIX = "sp_"  # noqa: S105 - a label that makes tokens recognisable, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)
REQUEST_KEY = f"{__name__}.token_user"


def digest(token: str) -> str:
    """The SHA-256 hex digest that the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """Create a token for ``user`` valid for ``days``; return the row and the token itself."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user=user,
        name=name.strip() or "API token",
        digest=digest(token),
        prefix=token[: len(TOKEN_PREFIX) + 6],
        expires_at=utc_now() + timedelta(days=days),
    )
    db.session.add(row)
    db.session.commit()
    return row, token


def user_for_authorization(header: str) -> User | None:
    """The active user of a valid ``Bearer`` token in ``header``, else None."""
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token.startswith(TOKEN_PREFIX):
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.digest == digest(token)))
    now = utc_now()
    if row is None or row.is_expired(now) or not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        row.last_used_at = now
        db.session.commit()
    return row.user


def request_token_user() -> User | None:
    """The user of the API token this request carries, else None.

    Looked up once per request (the rate limiter and the API's write check both ask)
    and kept in the request's WSGI environment, which lives exactly as long as the
    request (``flask.g`` belongs to the app context, which can outlive it).
    """
    if REQUEST_KEY not in request.environ:
        header = request.headers.get("Authorization", "")
        request.environ[REQUEST_KEY] = user_for_authorization(header)
    user: User | None = request.environ[REQUEST_KEY]
    return user
