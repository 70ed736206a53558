"""Which bookings keep their place when a slot suddenly holds more people than it may.

The fair rule: priority groups first, then the earliest booked. Keepers are taken greedily in
that order while the party still fits both the office-wide and the service's capacity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Party:
    key: int  # the booking's id
    service_id: int
    size: int
    priority: str
    booked_at: datetime


def fair_order(parties: list[Party]) -> list[Party]:
    return sorted(parties, key=lambda p: (p.priority == "none", p.booked_at, p.key))


def choose_keepers(
    parties: list[Party], office_capacity: int, service_capacity: dict[int, int]
) -> tuple[list[Party], list[Party]]:
    """Split one slot's parties into those who keep their place and those who must move."""
    kept: list[Party] = []
    displaced: list[Party] = []
    office_used = 0
    service_used: dict[int, int] = {}
    for party in fair_order(parties):
        used = service_used.get(party.service_id, 0)
        fits_office = office_used + party.size <= office_capacity
        fits_service = used + party.size <= service_capacity.get(party.service_id, 0)
        if fits_office and fits_service:
            kept.append(party)
            office_used += party.size
            service_used[party.service_id] = used + party.size
        else:
            displaced.append(party)
    return kept, displaced
