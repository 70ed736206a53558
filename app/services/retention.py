"""Keeping personal data no longer than its purpose needs (UU PDP No. 27/2022, Pasal 16).

Finished visits are anonymised after RETENTION_DAYS: name, phone, email and the masked NIK are
cleared and the NIK hash is replaced by a random value (so the person can no longer be found),
while the row stays for the reports (counts, times, statuses). Contact-tracing data lives only
TRACE_RETENTION_DAYS. Sent notifications lose their recipient and text after RETENTION_DAYS."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import Booking, Notification, Ticket, WaitlistEntry


@dataclass(frozen=True)
class RetentionResult:
    bookings: int
    waitlist: int
    notifications: int
    tickets: int

    @property
    def total(self) -> int:
        return self.bookings + self.waitlist + self.notifications + self.tickets


def _forget_person(row: Booking | WaitlistEntry, now: datetime) -> None:
    """The visit stays (for the reports), who made it goes; a random hash in place of the
    NIK's can never match anyone's again."""
    row.name = row.phone = row.email = row.nik_masked = None
    row.nik_hash = secrets.token_hex(32)
    row.anonymised_at = now


def anonymise_bookings(cutoff: datetime, now: datetime) -> int:
    """Visits that ended before `cutoff`, whatever their status: all are finished by then."""
    rows = db.session.scalars(
        select(Booking).where(Booking.end <= cutoff, Booking.anonymised_at.is_(None))
    )
    count = 0
    for booking in rows:
        _forget_person(booking, now)
        booking.idempotency_key = booking.request_fingerprint = None
        count += 1
    return count


def anonymise_waitlist(cutoff: datetime, now: datetime) -> int:
    rows = db.session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.end <= cutoff, WaitlistEntry.anonymised_at.is_(None)
        )
    )
    count = 0
    for entry in rows:
        _forget_person(entry, now)
        count += 1
    return count


def erase_notifications(cutoff: datetime) -> int:
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.created_at <= cutoff,
            Notification.status != "pending",
            Notification.recipient.is_not(None),
        )
        .values(recipient=None, body="", subject="")
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def erase_contact_tracing(cutoff: datetime) -> int:
    result = db.session.execute(
        update(Ticket)
        .where(Ticket.issued_at <= cutoff, Ticket.contact_phone.is_not(None))
        .values(contact_phone=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def apply_retention(now: datetime, retention_days: int, trace_days: int) -> RetentionResult:
    cutoff = now - timedelta(days=retention_days)
    result = RetentionResult(
        bookings=anonymise_bookings(cutoff, now),
        waitlist=anonymise_waitlist(cutoff, now),
        notifications=erase_notifications(cutoff),
        tickets=erase_contact_tracing(now - timedelta(days=trace_days)),
    )
    db.session.flush()
    return result
