"""Bookings nobody came for: once the check-in window has closed, the booking becomes a
no-show and its places are freed (displays and reports hear of it after commit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from app.extensions import db
from app.models import Booking, Office
from app.services import slots as slot_service
from app.signals import bookings_changed, emit_after_commit, occupancy_changed
from scheduling.job_rules import is_booking_no_show


def _mark(booking: Booking) -> bool:
    """booked → no_show, only if still booked (a check-in at the same instant wins)."""
    result = db.session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.status == "booked")
        .values(status="no_show")
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_booking_no_shows(now: datetime) -> dict[Office, list[Booking]]:
    """Every booked booking whose check-in window has closed; answers them per office."""
    rows = db.session.scalars(
        select(Booking)
        .where(Booking.status == "booked", Booking.start <= now)
        .order_by(Booking.office_id, Booking.start)
    )
    marked: dict[Office, list[Booking]] = {}
    for booking in list(rows):
        office = booking.office
        if not is_booking_no_show(booking.start, office.checkin_late_minutes, now):
            continue
        if _mark(booking):
            slot_service.release_places(
                office.id, booking.service_id, booking.start, booking.party_size
            )
            marked.setdefault(office, []).append(booking)
    for office, bookings in marked.items():
        changes = [(b.code, "no_show") for b in bookings]
        emit_after_commit(bookings_changed, office.id, changes=changes)
        emit_after_commit(occupancy_changed, office.id)
    db.session.flush()
    return marked
