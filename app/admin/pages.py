"""The administration, dashboard and report pages.

Like the officer console they are shells rendered only for staff allowed to see them (signed in
at /staff/login); their scripts speak the JSON API with the session cookie and its CSRF token,
and the API checks every permission again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, url_for

from app.auth import require_office_manager
from app.clock import now
from app.errors import Forbidden
from app.i18n import texts_with_prefix
from app.pages import page_context, remember_language
from app.services import offices
from app.staff.page_access import signed_in, staff_page, staff_page_context
from scheduling.slots import local_date, national_holidays

bp = Blueprint("admin_pages", __name__)
bp.after_request(remember_language)

NO_STORE = {"Cache-Control": "no-store"}
HOLIDAY_DAYS = 60


def both_languages() -> dict[str, dict[str, str]]:
    """The staff texts (shared header, sign-in) and the administration's, in both languages."""
    return texts_with_prefix("staff_", "admin_")


def render_admin_page(template: str, **context: Any) -> Any:
    body = render_template(
        template,
        texts=both_languages(),
        **context,
        **staff_page_context(signed_in()),
        **page_context(),
    )
    return body, 200, NO_STORE


@bp.get("/staff/admin")
@staff_page
def office_list() -> Any:
    """Admins only; a supervisor is taken to their own office, an officer is refused."""
    me = signed_in()
    if me.role == "supervisor" and me.office is not None:
        return redirect(url_for(".office_page", slug=me.office.slug), code=303)
    if me.role != "admin":
        raise Forbidden()
    return render_admin_page("admin/offices.html")


def managed_office(slug: str) -> str:
    """The office's slug, once the signed-in staff member may manage it (admin, or its
    supervisor): 404 for an unknown office, 403 for anyone else."""
    office = offices.get_office(slug)
    require_office_manager(office)
    return office.slug


@bp.get("/staff/admin/<slug>")
@staff_page
def office_page(slug: str) -> Any:
    return render_admin_page("admin/office.html", slug=managed_office(slug))


@bp.get("/staff/dashboard/<slug>")
@staff_page
def dashboard(slug: str) -> Any:
    return render_admin_page("admin/dashboard.html", slug=managed_office(slug))


@bp.get("/staff/reports/<slug>")
@staff_page
def reports(slug: str) -> Any:
    return render_admin_page("admin/reports.html", slug=managed_office(slug))


@bp.get("/staff/admin/<slug>/holidays.json")
def upcoming_holidays(slug: str) -> Any:
    """Public facts: the national holidays in the office's next 60 days, and if it observes them."""
    office = offices.get_office(slug)
    today = local_date(now(), office.timezone)
    last = today + timedelta(days=HOLIDAY_DAYS)
    found = {**national_holidays(today.year), **national_holidays(last.year)}
    days = sorted(day for day in found if today <= day <= last)
    return jsonify(
        {
            "office": office.slug,
            "observed": office.observe_national_holidays,
            "from": today.isoformat(),
            "to": last.isoformat(),
            "holidays": [{"date": day.isoformat(), "name": found[day]} for day in days],
        }
    )
