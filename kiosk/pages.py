"""The kiosk's full-screen page, its one-time set-up link, and ticket printing on ESC/POS.

The page is a static shell: everything it shows comes from the JSON API, called with the
device token that the set-up link left in the browser's localStorage."""

from __future__ import annotations

from typing import Annotated, Any

from flask import Blueprint, current_app, jsonify, render_template, request
from pydantic import Field

from app.api import documented, parse_body
from app.auth import device_from_token, device_required
from app.i18n import LANGUAGES, texts_with_prefix, translate
from app.pages import page_context
from app.schemas import Schema
from app.services.devices import office_of
from kiosk import print as ticket_printer

bp = Blueprint(
    "kiosk_pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/kiosk/static",
)

NO_STORE = {"Cache-Control": "no-store"}

# The server's refusals whose texts the page says again itself after a language switch: none
# has a parameter filled in by the server (the health screening's limit and online route are
# known to the page). The others are asked again, read-only, in the new language.
REFUSALS = (
    "qr_invalid",
    "wrong_office",
    "booking_cancelled",
    "booking_not_active",
    "booking_needs_rebooking",
    "health_screening_failed",
    "health_screening_failed_walk_in",
    "rate_limited",
    "service_unavailable",
    "internal",
)


def page_texts() -> dict[str, dict[str, str]]:
    """Every kiosk_ text and the refusals' texts, in both languages."""
    texts = texts_with_prefix("kiosk_")
    for lang in LANGUAGES:
        texts[lang].update({code: translate(code, lang) for code in REFUSALS})
    return texts


@bp.get("/kiosk")
def kiosk() -> Any:
    return render_template(
        "kiosk/kiosk.html",
        texts=page_texts(),
        idle_seconds=current_app.config.get("KIOSK_IDLE_SECONDS", 20),
        **page_context(),
    )


@bp.get("/kiosk/setup")
def setup() -> Any:
    device = device_from_token(request.args.get("token"), "kiosk")
    office = office_of(device) if device else None
    body = render_template("kiosk/setup.html", office=office, **page_context())
    # The token is in this URL: never cache it, and the page replaces it at once.
    return body, (200 if office else 404), NO_STORE


class PrintRequest(Schema):
    number: Annotated[str, Field(min_length=1, max_length=20)]
    service: Annotated[str, Field(max_length=120)] = ""
    position: int | None = None
    estimated_wait_minutes: int | None = None


@bp.post("/api/v1/kiosk/print")
@documented(
    "Print a ticket on the kiosk's ESC/POS printer, if one is configured",
    body=PrintRequest,
    auth="device",
    tag="kiosk",
)
@device_required("kiosk")
def print_ticket() -> Any:
    data = parse_body(PrintRequest)
    target = current_app.config.get("KIOSK_PRINTER") or ""
    printed = ticket_printer.print_ticket(target, data.model_dump(), lang=page_context()["lang"])
    return jsonify({"printed": printed})


def register_pages(app: Any) -> None:
    app.register_blueprint(bp)
