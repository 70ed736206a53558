"""When background work is due: pure rules of `now` and the data, tested without a clock.

No-shows, offer holds, reminders and retry backoff. Every job asks these functions, so a job
that runs late (or twice) decides exactly as one that ran on time."""

from __future__ import annotations

from datetime import datetime, timedelta

REMINDER_LEADS = {"day_before": timedelta(hours=24), "hour_before": timedelta(hours=1)}
# The day-before reminder is pointless once the hour-before one is due.
REMINDER_UNTIL = {"day_before": timedelta(hours=1), "hour_before": timedelta(0)}


def checkin_closes_at(start: datetime, late_minutes: int) -> datetime:
    return start + timedelta(minutes=late_minutes)


def is_booking_no_show(start: datetime, late_minutes: int, now: datetime) -> bool:
    """A booking not checked in once its check-in window has closed."""
    return now >= checkin_closes_at(start, late_minutes)


def offer_expires_at(now: datetime, hold_minutes: int, start: datetime) -> datetime:
    """An offer is held for `hold_minutes`, but never past the start of its slot."""
    return min(now + timedelta(minutes=hold_minutes), start)


def reminder_due(kind: str, start: datetime, booked_at: datetime, now: datetime) -> bool:
    """Due from `lead` before the start until the next reminder takes over; a booking made
    after that moment needs no such reminder (its confirmation is fresher)."""
    opens = start - REMINDER_LEADS[kind]
    return booked_at <= opens <= now < start - REMINDER_UNTIL[kind]


def retry_delay(attempt: int, base_seconds: int, cap_seconds: int = 3600) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failed attempt."""
    return timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempt - 1)))
