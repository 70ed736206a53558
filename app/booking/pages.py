"""The citizen's booking pages: server-rendered, plain links and forms, no JavaScript needed.

office → service → date → slot → form → (POST, then a redirect) → the booking's own page
(app/booking/page_manage.py), which is the confirmation and where the citizen cancels or
reschedules with the private manage token."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Response, current_app, redirect, request, url_for

from app.booking import page_manage, page_waitlist  # noqa: F401  (register their pages on bp)
from app.booking.page_calendar import (
    day_choices,
    day_label,
    first_day_shown,
    hours_lines,
    local_start,
    page_links,
    slot_choices,
    when_label,
    zone_label,
)
from app.booking.page_forms import (
    PRIORITIES,
    SYMPTOMS,
    blank_values,
    booking_payload,
    form_key,
    form_values,
    parse_booking,
)
from app.booking.page_frame import FormExpired, bp, parse_day, private, render
from app.booking.schemas import BookingCreate
from app.clock import now
from app.errors import Conflict, DomainError
from app.extensions import db, limiter, rate_limited
from app.i18n import current_language
from app.models import Office, Service
from app.pages import render_error_page
from app.schemas import MAX_COMPANIONS
from app.services import bookings, offices
from app.services.tokens import nik_hash
from app.signals import commit
from app.validators import FieldProblem, clean_nik
from scheduling.slots import local_date

# After declared symptoms or a close contact, the later dates offered begin two weeks on
# (the 14 days of the page's own advice).
HEALTH_WAIT = timedelta(days=14)

__all__ = ["bp"]


def load(slug: str, service_code: str) -> tuple[Office, Service]:
    office = offices.get_office(slug)
    return office, offices.get_service(office, service_code)


@bp.get("/")
def offices_list() -> Response:
    return render("booking/offices.html", offices=offices.list_offices())


@bp.get("/favicon.ico")
def no_icon() -> Response:
    """Browsers ask for it on every site: no icon, and no 404 in every console."""
    return Response(status=204, headers={"Cache-Control": "public, max-age=86400"})


@bp.get("/o/<slug>")
def office_page(slug: str) -> Response:
    office = offices.get_office(slug)
    hours = hours_lines(office, current_language())
    return render("booking/office.html", office=office, hours=hours)


@bp.get("/o/<slug>/<service_code>")
def choose_date(slug: str, service_code: str) -> Response:
    office, service = load(slug, service_code)
    first = first_day_shown(office, now(), request.args.get("from", ""))
    earlier, later = page_links(office, now(), first)
    return render(
        "booking/dates.html",
        office=office,
        service=service,
        days=day_choices(office, service, first, now(), current_language()),
        day_url=lambda day: url_for(
            ".choose_time", slug=slug, service_code=service_code, day=day.isoformat()
        ),
        page_url=lambda start: url_for(
            ".choose_date", slug=slug, service_code=service_code, **{"from": start}
        ),
        earlier=earlier,
        later=later,
        back_url=url_for(".office_page", slug=slug),
    )


@bp.get("/o/<slug>/<service_code>/<day>")
def choose_time(slug: str, service_code: str, day: str) -> Response:
    office, service = load(slug, service_code)
    chosen = parse_day(day)
    return render(
        "booking/slots.html",
        office=office,
        service=service,
        day_text=day_label(chosen, current_language()),
        zone=zone_label(office),
        slots=slot_choices(office, service, chosen, now()),
        slot_url=lambda value: url_for(
            ".booking_form", slug=slug, service_code=service_code, day=day, time=value
        ),
        dates_url=url_for(".choose_date", slug=slug, service_code=service_code),
    )


# --- the booking form ----------------------------------------------------------------------


def slot_problem(office: Office, service: Service, day: date, time: str) -> str | None:
    """Why the chosen slot cannot be booked now, as an error code, or None."""
    slot = next((s for s in slot_choices(office, service, day, now()) if s.value == time), None)
    if slot is None or slot.state in ("past", "closed"):
        return "slot_closed"
    return "slot_full" if slot.state == "full" else None


def party_size(values: dict[str, Any]) -> int:
    """The party the form asks places for (1 if its companions field is garbled)."""
    companions = str(values.get("companions") or "0")
    return 1 + (int(companions) if companions.isdigit() else 0)


def max_companions(office: Office, service: Service) -> int:
    """Up to 3 companions, as far as one slot of the service admits the whole party."""
    return max(0, min(MAX_COMPANIONS, offices.service_capacity(office, service) - 1))


def render_form(
    office: Office,
    service: Service,
    day: date,
    time: str,
    values: dict[str, Any],
    fields: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    error = error or slot_problem(office, service, day, time)
    start = local_start(office, day, time)
    lang = current_language()
    pick_again = error in ("slot_full", "slot_closed", "time_required")
    return private(
        render(
            "booking/form.html",
            status,
            office=office,
            service=service,
            time=time,
            when=when_label(start, start + timedelta(minutes=office.slot_minutes), office, lang)
            if start and not pick_again
            else day_label(day, lang),
            values=values,
            form_key=form_key(),
            fields=fields or {},
            error=error,
            other_slots=[
                s
                for s in slot_choices(office, service, day, now())
                if s.bookable and s.available >= party_size(values)
            ]
            if pick_again
            else [],
            max_companions=max_companions(office, service),
            symptoms=SYMPTOMS,
            priorities=PRIORITIES,
            retention_days=current_app.config.get("RETENTION_DAYS", 90),
            action=url_for(
                ".submit_booking", slug=office.slug, service_code=service.code, day=day.isoformat()
            ),
            slots_url=url_for(
                ".choose_time", slug=office.slug, service_code=service.code, day=day.isoformat()
            ),
            dates_url=url_for(".choose_date", slug=office.slug, service_code=service.code),
            waitlist_url=url_for(
                ".join_waitlist", slug=office.slug, service_code=service.code, day=day.isoformat()
            ),
        )
    )


@bp.get("/o/<slug>/<service_code>/<day>/book")
def booking_form(slug: str, service_code: str, day: str) -> Response:
    office, service = load(slug, service_code)
    chosen = parse_day(day)
    time = request.args.get("time", "")
    if local_start(office, chosen, time) is None:
        return redirect(url_for(".choose_time", slug=slug, service_code=service_code, day=day))  # type: ignore[return-value]
    return render_form(office, service, chosen, time, blank_values())


def _booking_limit() -> str:
    return str(current_app.config["RATELIMIT_BOOKING"])


def _nik_limit() -> str:
    return str(current_app.config["RATELIMIT_BOOKING_PER_NIK"])


def _nik_rate_key() -> str:
    """Per person: the keyed hash of the NIK sent, never the NIK itself."""
    try:
        return "page-nik:" + nik_hash(clean_nik(request.form.get("nik", "")))[:32]
    except FieldProblem:
        return "page-nik:invalid"


@bp.errorhandler(FormExpired)
def _form_expired(error: FormExpired) -> Any:
    """An expired booking form comes back with what was typed and a fresh token, to be sent
    again (nothing was booked); any other expired form gets the error page."""
    args = request.view_args or {}
    if request.endpoint != "booking_pages.submit_booking":
        return render_error_page(error)
    try:
        office, service = load(args["slug"], args["service_code"])
        chosen = parse_day(args["day"])
    except DomainError as unknown:  # no such form to show again (raising here would be a 500)
        return render_error_page(unknown)
    time, values = request.form.get("time", ""), form_values(request.form)
    return render_form(office, service, chosen, time, values, error="form_expired", status=403)


@bp.post("/o/<slug>/<service_code>/<day>/book")
@rate_limited(limiter.limit(_booking_limit), limiter.limit(_nik_limit, key_func=_nik_rate_key))
def submit_booking(slug: str, service_code: str, day: str) -> Response:
    office, service = load(slug, service_code)
    chosen = parse_day(day)
    time = request.form.get("time", "")
    values = form_values(request.form)
    if not time:  # a full slot's alternatives were offered and none was picked
        return render_form(office, service, chosen, time, values, error="time_required", status=422)
    start = local_start(office, chosen, time)
    if start is None:
        return render_form(office, service, chosen, time, values, error="slot_closed", status=409)
    payload = booking_payload(request.form, office, service, start)
    data, fields = parse_booking(payload)
    if data is None:
        return render_form(office, service, chosen, time, values, fields, status=422)
    if data.health.declared:
        return health_declared_page(office, service)
    try:
        result = book(office, service, data, payload)
    except Conflict as conflict:
        db.session.rollback()  # free the write lock before rendering
        return render_form(office, service, chosen, time, values, error=conflict.code, status=409)
    commit()
    target = url_for(
        ".manage", code=result.booking.code, token=result.manage_token, notice="booked"
    )
    return redirect(target, code=303)  # type: ignore[return-value]


def book(
    office: Office, service: Service, data: BookingCreate, payload: dict[str, Any]
) -> bookings.BookingResult:
    applicant = data.applicant(current_language())
    return bookings.create_booking(
        office,
        service,
        data.start,
        applicant,
        now(),
        idempotency_key=f"page-{form_key()}",
        request_fingerprint=bookings.fingerprint(payload),
    )


def health_declared_page(office: Office, service: Service) -> Response:
    return private(
        render(
            "booking/health.html",
            409,
            office=office,
            service=service,
            # Days from two weeks on: after a close contact, 14 days before a visit.
            dates_url=url_for(
                ".choose_date",
                slug=office.slug,
                service_code=service.code,
                **{"from": (local_date(now(), office.timezone) + HEALTH_WAIT).isoformat()},
            ),
        )
    )
