"""Daily and period reports of an office: bookings, the queue, times and peak occupancy.

The figures are defined in scheduling/reports.py; this module loads the facts for a range of
office-local days in two queries and hands them over."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Booking, Office, Service, Ticket
from scheduling.reports import (
    BookingFact,
    Figures,
    TicketFact,
    day_figures,
    days_between,
    peak_occupancy,
)
from scheduling.slots import local_midnight, zone


@dataclass
class DayReport:
    date: date
    total: Figures
    per_service: dict[str, Figures]
    peak_occupancy: int


@dataclass
class PeriodReport:
    first: date
    last: date
    days: list[DayReport]
    total: Figures
    per_service: dict[str, Figures]
    peak_occupancy: int


def service_codes(office: Office) -> dict[int, str]:
    rows = db.session.execute(
        select(Service.id, Service.code).where(Service.office_id == office.id)
    )
    return {service_id: code for service_id, code in rows}


def load_tickets(
    office: Office, first: date, last: date, codes: dict[int, str]
) -> list[TicketFact]:
    rows = db.session.scalars(
        select(Ticket).where(
            Ticket.office_id == office.id, Ticket.local_date >= first, Ticket.local_date <= last
        )
    )
    return [
        TicketFact(
            service=codes.get(t.service_id, ""),
            source=t.source,
            status=t.status,
            party_size=t.party_size,
            local_date=t.local_date,
            issued_at=t.issued_at,
            called_at=t.called_at,
            started_at=t.started_at,
            completed_at=t.completed_at,
            booking_id=t.booking_id,
        )
        for t in rows
    ]


def load_bookings(
    office: Office, first: date, last: date, codes: dict[int, str]
) -> list[BookingFact]:
    rows = db.session.execute(
        select(Booking.id, Booking.service_id, Booking.status, Booking.local_date).where(
            Booking.office_id == office.id,
            Booking.local_date >= first,
            Booking.local_date <= last,
        )
    )
    return [
        BookingFact(
            id=row.id,
            service=codes.get(row.service_id, ""),
            status=row.status,
            local_date=row.local_date,
        )
        for row in rows
    ]


def day_end(office: Office, day: date) -> datetime:
    return local_midnight(day + timedelta(days=1), zone(office.timezone))


def period_report(office: Office, first: date, last: date, now: datetime) -> PeriodReport:
    codes = service_codes(office)
    tickets_by_day: dict[date, list[TicketFact]] = defaultdict(list)
    for ticket in load_tickets(office, first, last, codes):
        tickets_by_day[ticket.local_date].append(ticket)
    bookings_by_day: dict[date, list[BookingFact]] = defaultdict(list)
    for booking in load_bookings(office, first, last, codes):
        bookings_by_day[booking.local_date].append(booking)
    days = []
    total = Figures()
    per_service_total = {code: Figures() for code in codes.values()}
    for day in days_between(first, last):
        tickets = tickets_by_day.get(day, [])
        figures, per_service = day_figures(tickets, bookings_by_day.get(day, []))
        for code in codes.values():
            per_service.setdefault(code, Figures())
        peak = peak_occupancy(tickets, min(now, day_end(office, day)))
        days.append(DayReport(day, figures, per_service, peak))
        total.add(figures)
        for code, service_figures in per_service.items():
            per_service_total.setdefault(code, Figures()).add(service_figures)
    peak = max((d.peak_occupancy for d in days), default=0)
    return PeriodReport(first, last, days, total, per_service_total, peak)


def daily_report(office: Office, day: date, now: datetime) -> DayReport:
    return period_report(office, day, day, now).days[0]
