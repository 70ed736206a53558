"""The waitlist of a full slot: join, see where you stand, confirm an offer, or leave."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from app.api import documented, json_body, parse_body
from app.booking import shapes
from app.booking.routes import as_office_time, refuse_if_unwell, resolve_target
from app.booking.schemas import booking_json
from app.clock import now
from app.errors import Malformed
from app.i18n import current_language
from app.models import WaitlistEntry
from app.services import waitlist
from app.signals import commit
from app.waitlist.schemas import OfferConfirm, WaitlistJoin, entry_json

bp = Blueprint("waitlist", __name__, url_prefix="/api/v1")


@bp.post("/waitlist")
@documented(
    "Join the waitlist of a full slot; answers a code and a private token",
    body=WaitlistJoin,
    status=201,
    tag="waitlist",
    response=shapes.NEW_WAITLIST_ENTRY,
)
def join_waitlist() -> Any:
    data = parse_body(WaitlistJoin)
    office, service = resolve_target(data.office, data.service)
    refuse_if_unwell(data, service)
    entry, token = waitlist.join_waitlist(
        office,
        service,
        as_office_time(data.start, office),
        data.applicant(current_language()),
        now(),
    )
    body = entry_json(entry, waitlist.position(entry), token)
    commit()
    return jsonify(body), 201


def _token() -> str | None:
    header = request.headers.get("X-Waitlist-Token") or request.headers.get("X-Manage-Token")
    if header:
        return header
    body_token = _body_token() if request.method == "POST" else None
    return body_token if isinstance(body_token, str) else request.args.get("token")


def _body_token() -> Any:
    # Credentials come before the body: an unreadable body means no token here (401), and
    # the body's own 400 comes only once the caller is known.
    try:
        return json_body().get("token")
    except Malformed:
        return None


def _entry(code: str) -> WaitlistEntry:
    return waitlist.get_entry(code, _token())


@bp.get("/waitlist/<code>")
@documented(
    "Where the citizen stands (X-Waitlist-Token or ?token=)",
    auth="manage",
    tag="waitlist",
    response=shapes.WAITLIST_ENTRY,
)
def get_entry(code: str) -> Any:
    entry = _entry(code)
    return jsonify(entry_json(entry, waitlist.position(entry)))


@bp.post("/waitlist/<code>/confirm")
@documented(
    "Confirm an offer: the places held become a booking",
    body=OfferConfirm,
    status=201,
    auth="manage",
    tag="waitlist",
    response=shapes.NEW_BOOKING,
)
def confirm_offer(code: str) -> Any:
    entry = _entry(code)
    parse_body(OfferConfirm)
    result = waitlist.confirm_offer(entry, now())
    body = booking_json(result.booking, result.manage_token)
    body["manage_token"] = result.manage_token
    commit()
    return jsonify(body), 201


@bp.post("/waitlist/<code>/cancel")
@documented(
    "Leave the waitlist (an offer's places are given back)",
    auth="manage",
    tag="waitlist",
    response=shapes.WAITLIST_ENTRY,
)
def leave_waitlist(code: str) -> Any:
    entry = _entry(code)
    waitlist.leave_waitlist(entry)
    body = entry_json(entry, None)
    commit()
    return jsonify(body)
