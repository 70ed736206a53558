"""The queue's rules: ticket numbers, the order tickets are called in, and estimated waits.

Pure functions of their inputs (no Flask, no database), table-tested in
tests/scheduling/test_queueing.py.

The order (`order_queue`):
1. Priority groups (elderly, disability, pregnant, child) first, by their place in time.
2. Then appointments in slot order (`queue_at` = the slot start) and walk-ins in arrival order
   (`queue_at` = arrival), interleaved: appointments go first, and after every `walk_in_every`
   appointments called in a row the longest-waiting walk-in is called — but only if it arrived
   before the next appointment's slot began. So a walk-in never jumps ahead of someone whose
   slot had already started when the walk-in came in, and it is never starved: once the
   appointments due before its arrival are served, it is at most `walk_in_every` calls away.
   The run of appointments is counted across calls (from the tickets called today), so the
   walk-ins' turn is not lost each time the queue is re-ordered.
3. Ties break on the ticket number (issue order).
A transferred ticket keeps its `queue_at`, so it keeps its place in time in the new service.

`walk_in_every` follows the office's `walk_in_share` of the room: a share of 0.2 leaves 4 booked
people for each walk-in, so after 4 appointments one walk-in is called.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from scheduling.slots import DAY_KEYS

PRIORITY_GROUPS = ("elderly", "disability", "pregnant", "child")
MAX_WALK_IN_EVERY = 10


@dataclass(slots=True)
class QueueItem:
    id: int
    queue_at: datetime
    seq: int
    source: str = "appointment"  # appointment | walk_in
    priority: str = "none"

    @property
    def is_priority(self) -> bool:
        return self.priority in PRIORITY_GROUPS


Item = TypeVar("Item", bound=QueueItem)


def ticket_number(prefix: str, seq: int) -> str:
    """ "A-001": the service letter and the day's sequence, three digits at least."""
    return f"{prefix}-{seq:03d}"


def walk_in_every(walk_in_share: float) -> int:
    """Appointments called between two walk-ins, from the share of the room kept for walk-ins."""
    if walk_in_share <= 0:
        return MAX_WALK_IN_EVERY
    booked_share = 1 - min(walk_in_share, 1)
    return max(1, min(MAX_WALK_IN_EVERY, round(booked_share / walk_in_share)))


def _time_order(item: QueueItem) -> tuple[datetime, int, int]:
    return (item.queue_at, item.seq, item.id)


def order_queue(items: Sequence[Item], every: int = 4, run: int = 0) -> list[Item]:
    """The waiting tickets in the order they are to be called (see the module's docstring).

    `run` is how many appointments were called in a row since the last walk-in was called, so
    that the walk-ins' turn survives between calls."""
    priority = sorted((i for i in items if i.is_priority), key=_time_order)
    rest = [i for i in items if not i.is_priority]
    appointments = sorted((i for i in rest if i.source != "walk_in"), key=_time_order)
    walk_ins = sorted((i for i in rest if i.source == "walk_in"), key=_time_order)
    return priority + _interleave(appointments, walk_ins, max(1, every), run)


def _interleave(appointments: list[Item], walk_ins: list[Item], every: int, run: int) -> list[Item]:
    ordered: list[Item] = []
    a = w = 0
    while a < len(appointments) or w < len(walk_ins):
        if a == len(appointments):
            ordered.extend(walk_ins[w:])
            break
        if w < len(walk_ins) and run >= every and walk_ins[w].queue_at < appointments[a].queue_at:
            ordered.append(walk_ins[w])
            w, run = w + 1, 0
        else:
            ordered.append(appointments[a])
            a, run = a + 1, run + 1
    return ordered


def appointments_in_a_row(sources_latest_first: Sequence[str]) -> int:
    """Appointments called since the last walk-in was called (sources of the non-priority
    tickets called today, the latest first)."""
    run = 0
    for source in sources_latest_first:
        if source == "walk_in":
            break
        run += 1
    return run


def positions(ordered: Sequence[QueueItem]) -> dict[int, int]:
    """1-based place of each ticket in an ordered queue."""
    return {item.id: n for n, item in enumerate(ordered, start=1)}


def estimated_wait_minutes(position: int, avg_service_minutes: float, open_counters: int) -> int:
    """Minutes until a ticket at `position` (1 = next) is likely to be served: the people ahead
    and the one being served, each taking the recent average, shared by the open counters."""
    if position <= 0:
        return 0
    counters = max(1, open_counters)
    return math.ceil(position * avg_service_minutes / counters)


# The configured average counts as this many observed services: one quick service at opening
# time does not make every estimate "1 minute", and a day's real pace takes over within a few.
CONFIGURED_AVERAGE_WEIGHT = 3


def average_minutes(durations: Sequence[float], fallback: float, recent: int = 10) -> float:
    """The mean of the most recent service durations (minutes), drawn towards the configured
    average while there are few of them."""
    latest = [d for d in durations[-recent:] if d > 0]
    weight = CONFIGURED_AVERAGE_WEIGHT
    return (fallback * weight + sum(latest)) / (weight + len(latest))


def minutes_until_room(
    present: int, limit: int, party: int, avg_service_minutes: float, open_counters: int
) -> int | None:
    """How long until a party of `party` fits into the room: people leave as the open counters
    serve them. None when it never fits (the party is larger than the room) or nobody serves."""
    if party > limit or open_counters <= 0:
        return None
    excess = present + party - limit
    if excess <= 0:
        return 0
    return math.ceil(excess * avg_service_minutes / open_counters)


# --- at the kiosk: the check-in window and the opening hours --------------------------------


def checkin_window(
    start: datetime, early_minutes: int, late_minutes: int
) -> tuple[datetime, datetime]:
    """From `early_minutes` before the slot starts until `late_minutes` after, both included."""
    return start - timedelta(minutes=early_minutes), start + timedelta(minutes=late_minutes)


def window_verdict(now: datetime, window: tuple[datetime, datetime]) -> str | None:
    """None inside the window, else "too_early" or "too_late"."""
    opens, closes = window
    if now < opens:
        return "too_early"
    if now > closes:
        return "too_late"
    return None


def screening_passed(temperature_c: float | None, symptoms: Sequence[str], limit_c: float) -> bool:
    """The health screening at the door: 37.3 °C or more (by default) or any symptom fails."""
    if any(s.strip() for s in symptoms):
        return False
    return temperature_c is None or temperature_c < limit_c


def is_open_at(ranges: Sequence[tuple[int, int]], minute_of_day: int, day_closed: bool) -> bool:
    """Whether `minute_of_day` (local) falls inside one of the day's opening ranges."""
    if day_closed:
        return False
    return any(start <= minute_of_day < end for start, end in ranges)


def next_opening(
    now_local: datetime,
    week: dict[str, tuple[tuple[int, int], ...]],
    is_closed_day: Callable[[date], bool],
    days_ahead: int = 14,
) -> datetime | None:
    """The next local instant at which the office opens, looking `days_ahead` days ahead."""
    midnight = now_local.replace(hour=0, minute=0, second=0, microsecond=0)
    for offset in range(days_ahead + 1):
        day = (midnight + timedelta(days=offset)).date()
        if is_closed_day(day):
            continue
        for start, _end in week.get(DAY_KEYS[day.weekday()], ()):
            opening = datetime.combine(day, time(0), tzinfo=now_local.tzinfo) + timedelta(
                minutes=start
            )
            if opening > now_local:
                return opening
    return None
