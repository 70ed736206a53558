"""The administration, dashboard and report pages.

Like the officer console they are static shells: the browser signs in once at /staff/login,
keeps the bearer token in sessionStorage and speaks the JSON API with it. No cookie is involved,
so there is nothing for another site to forge, and every permission is checked by the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, jsonify, render_template

from app.clock import now
from app.i18n import texts_with_prefix
from app.pages import page_context
from app.services import offices
from scheduling.slots import local_date, national_holidays

bp = Blueprint("admin_pages", __name__)

NO_STORE = {"Cache-Control": "no-store"}
HOLIDAY_DAYS = 60


def both_languages() -> dict[str, dict[str, str]]:
    """The staff texts (shared header, sign-in) and the administration's, in both languages."""
    return texts_with_prefix("staff_", "admin_")


def render_admin_page(template: str, **context: Any) -> Any:
    body = render_template(template, texts=both_languages(), **context, **page_context())
    return body, 200, NO_STORE


@bp.get("/staff/admin")
def office_list() -> Any:
    return render_admin_page("admin/offices.html")


@bp.get("/staff/admin/<slug>")
def office_page(slug: str) -> Any:
    return render_admin_page("admin/office.html", slug=slug)


@bp.get("/staff/dashboard/<slug>")
def dashboard(slug: str) -> Any:
    return render_admin_page("admin/dashboard.html", slug=slug)


@bp.get("/staff/reports/<slug>")
def reports(slug: str) -> Any:
    return render_admin_page("admin/reports.html", slug=slug)


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
