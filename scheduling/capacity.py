"""The capacity model: how many people the health protocol lets into the room and into a slot.

All arithmetic is exact (fractions of the decimal figures as typed), so that e.g. 29 % of 100
is 29 and not 28.999…, and every floor lands where a supervisor's calculator would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


def exact(value: float | int | str) -> Fraction:
    return Fraction(Decimal(str(value)))


@dataclass(frozen=True)
class Protocol:
    waiting_room_m2: float
    seats: int
    distancing_m: float
    capacity_pct: float
    walk_in_share: float


@dataclass(frozen=True)
class OfficeCapacity:
    by_area: int  # people the floor holds at the distancing rule, before the percentage
    by_seats: int
    limited_by: str  # "area" or "seats"
    max_occupancy: int
    slot_capacity: int


def people_by_area(waiting_room_m2: float, distancing_m: float) -> Fraction:
    """Each person keeps a square of `distancing_m` a side."""
    return exact(waiting_room_m2) / (exact(distancing_m) ** 2)


def office_capacity(protocol: Protocol) -> OfficeCapacity:
    by_area = people_by_area(protocol.waiting_room_m2, protocol.distancing_m)
    room = min(Fraction(protocol.seats), by_area)
    max_occupancy = math.floor(room * exact(protocol.capacity_pct) / 100)
    slot_capacity = math.floor(max_occupancy * (1 - exact(protocol.walk_in_share)))
    return OfficeCapacity(
        by_area=math.floor(by_area),
        by_seats=protocol.seats,
        limited_by="seats" if protocol.seats <= by_area else "area",
        max_occupancy=max_occupancy,
        slot_capacity=slot_capacity,
    )


def counter_throughput(slot_minutes: int, avg_service_minutes: float, counters: int) -> int:
    """People that `counters` counters serve in one slot: ⌊Σ slot_minutes ÷ avg⌋."""
    if counters <= 0:
        return 0
    return math.floor(counters * Fraction(slot_minutes) / exact(avg_service_minutes))


def service_slot_capacity(
    slot_capacity: int, slot_minutes: int, avg_service_minutes: float, counters: int
) -> int:
    return min(slot_capacity, counter_throughput(slot_minutes, avg_service_minutes, counters))
