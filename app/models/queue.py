"""Queue tickets issued at the kiosk, and the per-day number sequences behind them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.booking import Booking
from app.models.office import Counter, Office, Service

TICKET_STATUSES = ("waiting", "called", "serving", "done", "no_show")
PRESENT_STATUSES = ("waiting", "called", "serving")
# Called to a counter or being served there: the counter's open ticket.
OPEN_AT_A_COUNTER = ("called", "serving")
TICKET_SOURCES = ("appointment", "walk_in")
# The conditions of the waiting line's partial indexes. The queries that read by them spell the
# same condition, so that the planners may use them.
WAITING = "status = 'waiting'"
# A waiting ticket that is not a plain appointment (priority "none", booked): a walk-in or a
# priority group. Most of a line is plain; an appointment's place depends on these few.
WAITING_NOT_PLAIN = "status = 'waiting' AND (priority <> 'none' OR source <> 'appointment')"


class TicketSequence(db.Model):  # type: ignore[name-defined,misc]
    """The last ticket number handed out per office, local day and letter (A-001, A-002…)."""

    office_id: Mapped[int] = mapped_column(
        ForeignKey("office.id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(2), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(db.Model):  # type: ignore[name-defined,misc]
    __table_args__ = (
        UniqueConstraint("office_id", "local_date", "prefix", "seq"),
        # The line of an office's day, read from the index alone (positions, call-next).
        Index(
            "ix_ticket_line",
            "office_id",
            "local_date",
            "status",
            "service_id",
            "queue_at",
            "priority",
            "source",
            "seq",
            "id",
        ),
        Index(
            "ix_ticket_waiting_not_plain",
            "office_id",
            "local_date",
            "service_id",
            "queue_at",
            "priority",
            "source",
            "seq",
            "id",
            sqlite_where=text(WAITING_NOT_PLAIN),
            postgresql_where=text(WAITING_NOT_PLAIN),
        ),
        # The head of each kind of a service's line, one step down (call-next).
        Index(
            "ix_ticket_heads",
            "office_id",
            "local_date",
            "service_id",
            "priority",
            "source",
            "queue_at",
            "seq",
            "id",
            sqlite_where=text(WAITING),
            postgresql_where=text(WAITING),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking.id", ondelete="SET NULL"), unique=True
    )
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id", ondelete="SET NULL"))
    local_date: Mapped[date] = mapped_column(Date)
    prefix: Mapped[str] = mapped_column(String(2))
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(12))  # TICKET_SOURCES
    priority: Mapped[str] = mapped_column(String(12), default="none")
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    # Where the ticket stands in time: the slot start for appointments, the arrival for
    # walk-ins. A transfer keeps it, so the ticket keeps its place.
    queue_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    recalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Contact details for a walk-in who gives them (for contact tracing); bookings have theirs.
    contact_phone: Mapped[str | None] = mapped_column(String(20))

    office: Mapped[Office] = relationship()
    service: Mapped[Service] = relationship()
    counter: Mapped[Counter | None] = relationship()
    booking: Mapped[Booking | None] = relationship()

    @property
    def is_inside(self) -> bool:
        """The party counts toward the room's occupancy until it is served or gone."""
        return self.status in PRESENT_STATUSES

    def can_recall(self) -> bool:
        return self.status == "called"

    def can_start(self) -> bool:
        return self.status == "called"

    def can_complete(self) -> bool:
        return self.status in ("called", "serving")

    def can_mark_no_show(self) -> bool:
        return self.status == "called"

    def can_transfer(self) -> bool:
        return self.status in PRESENT_STATUSES
