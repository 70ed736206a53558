"""Slots and bookings: the citizen's JSON API."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, jsonify, request

from app.api import documented, json_body, parse_body, parse_query
from app.booking import shapes
from app.booking.schemas import (
    BookingCreate,
    Reschedule,
    SlotsQuery,
    booking_json,
    slot_json,
)
from app.clock import now
from app.database import direct_transaction
from app.direct_sql import Lane
from app.errors import Conflict, ValidationFailed
from app.extensions import db, limiter, rate_limited
from app.i18n import current_language, translate
from app.models import Booking, Office, Service
from app.services import bookings, offices, slots
from app.services.qr import calendar_entry, qr_png, qr_svg
from app.services.tokens import nik_hash, sign_qr
from app.signals import commit
from app.validators import FieldProblem, clean_nik
from scheduling.slots import zone

bp = Blueprint("bookings", __name__, url_prefix="/api/v1")

MAX_RANGE_DAYS = 62


def slots_service(office: Office, code: str | None) -> Service:
    """The service named, or the office's only service when none is named."""
    if code is not None:
        return offices.get_service(office, code)
    if len(office.services) == 1:
        return office.services[0]
    raise ValidationFailed(fields={"service": translate("field_required")})


@bp.get("/offices/<slug>/slots")
@documented(
    "Slots of a day (or a from/to range) with the places left",
    query=SlotsQuery,
    tag="bookings",
    response=shapes.SLOTS,
)
def list_slots(slug: str) -> Any:
    office = offices.get_office(slug)
    query = parse_query(SlotsQuery)
    first = query.date or query.from_
    last = query.date or query.to
    if first is None or last is None:  # neither a day nor a whole range
        missing = (
            "date"
            if query.from_ is None and query.to is None
            else "from"
            if not query.from_
            else "to"
        )
        raise ValidationFailed(fields={missing: translate("date_invalid")})
    service = slots_service(office, query.service)
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise ValidationFailed(fields={"to": translate("date_invalid")})
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    per_day = slots.list_slots_for_days(office, service, days, now())
    body: dict[str, Any] = {
        "office": office.slug,
        "service": service.code,
        "slots": [slot_json(s, office) for day in days for s in per_day[day]],
    }
    if query.date is None:
        body["days"] = [
            {"date": day.isoformat(), "available": sum(s.available for s in per_day[day])}
            for day in days
        ]
    else:
        body["date"] = query.date.isoformat()
    return jsonify(body)


def _missing_day(query: SlotsQuery) -> str:
    """Neither a day nor a whole range was asked for: the field to name."""
    if query.from_ is None and query.to is None:
        return "date"
    return "from" if query.from_ is None else "to"


def _valid_nik_sent() -> str | None:
    try:
        return clean_nik(str(json_body().get("nik", "")))
    except (FieldProblem, Exception):
        return None


def _nik_rate_key() -> str:
    """Rate-limit key per person: the keyed hash of the NIK sent, never the NIK itself."""
    nik = _valid_nik_sent()
    return "nik:" + nik_hash(nik)[:32] if nik else "nik:invalid"


def _no_valid_nik() -> bool:
    """A request without a valid NIK names nobody: it gets its 422, not a shared bucket's 429
    (the per-client limit still counts it)."""
    return _valid_nik_sent() is None


def _booking_limit() -> str:
    return str(current_app.config["RATELIMIT_BOOKING"])


def _nik_limit() -> str:
    return str(current_app.config["RATELIMIT_BOOKING_PER_NIK"])


def resolve_target(office_slug: str, service_code: str) -> tuple[Office, Service]:
    """The office and service a booking names; unknown ones are invalid field values."""
    office, service = bookings.office_and_service(office_slug, service_code)
    return require_target(office, service)


T = TypeVar("T")
U = TypeVar("U")


def require_target(office: T | None, service: U | None) -> tuple[T, U]:
    if office is None:
        raise ValidationFailed(fields={"office": translate("office_unknown")})
    if service is None:
        raise ValidationFailed(fields={"service": translate("service_unknown")})
    return office, service


def as_office_time(instant: datetime, office: Office) -> datetime:
    """A time without an offset is read in the office's own zone."""
    return instant if instant.tzinfo else instant.replace(tzinfo=zone(office.timezone))


def refuse_if_unwell(data: BookingCreate, service: Service) -> None:
    if data.health.declared:
        online = f" ({service.online_url})" if service.online_url else ""
        raise Conflict("health_declared", online=online)


