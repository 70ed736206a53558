"""The notification outbox: every message to a citizen is a row first, sent after commit.

The idempotency key is unique, so asking twice for the same message (a job that runs again,
a retried request) still sends it once. Delivery retries with exponential backoff and keeps
the row as `failed` after the last try."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

NOTIFICATION_STATUSES = ("pending", "sent", "failed")
CHANNELS = ("email", "sms", "whatsapp")


class Notification(db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (Index("ix_notification_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="SET NULL"))
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(12))
    # Personal data: the address or phone; erased by the retention job once sent or failed.
    recipient: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="id")
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The kind of failure only (exception class, HTTP status): never the recipient or body.
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
