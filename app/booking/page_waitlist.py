"""The waitlist on the citizen's pages: joining a full slot's line from the booking form, and the
entry's own page, /w/<code>?token=…, where the citizen sees their place in line, confirms an
offer (the held places become a booking) or leaves the line. Notifications link here. Like the
manage page it shows a private token, so it is never cached or referred."""

from __future__ import annotations

from flask import Response, redirect, request, url_for

from app.booking.page_calendar import local_start, moment_label, when_label
from app.booking.page_forms import booking_payload, form_values, parse_booking
from app.booking.page_frame import bp, parse_day, private, render
from app.clock import now
from app.errors import Conflict
from app.extensions import db
from app.i18n import current_language
from app.models.waitlist import WaitlistEntry
from app.services import waitlist
from app.signals import commit


def render_entry(
    entry: WaitlistEntry, token: str, error: str | None = None, status: int = 200
) -> Response:
    office = entry.office
    return private(
        render(
            "waitlist/entry.html",
            status,
            entry=entry,
            office=office,
            service=entry.service,
            token=token,
            error=error,
            position=waitlist.position(entry),
            can_confirm=entry.can_confirm(now()),
            when=when_label(entry.start, entry.end, office, current_language()),
            expires=moment_label(entry.offer_expires_at, office, current_language())
            if entry.offer_expires_at
            else None,
        )
    )


@bp.get("/w/<code>")
def waitlist_entry(code: str) -> Response:
    token = request.args.get("token", "")
    return render_entry(waitlist.get_entry(code, token), token)


@bp.post("/w/<code>/confirm")
def confirm_waitlist_offer(code: str) -> Response:
    token = request.form.get("token", "")
    entry = waitlist.get_entry(code, token)
    try:
        result = waitlist.confirm_offer(entry, now())
    except Conflict as conflict:
        db.session.rollback()
        return render_entry(waitlist.get_entry(code, token), token, conflict.code, 409)
    commit()
    target = url_for(
        ".manage", code=result.booking.code, token=result.manage_token, notice="booked"
    )
    return redirect(target, code=303)  # type: ignore[return-value]


@bp.post("/w/<code>/leave")
def leave_waitlist(code: str) -> Response:
    token = request.form.get("token", "")
    entry = waitlist.get_entry(code, token)
    try:
        waitlist.leave_waitlist(entry)
    except Conflict as conflict:
        db.session.rollback()
        return render_entry(waitlist.get_entry(code, token), token, conflict.code, 409)
    commit()
    return redirect(url_for(".waitlist_entry", code=code, token=token), code=303)  # type: ignore[return-value]


@bp.post("/o/<slug>/<service_code>/<day>/waitlist")
def join_waitlist(slug: str, service_code: str, day: str) -> Response:
    # pages.py imports this module (to register its routes), so its helpers come in late.
    from app.booking.pages import health_declared_page, load, render_form

    office, service = load(slug, service_code)
    chosen = parse_day(day)
    time = request.form.get("waitlist_time", "")
    values = form_values(request.form)
    start = local_start(office, chosen, time)
    if start is None:
        return render_form(office, service, chosen, time, values, error="slot_closed", status=409)
    data, fields = parse_booking(booking_payload(request.form, office, service, start))
    if data is None:
        return render_form(office, service, chosen, time, values, fields, status=422)
    if data.health.declared:
        return health_declared_page(office, service)
    applicant = data.applicant(current_language())
    try:
        entry, token = waitlist.join_waitlist(office, service, data.start, applicant, now())
    except Conflict as conflict:
        db.session.rollback()
        return render_form(office, service, chosen, time, values, error=conflict.code, status=409)
    commit()
    return redirect(url_for(".waitlist_entry", code=entry.code, token=token), code=303)  # type: ignore[return-value]
