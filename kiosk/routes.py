"""Kiosk endpoints (kiosk device token): scan check, check-in, walk-in, assisted booking,
reprint."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify

from app.api import documented, parse_body, shape
from app.auth import device_required
from app.booking.routes import book_from_request, resolve_target
from app.clock import now
from app.counters import shapes
from app.counters.schemas import ticket_json
from app.direct_rows import Snapshot
from app.errors import DomainError, Forbidden, Malformed
from app.services import bookings, checkin, offices, queue
from app.services.devices import office_of
from app.services.queue import OfficeLike
from app.services.tokens import read_qr
from app.signals import commit
from kiosk.checkin import screening_of, temperature_limit
from kiosk.schemas import CheckinBody, KioskBookingCreate, ScanBody, WalkInBody

bp = Blueprint(
    "kiosk",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/kiosk/static",
)


def kiosk_office(known: OfficeLike | None = None) -> OfficeLike:
    """The kiosk's office: `known` if that is it (read already: no query of its own)."""
    if known is not None and known.id == g.device.office_id:
        return known
    return office_of(g.device)


def booking_from_qr(payload: str) -> Snapshot:
    """The booking, with its service and office (most often the kiosk's own)."""
    code = read_qr(payload)
    booking = checkin.booking_by_code(code) if code else None
    if booking is None:
        raise Malformed("qr_invalid")
    return booking


# The scan's answer: the booking's service, and its ticket when it is checked in already
# (else null).
SCANNED = shape(booking_code="string", service="string", ticket={**shapes.TICKET, "nullable": True})


@bp.post("/api/v1/kiosk/scan")
@documented(
    "Check a scanned QR code before the health questions with the check-in's own rules and "
    "refusals (qr_invalid, wrong_office, booking_cancelled, office_closed, too_early, "
    "too_late, ...). A booking checked in already comes with its ticket: no questions needed. "
    "Changes nothing; the check-in checks everything again",
    body=ScanBody,
    auth="device",
    tag="kiosk",
    response=SCANNED,
)
@device_required("kiosk")
def check_scan() -> Any:
    # A POST body rather than a query string: the payload stays out of URLs and access logs.
    data = parse_body(ScanBody)
    booking = booking_from_qr(data.qr)
    instant = now()
    ticket = checkin.check_before_screening(kiosk_office(booking.office), booking, instant)
    return jsonify(
        {
            "booking_code": booking.code,
            "service": booking.service.code,
            "ticket": ticket_json(ticket, instant) if ticket is not None else None,
        }
    )


@bp.post("/api/v1/kiosk/checkin")
@documented(
    "Check a booked visitor in (QR and health screening); a second scan gives the same ticket",
    body=CheckinBody,
    status=(201, 200),
    auth="device",
    tag="kiosk",
    response=shapes.IN_TICKET,
)
@device_required("kiosk")
def checkin_booking() -> Any:
    data = parse_body(CheckinBody)
    booking = booking_from_qr(data.qr)
    office = kiosk_office(booking.office)
    instant = now()
    result = checkin.check_in(office, booking, screening_of(data.health, office), instant)
    body = {"ticket": ticket_json(result.ticket, instant)}
    commit()
    return jsonify(body), 201 if result.created else 200


@bp.post("/api/v1/kiosk/walk-in")
@documented(
    "A walk-in ticket, while the room has space for the whole party",
    body=WalkInBody,
    status=201,
    auth="device",
    tag="kiosk",
    response=shapes.IN_TICKET,
)
@device_required("kiosk")
def walk_in() -> Any:
    office = kiosk_office()
    data = parse_body(WalkInBody)
    _, service = resolve_target(office.slug, data.service)
    instant = now()
    ticket = checkin.issue_walk_in(
        office,
        checkin.WalkIn(
            service=service,
            companions=data.companions,
            priority=data.priority,
            contact_phone=data.phone,
            screening=screening_of(data.health, office),
        ),
        instant,
    )
    body = {"ticket": ticket_json(ticket, instant)}
    commit()
    return jsonify(body), 201


@bp.post("/api/v1/kiosk/bookings")
@documented(
    "Assisted booking at the kiosk (same rules and capacity); the answer holds the QR payload",
    body=KioskBookingCreate,
    status=201,
    auth="device",
    tag="kiosk",
)
@device_required("kiosk")
def assisted_booking() -> Any:
    office = kiosk_office()
    data = parse_body(KioskBookingCreate)
    if data.office and data.office != office.slug:
        raise Forbidden("wrong_office")
    data.office = office.slug
    _, service = resolve_target(office.slug, data.service)
    return book_from_request(office, service, data, channel="kiosk")


@bp.get("/api/v1/kiosk/tickets/<code>")
@documented(
    "Show or print a ticket again from its booking code",
    auth="device",
    tag="kiosk",
    response=shapes.IN_TICKET,
)
@device_required("kiosk")
def reprint(code: str) -> Any:
    office = kiosk_office()
    booking = bookings.get_booking(code)
    ticket = queue.ticket_of_booking(booking.id) if booking.office_id == office.id else None
    if ticket is None:
        raise DomainError("not_found", status=404)
    return jsonify({"ticket": ticket_json(ticket, now())})


@bp.get("/api/v1/kiosk/office")
@documented(
    "The kiosk's office: services, opening state and screening limit",
    auth="device",
    tag="kiosk",
    response=shapes.KIOSK_OFFICE,
)
@device_required("kiosk")
def kiosk_status() -> Any:
    office = kiosk_office()
    instant = now()
    present, limit = queue.occupancy(office, instant)
    is_open = checkin.is_open(office, instant)
    closed = None if is_open else checkin.office_closed(office, instant)
    return jsonify(
        {
            "office": office.slug,
            "name": office.name,
            "timezone": office.timezone,
            "open": is_open,
            "closed_message": closed.message() if closed else None,
            "temperature_limit_c": temperature_limit(office),
            "occupancy": {"present": present, "limit": limit},
            "services": [
                {"code": s.code, "name": s.name, "prefix": s.prefix, "online_url": s.online_url}
                for s in offices.get_office(office.slug).services
            ],
        }
    )
