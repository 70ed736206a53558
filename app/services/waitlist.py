"""The waitlist of a full slot: join, offers that hold places, confirmation, expiry.

When places free up, the first in line whose party fits is offered them: the places are
RESERVED for the offer (the same conditional UPDATE as a booking), so nobody else can take
them while the citizen decides, and nobody is ever offered a slot without room. Confirming
turns the held places into the booking's places (no second reservation, so nothing is counted
twice); an offer that expires gives them back and passes to the next in line. Every state
change of an entry is a conditional UPDATE on its status, so confirm and expiry cannot both
win."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict, NotFound, Unauthorized
from app.extensions import db
from app.models import Booking, Office, Service, WaitlistEntry
from app.models.booking import OFFICE_SCOPE
from app.models.waitlist import OPEN_STATUSES
from app.services import slots as slot_service
from app.services.bookings import (
    Applicant,
    BookingResult,
    has_active_booking,
    personal_values,
)
from app.services.offices import capacity_of, service_capacity
from app.services.reminders import notify_offer
from app.services.tokens import (
    hash_token,
    manage_token,
    manage_token_matches,
    new_booking_code,
    nik_hash,
)
from scheduling.job_rules import offer_expires_at
from scheduling.slots import local_date


def hold_minutes() -> int:
    return int(current_app.config.get("WAITLIST_HOLD_MINUTES") or 30)


def entry_token(code: str, nonce: str) -> str:
    return manage_token(f"waitlist:{code}", nonce)


def free_places(office: Office, service: Service, start: datetime) -> int:
    counts = slot_service.booked_counts(office.id, (OFFICE_SCOPE, service.id), start, start)
    office_free = capacity_of(office).slot_capacity - counts.get((OFFICE_SCOPE, start), 0)
    service_free = service_capacity(office, service) - counts.get((service.id, start), 0)
    return max(0, min(office_free, service_free))


def _is_waiting(office_id: int, person: str, start: datetime) -> bool:
    query = select(WaitlistEntry.id).where(
        WaitlistEntry.office_id == office_id,
        WaitlistEntry.nik_hash == person,
        WaitlistEntry.start == start,
        WaitlistEntry.status.in_(OPEN_STATUSES),
    )
    return db.session.scalar(query.limit(1)) is not None


def join_waitlist(
    office: Office, service: Service, start: datetime, applicant: Applicant, now: datetime
) -> tuple[WaitlistEntry, str]:
    slot_start, slot_end = slot_service.bookable_slot(office, service, start, now)
    person = nik_hash(applicant.nik)
    if has_active_booking(office.id, person, slot_start, office.timezone):
        raise Conflict("duplicate_booking")
    if _is_waiting(office.id, person, slot_start):
        raise Conflict("waitlist_duplicate")
    if free_places(office, service, slot_start) >= 1 + applicant.companions:
        raise Conflict("slot_not_full")
    code, nonce = new_booking_code(), secrets.token_hex(8)
    token = entry_token(code, nonce)
    entry = WaitlistEntry(
        code=code,
        office_id=office.id,
        service_id=service.id,
        start=slot_start,
        end=slot_end,
        status="waiting",
        **personal_values(applicant, person),
        token_nonce=nonce,
        token_hash=hash_token(token),
        created_at=now,
        offers=0,
    )
    db.session.add(entry)
    db.session.flush()
    entry.office, entry.service = office, service
    return entry, token


def get_entry(code: str, token: str | None) -> WaitlistEntry:
    entry = db.session.scalar(select(WaitlistEntry).where(WaitlistEntry.code == code.upper()))
    if entry is None:
        raise NotFound()
    if not manage_token_matches(token, entry.token_hash):
        raise Unauthorized(message_key="private_link_invalid")
    return entry


def position(entry: WaitlistEntry) -> int | None:
    """1 for the first in line; None once the entry is no longer waiting."""
    if entry.status != "waiting":
        return None
    ahead = db.session.scalar(
        select(db.func.count(WaitlistEntry.id)).where(
            WaitlistEntry.office_id == entry.office_id,
            WaitlistEntry.start == entry.start,
            WaitlistEntry.status == "waiting",
            (WaitlistEntry.created_at < entry.created_at)
            | ((WaitlistEntry.created_at == entry.created_at) & (WaitlistEntry.id < entry.id)),
        )
    )
    return int(ahead or 0) + 1


def _move(entry_id: int, from_status: str, **values: Any) -> bool:
    """The one way an entry changes state: only if it is still in `from_status`."""
    result = db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.id == entry_id, WaitlistEntry.status == from_status)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _hold(office: Office, entry: WaitlistEntry, now: datetime, hold_minutes: int) -> bool:
    """Reserve the entry's places and make it an offer; False if they no longer fit."""
    try:
        with db.session.begin_nested():
            slot_service.reserve_places(
                office,
                entry.service,
                entry.start,
                entry.party_size,
                service_capacity(office, entry.service),
            )
            if not _move(
                entry.id,
                "waiting",
                status="offered",
                offered_at=now,
                offer_expires_at=offer_expires_at(now, hold_minutes, entry.start),
                offers=entry.offers + 1,
            ):
                raise Conflict("waitlist_closed")
    except Conflict:
        return False
    return True


