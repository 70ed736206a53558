"""Staff sign-in and sign-out (the pages' session, see app/staff/session.py) and the officer
console: a shell rendered for signed-in staff whose script speaks the JSON API with the session
cookie and its CSRF token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from app.auth import current_staff
from app.errors import DomainError, Forbidden, TooManyRequests, error_response, wants_json
from app.i18n import current_language, texts_with_prefix
from app.pages import page_context, remember_language
from app.services import staff
from app.signals import commit
from app.staff import session as staff_session
from app.staff.page_access import (
    home_of,
    safe_next,
    signed_in,
    staff_page,
    staff_page_context,
)

bp = Blueprint("staff_pages", __name__)
bp.after_request(remember_language)

NO_STORE = {"Cache-Control": "no-store"}


def both_languages() -> dict[str, dict[str, str]]:
    """The page's script switches language without a round trip: it gets both. The priority
    groups are named as on the citizen pages (priority_elderly, …)."""
    return texts_with_prefix("staff_", "priority_")


def render_staff_page(template: str, status: int = 200, **context: Any) -> Any:
    body = render_template(template, texts=both_languages(), **context, **page_context())
    return body, status, NO_STORE


# --- sign-in and sign-out ---


@bp.get("/staff/login")
def login() -> Any:
    me = current_staff()
    if me is not None:
        return redirect(safe_next(request.args.get("next")) or home_of(me), code=303)
    notice = None
    if request.args.get("ended"):
        notice = "staff_session_ended"
    elif request.args.get("signed_out"):
        notice = "staff_signed_out"
    return login_page(error=notice)


def login_page(error: str | None = None, status: int = 200, username: str = "") -> Any:
    return render_staff_page(
        "staff/login.html",
        status,
        error=error,
        username=username,
        next=safe_next(request.values.get("next")) or "",
        csrf=staff_session.csrf_token(),
    )


@bp.post("/staff/login")
@staff_session.sign_in_limited
def sign_in() -> Any:
    """The form posts here (no JavaScript needed). A wrong password, a deactivated account and
    an unknown name all answer the same."""
    if not staff_session.csrf_sent_ok():
        return refuse(Forbidden("csrf_invalid"))
    username = request.form.get("username", "").strip()[:80]
    password = request.form.get("password", "")[:200]
    if not username or not password:
        return login_page(error="bad_credentials", status=401, username=username)
    try:
        account = staff.authenticate(username, password)
    except DomainError as refused:
        return login_page(error=refused.code, status=refused.status, username=username)
    staff_session.upgrade_password_hash(account, password)
    staff_session.start(account, current_app.config["STAFF_TOKEN_HOURS"])
    commit()
    return redirect(safe_next(request.form.get("next")) or home_of(account), code=303)


def refuse(error: DomainError) -> Any:
    if wants_json():
        return error_response(error)
    return login_page(error=error.code, status=error.status)


@bp.errorhandler(429)
def sign_in_rate_limited(error: Exception) -> Any:
    """Too many attempts: the sign-in form again, saying so (the JSON shape for API clients)."""
    return refuse(TooManyRequests())


@bp.post("/staff/logout")
def sign_out() -> Any:
    if staff_session.session_token() is not None:
        if not staff_session.csrf_sent_ok():
            raise Forbidden("csrf_invalid")
        staff_session.end()
        commit()
    return redirect(url_for("staff_pages.login", signed_out="1", lang=current_language()), code=303)


# --- the officer console ---


@bp.get("/staff/console")
@staff_page
def console() -> Any:
    """Any signed-in staff member: officers work at their office's counters, supervisors too,
    and an admin picks an office first."""
    return render_staff_page("staff/console.html", **staff_page_context(signed_in()))
