"""Request schemas and serialisers for the survey, reports, contact tracing and the audit log."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from app.models.survey import COMMENT_MAX_LENGTH, ELEMENT_COLUMNS
from app.schemas import LocalDate, Schema, problem
from scheduling.ikm import is_valid_score

MAX_REPORT_DAYS = 400  # a year's report, with room for a leap year and a margin
MAX_TRACE_DAYS = 7
Format = Literal["json", "csv"]


def _answers(value: Any) -> list[int]:
    """9 integers 1–4 in the regulation's order, or an object keyed by element code."""
    if isinstance(value, dict) and set(value) == set(ELEMENT_COLUMNS):
        value = [value[code] for code in ELEMENT_COLUMNS]
    if (
        not isinstance(value, list)
        or len(value) != len(ELEMENT_COLUMNS)
        or not all(is_valid_score(score) for score in value)
    ):
        raise problem("survey_answers_invalid")
    return value


def _ticket_id(value: Any) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise problem("field_invalid")
    return value


def _comment(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise problem("field_type")
    text = value.strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise problem("too_long")
    return text or None


# A "+" in a query string that was not percent-encoded arrives as a space.
_SPACED_OFFSET = re.compile(r"^(\S+T[\d:.]+) (\d{2}(?::?\d{2})?)$")


def _instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    text = _SPACED_OFFSET.sub(r"\1+\2", str(value).strip())
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise problem("time_invalid") from exc


def _date_or_instant(value: Any) -> date | datetime:
    text = str(value).strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise problem("date_invalid") from exc
    return _instant(text)


Answers = Annotated[list[int], BeforeValidator(_answers)]
TicketId = Annotated[int, BeforeValidator(_ticket_id)]
Comment = Annotated[str | None, BeforeValidator(_comment)]
QueryInstant = Annotated[datetime, BeforeValidator(_instant)]
DateOrInstant = Annotated[date | datetime, BeforeValidator(_date_or_instant)]


class SurveyCreate(Schema):
    ticket: TicketId
    answers: Answers
    comment: Comment = None


class DateRange(Schema):
    from_: Annotated[LocalDate, Field(alias="from")]
    to: LocalDate

    @field_validator("to")
    @classmethod
    def _ordered(cls, value: date, info: ValidationInfo) -> date:
        first = info.data.get("from_")
        if first is not None and (value < first or (value - first).days >= MAX_REPORT_DAYS):
            raise problem("report_range_invalid")
        return value


class IkmQuery(DateRange):
    pass


class PeriodQuery(DateRange):
    format: Format = "json"


class DailyQuery(Schema):
    date: LocalDate | None = None
    format: Format = "json"


class TraceQuery(Schema):
    from_: Annotated[QueryInstant, Field(alias="from")]
    to: QueryInstant


class AuditQuery(Schema):
    office: str | None = None
    from_: Annotated[DateOrInstant | None, Field(alias="from")] = None
    to: DateOrInstant | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    offset: Annotated[int, Field(ge=0)] = 0
