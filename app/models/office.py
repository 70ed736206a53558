"""An office, its health protocol, its services, counters and closures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

counter_services = Table(
    "counter_service",
    db.metadata,
    Column("counter_id", ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
)


class Office(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(Text)
    waiting_room_m2: Mapped[float] = mapped_column(Float)
    seats: Mapped[int] = mapped_column(Integer)
    distancing_m: Mapped[float] = mapped_column(Float, default=1.5)
    capacity_pct: Mapped[float] = mapped_column(Float, default=100)
    level: Mapped[str | None] = mapped_column(String(40))
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    cleaning_minutes: Mapped[int] = mapped_column(Integer, default=0)
    booking_horizon_days: Mapped[int] = mapped_column(Integer, default=60)
    checkin_early_minutes: Mapped[int] = mapped_column(Integer, default=30)
    checkin_late_minutes: Mapped[int] = mapped_column(Integer, default=15)
    walk_in_share: Mapped[float] = mapped_column(Float, default=0.2)
    observe_national_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    weekly_hours: Mapped[dict[str, Any]] = mapped_column(JSON)
    temperature_limit_c: Mapped[float | None] = mapped_column(Float)
    # Grows with every change to the office's queue; displays use it to spot missed events.
    queue_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    services: Mapped[list[Service]] = relationship(
        back_populates="office", order_by="Service.id", cascade="all, delete-orphan"
    )
    counters: Mapped[list[Counter]] = relationship(
        back_populates="office", order_by="Counter.id", cascade="all, delete-orphan"
    )
    closures: Mapped[list[Closure]] = relationship(
        back_populates="office", order_by="Closure.date", cascade="all, delete-orphan"
    )


class Closure(db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (UniqueConstraint("office_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    office: Mapped[Office] = relationship(back_populates="closures")


class Service(db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (UniqueConstraint("office_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(2))
    avg_service_minutes: Mapped[float] = mapped_column(Float)
    online_url: Mapped[str | None] = mapped_column(String(500))
    requirements: Mapped[list[str]] = mapped_column(JSON, default=list)
    standard: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    office: Mapped[Office] = relationship(back_populates="services")
    counters: Mapped[list[Counter]] = relationship(
        secondary=counter_services, back_populates="services", order_by="Counter.id"
    )


class Counter(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)

    office: Mapped[Office] = relationship(back_populates="counters")
    services: Mapped[list[Service]] = relationship(
        secondary=counter_services, back_populates="counters", order_by="Service.id"
    )
