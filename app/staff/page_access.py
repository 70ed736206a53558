"""Who may open a staff page: signed-in staff only (anyone else is sent to the sign-in page and
brought back afterwards), each page checking its role and office; where each role starts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

from app.auth import StaffMember, current_staff
from app.errors import Forbidden
from app.models import Staff
from app.staff import session as staff_session

F = TypeVar("F", bound=Callable[..., Any])


def signed_in() -> StaffMember:
    """The staff member a page is rendered for (the view is wrapped in `staff_page`)."""
    me = current_staff()
    if me is None:
        raise Forbidden()
    return me


def staff_page(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_staff() is None:
            return to_sign_in()
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def to_sign_in() -> Response:
    wanted = request.full_path if request.query_string else request.path
    args: dict[str, Any] = {"next": wanted}
    if staff_session.session_token():
        args["ended"] = "1"  # it was signed in: the session expired or was ended elsewhere
    if request.args.get("lang"):
        args["lang"] = request.args["lang"]
    return redirect(url_for("staff_pages.login", **args), code=303)


def home_of(me: Staff | StaffMember) -> str:
    """Officers start at the console, supervisors at their office's dashboard, admins at the
    office list."""
    if me.role == "admin":
        return url_for("admin_pages.office_list")
    if me.role == "supervisor" and me.office is not None:
        return url_for("admin_pages.dashboard", slug=me.office.slug)
    return url_for("staff_pages.console")


def safe_next(value: str | None) -> str | None:
    """A page to return to after signing in: only a staff page of this site."""
    if not value or len(value) > 500 or "\\" in value or not value.isprintable():
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/staff/"):
        return None
    if parts.path.startswith("//") or parts.path in ("/staff/login", "/staff/logout"):
        return None
    return value


def staff_page_context(me: StaffMember) -> dict[str, Any]:
    """What the staff templates need: who is signed in, and the CSRF token for the scripts'
    unsafe requests and the sign-out form."""
    return {
        "me": me,
        "my_office": me.office.slug if me.office is not None else "",
        "csrf": staff_session.csrf_token(),
    }
