"""Bookings of face-to-face slots, and the per-slot counters that keep them within capacity."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.office import Office, Service

ACTIVE_STATUSES = ("booked", "needs_rebooking")
ACTIVE_BOOKING_SQL = "status IN ('booked', 'needs_rebooking')"
ACTIVE_BOOKING_CLAUSE = text(f"booking.{ACTIVE_BOOKING_SQL}")
# The kiosk takes these bookings' QR code: to check in, or to give a checked-in visitor the
# ticket back. A booking flagged for rebooking gets its QR code back with a new time.
QR_STATUSES = ("booked", "checked_in")
# The visit will not happen: only a new booking brings the citizen in.
FINISHED_STATUSES = ("cancelled", "no_show", "done")


def unusable_code(status: str) -> str:
    """The refusal's code for a booking that cannot bring its holder in (kiosk, QR image)."""
    return _UNUSABLE.get(status, "booking_not_active")


_UNUSABLE = {"cancelled": "booking_cancelled", "needs_rebooking": "booking_needs_rebooking"}
PRIORITIES = ("none", "elderly", "disability", "pregnant", "child")
OFFICE_SCOPE = 0  # SlotCount.scope_id of the office-wide row (all services together)


class SlotCount(db.Model):  # type: ignore[name-defined,misc]
    """People booked into one slot, office-wide (scope 0) or for one service (scope = its id).

    Capacity is derived from the configuration at request time; a booking reserves its places
    with one conditional UPDATE per row (`booked + n <= capacity`), so the check and the
    reservation are a single atomic step on SQLite and PostgreSQL alike."""

    __table_args__ = (CheckConstraint("booked >= 0", name="booked_not_negative"),)

    office_id: Mapped[int] = mapped_column(
        ForeignKey("office.id", ondelete="CASCADE"), primary_key=True
    )
    scope_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class PersonalDetails:
    """Who books (or waits for) a slot, kept minimal: the name as given, a keyed hash and a
    masked form of the NIK (never the NIK itself), the phone in E.164, an optional email, the
    party and the language messages go out in. Purged by the retention job."""

    name: Mapped[str | None] = mapped_column(String(100))
    nik_hash: Mapped[str] = mapped_column(String(64))
    nik_masked: Mapped[str | None] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    companions: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[str] = mapped_column(String(12), default="none")
    language: Mapped[str] = mapped_column(String(2), default="id")
    consent_version: Mapped[str] = mapped_column(String(20))

    @property
    def party_size(self) -> int:
        return 1 + self.companions

    def personal_details(self) -> dict[str, Any]:
        """These columns' values, for another row of the same person (an offer taken up)."""
        return {name: getattr(self, name) for name in PERSONAL_COLUMNS}


# The mixin's columns, by name, as it declares them.
PERSONAL_COLUMNS = tuple(
    name for name, kind in PersonalDetails.__annotations__.items() if kind.startswith("Mapped")
)


class Booking(PersonalDetails, db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (
        # The last line of defence for "one active booking per person per office per day".
        Index(
            "uq_booking_active_person_day",
            "office_id",
            "nik_hash",
            "local_date",
            unique=True,
            sqlite_where=text(ACTIVE_BOOKING_SQL),
            postgresql_where=text(ACTIVE_BOOKING_SQL),
        ),
        Index("ix_booking_office_start", "office_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="booked")
    manage_nonce: Mapped[str] = mapped_column(String(32))
    manage_token_hash: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    request_fingerprint: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(12), default="online")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    office: Mapped[Office] = relationship()
    service: Mapped[Service] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def has_usable_qr(self) -> bool:
        return self.status in QR_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def can_cancel(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def can_reschedule(self) -> bool:
        return self.status in ACTIVE_STATUSES
