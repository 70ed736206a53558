"""Tickets made straight from the models, so report, survey and tracing tests do not depend
on the queue API (one test per file goes through the real queue as well)."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from scheduling.slots import local_date

_seq = itertools.count(1)


def make_ticket(
    app: Flask,
    office: str = "dukcapil-test",
    issued_at: datetime | None = None,
    booking_code: str | None = None,
    service: str = "ktp",
    **fields: Any,
) -> int:
    """A ticket with good defaults (a served walk-in issued at NOW); returns its id."""
    from app.extensions import db
    from app.models import Booking, Office, Service, Ticket
    from app.signals import commit
    from tests.conftest import NOW

    with app.app_context():
        office_obj = db.session.scalar(select(Office).where(Office.slug == office))
        service_obj = db.session.scalar(
            select(Service).where(Service.office_id == office_obj.id, Service.code == service)
        )
        booking = (
            db.session.scalar(select(Booking).where(Booking.code == booking_code))
            if booking_code
            else None
        )
        issued = issued_at or NOW
        seq = next(_seq)
        values: dict[str, Any] = {
            "office_id": office_obj.id,
            "service_id": service_obj.id,
            "booking_id": booking.id if booking else None,
            "local_date": local_date(issued, office_obj.timezone),
            "prefix": service_obj.prefix,
            "seq": seq,
            "number": f"{service_obj.prefix}-{seq:03d}",
            "source": "appointment" if booking else "walk_in",
            "party_size": booking.party_size if booking else 1,
            "status": "done",
            "queue_at": issued,
            "issued_at": issued,
        }
        values.update(fields)
        ticket = Ticket(**values)
        db.session.add(ticket)
        commit()
        return ticket.id


def set_booking_status(app: Flask, code: str, status: str) -> None:
    from app.extensions import db
    from app.models import Booking
    from app.signals import commit

    with app.app_context():
        booking = db.session.scalar(select(Booking).where(Booking.code == code))
        booking.status = status
        commit()
