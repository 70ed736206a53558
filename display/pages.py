"""The waiting-room screen, its one-time set-up, and the public board of an office."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from app.clock import now
from app.extensions import db
from app.i18n import texts_with_prefix, translate
from app.models import Office
from app.services.queue import queue_snapshot
from display.board import RECENT_CALLS, own_ticket, own_ticket_texts, waiting_per_service

bp = Blueprint(
    "display",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/display/static",
)


@bp.context_processor
def _texts() -> dict[str, Any]:
    """The screens show both languages at once: templates ask for each text by language."""
    return {"t": translate}


@bp.get("/display")
def screen() -> Any:
    """The TV in the waiting room. Its device token sits in the browser's storage (set-up)."""
    return render_template("display/screen.html")


@bp.get("/display/setup")
def setup() -> Any:
    """Opened once per screen with ?token=… (or #token=…): the script stores the token,
    removes it from the address bar and asks for the one tap that unlocks sound."""
    response = render_template("display/setup.html", texts=texts_with_prefix("display_setup_"))
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/board/<slug>")
def board(slug: str) -> Any:
    """The office's public queue board, for a citizen's phone: the queue as it is now, live
    once the script connects; a number sent with the form (?number=) is answered here too."""
    office = db.session.scalar(select(Office).where(Office.slug == slug))
    if office is None:
        abort(404)
    snapshot = queue_snapshot(office, now())
    number = request.args.get("number", "").strip()[:12]
    called = snapshot["called"]
    return render_template(
        "display/board.html",
        office=office,
        texts=texts_with_prefix("display_mine_"),
        now_call=called[0] if called else None,
        recent=called[1 : 1 + RECENT_CALLS],
        waiting=waiting_per_service(snapshot, office.services),
        occupancy=snapshot["occupancy"],
        number=number,
        mine=own_ticket_texts(own_ticket(snapshot, number)) if number else None,
    )
