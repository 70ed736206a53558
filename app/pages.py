"""Shared helpers of the server-rendered pages."""

from __future__ import annotations

from typing import Any

from flask import render_template

from app.errors import DomainError
from app.i18n import current_language, translate


def page_context() -> dict[str, Any]:
    return {"lang": current_language(), "t": translate}


def render_error_page(error: DomainError) -> tuple[str, int]:
    return (
        render_template("error.html", error=error, message=error.message(), **page_context()),
        error.status,
    )
