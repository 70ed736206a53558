"""Request bodies and the ticket's JSON form (ticket numbers and times, never names)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.schemas import Code, Schema
from app.serialize import local_iso
from app.services import queue


class TransferBody(Schema):
    service: Code


def ticket_json(ticket: queue.TicketLike, now: datetime) -> dict[str, Any]:
    """A ticket model or snapshot (app.services.queue) as the API shows it."""
    position, minutes = queue.standing(ticket, now)
    zone = ticket.office.timezone
    return {
        "id": ticket.id,
        "number": ticket.number,
        "service": ticket.service.code,
        "status": ticket.status,
        "position": position,
        "estimated_wait_minutes": minutes,
        "booking_code": ticket.booking.code if ticket.booking else None,
        "source": ticket.source,
        "priority": ticket.priority,
        "party_size": ticket.party_size,
        "counter": ticket.counter.name if ticket.counter else None,
        "counter_id": ticket.counter_id,
        "recall_count": ticket.recall_count,
        "date": ticket.local_date.isoformat(),
        "issued_at": local_iso(ticket.issued_at, zone),
        "called_at": local_iso(ticket.called_at, zone),
        "started_at": local_iso(ticket.started_at, zone),
        "completed_at": local_iso(ticket.completed_at, zone),
    }
