"""Reports, contact tracing, the audit log, the SKM survey and the IKM."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, jsonify

from app.api import documented, listing, parse_body, parse_query, shape
from app.auth import actor_name, current_staff, require_office_manager, staff_required
from app.clock import now
from app.database import mark_read_only
from app.errors import Forbidden, ValidationFailed
from app.i18n import translate
from app.models import Office
from app.reports import render
from app.reports.schemas import (
    MAX_TRACE_DAYS,
    AuditQuery,
    DailyQuery,
    IkmQuery,
    PeriodQuery,
    SurveyCreate,
    TraceQuery,
)
from app.services import audit, offices, reports, surveys, tracing
from app.signals import commit
from scheduling.ikm import ELEMENT_CODES
from scheduling.slots import local_date, local_midnight, zone

bp = Blueprint("reports", __name__, url_prefix="/api/v1")


JSON_OR_CSV = ("application/json", "text/csv")


@bp.post("/surveys")
@documented(
    "Answer the SKM survey for a completed ticket (anonymous)",
    body=SurveyCreate,
    status=201,
    tag="survey",
)
def create_survey_response() -> Any:
    data = parse_body(SurveyCreate)
    ticket = surveys.get_ticket(data.ticket)
    response = surveys.submit_response(ticket, data.answers, data.comment)
    commit()
    return jsonify(render.survey_response_json(response)), 201


@bp.get("/surveys/elements")
@documented(
    "The nine SKM elements, their wording and answer scale (id/en)",
    tag="survey",
    response=listing("elements", {"type": "object"}),
)
def list_survey_elements() -> Any:
    elements = [render.element_json(code, n) for n, code in enumerate(ELEMENT_CODES, 1)]
    return jsonify({"elements": elements})


def _managed_office(slug: str) -> Office:
    office = offices.get_office(slug)
    require_office_manager(office)
    return office


@bp.get("/offices/<slug>/reports/ikm")
@documented(
    "The IKM of an office for a period",
    query=IkmQuery,
    auth="staff",
    tag="reports",
    response=shape(
        office="string",
        respondents="integer",
        ikm="number?",
        category="string?",
        elements="array",
        **{
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
        },
    ),
)
@staff_required("supervisor")
def ikm_report(slug: str) -> Any:
    office = _managed_office(slug)
    query = parse_query(IkmQuery)
    result = surveys.office_ikm(office, query.from_, query.to)
    return jsonify(render.ikm_json(office, query.from_, query.to, result))


@bp.get("/offices/<slug>/reports/daily")
@documented(
    "An office's figures for one day (?format=csv for a spreadsheet)",
    query=DailyQuery,
    auth="staff",
    tag="reports",
    media_type=JSON_OR_CSV,
)
@staff_required("supervisor")
def daily_report(slug: str) -> Any:
    office = _managed_office(slug)
    query = parse_query(DailyQuery)
    day = query.date or local_date(now(), office.timezone)
    report = reports.daily_report(office, day, now())
    if query.format == "csv":
        return _csv(render.daily_csv(report), f"{office.slug}-{day.isoformat()}.csv")
    return jsonify(render.daily_json(office, report))


@bp.get("/offices/<slug>/reports/period")
@documented(
    "An office's figures per day over a period (?format=csv for a spreadsheet)",
    query=PeriodQuery,
    auth="staff",
    tag="reports",
    media_type=JSON_OR_CSV,
)
@staff_required("supervisor")
def period_report(slug: str) -> Any:
    office = _managed_office(slug)
    query = parse_query(PeriodQuery)
    report = reports.period_report(office, query.from_, query.to, now())
    if query.format == "csv":
        name = f"{office.slug}-{query.from_.isoformat()}-{query.to.isoformat()}.csv"
        return _csv(render.period_csv(report), name)
    return jsonify(render.period_json(office, report))


def _csv(text: str, filename: str) -> Response:
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _as_office_time(instant: datetime, office: Office) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=zone(office.timezone))


@bp.get("/offices/<slug>/contact-trace")
@documented(
    "Visits overlapping a time window, for the health office (audited)",
    query=TraceQuery,
    auth="staff",
    tag="reports",
)
def contact_trace(slug: str) -> Any:
    mark_read_only(False)  # a GET that writes: every query goes into the audit log
    return _contact_trace(slug)


@staff_required("supervisor")
def _contact_trace(slug: str) -> Any:
    office = _managed_office(slug)
    query = parse_query(TraceQuery)
    start, end = _as_office_time(query.from_, office), _as_office_time(query.to, office)
    if end <= start or end - start > timedelta(days=MAX_TRACE_DAYS):
        raise ValidationFailed(fields={"to": translate("trace_window_invalid")})
    visits = tracing.trace_contacts(office, start, end, now(), actor_name())
    body = render.trace_json(office, start, end, visits)
    commit()
    return jsonify(body)


def _bound(value: date | datetime | None, office: Office | None, *, upper: bool) -> Any:
    """A date means the office-local day (UTC without an office); `to` days are inclusive."""
    if value is None or isinstance(value, datetime):
        return value
    day = value + timedelta(days=1) if upper else value
    return local_midnight(day, zone(office.timezone if office else "UTC"))


@bp.get("/audit")
@documented(
    "The audit log, newest first",
    query=AuditQuery,
    auth="staff",
    tag="reports",
    response=shape(
        entries="array", total="integer", limit="integer", offset="integer", next_offset="integer?"
    ),
)
@staff_required("supervisor")
def list_audit() -> Any:
    staff = current_staff()
    assert staff is not None
    query = parse_query(AuditQuery)
    office = offices.get_office(query.office) if query.office else None
    if staff.role != "admin":
        if office is None:
            office = staff.office
        if office is None or not staff.can_manage_office(office.id):
            raise Forbidden("audit_office_required", status=403)
    entries, total = audit.list_entries(
        office.id if office else None,
        _bound(query.from_, office, upper=False),
        _bound(query.to, office, upper=True),
        query.limit,
        query.offset,
    )
    known = {o.id: o for o in offices.list_offices()}
    return jsonify(render.audit_json(entries, known, total, query.limit, query.offset))
