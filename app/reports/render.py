"""JSON and CSV bodies of the survey, reports, contact tracing and the audit log."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from app.i18n import LANGUAGES, translate
from app.models import AuditEntry, Office, SurveyResponse
from app.serialize import local_iso
from app.services.reports import DayReport, PeriodReport
from app.services.tracing import Visit
from scheduling.ikm import ELEMENT_CODES, SCALE, IkmResult, weighted_index
from scheduling.reports import COUNTS, Figures

FIGURE_COLUMNS = (*COUNTS, "average_wait_minutes", "average_service_minutes")


def survey_response_json(response: SurveyResponse) -> dict[str, Any]:
    return {"id": response.id, "ticket": response.ticket_id, "answers": response.answers()}


# The texts of one SKM element, each in the catalogue as ikm_<code>_<part> (the wording of
# PermenPANRB 14/2017); scale_1 … scale_4 label the answers 1–4.
ELEMENT_PARTS = ("name", "definition", "question", *(f"scale_{n}" for n in SCALE))


def element_key(code: str, part: str) -> str:
    return f"ikm_{code}_{part}"


def category_key(letter: str) -> str:
    return f"ikm_category_{letter}"


def in_both_languages(key: str) -> dict[str, str]:
    """The survey's texts go out in both languages whatever the request's."""
    return {lang: translate(key, lang) for lang in LANGUAGES}


def element_json(code: str, position: int) -> dict[str, Any]:
    texts = {part: in_both_languages(element_key(code, part)) for part in ELEMENT_PARTS}
    return {
        "code": code,
        "position": position,
        "name": texts["name"],
        "definition": texts["definition"],
        "question": texts["question"],
        "scale": [{"value": n, "label": texts[f"scale_{n}"]} for n in SCALE],
    }


def ikm_json(office: Office, first: date, last: date, result: IkmResult) -> dict[str, Any]:
    """With no respondents, `ikm`, `category` and every element average are null."""
    complete = result.ikm is not None
    return {
        "office": office.slug,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "respondents": result.respondents,
        "ikm": float(result.ikm) if result.ikm is not None else None,
        "category": result.category,
        "category_label": (
            in_both_languages(category_key(result.category)) if result.category else None
        ),
        "ikm_unconverted": (
            round(float(weighted_index(v for v in result.nrr if v is not None)), 4)
            if complete
            else None
        ),
        "elements": [float(v) if v is not None else None for v in result.nrr],
        "element_codes": list(ELEMENT_CODES),
    }


def figures_json(figures: Figures) -> dict[str, Any]:
    return {
        **figures.counts(),
        "average_wait_minutes": figures.average_wait_minutes,
        "average_service_minutes": figures.average_service_minutes,
    }


def services_json(per_service: dict[str, Figures]) -> list[dict[str, Any]]:
    return [{"service": code, **figures_json(per_service[code])} for code in sorted(per_service)]


def daily_json(office: Office, report: DayReport) -> dict[str, Any]:
    return {
        "office": office.slug,
        "date": report.date.isoformat(),
        **figures_json(report.total),
        "peak_occupancy": report.peak_occupancy,
        "services": services_json(report.per_service),
    }


def period_json(office: Office, report: PeriodReport) -> dict[str, Any]:
    return {
        "office": office.slug,
        "from": report.first.isoformat(),
        "to": report.last.isoformat(),
        "days": [
            {
                "date": d.date.isoformat(),
                **figures_json(d.total),
                "peak_occupancy": d.peak_occupancy,
            }
            for d in report.days
        ],
        "totals": {**figures_json(report.total), "peak_occupancy": report.peak_occupancy},
        "services": services_json(report.per_service),
    }


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return buffer.getvalue()


def _figure_cells(figures: Figures) -> list[Any]:
    values = figures_json(figures)
    return [values[name] for name in FIGURE_COLUMNS]


def daily_csv(report: DayReport) -> str:
    """One row for the whole office (service "*"), then one per service; peak is office-wide."""
    day = report.date.isoformat()
    rows = [[day, "*", *_figure_cells(report.total), report.peak_occupancy]]
    for code in sorted(report.per_service):
        rows.append([day, code, *_figure_cells(report.per_service[code]), None])
    return _csv_text(["date", "service", *FIGURE_COLUMNS, "peak_occupancy"], rows)


def period_csv(report: PeriodReport) -> str:
    """One row per day, then a row whose date is "total"."""
    rows = [[d.date.isoformat(), *_figure_cells(d.total), d.peak_occupancy] for d in report.days]
    rows.append(["total", *_figure_cells(report.total), report.peak_occupancy])
    return _csv_text(["date", *FIGURE_COLUMNS, "peak_occupancy"], rows)


def visit_json(visit: Visit, office: Office) -> dict[str, Any]:
    ticket = visit.ticket
    return {
        "ticket": ticket.id,
        "number": ticket.number,
        "service": ticket.service.code,
        "arrived_at": local_iso(visit.arrived_at, office.timezone),
        "left_at": local_iso(visit.left_at, office.timezone),
        "still_inside": visit.left_at is None,
        "name_masked": visit.name_masked,
        "nik_masked": visit.nik_masked,
        "phone": visit.phone,
        "party_size": ticket.party_size,
        "source": ticket.source,
    }


def trace_json(
    office: Office, start: datetime, end: datetime, visits: list[Visit]
) -> dict[str, Any]:
    return {
        "office": office.slug,
        "from": local_iso(start, office.timezone),
        "to": local_iso(end, office.timezone),
        "visits": [visit_json(visit, office) for visit in visits],
    }


def audit_entry_json(entry: AuditEntry, office: Office | None) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": local_iso(entry.at, office.timezone if office else "UTC"),
        "actor": entry.actor,
        "action": entry.action,
        "office": office.slug if office else None,
        "detail": entry.detail,
    }


def audit_json(
    entries: list[AuditEntry],
    offices: dict[int, Office],
    total: int,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    following = offset + len(entries)
    return {
        "entries": [
            audit_entry_json(entry, offices.get(entry.office_id or 0)) for entry in entries
        ],
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": following if following < total else None,
    }
