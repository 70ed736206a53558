"""The booking's own page, /b/<code>?token=…: the confirmation, and where the citizen cancels or
moves the visit. Every page here shows the manage token, so none is cached or referred."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, redirect, request, url_for

from app.booking.page_calendar import (
    day_choices,
    day_label,
    first_day_shown,
    local_start,
    page_links,
    slot_choices,
    when_label,
    zone_label,
)
from app.booking.page_frame import bp, parse_day, private, render
from app.clock import now
from app.errors import Conflict
from app.extensions import db
from app.i18n import current_language
from app.models import Booking
from app.services import bookings, queue
from app.signals import commit

NOTICES = ("booked", "cancelled", "rescheduled")
# What the page says of a booking past "booked" (page_status_help_<status>), and how loudly.
STATUS_ALERTS = {
    "checked_in": "info",
    "needs_rebooking": "bad",
    "cancelled": "bad",
    "no_show": "bad",
    "done": "info",
}


def managed(token: str | None, code: str) -> Booking:
    return bookings.get_managed_booking(code, token)


def notice_shown(booking: Booking, error: str | None) -> str | None:
    """The notice of what was just done, unless the status's own alert says it already."""
    notice = request.args.get("notice")
    if notice not in NOTICES or error is not None:
        return None
    return None if notice == booking.status and notice in STATUS_ALERTS else notice


def ticket_number(booking: Booking) -> str | None:
    """A checked-in visitor's place in today's queue is their ticket's number."""
    if booking.status != "checked_in":
        return None
    ticket = queue.ticket_of_booking(booking.id)
    return ticket.number if ticket is not None else None


def back_to(booking: Booking, token: str, notice: str) -> Response:
    target = url_for(".manage", code=booking.code, token=token, notice=notice)
    return redirect(target, code=303)  # type: ignore[return-value]


def render_manage(booking: Booking, token: str, error: str | None = None, status: int = 200) -> Any:
    office = booking.office
    return private(
        render(
            "booking/manage.html",
            status,
            booking=booking,
            token=token,
            office=office,
            when=when_label(booking.start, booking.end, office, current_language()),
            notice=notice_shown(booking, error),
            error=error,
            status_alert=STATUS_ALERTS.get(booking.status),
            ticket_number=ticket_number(booking),
            manage_url=url_for(".manage", code=booking.code, token=token, _external=True),
        )
    )


@bp.get("/b/<code>")
def manage(code: str) -> Response:
    token = request.args.get("token", "")
    return render_manage(managed(token, code), token)


@bp.get("/b/<code>/cancel")
def confirm_cancel(code: str) -> Response:
    token = request.args.get("token", "")
    booking = managed(token, code)
    if not booking.can_cancel():  # cancelled already (or done): its page says so
        return render_manage(booking, token)  # type: ignore[no-any-return]
    when = when_label(booking.start, booking.end, booking.office, current_language())
    return private(render("booking/cancel.html", booking=booking, token=token, when=when))


@bp.post("/b/<code>/cancel")
def cancel(code: str) -> Response:
    token = request.form.get("token", "")
    booking = managed(token, code)
    try:
        bookings.cancel_booking(booking, now())
    except Conflict as conflict:
        db.session.rollback()
        return render_manage(managed(token, code), token, conflict.code, conflict.status)  # type: ignore[no-any-return]
    commit()
    return back_to(booking, token, "cancelled")


def active(token: str, code: str) -> Booking:
    booking = managed(token, code)
    if not booking.can_reschedule():
        raise Conflict("booking_not_active")
    return booking


@bp.get("/b/<code>/reschedule")
def reschedule_date(code: str) -> Response:
    token = request.args.get("token", "")
    booking = active(token, code)
    office, service = booking.office, booking.service
    first = first_day_shown(office, now(), request.args.get("from", ""))
    earlier, later = page_links(office, now(), first)
    return private(
        render(
            "booking/dates.html",
            office=office,
            service=service,
            days=day_choices(office, service, first, now(), current_language()),
            day_url=lambda day: url_for(
                ".reschedule_time", code=booking.code, day=day.isoformat(), token=token
            ),
            page_url=lambda start: url_for(
                ".reschedule_date", code=booking.code, token=token, **{"from": start}
            ),
            earlier=earlier,
            later=later,
            back_url=url_for(".manage", code=booking.code, token=token),
            rescheduling=True,
        )
    )


def render_reschedule(
    booking: Booking, token: str, day: date, error: str | None = None, status: int = 200
) -> Response:
    office, service = booking.office, booking.service
    return private(
        render(
            "booking/reschedule.html",
            status,
            booking=booking,
            token=token,
            office=office,
            service=service,
            day=day,
            day_text=day_label(day, current_language()),
            zone=zone_label(office),
            current=when_label(booking.start, booking.end, office, current_language()),
            slots=slot_choices(office, service, day, now()),
            error=error,
            dates_url=url_for(".reschedule_date", code=booking.code, token=token),
            manage_url=url_for(".manage", code=booking.code, token=token),
        )
    )


@bp.get("/b/<code>/reschedule/<day>")
def reschedule_time(code: str, day: str) -> Response:
    token = request.args.get("token", "")
    return render_reschedule(active(token, code), token, parse_day(day))


@bp.post("/b/<code>/reschedule/<day>")
def reschedule(code: str, day: str) -> Response:
    token = request.form.get("token", "")
    booking = active(token, code)
    chosen = parse_day(day)
    time = request.form.get("time", "")
    if not time:
        return render_reschedule(booking, token, chosen, "time_required", 422)
    start = local_start(booking.office, chosen, time)
    if start is None:
        return render_reschedule(booking, token, chosen, "slot_closed", 409)
    try:
        bookings.reschedule_booking(booking, start, now())
    except Conflict as conflict:
        db.session.rollback()
        return render_reschedule(managed(token, code), token, chosen, conflict.code, 409)
    commit()
    return back_to(booking, token, "rescheduled")
