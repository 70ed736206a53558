"""The booking pages' blueprint and what every page shares: CSRF on every form post, the
language link and its cookie, rendering, and the headers of private pages."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, make_response, render_template, request

from app.booking.page_forms import csrf_ok, csrf_token
from app.errors import Forbidden, NotFound
from app.pages import page_context, remember_language

bp = Blueprint("booking_pages", __name__)


@bp.app_context_processor
def _page_helpers() -> dict[str, Any]:
    return {"lang_url": lang_url, "csrf_token": csrf_token}


class FormExpired(Forbidden):
    """A form post whose CSRF token is missing or no longer the session's (the page was open
    long, or the cookies were cleared)."""

    code = "csrf_invalid"


@bp.before_request
def _check_csrf() -> None:
    if request.method == "POST" and not csrf_ok():
        raise FormExpired()


bp.after_request(remember_language)


def render(template: str, status: int = 200, **context: Any) -> Response:
    return make_response(render_template(template, **context, **page_context()), status)


def private(response: Response) -> Response:
    """Pages that show a manage token or personal data: never cached, never referred."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def lang_url(code: str) -> str:
    """This page in another language. A re-rendered form keeps its place (not its data)."""
    args = request.args.to_dict()
    if request.method == "POST":
        args.update({k: request.form[k] for k in ("token", "time") if request.form.get(k)})
    args["lang"] = code
    return f"{request.path}?{urlencode(args)}"


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotFound() from None
