"""Booking, cancelling and rescheduling face-to-face slots."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.direct_rows import Snapshot, column_keys, snapshots
from app.direct_sql import DirectStatement, Lane, insert_returning_id, row_values, session_lane
from app.errors import Conflict, Gone, NotFound, Unauthorized
from app.extensions import db
from app.models import Booking, Closure, Office, Service
from app.models.booking import ACTIVE_BOOKING_CLAUSE, unusable_code
from app.services import slots as slot_service
from app.services.offices import COUNTERS_SERVING, service_capacity
from app.services.tokens import (
    hash_token,
    manage_token,
    manage_token_matches,
    new_booking_code,
    nik_hash,
)
from app.signals import bookings_changed, emit_after_commit
from app.validators import mask_nik
from scheduling.slots import local_date

CONSENT_VERSION = "2026-11"


@dataclass(frozen=True)
class Applicant:
    name: str
    nik: str  # already validated; never stored
    phone: str  # E.164
    email: str | None
    companions: int
    priority: str
    language: str


def personal_values(applicant: Applicant, person_hash: str) -> dict[str, Any]:
    """The applicant as the columns of `PersonalDetails` hold them: never the NIK itself."""
    return {
        "name": applicant.name,
        "nik_hash": person_hash,
        "nik_masked": mask_nik(applicant.nik),
        "phone": applicant.phone,
        "email": applicant.email,
        "companions": applicant.companions,
        "priority": applicant.priority,
        "language": applicant.language,
        "consent_version": CONSENT_VERSION,
    }


@dataclass(frozen=True)
class BookingResult:
    booking: Booking | Snapshot  # a snapshot when booked on a lane of the caller's own
    manage_token: str
    replayed: bool = False


def fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def find_by_idempotency_key(key: str) -> Booking | None:
    return db.session.scalar(select(Booking).where(Booking.idempotency_key == key))


def replay(booking: Booking, request_fingerprint: str | None) -> BookingResult:
    if booking.request_fingerprint != request_fingerprint:
        raise Conflict("idempotency_mismatch")
    return BookingResult(booking, manage_token(booking.code, booking.manage_nonce), True)


_BOOKINGS = Booking.__table__
_ACTIVE_PERSON_DAY = (
    select(_BOOKINGS.c.id)
    .where(
        _BOOKINGS.c.office_id == bindparam("p_office"),
        _BOOKINGS.c.nik_hash == bindparam("p_person"),
        _BOOKINGS.c.local_date == bindparam("p_day"),
        # Literal, as the partial index says it: a list of bound values would keep the
        # planners from using that index (a scan of the office's bookings instead).
        ACTIVE_BOOKING_CLAUSE,
        _BOOKINGS.c.id != bindparam("p_exclude"),
    )
    .limit(1)
)


def has_active_booking(
    office_id: int, person_hash: str, start: datetime, timezone: str, exclude: int | None = None
) -> bool:
    params = {
        "p_office": office_id,
        "p_person": person_hash,
        "p_day": local_date(start, timezone),
        "p_exclude": -1 if exclude is None else exclude,
    }
    return db.session.execute(_ACTIVE_PERSON_DAY, params).first() is not None


_OFFICE_AND_SERVICE = (
    select(Office, Service)
    .outerjoin(Service, (Service.office_id == Office.id) & (Service.code == bindparam("p_code")))
    .where(Office.slug == bindparam("p_slug"))
)
_OFFICES, _SERVICES = Office.__table__, Service.__table__
# What a booking needs of its office and service: the rows but for the documents pages show
# (the service standard) and the office's creation time, whose decoding was a tenth of the read.
_NOT_FOR_BOOKING = {"created_at", "requirements", "standard"}
_OFFICE_KEYS = column_keys(_OFFICES, leave_out=_NOT_FOR_BOOKING)
_SERVICE_KEYS = column_keys(_SERVICES, leave_out=_NOT_FOR_BOOKING)
_OFFICE_COLUMNS = [_OFFICES.c[key] for key in _OFFICE_KEYS]
_SERVICE_COLUMNS = [_SERVICES.c[key] for key in _SERVICE_KEYS]
_OFFICE_AND_SERVICE_COLUMNS = (
    select(
        *_OFFICE_COLUMNS, *(column.label(f"service_{column.name}") for column in _SERVICE_COLUMNS)
    )
    .select_from(
        _OFFICES.outerjoin(
            _SERVICES,
            (_SERVICES.c.office_id == _OFFICES.c.id) & (_SERVICES.c.code == bindparam("p_code")),
        )
    )
    .where(_OFFICES.c.slug == bindparam("p_slug"))
)


# The booking rules read only column attributes, so they take either.
OfficeLike = Office | Snapshot
ServiceLike = Service | Snapshot


def office_and_service(slug: str, code: str) -> tuple[Office | None, Service | None]:
    """The office by slug and its service by code, in one query (either may be missing)."""
    row = db.session.execute(_OFFICE_AND_SERVICE, {"p_slug": slug, "p_code": code}).first()
    return (row[0], row[1]) if row else (None, None)


_SNAPSHOT_ROW = DirectStatement(_OFFICE_AND_SERVICE_COLUMNS)


def office_and_service_snapshots(
    slug: str, code: str, lane: Lane | None = None
) -> tuple[Snapshot | None, Snapshot | None]:
    """The same as `office_and_service`, as snapshots: for the online booking's hot path."""
    row = (lane or session_lane()).first(_SNAPSHOT_ROW, {"p_slug": slug, "p_code": code})
    if row is None:
        return None, None
    office, service = snapshots(row, _OFFICE_KEYS, _SERVICE_KEYS)
    return office, (service if service.id is not None else None)


