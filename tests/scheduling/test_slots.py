from datetime import UTC, date, datetime, timedelta

import pytest

from scheduling.slots import (
    DayRules,
    Schedule,
    closed_reason,
    day_slots,
    local_date,
    parse_weekly_hours,
    slot_state,
)

OFFICE_WEEK = {
    "mon": [["08:00", "12:00"], ["13:00", "15:30"]],
    "fri": [["08:00", "11:30"], ["13:00", "15:30"]],
}


def schedule(tz="Asia/Jakarta", week=None, slot=30, cleaning=0):
    return Schedule(tz, parse_weekly_hours(week or OFFICE_WEEK), slot, cleaning)


def test_breaks_are_the_gaps_and_friday_prayer_is_kept_free():
    monday = day_slots(schedule(), date(2026, 12, 7))
    friday = day_slots(schedule(), date(2026, 12, 11))
    assert len(monday) == 8 + 5
    assert len(friday) == 7 + 5
    starts = [s.strftime("%H:%M") for s, _ in friday]
    assert "11:30" not in starts and "12:00" not in starts and "13:00" in starts
    assert all(e.strftime("%H:%M") <= "11:30" for s, e in friday if s.hour < 12)


def test_cleaning_pause_follows_every_slot_and_no_slot_straddles_a_break():
    slots = day_slots(schedule(slot=30, cleaning=10), date(2026, 12, 7))
    starts = [s.strftime("%H:%M") for s, _ in slots]
    assert starts[:4] == ["08:00", "08:40", "09:20", "10:00"]
    assert all(e.strftime("%H:%M") <= "12:00" for s, e in slots if s.hour < 12)
    assert "13:00" in starts


@pytest.mark.parametrize(
    ("tz", "utc_hour", "utc_day"),
    [
        ("Asia/Jakarta", 1, 7),
        ("Asia/Pontianak", 1, 7),
        ("Asia/Makassar", 0, 7),
        ("Asia/Jayapura", 23, 6),
    ],
)
def test_slots_are_in_the_office_zone_whatever_the_server_zone(tz, utc_hour, utc_day):
    first_start, _ = day_slots(schedule(tz), date(2026, 12, 7))[0]
    assert first_start.strftime("%H:%M") == "08:00"
    in_utc = first_start.astimezone(UTC)
    assert (in_utc.day, in_utc.hour) == (utc_day, utc_hour)


def test_a_wit_morning_belongs_to_the_local_day_not_the_utc_day():
    instant = datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # 08:00 Monday in Jayapura
    assert local_date(instant, "Asia/Jayapura") == date(2026, 12, 7)
    assert local_date(instant, "Asia/Jakarta") == date(2026, 12, 7)
    assert local_date(datetime(2026, 12, 6, 16, 59, tzinfo=UTC), "Asia/Jakarta") == date(
        2026, 12, 6
    )


def test_round_the_clock_office_has_slots_up_to_midnight_and_none_across_it():
    week = {"mon": [["00:00", "24:00"]], "tue": [["00:00", "24:00"]]}
    monday = day_slots(schedule(week=week, slot=45), date(2026, 12, 7))
    assert monday[0][0].strftime("%H:%M") == "00:00"
    last_start, last_end = monday[-1]
    assert last_end <= datetime(2026, 12, 8, 0, 0, tzinfo=last_start.tzinfo)
    assert len(monday) == 32  # 24 h / 45 min


def test_night_shift_across_midnight_is_two_days_of_ranges():
    week = {"mon": [["22:00", "24:00"]], "tue": [["00:00", "02:00"]]}
    monday = day_slots(schedule(week=week), date(2026, 12, 7))
    tuesday = day_slots(schedule(week=week), date(2026, 12, 8))
    assert monday[-1][1] == tuesday[0][0]
    assert len(monday) == len(tuesday) == 4


@pytest.mark.parametrize(
    "bad",
    [
        {"mon": [["12:00", "08:00"]]},
        {"mon": [["08:00", "12:00"], ["11:00", "13:00"]]},
        {"mon": [["8:00", "12:00"]]},
        {"funday": []},
        {"mon": [["08:00"]]},
        {"mon": [["24:30", "25:00"]]},
        [],
    ],
)
def test_bad_weekly_hours_are_refused(bad):
    with pytest.raises(ValueError):
        parse_weekly_hours(bad)


def rules(**overrides):
    values = {
        "today": date(2026, 12, 7),
        "horizon_days": 30,
        "closures": frozenset(),
        "observe_national_holidays": True,
    }
    values.update(overrides)
    return DayRules(**values)


def test_holidays_and_cuti_bersama_close_the_day_when_observed():
    christmas = date(2026, 12, 25)
    assert closed_reason(christmas, rules()) == "holiday"
    assert closed_reason(christmas, rules(observe_national_holidays=False)) is None
    assert closed_reason(date(2026, 12, 8), rules()) is None


def test_cuti_bersama_is_in_the_government_category():
    # Cuti bersama of Idulfitri 2025 (SKB 3 Menteri): 2 April 2025.
    r = rules(today=date(2025, 3, 20), horizon_days=60)
    assert closed_reason(date(2025, 4, 2), r) == "holiday"


def test_closures_and_the_horizon():
    r = rules(closures=frozenset({date(2026, 12, 9)}))
    assert closed_reason(date(2026, 12, 9), r) == "closure"
    assert closed_reason(date(2026, 12, 7) + timedelta(days=30), r) is None
    assert closed_reason(date(2026, 12, 7) + timedelta(days=31), r) == "beyond_horizon"


def test_slot_state():
    now = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    assert slot_state(now, now, False, 5) == "past"  # begun is past
    assert slot_state(now + timedelta(minutes=1), now, False, 5) == "open"
    assert slot_state(now + timedelta(minutes=1), now, False, 0) == "full"
    assert slot_state(now + timedelta(minutes=1), now, True, 5) == "closed"