def waiting_entries(office: Office, now: datetime) -> list[WaitlistEntry]:
    return list(
        db.session.scalars(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.office_id == office.id,
                WaitlistEntry.status == "waiting",
                WaitlistEntry.start > now,
            )
            .order_by(WaitlistEntry.start, WaitlistEntry.created_at, WaitlistEntry.id)
        )
    )


def offer_free_places(office: Office, now: datetime, hold_minutes: int) -> list[WaitlistEntry]:
    """Offer every free place of the office's future slots to the first in line who fits."""
    offered = []
    for entry in waiting_entries(office, now):
        if free_places(office, entry.service, entry.start) < entry.party_size:
            continue
        if _hold(office, entry, now, hold_minutes):
            notify_offer(entry, entry_token(entry.code, entry.token_nonce), now)
            offered.append(entry)
    return offered


def _release(entry: WaitlistEntry) -> None:
    slot_service.release_places(entry.office_id, entry.service_id, entry.start, entry.party_size)


def expire_offers(now: datetime) -> list[WaitlistEntry]:
    """End the offers whose hold is over, giving their places back."""
    due = db.session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.status == "offered", WaitlistEntry.offer_expires_at <= now
        )
    )
    expired = []
    for entry in list(due):
        if _move(entry.id, "offered", status="expired"):
            _release(entry)
            expired.append(entry)
    return expired


def withdraw_offers(office: Office, now: datetime) -> int:
    """Put open offers of future slots back in line (their places are given back): used
    before a protocol change re-balances, so held places never outrank booked ones."""
    withdrawn = 0
    offers = db.session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.office_id == office.id,
            WaitlistEntry.status == "offered",
            WaitlistEntry.start > now,
        )
    )
    for entry in list(offers):
        if _move(entry.id, "offered", status="waiting", offer_expires_at=None):
            _release(entry)
            withdrawn += 1
    return withdrawn


def leave_waitlist(entry: WaitlistEntry) -> WaitlistEntry:
    if not entry.can_leave():
        raise Conflict("waitlist_closed")
    was_offered = entry.status == "offered"
    if not _move(entry.id, entry.status, status="left"):
        raise Conflict("waitlist_closed")
    if was_offered:
        _release(entry)
    return entry


def confirm_offer(entry: WaitlistEntry, now: datetime) -> BookingResult:
    """Turn the offer into a booking that takes over the places held for it."""
    if entry.status == "waiting":
        raise Conflict("offer_not_open")
    if not entry.can_confirm(now):
        raise Conflict(
            "offer_expired" if entry.status in ("offered", "expired") else "waitlist_closed"
        )
    office = entry.office
    if has_active_booking(office.id, entry.nik_hash, entry.start, office.timezone):
        raise Conflict("duplicate_booking")
    booking, token = _booking_from(entry, now)
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("duplicate_booking") from None
    if not _move(entry.id, "offered", status="booked", booking_id=booking.id):
        raise Conflict("offer_expired")  # expired meanwhile: the boundary rolls back
    booking.office, booking.service = office, entry.service
    return BookingResult(booking, token)


def _booking_from(entry: WaitlistEntry, now: datetime) -> tuple[Booking, str]:
    code, nonce = new_booking_code(), secrets.token_hex(8)
    token = manage_token(code, nonce)
    booking = Booking(
        code=code,
        office_id=entry.office_id,
        service_id=entry.service_id,
        start=entry.start,
        end=entry.end,
        local_date=local_date(entry.start, entry.office.timezone),
        status="booked",
        **entry.personal_details(),
        manage_nonce=nonce,
        manage_token_hash=hash_token(token),
        channel="waitlist",
        created_at=now,
    )
    return booking, token
