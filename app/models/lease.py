"""The scheduler lease (exactly one active scheduler) and the log of job runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SchedulerLease(db.Model):  # type: ignore[name-defined,misc]
    """One row per lease name; whoever holds an unexpired row runs the jobs.

    Taken and renewed with one conditional UPDATE (`… WHERE owner = me OR expires_at < now`),
    so two schedulers can never both believe they hold it."""

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobRun(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40), index=True)
    owner: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    handled: Mapped[int] = mapped_column(Integer, default=0)
