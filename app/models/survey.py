"""Anonymous SKM answers (PermenPANRB 14/2017), one per served ticket, stored by element."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SurveyResponse(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL"), unique=True
    )
    local_date: Mapped[date] = mapped_column(Date)
    u1_requirements: Mapped[int] = mapped_column(Integer)
    u2_procedure: Mapped[int] = mapped_column(Integer)
    u3_time: Mapped[int] = mapped_column(Integer)
    u4_cost: Mapped[int] = mapped_column(Integer)
    u5_product: Mapped[int] = mapped_column(Integer)
    u6_competence: Mapped[int] = mapped_column(Integer)
    u7_behaviour: Mapped[int] = mapped_column(Integer)
    u8_complaints: Mapped[int] = mapped_column(Integer)
    u9_facilities: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
