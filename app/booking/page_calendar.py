"""What the booking pages show of days, slots and opening hours, in the office's own zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.booking.page_messages import DAY_NAMES, MONTH_NAMES
from app.i18n import translate
from app.models import Office, Service
from app.services import slots as slot_service
from app.services.slots import SlotView
from scheduling.slots import DAY_KEYS, closed_reason, holiday_name, local_date, zone

PAGE_DAYS = 14
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


@dataclass(frozen=True)
class DayChoice:
    day: date
    label: str
    note: str
    bookable: bool


@dataclass(frozen=True)
class SlotChoice:
    value: str  # HHMM, local
    label: str
    note: str
    state: str  # open | full | past | closed
    available: int = 0  # people who can still book it

    @property
    def bookable(self) -> bool:
        return self.state == "open"


def zone_label(office: Office) -> str:
    return ZONE_NAMES.get(office.timezone, office.timezone)


def day_label(day: date, lang: str) -> str:
    names, months = DAY_NAMES[lang], MONTH_NAMES[lang]
    return f"{names[day.weekday()]}, {day.day} {months[day.month - 1]} {day.year}"


def clock_label(instant: datetime, office: Office) -> str:
    return instant.astimezone(zone(office.timezone)).strftime("%H:%M")


def when_label(start: datetime, end: datetime, office: Office, lang: str) -> str:
    day = local_date(start, office.timezone)
    span = f"{clock_label(start, office)}–{clock_label(end, office)}"
    return f"{day_label(day, lang)}, {span} {zone_label(office)}"


def moment_label(instant: datetime, office: Office, lang: str) -> str:
    """One instant on the office's clock: "Senin, 7 Desember 2026, 14:47 WIB"."""
    day = local_date(instant, office.timezone)
    return f"{day_label(day, lang)}, {clock_label(instant, office)} {zone_label(office)}"


def places_left(n: int) -> str:
    return translate("page_place_left" if n == 1 else "page_places_left", n=n)


def local_start(office: Office, day: date, hhmm: str) -> datetime | None:
    """The instant a slot value (HHMM, local) names on that day, or None if it is garbled."""
    if len(hhmm) != 4 or not hhmm.isdigit() or int(hhmm[:2]) > 23 or int(hhmm[2:]) > 59:
        return None
    return datetime.combine(day, time(int(hhmm[:2]), int(hhmm[2:])), tzinfo=zone(office.timezone))


def bookable_days(office: Office, now: datetime) -> tuple[date, date]:
    today = local_date(now, office.timezone)
    return today, today + timedelta(days=office.booking_horizon_days)


def first_day_shown(office: Office, now: datetime, requested: str) -> date:
    """The first day of a page of days: `requested` (YYYY-MM-DD) kept within the horizon."""
    today, last = bookable_days(office, now)
    try:
        first = date.fromisoformat(requested)
    except ValueError:
        first = today
    return min(max(first, today), last)


def page_links(office: Office, now: datetime, first: date) -> tuple[str | None, str | None]:
    """The first days of the previous and the next page of days, where there are any."""
    today, last = bookable_days(office, now)
    earlier = max(today, first - timedelta(days=PAGE_DAYS)) if first > today else None
    later = first + timedelta(days=PAGE_DAYS)
    return (earlier.isoformat() if earlier else None, later.isoformat() if later <= last else None)


def _closed_note(office: Office, day: date, reason: str) -> str:
    if reason == "holiday":
        return translate("page_holiday", name=holiday_name(day) or "")
    closure = next((c for c in office.closures if c.date == day), None)
    return translate("page_closure", reason=closure.reason if closure else "")


def _day_note(views: list[SlotView]) -> tuple[str, bool]:
    if not views:
        return translate("page_weekly_closed"), False
    if all(view.state == "past" for view in views):
        return translate("page_no_more_today"), False
    left = sum(view.available for view in views)
    if left == 0:
        return translate("page_full"), False
    return places_left(left), True


def day_choices(
    office: Office, service: Service, first: date, now: datetime, lang: str
) -> list[DayChoice]:
    """Up to PAGE_DAYS days from `first`, each with the places left or why it is closed."""
    _, last = bookable_days(office, now)
    days = [first + timedelta(days=n) for n in range(PAGE_DAYS) if first + timedelta(n) <= last]
    if not days:
        return []
    per_day = slot_service.list_slots_for_days(office, service, days, now)
    rules = slot_service.day_rules(office, now, days)
    choices = []
    for day in days:
        reason = closed_reason(day, rules)
        if reason is not None:
            note, bookable = _closed_note(office, day, reason), False
        else:
            note, bookable = _day_note(per_day[day])
        choices.append(DayChoice(day, day_label(day, lang), note, bookable))
    return choices


def slot_choices(office: Office, service: Service, day: date, now: datetime) -> list[SlotChoice]:
    choices = []
    for view in slot_service.list_slots(office, service, day, now):
        local = view.start.astimezone(zone(office.timezone))
        if view.state == "open":
            note = places_left(view.available)
        elif view.state == "full":
            note = translate("page_full")
        elif view.state == "past":
            note = translate("page_past")
        else:
            note = translate("page_closed")
        label = f"{clock_label(view.start, office)}–{clock_label(view.end, office)}"
        choices.append(SlotChoice(local.strftime("%H%M"), label, note, view.state, view.available))
    return choices


def hours_lines(office: Office, lang: str) -> list[tuple[str, str]]:
    """(day name, "08:00–15:30, break 11:30–13:00") for each day of the week."""
    lines = []
    for index, key in enumerate(DAY_KEYS):
        ranges = office.weekly_hours.get(key) or []
        if not ranges:
            lines.append((DAY_NAMES[lang][index], translate("page_closed")))
            continue
        text = f"{ranges[0][0]}–{ranges[-1][1]}"
        breaks = [
            translate("page_break", start=a[1], end=b[0])
            for a, b in zip(ranges, ranges[1:], strict=False)
        ]
        lines.append((DAY_NAMES[lang][index], ", ".join([text, *breaks])))
    return lines
