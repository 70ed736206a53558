"""The rules behind the background jobs: plain functions of `now`, no app, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.job_rules import (
    is_booking_no_show,
    offer_expires_at,
    reminder_due,
    retry_delay,
)
from scheduling.notify_texts import local_time_text

START = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta
MIN = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("now", "late", "expected"),
    [
        (START, 15, False),
        (START + 14 * MIN, 15, False),
        (START + 15 * MIN, 15, True),
        (START, 0, True),
    ],
)
def test_a_booking_is_a_no_show_once_its_checkin_window_closed(now, late, expected):
    assert is_booking_no_show(START, late, now) is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [(START - 120 * MIN, START - 90 * MIN), (START - 10 * MIN, START)],
)
def test_an_offer_is_held_for_the_hold_period_but_not_past_the_slot(now, expected):
    assert offer_expires_at(now, 30, START) == expected


H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("kind", "booked_before", "now_before", "expected"),
    [
        ("day_before", 48 * H, 25 * H, False),
        ("day_before", 48 * H, 24 * H, True),
        ("day_before", 48 * H, 2 * H, True),
        ("day_before", 48 * H, 1 * H, False),  # the hour-before one takes over
        ("day_before", 10 * H, 5 * H, False),  # booked after the day-before moment
        ("hour_before", 48 * H, 61 * MIN, False),
        ("hour_before", 48 * H, 60 * MIN, True),
        ("hour_before", 48 * H, 1 * MIN, True),
        ("hour_before", 48 * H, 0 * H, False),
        ("hour_before", 30 * MIN, 10 * MIN, False),
    ],
)
def test_reminders_are_due_in_their_window(kind, booked_before, now_before, expected):
    assert reminder_due(kind, START, START - booked_before, START - now_before) is expected


@pytest.mark.parametrize(("attempt", "seconds"), [(1, 60), (2, 120), (3, 240), (10, 3600)])
def test_retries_back_off_exponentially_up_to_a_cap(attempt, seconds):
    assert retry_delay(attempt, 60) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("zone", "language", "text"),
    [
        ("Asia/Jakarta", "id", "Selasa 08-12-2026 08.00 WIB"),
        ("Asia/Jakarta", "en", "Tuesday 08-12-2026 08:00 WIB"),
        ("Asia/Makassar", "id", "Selasa 08-12-2026 09.00 WITA"),
        ("Asia/Jayapura", "id", "Selasa 08-12-2026 10.00 WIT"),
    ],
)
def test_times_read_in_the_office_zone(zone, language, text):
    assert local_time_text(START, zone, language) == text
