"""The queue's pure rules, as tables: order, interleaving, waits, numbers, window, screening."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.queueing import (
    QueueItem,
    appointments_in_a_row,
    average_minutes,
    checkin_window,
    estimated_wait_minutes,
    is_open_at,
    minutes_until_room,
    next_opening,
    order_queue,
    positions,
    screening_passed,
    ticket_number,
    walk_in_every,
    window_verdict,
)

BASE = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta


def t(minutes: int) -> datetime:
    return BASE + timedelta(minutes=minutes)


def parse(spec: str) -> list[QueueItem]:
    """'A0 W-5 P10' → appointment at slot +0, walk-in arrived −5, priority appointment +10.
    Ids (and issue order) follow the position in the spec."""
    items = []
    for n, token in enumerate(spec.split(), start=1):
        kind, minutes = token[0], int(token[1:])
        source = "walk_in" if kind in "WQ" else "appointment"
        priority = "elderly" if kind in "PQ" else "none"
        items.append(QueueItem(n, t(minutes), n, source, priority))
    return items


def order(spec: str, every: int = 2, run: int = 0) -> list[int]:
    return [item.id for item in order_queue(parse(spec), every, run)]


@pytest.mark.parametrize(
    ("spec", "every", "run", "expected"),
    [
        # appointments alone: slot order, then issue order within a slot
        ("A30 A0 A0", 2, 0, [2, 3, 1]),
        # walk-ins alone: arrival order
        ("W5 W-3 W0", 2, 0, [2, 3, 1]),
        # priority groups first (appointment or walk-in), in time order
        ("A0 P30 W-10 Q-20", 2, 0, [4, 2, 1, 3]),
        # a walk-in who came before the slots gets a turn after every 2 appointments
        ("A0 A0 A0 A0 A0 W-10 W-5", 2, 0, [1, 2, 6, 3, 4, 7, 5]),
        # … after every 4 with a 0.2 share
        ("A0 A0 A0 A0 A0 W-10", 4, 0, [1, 2, 3, 4, 6, 5]),
        # the run carries over between calls: 2 appointments already called in a row
        ("A0 A0 W-10", 2, 2, [3, 1, 2]),
        # a walk-in never jumps ahead of slots that had begun when it came
        ("A0 A0 A0 A30 W10", 1, 5, [1, 2, 3, 5, 4]),
        # and is not starved: once those are served it is at most `every` calls away
        ("A0 A30 A30 A30 W10", 2, 0, [1, 2, 5, 3, 4]),
        # walk-ins left after the appointments follow in arrival order
        ("A0 W20 W15", 3, 0, [1, 3, 2]),
        # ties on time break on the number (issue order)
        ("W0 W0 W0", 2, 0, [1, 2, 3]),
        ("", 2, 0, []),
    ],
)
def test_order_queue(spec, every, run, expected):
    assert order(spec, every, run) == expected


def test_a_transferred_ticket_keeps_its_place_in_time():
    # ticket 9 came from another service with its 07:50 place: it goes before later slots
    items = parse("A0 A30") + [QueueItem(9, t(-10), 40, "appointment", "none")]
    assert [i.id for i in order_queue(items, 2)] == [9, 1, 2]


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ([], 0),
        (["appointment", "appointment", "walk_in", "appointment"], 2),
        (["walk_in", "appointment"], 0),
        (["appointment"] * 5, 5),
    ],
)
def test_appointments_in_a_row(sources, expected):
    assert appointments_in_a_row(sources) == expected


@pytest.mark.parametrize(
    ("share", "every"), [(0.2, 4), (0.5, 1), (0.25, 3), (0.1, 9), (0.0, 10), (0.01, 10), (1, 1)]
)
def test_walk_in_every_follows_the_share_of_the_room(share, every):
    assert walk_in_every(share) == every


def test_positions_are_one_based():
    assert positions(parse("A0 A5")) == {1: 1, 2: 2}


@pytest.mark.parametrize(
    ("prefix", "seq", "number"), [("A", 1, "A-001"), ("B", 12, "B-012"), ("KT", 1234, "KT-1234")]
)
def test_ticket_number(prefix, seq, number):
    assert ticket_number(prefix, seq) == number


@pytest.mark.parametrize(
    ("position", "minutes", "counters", "expected"),
    [
        (1, 10, 1, 10),
        (3, 10, 2, 15),
        (3, 7.5, 2, 12),  # 11.25 rounds up
        (2, 10, 0, 20),  # no open counter: as if one
        (0, 10, 1, 0),
    ],
)
def test_estimated_wait(position, minutes, counters, expected):
    assert estimated_wait_minutes(position, minutes, counters) == expected


@pytest.mark.parametrize(
    ("durations", "expected"),
    [
        ([], 10),  # nothing measured yet: the configured average
        ([0, 0], 10),  # unfinished or instant: not measurements
        ([0.05], 7.5125),  # one very quick service does not collapse every estimate
        ([4, 6], 8),  # (3 × 10 + 4 + 6) / 5
        ([100] + [2] * 10, 50 / 13),  # only the ten most recent: (3 × 10 + 10 × 2) / 13
    ],
)
def test_average_minutes_leans_on_the_configured_one_until_enough_are_measured(durations, expected):
    assert average_minutes(durations, 10) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("present", "limit", "party", "minutes", "counters", "expected"),
    [
        (10, 20, 2, 10, 1, 0),
        (20, 20, 1, 10, 2, 5),
        (19, 20, 3, 10, 1, 20),
        (0, 2, 3, 10, 1, None),  # never fits
        (20, 20, 1, 10, 0, None),  # nobody serves
    ],
)
def test_minutes_until_room(present, limit, party, minutes, counters, expected):
    assert minutes_until_room(present, limit, party, minutes, counters) == expected


@pytest.mark.parametrize(
    ("offset", "verdict"),
    [(-31, "too_early"), (-30, None), (0, None), (15, None), (16, "too_late")],
)
def test_checkin_window(offset, verdict):
    window = checkin_window(BASE, 30, 15)
    assert window_verdict(BASE + timedelta(minutes=offset), window) == verdict


@pytest.mark.parametrize(
    ("temperature", "symptoms", "passed"),
    [
        (36.5, [], True),
        (None, [], True),
        (37.2, [], True),
        (37.3, [], False),
        (38.0, [], False),
        (36.5, ["batuk"], False),
        (36.5, ["  "], True),
    ],
)
def test_screening(temperature, symptoms, passed):
    assert screening_passed(temperature, symptoms, 37.3) is passed


@pytest.mark.parametrize(
    ("minute", "closed", "expected"),
    [
        (479, False, False),
        (480, False, True),
        (719, False, True),
        (720, False, False),
        (780, False, True),
        (600, True, False),
    ],
)
def test_is_open_at(minute, closed, expected):
    assert is_open_at(((480, 720), (780, 930)), minute, closed) is expected


def test_next_opening_skips_breaks_closed_days_and_weekends():
    jakarta = ZoneInfo("Asia/Jakarta")
    week = {"mon": ((480, 720), (780, 930)), "tue": ((480, 720),), "fri": ((480, 690),)}
    monday_noon = datetime(2026, 12, 7, 12, 30, tzinfo=jakarta)
    assert next_opening(monday_noon, week, lambda d: False) == datetime(
        2026, 12, 7, 13, 0, tzinfo=jakarta
    )
    monday_evening = datetime(2026, 12, 7, 18, 0, tzinfo=jakarta)
    closed_tuesday = next_opening(monday_evening, week, lambda d: d == date(2026, 12, 8))
    assert closed_tuesday == datetime(2026, 12, 11, 8, 0, tzinfo=jakarta)
    assert next_opening(monday_evening, {}, lambda d: False) is None


@pytest.mark.parametrize("seed", range(40))
def test_nothing_placed_later_in_time_stands_before_an_appointment(seed):
    """What `standing` relies on: an appointment's place is the same whether the queue holds
    everything or only the tickets placed no later than it (plus the priority groups)."""
    import random

    rng = random.Random(seed)
    kinds = "AAAWWP"
    spec = " ".join(f"{rng.choice(kinds)}{rng.randrange(-30, 60, 5)}" for _ in range(25))
    items = parse(spec)
    every, run = rng.randint(1, 5), rng.randint(0, 5)
    full = [i.id for i in order_queue(items, every, run)]
    for item in items:
        if item.source != "appointment":
            continue
        subset = [i for i in items if i.queue_at <= item.queue_at or i.is_priority]
        part = [i.id for i in order_queue(subset, every, run)]
        assert part.index(item.id) == full.index(item.id), (spec, item.id)
