"""What citizens are told about their bookings: moves and flags after a protocol change,
reminders the day and the hour before, and "your turn is near".

Each message is enqueued in the outbox with an idempotency key naming the booking, the kind of
message and the slot it is about, so a job that runs twice sends nothing twice, while a booking
moved to a new time does get told about the new time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.i18n import translate
from app.models import Booking, Office, Ticket, WaitlistEntry
from app.services.notifications import (
    Message,
    Outgoing,
    channels_for,
    enqueue,
    enqueue_many,
    for_booking,
    notify_booking,
)
from app.services.tokens import manage_token
from scheduling.job_rules import REMINDER_LEADS, reminder_due
from scheduling.notify_texts import local_time_text


def public_url(path: str) -> str:
    base = (current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    return f"{base}{path}"


def booking_links(booking: Booking) -> dict[str, str]:
    token = manage_token(booking.code, booking.manage_nonce)
    return {
        "manage_url": public_url(f"/b/{booking.code}?token={token}"),
        "qr_url": public_url(f"/api/v1/bookings/{booking.code}/qr.png?token={token}"),
    }


def signed(body_key: str, lang: str, params: dict[str, Any]) -> str:
    return f"{translate(body_key, lang, **params)}\n\n{translate('notify_signature', lang)}"


# The outcomes of a protocol change that the citizen is told of (notify_<outcome>_subject/body).
PROTOCOL_NOTICES = ("moved", "flagged")


def booking_message(kind: str, subject_key: str, body_key: str, booking: Booking) -> Message:
    office, lang = booking.office, booking.language or "id"
    params: dict[str, Any] = {
        "office": office.name,
        "service": booking.service.name,
        "time": local_time_text(booking.start, office.timezone, lang),
        "code": booking.code,
        **booking_links(booking),
    }
    subject = translate(subject_key, lang, **params)
    return Message(kind, subject, signed(body_key, lang, params), lang)


def _slot_key(booking: Booking) -> int:
    return int(booking.start.timestamp())


def notify_rebalanced(
    office: Office, report: list[tuple[str, str, datetime | None]], now: datetime
) -> int:
    """Tell every citizen whose booking a protocol change moved or flagged."""
    touched = {code: what for code, what, _ in report if what in PROTOCOL_NOTICES}
    if not touched:
        return 0
    outgoing: list[Outgoing] = []
    bookings = db.session.scalars(
        select(Booking).where(Booking.office_id == office.id, Booking.code.in_(touched))
    )
    for booking in bookings:
        what = touched[booking.code]
        message = booking_message(
            f"protocol_{what}", f"notify_{what}_subject", f"notify_{what}_body", booking
        )
        key = f"protocol:{booking.id}:{what}:{_slot_key(booking)}"
        outgoing += for_booking(booking, key, message)
    return enqueue_many(outgoing, now)


def send_reminders(now: datetime) -> int:
    """Enqueue the day-before and hour-before reminders that are due."""
    horizon = now + max(REMINDER_LEADS.values())
    bookings = db.session.scalars(
        select(Booking).where(
            Booking.status == "booked", Booking.start > now, Booking.start <= horizon
        )
    )
    added = 0
    for booking in bookings:
        for kind in REMINDER_LEADS:
            if reminder_due(kind, booking.start, booking.created_at, now):
                message = booking_message(
                    f"reminder_{kind}", f"notify_{kind}_subject", "notify_reminder_body", booking
                )
                key = f"reminder:{booking.id}:{kind}:{_slot_key(booking)}"
                added += notify_booking(booking, key, message, now)
    return added


def notify_offer(entry: WaitlistEntry, token: str, now: datetime) -> int:
    """Tell the citizen a place is held for them, until when, and how to confirm."""
    office, lang = entry.office, entry.language or "id"
    params = {
        "office": office.name,
        "service": entry.service.name,
        "time": local_time_text(entry.start, office.timezone, lang),
        "expires": local_time_text(entry.offer_expires_at or entry.start, office.timezone, lang),
        "code": entry.code,
        "waitlist_url": public_url(f"/w/{entry.code}?token={token}"),
    }
    message = Message(
        "waitlist_offer",
        translate("notify_offer_subject", lang, **params),
        signed("notify_offer_body", lang, params),
        lang,
    )
    added = 0
    for channel, recipient in channels_for(entry.email, entry.phone):
        key = f"offer:{entry.id}:{entry.offers}:{channel}"
        added += enqueue(key, channel, recipient, message, now, office.id)
    return added


def notify_turn_near(now: datetime, places: int) -> int:
    """Tell checked-in citizens with at most `places` people ahead in their service's line."""
    from app.services import queue

    groups = db.session.execute(
        select(Ticket.office_id, Ticket.local_date, Ticket.service_id)
        .where(Ticket.status == "waiting", Ticket.booking_id.is_not(None))
        .distinct()
    )
    added = 0
    for office_id, day, service_id in list(groups):
        office = db.session.get(Office, office_id)
        if office is None or day != queue.today(office, now):
            continue
        line = queue.in_call_order(office, queue.waiting_tickets(office, day, [service_id]), day)
        for ahead, ticket in enumerate(line[: places + 1]):
            if ticket.booking is not None:
                added += _notify_turn_near(ticket, ahead, now)
    return added


def _notify_turn_near(ticket: Ticket, ahead: int, now: datetime) -> int:
    booking = ticket.booking
    assert booking is not None
    lang = booking.language or "id"
    params = {"number": ticket.number, "office": ticket.office.name, "ahead": ahead}
    message = Message(
        "turn_near",
        translate("notify_turn_near_subject", lang, **params),
        signed("notify_turn_near_body", lang, params),
        lang,
    )
    return notify_booking(booking, f"turn_near:{ticket.id}", message, now)
