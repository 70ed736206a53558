"""The staff's sign-in session for the web pages.

The Flask session cookie (signed, HttpOnly, SameSite=Lax, Secure over https) carries a
server-side session token: a row of `api_token`, so signing out, expiry and deactivating the
account end the session at once, whatever copy of the cookie is still around. It also carries
the CSRF token that every unsafe request authenticated by the cookie must send back (form field
`csrf_token`, or the `X-CSRF-Token` header for the pages' scripts). Bearer-token API calls carry
no cookie and need no CSRF token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from flask import Flask, Request, Response, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import update
from werkzeug.security import generate_password_hash

from app.clock import now
from app.extensions import db, limiter
from app.models import ApiToken, Staff
from app.services import staff as staff_service
from app.services.tokens import hash_token

SESSION_TOKEN_KEY = "staff_token"  # noqa: S105  (the session key's name, not a secret)
CSRF_KEY = "staff_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

F = TypeVar("F", bound=Callable[..., Any])


def session_token() -> str | None:
    token = session.get(SESSION_TOKEN_KEY)
    return token if isinstance(token, str) and token else None


def csrf_token() -> str:
    """The session's CSRF token, made on first use (the sign-in form needs one too)."""
    token = session.get(CSRF_KEY)
    if not isinstance(token, str) or not token:
        token = session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def csrf_sent_ok() -> bool:
    expected = session.get(CSRF_KEY)
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD) or ""
    if not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


def is_unsafe_request() -> bool:
    return request.method not in SAFE_METHODS


def start(account: Staff, hours: int) -> None:
    """Sign in: a new server-side token in a new session. Nothing the cookie held before
    survives (no session fixation), and a session this browser had is revoked."""
    end()
    token, _ = staff_service.issue_token(account, now(), hours)
    session.permanent = True
    session[SESSION_TOKEN_KEY] = token
    session[CSRF_KEY] = secrets.token_urlsafe(32)


def end() -> None:
    """Sign out: the token is revoked in the database and the cookie emptied."""
    token = session_token()
    if token:
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
            .values(revoked_at=now())
        )
    session.clear()


@cache
def current_hash_method() -> str:
    """What werkzeug's default hash looks like today, e.g. "scrypt:32768:8:1"."""
    return generate_password_hash("probe").split("$", 1)[0]


def upgrade_password_hash(account: Staff, password: str) -> None:
    """An account signing in with a hash of an older method or cost gets today's."""
    if account.password_hash.split("$", 1)[0] != current_hash_method():
        account.password_hash = generate_password_hash(password)


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure also whenever the request came over https
    (not only when ANTREAN_PUBLIC_BASE_URL says so), with its signing serializer built once per
    set of keys instead of on every request (it showed in every request's profile)."""

    def get_signing_serializer(self, app: Flask) -> Any:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = getattr(self, "_serializer", None)
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            self._serializer = cached
        return cached[1]

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)

    # API clients and citizens carry no session cookie: a new empty session for them without
    # parsing the cookies, and nothing to write back unless it was read or changed.
    def open_session(self, app: Flask, incoming: Request) -> Any:
        if self.get_cookie_name(app) not in incoming.environ.get("HTTP_COOKIE", ""):
            return self.session_class()
        return super().open_session(app, incoming)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


# --- sign-in rate limits, shared by the form and the API's token endpoint ---


def _per_client_limit() -> str:
    return str(current_app.config["RATELIMIT_SIGNIN"])


def _per_username_limit() -> str:
    return str(current_app.config["RATELIMIT_SIGNIN_PER_USERNAME"])


def _username_sent() -> str | None:
    name = request.form.get("username")
    if name is None:
        body = request.get_json(silent=True)
        name = body.get("username") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    return name.strip().lower()


def _username_key() -> str:
    sent = _username_sent() or ""
    return "sign-in-user:" + hashlib.sha256(sent.encode()).hexdigest()[:32]


def _no_username() -> bool:
    return _username_sent() is None


def _refused(response: Any) -> bool:
    return int(response.status_code) >= 400


def sign_in_limited(view: F) -> F:
    """Every attempt counts per client; failed ones also per username, from whatever client,
    so spreading guesses over many addresses does not help either."""
    per_username = limiter.shared_limit(
        _per_username_limit,
        scope="staff-sign-in-username",
        key_func=_username_key,
        exempt_when=_no_username,
        deduct_when=_refused,
    )
    per_client = limiter.shared_limit(_per_client_limit, scope="staff-sign-in")
    return per_client(per_username(view))  # type: ignore[return-value]