@bp.post("/bookings")
@documented(
    "Book a face-to-face slot",
    body=BookingCreate,
    status=201,
    tag="bookings",
    response=shapes.NEW_BOOKING,
)
@rate_limited(
    limiter.limit(_booking_limit),
    limiter.limit(_nik_limit, key_func=_nik_rate_key, exempt_when=_no_valid_nik),
)
def create_booking() -> Any:
    data = parse_body(BookingCreate)
    if idempotency_key() is not None:
        # A retry may have to roll back and answer with the winner: the session's transaction.
        office, service = resolve_target(data.office, data.service)
        return book_from_request(office, service, data, channel="online")
    # The surge's path: a transaction on a connection of its own, statements straight to the
    # driver, the office and service as snapshots (most answers are `slot_full`).
    with direct_transaction(db.engine) as lane:
        office, service = require_target(
            *bookings.office_and_service_snapshots(data.office, data.service, lane)
        )
        return book_from_request(office, service, data, channel="online", lane=lane)


def idempotency_key() -> str | None:
    return request.headers.get("Idempotency-Key", "").strip()[:100] or None


def book_from_request(
    office: bookings.OfficeLike,
    service: bookings.ServiceLike,
    data: BookingCreate,
    channel: str,
    lane: Lane | None = None,
) -> Any:
    """Book what the request asks (online or assisted at a kiosk): the same rules, the same
    capacity, the same answer with the manage token, and Idempotency-Key honoured. On `lane`,
    the caller's own transaction commits; otherwise the session's is committed here."""
    refuse_if_unwell(data, service)
    key = idempotency_key()
    result = bookings.create_booking(
        office,
        service,
        as_office_time(data.start, office),
        data.applicant(current_language()),
        now(),
        idempotency_key=key,
        request_fingerprint=bookings.fingerprint(json_body()) if key else None,
        channel=channel,
        lane=lane,
    )
    body = booking_json(result.booking, result.manage_token, office=office, service=service)
    body["manage_token"] = result.manage_token
    if lane is None:
        commit()
    return jsonify(body), 201


def _manage_token() -> str | None:
    return request.headers.get("X-Manage-Token") or request.args.get("token")


def _managed(code: str) -> Booking:
    return bookings.get_managed_booking(code, _manage_token())


@bp.get("/bookings/<code>")
@documented(
    "The citizen's own booking (X-Manage-Token)",
    auth="manage",
    tag="bookings",
    response=shapes.MANAGED_BOOKING,
)
def get_booking(code: str) -> Any:
    booking = _managed(code)
    return jsonify(booking_json(booking, _manage_token(), personal=True))


@bp.post("/bookings/<code>/cancel")
@documented(
    "Cancel: the places are freed at once",
    auth="manage",
    tag="bookings",
    response=shapes.CANCELLED_BOOKING,
)
def cancel_booking(code: str) -> Any:
    booking = _managed(code)
    bookings.cancel_booking(booking, now())
    body = booking_json(booking, personal=True)
    commit()
    return jsonify(body)


@bp.post("/bookings/<code>/reschedule")
@documented(
    "Move to another slot atomically; a full slot keeps the old place",
    body=Reschedule,
    auth="manage",
    tag="bookings",
    response=shapes.MANAGED_BOOKING,
)
def reschedule_booking(code: str) -> Any:
    booking = _managed(code)
    data = parse_body(Reschedule)
    bookings.reschedule_booking(booking, as_office_time(data.start, booking.office), now())
    body = booking_json(booking, _manage_token(), personal=True)
    commit()
    return jsonify(body)


def _with_usable_qr(code: str) -> Booking:
    booking = _managed(code)
    bookings.refuse_unusable_qr(booking)
    return booking


@bp.get("/bookings/<code>/qr.png", endpoint="qr_png")
@documented("The booking's QR code as PNG (?token=)", auth="manage", tag="bookings")
def qr_png_view(code: str) -> Any:
    booking = _with_usable_qr(code)
    return _private(Response(qr_png(sign_qr(booking.code)), mimetype="image/png"))


@bp.get("/bookings/<code>/qr.svg", endpoint="qr_svg")
@documented("The booking's QR code as SVG (?token=)", auth="manage", tag="bookings")
def qr_svg_view(code: str) -> Any:
    booking = _with_usable_qr(code)
    return _private(Response(qr_svg(sign_qr(booking.code)), mimetype="image/svg+xml"))


# A booking waiting for a new time (the protocol took its place) is not a visit to count on.
_CALENDAR_STATUS = {"cancelled": "CANCELLED", "needs_rebooking": "TENTATIVE"}


@bp.get("/bookings/<code>/calendar.ics", endpoint="calendar")
@documented("The booking as a calendar entry (?token=)", auth="manage", tag="bookings")
def calendar_view(code: str) -> Any:
    booking = _managed(code)
    office = booking.office
    ics = calendar_entry(
        uid=f"{booking.code}@antrean",
        start=booking.start,
        end=booking.end,
        summary=f"{booking.service.name} — {office.name}",
        location=office.address or office.name,
        description=translate("ics_description", code=booking.code),
        now=now(),
        status=_CALENDAR_STATUS.get(booking.status, "CONFIRMED"),
    )
    response = Response(ics, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="antrean-{booking.code}.ics"'
    return _private(response)


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response
