"""The waitlist of a full slot, and the named protocol levels (PPKM 1–4) an admin edits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.booking import Booking, PersonalDetails
from app.models.office import Office, Service

# waiting → offered (places held) → booked | expired (→ the next in line) ; or left
WAITLIST_STATUSES = ("waiting", "offered", "booked", "expired", "left")
OPEN_STATUSES = ("waiting", "offered")


class WaitlistEntry(PersonalDetails, db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (Index("ix_waitlist_office_start_status", "office_id", "start", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    # The private token is derived from the code and this nonce (like a manage token), so an
    # offer message can carry it again; only its hash is stored.
    token_nonce: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    offers: Mapped[int] = mapped_column(Integer, default=0)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    office: Mapped[Office] = relationship()
    service: Mapped[Service] = relationship()
    booking: Mapped[Booking | None] = relationship()

    @property
    def holds_places(self) -> bool:
        return self.status == "offered"

    def can_confirm(self, now: datetime) -> bool:
        return self.status == "offered" and (
            self.offer_expires_at is not None and now < self.offer_expires_at
        )

    def can_leave(self) -> bool:
        return self.status in OPEN_STATUSES


class ProtocolLevel(db.Model):  # type: ignore[name-defined,misc]
    """A named level of restrictions (e.g. "PPKM 3") and the capacity it allows."""

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    capacity_pct: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
