"""Field types shared by the request schemas: each bad value names a catalogue message."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from app.validators import FieldProblem, clean_mobile, clean_nik
from scheduling.slots import parse_weekly_hours, weekly_hours_to_json


class Schema(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def problem(key: str) -> PydanticCustomError:
    return PydanticCustomError(key, key)


def _nik(value: Any) -> str:
    if not isinstance(value, str | int):
        raise problem("nik_digits")
    try:
        return clean_nik(str(value))
    except FieldProblem as exc:
        raise problem(exc.key) from exc


def _phone(value: Any) -> str:
    if not isinstance(value, str):
        raise problem("phone_invalid")
    try:
        return clean_mobile(value)
    except FieldProblem as exc:
        raise problem(exc.key) from exc


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def _email(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 254 or not _EMAIL.match(value.strip()):
        raise problem("email_invalid")
    return value.strip()


def _name(value: Any) -> str:
    if not isinstance(value, str):
        raise problem("name_invalid")
    cleaned = " ".join(value.split())
    if not 2 <= len(cleaned) <= 100 or not any(ch.isalpha() for ch in cleaned):
        raise problem("name_invalid")
    return cleaned


def _timezone(value: Any) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise problem("timezone_invalid") from exc
    return str(value)


def _weekly_hours(value: Any) -> dict[str, list[list[str]]]:
    try:
        return weekly_hours_to_json(parse_weekly_hours(value))
    except ValueError as exc:
        raise problem("hours_invalid") from exc


# The dates this service deals in. Outside them nothing is bookable, and the office's zone may
# have had offsets in seconds then (Jakarta's was +07:07:12 until 1924), which no RFC 3339 time
# in an answer can carry.
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2099, 12, 31)


def _date(value: Any) -> date:
    if value in ("", None):  # a form's date box left blank: not a matter of format
        raise problem("field_required")
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value))
        except ValueError as exc:
            raise problem("date_invalid") from exc
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise problem("date_invalid")
    return parsed


def _datetime(value: Any) -> datetime:
    if value in ("", None):
        raise problem("field_required")
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise problem("time_invalid") from exc


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(
        r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?", value
    ):
        raise problem("slug_invalid")
    return value


def _prefix(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{1,2}", value):
        raise problem("prefix_invalid")
    return value


def _code(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", value):
        raise problem("field_invalid")
    return value


def _consent(value: Any) -> bool:
    if value is not True:
        raise problem("consent_required")
    return True


MAX_COMPANIONS = 3


def _companions(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise problem("companions_range")
    try:
        number = int(value)
    except ValueError as exc:
        raise problem("companions_range") from exc
    if not 0 <= number <= MAX_COMPANIONS:
        raise problem("companions_range")
    return number


def ranged(low: float, high: float) -> AfterValidator:
    def check(value: float) -> float:
        if not low <= value <= high:
            raise PydanticCustomError("number_range", "number_range", {"low": low, "high": high})
        return value

    return AfterValidator(check)


def _positive(value: float) -> float:
    if value <= 0:
        raise problem("number_positive")
    return value


Nik = Annotated[str, BeforeValidator(_nik)]
MobilePhone = Annotated[str, BeforeValidator(_phone)]
Email = Annotated[str | None, BeforeValidator(_email)]
PersonName = Annotated[str, BeforeValidator(_name)]
TimeZoneName = Annotated[str, BeforeValidator(_timezone)]
WeeklyHours = Annotated[dict[str, list[list[str]]], BeforeValidator(_weekly_hours)]
LocalDate = Annotated[date, BeforeValidator(_date)]
Instant = Annotated[datetime, BeforeValidator(_datetime)]
Slug = Annotated[str, BeforeValidator(_slug)]
Prefix = Annotated[str, BeforeValidator(_prefix)]
Code = Annotated[str, BeforeValidator(_code)]
Consent = Annotated[bool, BeforeValidator(_consent)]
Companions = Annotated[int, BeforeValidator(_companions)]
Positive = Annotated[float, AfterValidator(_positive)]