@dataclass(frozen=True)
class BookingChecks:
    closure_on_day: bool
    counters_serving: int
    person_already_booked: bool


_CLOSURES = Closure.__table__
# The three reads a new booking needs before it takes its places, as one statement.
_BOOKING_CHECKS = DirectStatement(
    select(
        exists()
        .where(
            _CLOSURES.c.office_id == bindparam("p_office"), _CLOSURES.c.date == bindparam("p_day")
        )
        .label("closure_on_day"),
        COUNTERS_SERVING.scalar_subquery().label("counters_serving"),
        exists(_ACTIVE_PERSON_DAY).label("person_already_booked"),
    )
)


def booking_checks(
    lane: Lane, office: OfficeLike, service: ServiceLike, person_hash: str, day: date
) -> BookingChecks:
    params = {
        "p_office": office.id,
        "p_day": day,
        "p_service": service.id,
        "p_person": person_hash,
        "p_exclude": -1,
    }
    row = lane.first(_BOOKING_CHECKS, params)
    assert row is not None  # a SELECT without FROM has exactly one row
    return BookingChecks(bool(row[0]), int(row[1] or 0), bool(row[2]))


_INSERT_BOOKING = insert_returning_id(_BOOKINGS)


def _insert_booking(
    lane: Lane, values: dict[str, Any], office: OfficeLike, service: ServiceLike, in_session: bool
) -> Booking | Snapshot:
    """INSERT straight on the lane. In the ORM session's transaction the session is handed a
    persistent Booking built from the same values, as if it had been loaded; on a lane of its
    own the caller gets a snapshot of the row."""
    row = lane.first(_INSERT_BOOKING, row_values(values))
    assert row is not None  # INSERT … RETURNING gives the new row's id
    if not in_session:
        return Snapshot(id=row[0], **values)
    booking = Booking(id=row[0], **values)
    make_transient_to_detached(booking)
    db.session.add(booking)
    if isinstance(office, Office) and isinstance(service, Service):
        set_committed_value(booking, "office", office)
        set_committed_value(booking, "service", service)
    return booking


def create_booking(
    office: OfficeLike,
    service: ServiceLike,
    start: datetime,
    applicant: Applicant,
    now: datetime,
    idempotency_key: str | None = None,
    request_fingerprint: str | None = None,
    channel: str = "online",
    lane: Lane | None = None,
) -> BookingResult:
    """Book on the ORM session's transaction, or on `lane`, a transaction of the caller's own
    (`app.database.direct_transaction`; then without an idempotency key: a retry may have to
    roll back and read the winner, which only the session does)."""
    if lane is not None and idempotency_key:
        raise ValueError("an idempotent booking runs in the ORM session's transaction")
    if idempotency_key:
        existing = find_by_idempotency_key(idempotency_key)
        if existing is not None:
            return replay(existing, request_fingerprint)
    try:
        return _book(
            office,
            service,
            start,
            applicant,
            now,
            _Request(idempotency_key, request_fingerprint, channel),
            lane,
        )
    except Conflict:
        # On PostgreSQL a retry racing its own first attempt can miss it above yet meet its
        # effects a statement later (the person already booked, the places gone): once that
        # attempt has committed, the retry answers with it instead of a conflict.
        if not idempotency_key:
            raise
        db.session.rollback()
        existing = find_by_idempotency_key(idempotency_key)
        if existing is None:
            raise
        return replay(existing, request_fingerprint)


