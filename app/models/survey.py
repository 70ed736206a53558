"""Anonymous SKM answers (PermenPANRB 14/2017), one per served ticket, stored by element code.

Anonymous by design: a response keeps the ticket id only so that a ticket can answer once,
plus the office and the office-local day of the visit for the IKM per period. No name, NIK,
phone or booking is stored with it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

ELEMENT_COLUMNS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
COMMENT_MAX_LENGTH = 1000


class SurveyResponse(db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (
        Index("ix_survey_office_day", "office_id", "local_date"),
        *(
            CheckConstraint(f"{code} BETWEEN 1 AND 4", name=f"{code}_scale")
            for code in ELEMENT_COLUMNS
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL"), unique=True
    )
    local_date: Mapped[date] = mapped_column(Date)
    u1: Mapped[int] = mapped_column(Integer)  # Persyaratan
    u2: Mapped[int] = mapped_column(Integer)  # Sistem, Mekanisme, dan Prosedur
    u3: Mapped[int] = mapped_column(Integer)  # Waktu Penyelesaian
    u4: Mapped[int] = mapped_column(Integer)  # Biaya/Tarif
    u5: Mapped[int] = mapped_column(Integer)  # Produk Spesifikasi Jenis Pelayanan
    u6: Mapped[int] = mapped_column(Integer)  # Kompetensi Pelaksana
    u7: Mapped[int] = mapped_column(Integer)  # Perilaku Pelaksana
    u8: Mapped[int] = mapped_column(Integer)  # Penanganan Pengaduan, Saran dan Masukan
    u9: Mapped[int] = mapped_column(Integer)  # Sarana dan Prasarana
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def answers(self) -> dict[str, int]:
        return {code: getattr(self, code) for code in ELEMENT_COLUMNS}
