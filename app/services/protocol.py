"""Changing an office's settings, and what a lower capacity does to bookings already made.

Where a future slot now holds more people than it may, the fair rule of
`scheduling.rebalance` picks who keeps their place; each of the others moves to the nearest
later slot with room for its service, or is flagged `needs_rebooking` when none is left within
the booking horizon. Nothing is dropped: every touched booking is reported."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Booking, Office, SlotCount
from app.models.booking import OFFICE_SCOPE
from app.serialize import local_iso
from app.services import protocol_levels, reminders, waitlist
from app.services import slots as slot_service
from app.services.offices import PROTOCOL_FIELDS, capacity_of, service_capacity
from app.signals import bookings_changed, emit_after_commit
from scheduling.rebalance import Party, choose_keepers
from scheduling.slots import closed_reason, day_slots, local_date

CAPACITY_FIELDS = (*PROTOCOL_FIELDS, "slot_minutes")


@dataclass
class ProtocolOutcome:
    before: dict[str, int]
    after: dict[str, int]
    # (booking code, "kept" | "moved" | "flagged", its start now)
    bookings: list[tuple[str, str, datetime]] = field(default_factory=list)


def capacity_figures(office: Office) -> dict[str, int]:
    capacity = capacity_of(office)
    return {"max_occupancy": capacity.max_occupancy, "slot_capacity": capacity.slot_capacity}


def apply_settings(office: Office, changes: dict[str, Any], now: datetime) -> ProtocolOutcome:
    if changes.get("level"):
        # A named level must exist; its percentage applies unless one is given with it.
        level_pct = protocol_levels.level_pct(changes["level"])
        if "capacity_pct" not in changes:
            changes = {**changes, "capacity_pct": level_pct}
    before = capacity_figures(office)
    for name, value in changes.items():
        setattr(office, name, value)
    db.session.flush()
    outcome = ProtocolOutcome(before=before, after=capacity_figures(office))
    if any(name in CAPACITY_FIELDS for name in changes):
        waitlist.withdraw_offers(office, now)  # held places never outrank booked ones
        outcome.bookings = rebalance(office, now)
        reminders.notify_rebalanced(office, outcome.bookings, now)
        waitlist.offer_free_places(office, now, waitlist.hold_minutes())
    if outcome.bookings:
        emit_after_commit(
            bookings_changed,
            office.id,
            changes=[(code, what) for code, what, _ in outcome.bookings if what != "kept"],
        )
    return outcome


def _future_counts(office: Office, now: datetime) -> dict[tuple[int, datetime], int]:
    rows = db.session.execute(
        select(SlotCount.scope_id, SlotCount.start, SlotCount.booked).where(
            SlotCount.office_id == office.id, SlotCount.start > now, SlotCount.booked > 0
        )
    )
    return {(scope, start): booked for scope, start, booked in rows}


def _party(booking: Booking) -> Party:
    return Party(
        booking.id, booking.service_id, booking.party_size, booking.priority, booking.created_at
    )


def _candidate_starts(office: Office, now: datetime) -> list[tuple[datetime, datetime]]:
    """Every bookable slot from now to the end of the booking horizon, in time order."""
    schedule = slot_service.schedule_of(office)
    today = local_date(now, office.timezone)
    days = [today + timedelta(days=n) for n in range(office.booking_horizon_days + 1)]
    rules = slot_service.day_rules(office, now, days)
    return [
        (start, end)
        for day in days
        if closed_reason(day, rules) is None
        for start, end in day_slots(schedule, day)
        if start > now
    ]


def rebalance(office: Office, now: datetime) -> list[tuple[str, str, datetime | None]]:
    office_cap = capacity_of(office).slot_capacity
    service_caps = {s.id: service_capacity(office, s) for s in office.services}
    counts = _future_counts(office, now)

    def cap_of(scope: int) -> int:
        return office_cap if scope == OFFICE_SCOPE else service_caps.get(scope, 0)

    overfull = sorted({start for (scope, start), n in counts.items() if n > cap_of(scope)})
    if not overfull:
        return []
    report: list[tuple[str, str, datetime]] = []
    to_move: list[Booking] = []
    released: dict[tuple[int, datetime], int] = defaultdict(int)
    for start, in_slot in _booked_in_slots(office, overfull).items():
        kept, displaced = choose_keepers(
            [_party(b) for b in in_slot.values()], office_cap, service_caps
        )
        report += [(in_slot[p.key].code, "kept", start) for p in kept]
        for party in displaced:
            booking = in_slot[party.key]
            for scope in (OFFICE_SCOPE, booking.service_id):
                released[(scope, start)] += party.size
                counts[(scope, start)] -= party.size
            to_move.append(booking)
    slot_service.release_many(office.id, released)
    candidates = _candidate_starts(office, now) if to_move else []
    search = _RoomSearch(candidates, counts, office_cap, service_caps)
    for booking in to_move:
        new_slot = search.first_slot_with_room(booking)
        if new_slot is None:
            booking.status = "needs_rebooking"
            report.append((booking.code, "flagged", booking.start))  # where it still stands
            continue
        start, end = new_slot
        slot_service.reserve_places(
            office, booking.service, start, booking.party_size, service_caps[booking.service_id]
        )
        counts[(OFFICE_SCOPE, start)] = counts.get((OFFICE_SCOPE, start), 0) + booking.party_size
        key = (booking.service_id, start)
        counts[key] = counts.get(key, 0) + booking.party_size
        booking.start, booking.end = start, end
        booking.local_date = local_date(start, office.timezone)
        report.append((booking.code, "moved", start))
    db.session.flush()
    return report


def _booked_in_slots(office: Office, starts: list[datetime]) -> dict[datetime, dict[int, Booking]]:
    """The `booked` bookings of these slots, by slot and id, in one query."""
    found: dict[datetime, dict[int, Booking]] = {start: {} for start in starts}
    for booking in db.session.scalars(
        select(Booking)
        .where(
            Booking.office_id == office.id,
            Booking.start.in_(starts),
            Booking.status == "booked",
        )
        .order_by(Booking.start, Booking.id)
    ):
        found[booking.start][booking.id] = booking
    return found


class _RoomSearch:
    """The earliest later slot with room for a displaced booking, over the slots still open.

    Bookings are searched in the order of their slots and places are only ever taken, so a
    search that found nothing for a party of one size and service will find nothing for the
    next one either: the answer is remembered instead of scanning the whole horizon again."""

    def __init__(
        self,
        candidates: list[tuple[datetime, datetime]],
        counts: dict[tuple[int, datetime], int],
        office_cap: int,
        service_caps: dict[int, int],
    ) -> None:
        self.candidates = candidates
        self.starts = [start for start, _ in candidates]
        self.counts = counts
        self.office_cap = office_cap
        self.service_caps = service_caps
        self.full: set[tuple[int, int]] = set()

    def first_slot_with_room(self, booking: Booking) -> tuple[datetime, datetime] | None:
        size, service_id = booking.party_size, booking.service_id
        if (service_id, size) in self.full:
            return None
        service_cap = self.service_caps.get(service_id, 0)
        for start, end in self.candidates[bisect_right(self.starts, booking.start) :]:
            office_free = self.office_cap - self.counts.get((OFFICE_SCOPE, start), 0)
            service_free = service_cap - self.counts.get((service_id, start), 0)
            if size <= office_free and size <= service_free:
                return start, end
        self.full.add((service_id, size))
        return None


def outcome_json(office: Office, outcome: ProtocolOutcome) -> dict[str, Any]:
    return {
        "before": outcome.before,
        "after": outcome.after,
        "bookings": [
            {"code": code, "outcome": what, "start": local_iso(start, office.timezone)}
            for code, what, start in outcome.bookings
        ],
    }
