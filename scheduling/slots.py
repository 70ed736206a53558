"""Slots from an office's weekly hours, in the office's own time zone.

Breaks are the gaps between the day's ranges; a cleaning pause follows every slot; a slot
never straddles a break or midnight. Closed days (closures, national holidays and cuti bersama)
and the booking horizon decide whether a day can be booked at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")

Ranges = tuple[tuple[int, int], ...]  # minutes from local midnight, [start, end)


def parse_hhmm(text: str) -> int:
    if not isinstance(text, str) or not _HHMM.match(text):
        raise ValueError(f"not a HH:MM time: {text!r}")
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_weekly_hours(raw: object) -> dict[str, Ranges]:
    """Validate {"mon": [["08:00","12:00"], …], …}; missing days are closed."""
    if not isinstance(raw, dict):
        raise ValueError("weekly_hours must be an object")
    unknown = set(raw) - set(DAY_KEYS)
    if unknown:
        raise ValueError(f"unknown day keys: {sorted(unknown)}")
    week: dict[str, Ranges] = {}
    for day in DAY_KEYS:
        ranges = raw.get(day, [])
        if not isinstance(ranges, list):
            raise ValueError(f"{day}: a list of ranges expected")
        parsed: list[tuple[int, int]] = []
        for item in ranges:
            if not isinstance(item, list | tuple) or len(item) != 2:
                raise ValueError(f"{day}: each range is [start, end]")
            start, end = parse_hhmm(item[0]), parse_hhmm(item[1])
            if start >= end:
                raise ValueError(f"{day}: a range must end after it starts")
            if parsed and start < parsed[-1][1]:
                raise ValueError(f"{day}: ranges must be in order and must not overlap")
            parsed.append((start, end))
        week[day] = tuple(parsed)
    return week


def weekly_hours_to_json(week: dict[str, Ranges]) -> dict[str, list[list[str]]]:
    return {
        day: [[format_hhmm(a), format_hhmm(b)] for a, b in week.get(day, ())] for day in DAY_KEYS
    }


@dataclass(frozen=True)
class Schedule:
    timezone: str
    week: dict[str, Ranges]
    slot_minutes: int
    cleaning_minutes: int = 0

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def day_slot_minutes(
    ranges: Ranges, slot_minutes: int, cleaning_minutes: int
) -> list[tuple[int, int]]:
    slots: list[tuple[int, int]] = []
    for range_start, range_end in ranges:
        start = range_start
        while start + slot_minutes <= range_end:
            slots.append((start, start + slot_minutes))
            start += slot_minutes + cleaning_minutes
    return slots


def day_slots(schedule: Schedule, day: date) -> list[tuple[datetime, datetime]]:
    """The day's slots as aware datetimes in the office's zone, before any closure."""
    ranges = schedule.week.get(DAY_KEYS[day.weekday()], ())
    midnight = local_midnight(day, schedule.zone)
    return [
        (midnight + timedelta(minutes=a), midnight + timedelta(minutes=b))
        for a, b in day_slot_minutes(ranges, schedule.slot_minutes, schedule.cleaning_minutes)
    ]


def local_date(instant: datetime, timezone: str) -> date:
    return instant.astimezone(zone(timezone)).date()


@lru_cache(maxsize=32)
def national_holidays(year: int) -> dict[date, str]:
    """Indonesia's national holidays and cuti bersama (government category) for one year."""
    calendar = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return dict(calendar.items())


def holiday_name(day: date) -> str | None:
    return national_holidays(day.year).get(day)


@dataclass(frozen=True)
class DayRules:
    today: date  # the office's local today
    horizon_days: int
    closures: frozenset[date]
    observe_national_holidays: bool


def closed_reason(day: date, rules: DayRules) -> str | None:
    """Why a day cannot be booked, or None when it can."""
    if day > rules.today + timedelta(days=rules.horizon_days):
        return "beyond_horizon"
    if day in rules.closures:
        return "closure"
    if rules.observe_national_holidays and holiday_name(day) is not None:
        return "holiday"
    return None


def slot_state(start: datetime, now: datetime, day_closed: bool, available: int) -> str:
    if start <= now:
        return "past"
    if day_closed:
        return "closed"
    return "open" if available > 0 else "full"
