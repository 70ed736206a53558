"""The citizen's booking pages (server-rendered, work without JavaScript)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from app.pages import page_context
from app.services import bookings

bp = Blueprint("booking_pages", __name__)


@bp.get("/b/<code>")
def manage(code: str) -> Any:
    token = request.args.get("token")
    booking = bookings.get_managed_booking(code, token)
    return render_template("booking/manage.html", booking=booking, token=token, **page_context())