@dataclass(frozen=True)
class _Request:
    idempotency_key: str | None
    fingerprint: str | None
    channel: str


def _book(
    office: OfficeLike,
    service: ServiceLike,
    start: datetime,
    applicant: Applicant,
    now: datetime,
    request: _Request,
    own_lane: Lane | None,
) -> BookingResult:
    lane = own_lane or session_lane()
    person = nik_hash(applicant.nik)
    checks = booking_checks(lane, office, service, person, local_date(start, office.timezone))
    slot_start, slot_end = slot_service.bookable_slot(
        office, service, start, now, closure_on_day=checks.closure_on_day
    )
    if checks.person_already_booked:
        raise Conflict("duplicate_booking")
    people = 1 + applicant.companions
    capacity = service_capacity(office, service, checks.counters_serving)
    slot_service.reserve_places(office, service, slot_start, people, capacity, lane)
    code, nonce = new_booking_code(), secrets.token_hex(8)
    token = manage_token(code, nonce)
    values = {
        "code": code,
        "office_id": office.id,
        "service_id": service.id,
        "start": slot_start,
        "end": slot_end,
        "local_date": local_date(slot_start, office.timezone),
        "status": "booked",
        **personal_values(applicant, person),
        "manage_nonce": nonce,
        "manage_token_hash": hash_token(token),
        "idempotency_key": request.idempotency_key,
        "request_fingerprint": request.fingerprint,
        "channel": request.channel,
        "created_at": now,
        "cancelled_at": None,
        "checked_in_at": None,
        "anonymised_at": None,
    }
    try:
        booking = _insert_booking(lane, values, office, service, in_session=own_lane is None)
    except IntegrityError:
        # A concurrent request won the race: the same idempotency key or the same person
        # (create_booking then answers a retry with the winner's booking).
        if own_lane is None:
            db.session.rollback()
        raise Conflict("duplicate_booking") from None
    return BookingResult(booking, token)


def get_booking(code: str) -> Booking:
    booking = db.session.scalar(select(Booking).where(Booking.code == code.upper()))
    if booking is None:
        raise NotFound()
    return booking


def get_managed_booking(code: str, token: str | None) -> Booking:
    """The booking, for the citizen holding its manage token (401 without the right one)."""
    booking = get_booking(code)
    if not manage_token_matches(token, booking.manage_token_hash):
        raise Unauthorized(message_key="private_link_invalid")
    return booking


def refuse_unusable_qr(booking: Booking) -> None:
    """A booking's QR code is given out only while the kiosk takes it; showing one it would
    refuse only sends the citizen to the office for nothing."""
    if booking.has_usable_qr:
        return
    code = unusable_code(booking.status)
    if booking.status == "needs_rebooking":  # a new time makes the same code usable again
        raise Conflict(code)
    raise Gone(code)


def holds_places(booking: Booking) -> bool:
    """Only `booked` bookings hold places; one flagged for rebooking has given its place up."""
    return booking.status == "booked"


def cancel_booking(booking: Booking, now: datetime) -> Booking:
    if booking.status == "cancelled":
        return booking
    if not booking.can_cancel():
        raise Conflict("booking_not_active")
    if holds_places(booking):
        slot_service.release_places(
            booking.office_id, booking.service_id, booking.start, booking.party_size
        )
    booking.status = "cancelled"
    booking.cancelled_at = now
    db.session.flush()
    emit_after_commit(bookings_changed, booking.office_id, changes=[(booking.code, "cancelled")])
    return booking


def reschedule_booking(booking: Booking, new_start: datetime, now: datetime) -> Booking:
    """Move the booking to another slot of its service; if that slot is full, the request
    fails and, the transaction being rolled back, the old place is kept."""
    if not booking.can_reschedule():
        raise Conflict("booking_not_active")
    office, service = booking.office, booking.service
    slot_start, slot_end = slot_service.bookable_slot(office, service, new_start, now)
    if slot_start == booking.start and holds_places(booking):
        return booking
    if has_active_booking(
        office.id, booking.nik_hash, slot_start, office.timezone, exclude=booking.id
    ):
        raise Conflict("duplicate_booking")
    slot_service.reserve_places(
        office, service, slot_start, booking.party_size, service_capacity(office, service)
    )
    if holds_places(booking):
        slot_service.release_places(office.id, service.id, booking.start, booking.party_size)
    booking.start, booking.end = slot_start, slot_end
    booking.local_date = local_date(slot_start, office.timezone)
    booking.status = "booked"
    db.session.flush()
    return booking
