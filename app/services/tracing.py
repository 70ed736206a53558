"""Contact tracing for the health office: every visit whose stay overlaps a window.

A stay runs from the ticket's issue (arrival at the kiosk) until its completion, or its
no-show; a party still inside stays until now. Stays never outlast their queue's local day.
Identity is masked; the contact phone is given in full because the health office must call.
Every query is written to the audit log, with who asked, the window and how many visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Office, Ticket
from app.serialize import local_iso
from app.services import audit
from app.services.reports import day_end
from scheduling.reports import overlaps
from scheduling.reports import stay_end as ended_at

# A stay is capped at the end of its local day, so no stay is longer than this.
LONGEST_STAY = timedelta(hours=25)


@dataclass(frozen=True)
class Visit:
    ticket: Ticket
    arrived_at: datetime
    left_at: datetime | None  # None: still inside
    name_masked: str | None
    nik_masked: str | None
    phone: str | None


def mask_name(name: str | None) -> str | None:
    """Initials only: "Siti Rahayu" → "S*** R*****"."""
    if not name:
        return None
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def stay_end(ticket: Ticket, office: Office, now: datetime) -> tuple[datetime | None, datetime]:
    """(when the party left, or None while inside; the end used for the overlap test)."""
    left = ended_at(ticket)
    if left is not None:
        return left, left
    closes = day_end(office, ticket.local_date)
    return (None, now) if now < closes else (closes, closes)


def to_visit(ticket: Ticket, left: datetime | None) -> Visit:
    booking = ticket.booking
    return Visit(
        ticket=ticket,
        arrived_at=ticket.issued_at,
        left_at=left,
        name_masked=mask_name(booking.name) if booking else None,
        nik_masked=booking.nik_masked if booking else None,
        phone=(booking.phone if booking and booking.phone else ticket.contact_phone),
    )


def trace_contacts(
    office: Office, start: datetime, end: datetime, now: datetime, actor: str
) -> list[Visit]:
    tickets = db.session.scalars(
        select(Ticket)
        .options(joinedload(Ticket.booking), joinedload(Ticket.service))
        .where(
            Ticket.office_id == office.id,
            Ticket.issued_at < end,
            Ticket.issued_at > start - LONGEST_STAY,
        )
        .order_by(Ticket.issued_at, Ticket.id)
    )
    visits = []
    for ticket in tickets:
        left, effective_end = stay_end(ticket, office, now)
        if overlaps(ticket.issued_at, effective_end, start, end):
            visits.append(to_visit(ticket, left))
    audit.record(
        actor,
        "contact_trace",
        office.id,
        **{
            "from": local_iso(start, office.timezone),
            "to": local_iso(end, office.timezone),
            "visits": len(visits),
        },
    )
    return visits
