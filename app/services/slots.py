"""Slots of an office for one service and day, with the places still free.

Slots are computed from the configuration on every request (a change shows at once); only the
number of people booked per slot is stored, in `SlotCount` rows that the booking transaction
updates conditionally."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from app.direct_sql import DirectStatement, Lane, session_lane
from app.errors import Conflict
from app.extensions import db
from app.models import Closure, Office, Service, SlotCount
from app.models.base import UTCDateTime
from app.models.booking import OFFICE_SCOPE
from app.services.offices import capacity_of, service_capacity
from scheduling.slots import (
    DayRules,
    Schedule,
    closed_reason,
    day_slots,
    local_date,
    parse_weekly_hours,
    slot_state,
)


@dataclass(frozen=True)
class SlotView:
    start: datetime
    end: datetime
    capacity: int
    booked: int
    available: int
    state: str


# What an office's slots depend on, hashable: the key of the schedule and day-slot caches.
WeeklyHoursKey = tuple[tuple[str, tuple[tuple[Any, ...], ...]], ...]
ScheduleKey = tuple[str, WeeklyHoursKey, int, int]


def schedule_key(office: Office) -> ScheduleKey:
    # Tuples rather than JSON text: built for every booking, they cost half as much.
    hours = tuple(
        (day, tuple(tuple(span) for span in spans))
        for day, spans in sorted((office.weekly_hours or {}).items())
    )
    return (office.timezone, hours, office.slot_minutes, office.cleaning_minutes)


def schedule_of(office: Office) -> Schedule:
    return _schedule(schedule_key(office))


@lru_cache(maxsize=256)
def _schedule(key: ScheduleKey) -> Schedule:
    timezone, hours, slot_minutes, cleaning_minutes = key
    return Schedule(
        timezone=timezone,
        week=parse_weekly_hours({day: [list(span) for span in spans] for day, spans in hours}),
        slot_minutes=slot_minutes,
        cleaning_minutes=cleaning_minutes,
    )


DaySlots = tuple[tuple[datetime, datetime], ...]


def slots_of_day(office: Office, day: date) -> DaySlots:
    """The day's slots by the office's current configuration (before closures); the answer is
    keyed by that configuration, so a change shows at once."""
    return _day_slots(schedule_key(office), day)


@lru_cache(maxsize=2048)
def _day_slots(key: ScheduleKey, day: date) -> DaySlots:
    return tuple(day_slots(_schedule(key), day))


def day_rules(office: Office, now: datetime, days: list[date]) -> DayRules:
    closures = db.session.scalars(
        select(Closure.date).where(Closure.office_id == office.id, Closure.date.in_(days))
    )
    return DayRules(
        today=local_date(now, office.timezone),
        horizon_days=office.booking_horizon_days,
        closures=frozenset(closures),
        observe_national_holidays=office.observe_national_holidays,
    )


def booked_counts(
    office_id: int, scope_ids: tuple[int, ...], first: datetime, last: datetime
) -> dict[tuple[int, datetime], int]:
    rows = db.session.execute(
        select(SlotCount.scope_id, SlotCount.start, SlotCount.booked).where(
            SlotCount.office_id == office_id,
            SlotCount.scope_id.in_(scope_ids),
            SlotCount.start >= first,
            SlotCount.start <= last,
        )
    )
    return {(scope, start): booked for scope, start, booked in rows}


def list_slots(office: Office, service: Service, day: date, now: datetime) -> list[SlotView]:
    return list_slots_for_days(office, service, [day], now)[day]


def list_slots_for_days(
    office: Office, service: Service, days: list[date], now: datetime
) -> dict[date, list[SlotView]]:
    rules = day_rules(office, now, days)
    office_cap = capacity_of(office).slot_capacity
    service_cap = service_capacity(office, service)
    per_day = {day: slots_of_day(office, day) for day in days}
    starts = [start for slots in per_day.values() for start, _ in slots]
    counts = (
        booked_counts(office.id, (OFFICE_SCOPE, service.id), min(starts), max(starts))
        if starts
        else {}
    )
    result: dict[date, list[SlotView]] = {}
    for day, slots in per_day.items():
        closed = closed_reason(day, rules) is not None
        views = []
        for start, end in slots:
            booked = counts.get((service.id, start), 0)
            office_booked = counts.get((OFFICE_SCOPE, start), 0)
            available = max(0, min(service_cap - booked, office_cap - office_booked))
            state = slot_state(start, now, closed, available)
            if state in ("past", "closed"):
                available = 0
            views.append(SlotView(start, end, service_cap, booked, available, state))
        result[day] = views
    return result


_CLOSURES = Closure.__table__
_CLOSURE_ON = DirectStatement(
    select(_CLOSURES.c.id)
    .where(_CLOSURES.c.office_id == bindparam("p_office"), _CLOSURES.c.date == bindparam("p_day"))
    .limit(1)
)


def bookable_slot(
    office: Office,
    service: Service,
    start: datetime,
    now: datetime,
    closure_on_day: bool | None = None,
) -> tuple[datetime, datetime]:
    """The slot that begins at `start`, if it is on the schedule and may still be booked.
    `closure_on_day`: whether a closure falls on that local day, when the caller read it."""
    day = local_date(start, office.timezone)
    for slot_start, slot_end in slots_of_day(office, day):
        if slot_start == start:
            if closure_on_day is None:
                closure_on_day = has_closure(office.id, day)
            rules = _rules_for_one_day(office, now, day, closure_on_day)
            if slot_start <= now or closed_reason(day, rules):
                break
            return slot_start, slot_end
    raise Conflict("slot_closed")


def has_closure(office_id: int, day: date) -> bool:
    return session_lane().first(_CLOSURE_ON, {"p_office": office_id, "p_day": day}) is not None


def _rules_for_one_day(office: Office, now: datetime, day: date, closed: bool) -> DayRules:
    return DayRules(
        today=local_date(now, office.timezone),
        horizon_days=office.booking_horizon_days,
        closures=frozenset([day] if closed else []),
        observe_national_holidays=office.observe_national_holidays,
    )


_COUNTS = SlotCount.__table__
_TAKES: dict[str, DirectStatement] = {}


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _take_statement(dialect: str) -> DirectStatement:
    """Built once per dialect: the booking hot path only binds values.

    An upsert: the slot's first booking creates its row, every later one adds to it only while
    `booked + people <= cap` (the WHERE of DO UPDATE), so the check and the reservation are one
    atomic statement whatever the concurrency; no row returned means the slot is full."""
    if dialect not in _TAKES:
        insert = _insert(dialect)(_COUNTS).values(
            office_id=bindparam("p_office"),
            scope_id=bindparam("p_scope"),
            start=bindparam("slot_start", type_=UTCDateTime()),
            booked=bindparam("people"),
        )
        # RETURNING says whether the row changed: psycopg reports no rowcount for an upsert.
        _TAKES[dialect] = DirectStatement(
            insert.on_conflict_do_update(
                index_elements=[_COUNTS.c.office_id, _COUNTS.c.scope_id, _COUNTS.c.start],
                set_={"booked": _COUNTS.c.booked + insert.excluded.booked},
                where=_COUNTS.c.booked + insert.excluded.booked <= bindparam("cap"),
            ).returning(_COUNTS.c.booked)
        )
    return _TAKES[dialect]


def reserve_places(
    office: Office,
    service: Service,
    start: datetime,
    people: int,
    service_cap: int,
    lane: Lane | None = None,
) -> None:
    """Atomically take `people` places in the slot, office-wide and for the service.

    One conditional upsert per row (see `_take_statement`). The office row is always taken
    first, so two transactions never wait on each other's rows in opposite order. On
    `slot_full` the caller's transaction must be rolled back (the request boundary does it)."""
    office_cap = capacity_of(office).slot_capacity
    lane = lane or session_lane()
    take = _take_statement(lane.dialect.name)
    for scope_id, cap in ((OFFICE_SCOPE, office_cap), (service.id, service_cap)):
        if people > cap:  # a new row would be created over capacity
            raise Conflict("slot_full")
        params = {
            "p_office": office.id,
            "p_scope": scope_id,
            "slot_start": start,
            "people": people,
            "cap": cap,
        }
        if lane.first(take, params) is None:
            raise Conflict("slot_full")


_GIVE_BACK = DirectStatement(
    _COUNTS.update()
    .where(
        _COUNTS.c.office_id == bindparam("p_office"),
        _COUNTS.c.scope_id == bindparam("p_scope"),
        _COUNTS.c.start == bindparam("slot_start", type_=UTCDateTime()),
    )
    .values(booked=_COUNTS.c.booked - bindparam("people"))
)


def release_places(office_id: int, service_id: int, start: datetime, people: int) -> None:
    release_many(office_id, {(OFFICE_SCOPE, start): people, (service_id, start): people})


def release_many(office_id: int, places: dict[tuple[int, datetime], int]) -> None:
    """Give back places: people per (scope, slot start), in one batch of UPDATEs."""
    params = [
        {"p_office": office_id, "p_scope": scope, "slot_start": start, "people": people}
        for (scope, start), people in places.items()
        if people
    ]
    session_lane().run_many(_GIVE_BACK, params)
