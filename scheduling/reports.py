"""Daily figures of an office, from plain facts about its tickets and bookings.

Definitions (also in README and the API description):
- bookings: bookings whose slot is on the day, whatever their status now;
- cancellations: those of them that are cancelled;
- check_ins / walk_ins: tickets of the day's queue from an appointment / from a walk-in;
- served: tickets of the day completed (status done);
- no_shows: tickets marked no-show, plus bookings of the day marked no-show that never got a
  ticket (a booking whose ticket was a no-show is counted once, through its ticket);
- average_wait_minutes: mean of called_at − issued_at over the day's tickets that were called;
- average_service_minutes: mean of completed_at − started_at (or − called_at when the officer
  never pressed start) over the tickets served;
- peak_occupancy: the most people (party sizes) inside at once, each ticket's party being
  inside from issued_at until its stay ends (see `stay_end`); someone leaving at the same
  instant as another arrives is not counted together with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

OPEN_STATUSES = ("waiting", "called", "serving")


class Stay(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def issued_at(self) -> datetime: ...
    @property
    def called_at(self) -> datetime | None: ...
    @property
    def started_at(self) -> datetime | None: ...
    @property
    def completed_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class TicketFact:
    service: str
    source: str  # appointment | walk_in
    status: str
    party_size: int
    local_date: date
    issued_at: datetime
    called_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    booking_id: int | None = None


@dataclass(frozen=True)
class BookingFact:
    id: int
    service: str
    status: str
    local_date: date


@dataclass
class Figures:
    bookings: int = 0
    check_ins: int = 0
    walk_ins: int = 0
    served: int = 0
    no_shows: int = 0
    cancellations: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)

    @property
    def average_wait_minutes(self) -> float | None:
        return _mean(self.waits)

    @property
    def average_service_minutes(self) -> float | None:
        return _mean(self.services)

    def add(self, other: Figures) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.waits.extend(other.waits)
        self.services.extend(other.services)

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}


COUNTS = ("bookings", "check_ins", "walk_ins", "served", "no_shows", "cancellations")


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def stay_end(ticket: Stay) -> datetime | None:
    """When the party left: completion, or the no-show (its recorded time, else the call);
    None while still inside."""
    if ticket.status == "done":
        return ticket.completed_at or ticket.started_at or ticket.called_at or ticket.issued_at
    if ticket.status == "no_show":
        return ticket.completed_at or ticket.called_at or ticket.issued_at
    return None


def overlaps(arrived: datetime, left: datetime | None, start: datetime, end: datetime) -> bool:
    """Whether a stay [arrived, left) meets the window [start, end); an open stay (left None)
    lasts until `end` at the latest. A stay ending exactly as the window opens does not."""
    return arrived < end and (left is None or left > start)


def add_ticket(figures: Figures, ticket: TicketFact) -> None:
    if ticket.source == "walk_in":
        figures.walk_ins += 1
    else:
        figures.check_ins += 1
    if ticket.status == "no_show":
        figures.no_shows += 1
    if ticket.called_at is not None:
        figures.waits.append(_minutes(ticket.issued_at, ticket.called_at))
    if ticket.status == "done":
        figures.served += 1
        begun = ticket.started_at or ticket.called_at
        if begun is not None and ticket.completed_at is not None:
            figures.services.append(_minutes(begun, ticket.completed_at))


def add_booking(figures: Figures, booking: BookingFact, ticketed: set[int]) -> None:
    figures.bookings += 1
    if booking.status == "cancelled":
        figures.cancellations += 1
    elif booking.status == "no_show" and booking.id not in ticketed:
        figures.no_shows += 1


def day_figures(
    tickets: Iterable[TicketFact], bookings: Iterable[BookingFact]
) -> tuple[Figures, dict[str, Figures]]:
    """The office's figures for one day, and the same per service code."""
    tickets = list(tickets)
    total = Figures()
    per_service: dict[str, Figures] = {}
    ticketed = {t.booking_id for t in tickets if t.booking_id is not None}
    for ticket in tickets:
        for figures in (total, per_service.setdefault(ticket.service, Figures())):
            add_ticket(figures, ticket)
    for booking in bookings:
        for figures in (total, per_service.setdefault(booking.service, Figures())):
            add_booking(figures, booking, ticketed)
    return total, per_service


def peak_occupancy(tickets: Iterable[TicketFact], until: datetime) -> int:
    """The most people inside at once: a sweep over arrivals and departures. Stays still open
    are taken to last until `until` (now, or the end of a day already over)."""
    events: list[tuple[datetime, int, int]] = []
    for ticket in tickets:
        end = min(stay_end(ticket) or until, until)
        if end <= ticket.issued_at:
            continue
        events.append((ticket.issued_at, 1, ticket.party_size))
        events.append((end, 0, -ticket.party_size))  # 0 sorts departures first
    inside = peak = 0
    for _, _, change in sorted(events):
        inside += change
        peak = max(peak, inside)
    return peak


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
