"""Shared helpers of the server-rendered pages."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request

from app.errors import DomainError
from app.i18n import LANGUAGES, current_language, translate

LANG_COOKIE_SECONDS = 365 * 24 * 3600


def page_context() -> dict[str, Any]:
    return {"lang": current_language(), "t": translate}


def render_error_page(error: DomainError) -> tuple[str, int]:
    return (
        render_template("error.html", error=error, message=error.message(), **page_context()),
        error.status,
    )


def remember_language(response: Response) -> Response:
    """A language picked with ?lang= sticks: it is kept in a cookie for the next pages (an
    after-request hook of every blueprint of pages)."""
    response.vary.update(("Accept-Language", "Cookie"))  # the language depends on both
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get("lang") != chosen:
        response.set_cookie(
            "lang", chosen, max_age=LANG_COOKIE_SECONDS, samesite="Lax", httponly=True
        )
    return response
