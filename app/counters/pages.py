"""The staff sign-in page and the officer console.

Both are static shells that speak the JSON API with the staff bearer token kept in
sessionStorage: there is no cookie, so there is nothing for another site to forge."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from app.i18n import texts_with_prefix
from app.pages import page_context

bp = Blueprint("staff_pages", __name__)

NO_STORE = {"Cache-Control": "no-store"}


def both_languages() -> dict[str, dict[str, str]]:
    """The page's script switches language without a round trip: it gets both."""
    return texts_with_prefix("staff_")


def render_staff_page(template: str) -> Any:
    body = render_template(template, texts=both_languages(), **page_context())
    return body, 200, NO_STORE


@bp.get("/staff/login")
def login() -> Any:
    return render_staff_page("staff/login.html")


@bp.get("/staff/console")
def console() -> Any:
    return render_staff_page("staff/console.html")
