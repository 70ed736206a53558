import pytest

from scheduling.capacity import Protocol, counter_throughput, office_capacity, service_slot_capacity


@pytest.mark.parametrize(
    ("area", "seats", "distancing", "pct", "share", "max_occupancy", "slot_capacity", "limited_by"),
    [
        (45, 30, 1.5, 100, 0.2, 20, 16, "area"),  # 45 / 2.25 = 20
        (100, 30, 1.5, 100, 0.2, 30, 24, "seats"),  # 44.4 by area, 30 seats
        (100, 30, 1.5, 50, 0.2, 15, 12, "seats"),
        (100, 120, 1.0, 29, 0.0, 29, 29, "area"),  # exact: not 28.999…
        (100, 100, 1.0, 100, 0.0, 100, 100, "seats"),  # a tie counts as seats
        (120, 40, 1.5, 50, 0.2, 20, 16, "seats"),
        (10, 30, 2.0, 100, 0.2, 2, 1, "area"),  # 10 / 4 = 2.5 → 2; 2 × 0.8 = 1.6 → 1
        (45, 30, 1.5, 0, 0.2, 0, 0, "area"),  # capacity closed by the authorities
        (45, 30, 1.5, 100, 1.0, 20, 0, "area"),  # walk-ins only
        (1.1, 30, 1.05, 100, 0.0, 0, 0, "area"),  # 1.1 / 1.1025 < 1
    ],
)
def test_office_capacity(
    area, seats, distancing, pct, share, max_occupancy, slot_capacity, limited_by
):
    capacity = office_capacity(Protocol(area, seats, distancing, pct, share))
    assert capacity.max_occupancy == max_occupancy
    assert capacity.slot_capacity == slot_capacity
    assert capacity.limited_by == limited_by


@pytest.mark.parametrize(
    ("slot_minutes", "avg", "counters", "expected"),
    [
        (30, 10, 1, 3),
        (30, 10, 2, 6),
        (30, 7, 1, 4),
        (30, 7, 3, 12),
        (30, 45, 1, 0),
        (30, 10, 0, 0),
        (30, 0.1, 1, 300),
    ],
)
def test_counter_throughput(slot_minutes, avg, counters, expected):
    assert counter_throughput(slot_minutes, avg, counters) == expected


def test_service_capacity_is_bounded_by_both_room_and_counters():
    assert service_slot_capacity(16, 30, 10, 1) == 3
    assert service_slot_capacity(2, 30, 10, 4) == 2
