"""Checking a booked visitor in at the kiosk, and issuing walk-in tickets.

Order of the checks for a booking: the right office; a booking already checked in answers
with its ticket (a second scan, even from another kiosk at the same moment); a booking that is
no longer active is refused; then the day and the check-in window; then the health screening.
Nothing is stored from the screening: a failed one leaves the booking as it was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from app.direct_rows import Snapshot, column_keys, set_loaded, snapshots
from app.direct_sql import DirectStatement, session_lane
from app.errors import Conflict, DomainError, Forbidden
from app.extensions import db
from app.i18n import translate
from app.models import Booking, Office, Service
from app.models.base import UTCDateTime
from app.models.booking import unusable_code
from app.services import queue
from app.services.queue import OfficeLike, TicketLike
from app.services.slots import has_closure, schedule_of
from scheduling.queueing import (
    checkin_window,
    is_open_at,
    minutes_until_room,
    next_opening,
    screening_passed,
    window_verdict,
)
from scheduling.slots import DAY_KEYS, holiday_name, local_date, zone


@dataclass(frozen=True)
class Screening:
    temperature_c: float | None
    symptoms: tuple[str, ...]
    limit_c: float

    @property
    def passed(self) -> bool:
        return screening_passed(self.temperature_c, self.symptoms, self.limit_c)


BookingLike = Booking | Snapshot
ServiceLike = Service | Snapshot


@dataclass(frozen=True)
class CheckIn:
    ticket: TicketLike
    created: bool


_BOOKINGS, _SERVICES, _OFFICES = Booking.__table__, Service.__table__, Office.__table__
_BOOKING_KEYS, _SERVICE_KEYS, _OFFICE_KEYS = (
    column_keys(_BOOKINGS),
    column_keys(_SERVICES),
    column_keys(_OFFICES),
)
_BOOKING_BY_CODE = DirectStatement(
    select(_BOOKINGS, _SERVICES, _OFFICES)
    .join(_SERVICES, _SERVICES.c.id == _BOOKINGS.c.service_id)
    .join(_OFFICES, _OFFICES.c.id == _BOOKINGS.c.office_id)
    .where(_BOOKINGS.c.code == bindparam("p_code"))
)


def booking_by_code(code: str) -> Snapshot | None:
    """The booking with its service and office, as snapshots read in one statement (what a
    check-in reads of them)."""
    row = session_lane().first(_BOOKING_BY_CODE, {"p_code": code})
    if row is None:
        return None
    booking, service, office = snapshots(row, _BOOKING_KEYS, _SERVICE_KEYS, _OFFICE_KEYS)
    # The columns come with the row; the size of the party is the model's own rule.
    booking.party_size = Booking.party_size.fget(booking)  # type: ignore[attr-defined]
    booking.service, booking.office = service, office
    return booking


def _hhmm(instant: datetime, office: OfficeLike) -> str:
    return instant.astimezone(zone(office.timezone)).strftime("%H:%M")


def _local_day_text(instant: datetime, office: OfficeLike) -> str:
    return instant.astimezone(zone(office.timezone)).strftime("%Y-%m-%d %H:%M")


def _window_start_text(instant: datetime, office: OfficeLike, now: datetime) -> str:
    """The window's opening as the visitor reads it: the time alone on the day of the scan,
    with its date on another day ("pukul 2026-12-08 07:30" read oddly for today's window)."""
    if local_date(instant, office.timezone) == local_date(now, office.timezone):
        return _hhmm(instant, office)
    return _local_day_text(instant, office)


def is_closed_day(office: OfficeLike, day: date) -> bool:
    if office.observe_national_holidays and holiday_name(day) is not None:
        return True
    return has_closure(office.id, day)


def is_open(office: OfficeLike, now: datetime) -> bool:
    schedule = schedule_of(office)
    local = now.astimezone(schedule.zone)
    ranges = schedule.week.get(DAY_KEYS[local.weekday()])
    minute = local.hour * 60 + local.minute
    return is_open_at(ranges or (), minute, is_closed_day(office, local.date()))


class OfficeClosed(Conflict):
    """409 office_closed; the message says when the office opens next, if it knows."""

    code = "office_closed"

    def message(self) -> str:
        key = "office_closed" if self.params.get("opens") else "office_closed_unknown"
        return translate(key, **self.params)


class OfficeFull(Conflict):
    """409 office_full; the message says how long until there is room, if it can tell."""

    code = "office_full"

    def message(self) -> str:
        key = "office_full_wait" if self.params.get("minutes") is not None else "office_full"
        return translate(key, **self.params)


def office_closed(office: OfficeLike, now: datetime) -> OfficeClosed:
    schedule = schedule_of(office)
    opening = next_opening(
        now.astimezone(schedule.zone), schedule.week, lambda d: is_closed_day(office, d)
    )
    if opening is None:
        return OfficeClosed()
    return OfficeClosed(opens=_local_day_text(opening, office))


def opens_today(office: OfficeLike, now: datetime) -> bool:
    schedule = schedule_of(office)
    day = now.astimezone(schedule.zone).date()
    return bool(schedule.week.get(DAY_KEYS[day.weekday()])) and not is_closed_day(office, day)


def check_window(booking: BookingLike, office: OfficeLike, now: datetime) -> None:
    """A day the office does not open at all is `office_closed`; on a working day, a scan
    outside the booking's window is `too_early` / `too_late`, with the window in the message
    (more useful to the visitor than the opening hours)."""
    if not opens_today(office, now):
        raise office_closed(office, now)
    window = checkin_window(
        booking.start, office.checkin_early_minutes, office.checkin_late_minutes
    )
    verdict = window_verdict(now, window)
    if verdict is not None:
        raise DomainError(
            verdict,
            status=422,
            opens=_window_start_text(window[0], office, now),
            closes=_hhmm(window[1], office),
        )


def screen(screening: Screening, service: ServiceLike, booked: bool = True) -> None:
    """No entry for a fever or symptoms; the message tells a booked visitor their booking is
    kept, a walk-in (who has none) only to come back or go online."""
    if not screening.passed:
        online = f" ({service.online_url})" if service.online_url else ""
        raise Forbidden(
            "health_screening_failed",
            message_key=None if booked else "health_screening_failed_walk_in",
            online=online,
            limit=screening.limit_c,
        )


def refuse_inactive(booking: BookingLike) -> None:
    if booking.status != "booked":
        raise Conflict(unusable_code(booking.status))


def check_before_screening(
    office: OfficeLike, booking: BookingLike, now: datetime
) -> TicketLike | None:
    """Every check of a check-in that comes before the health screening, in its order: the
    booking's ticket if it has one already (a second scan needs no screening), else None when
    the visitor may go on to the screening; a refusal is raised. It changes nothing, so the
    kiosk can ask it right after the scan too."""
    if booking.office_id != office.id:
        raise Forbidden("wrong_office")
    if booking.status != "booked":  # only a booking past "booked" can have a ticket
        existing = queue.ticket_of_booking(booking.id)
        if existing is not None:
            return existing
        refuse_inactive(booking)
    check_window(booking, office, now)
    return None


def check_in(
    office: OfficeLike, booking: BookingLike, screening: Screening, now: datetime
) -> CheckIn:
    """The ticket for a booked visitor at this kiosk's office (the same one on a second scan)."""
    existing = check_before_screening(office, booking, now)
    if existing is not None:
        return CheckIn(existing, created=False)
    screen(screening, booking.service)
    queue.bump_version(office)
    if not _mark_checked_in(booking, now):
        return _lost_race(booking)
    try:
        ticket = queue.issue_ticket(office, _appointment(booking), now)
    except IntegrityError:
        return _lost_race(booking)
    return CheckIn(ticket, created=True)


_MARK_CHECKED_IN = DirectStatement(
    update(_BOOKINGS)
    .where(_BOOKINGS.c.id == bindparam("p_booking"), _BOOKINGS.c.status == "booked")
    .values(status="checked_in", checked_in_at=bindparam("p_now", type_=UTCDateTime()))
    .returning(_BOOKINGS.c.id)
)


def _mark_checked_in(booking: BookingLike, now: datetime) -> bool:
    """booked → checked_in in one conditional statement: of two kiosks scanning the same code
    at the same moment, exactly one gets past this."""
    params = {"p_booking": booking.id, "p_now": now}
    if session_lane().first(_MARK_CHECKED_IN, params) is None:
        return False
    set_loaded(booking, status="checked_in", checked_in_at=now)
    return True


def _lost_race(booking: BookingLike) -> CheckIn:
    """Another kiosk checked this booking in meanwhile: answer with its ticket."""
    booking_id = booking.id
    db.session.rollback()
    ticket = queue.ticket_of_booking(booking_id)
    if ticket is None:
        fresh = db.session.get(Booking, booking_id)
        if fresh is not None:
            refuse_inactive(fresh)
        raise Conflict("booking_not_active")
    return CheckIn(ticket, created=False)


def _appointment(booking: BookingLike) -> queue.NewTicket:
    return queue.NewTicket(
        service=booking.service,
        source="appointment",
        queue_at=booking.start,
        party_size=booking.party_size,
        priority=booking.priority,
        booking=booking,
    )


@dataclass(frozen=True)
class WalkIn:
    service: ServiceLike
    companions: int
    priority: str
    contact_phone: str | None
    screening: Screening


def issue_walk_in(office: OfficeLike, walk_in: WalkIn, now: datetime) -> TicketLike:
    """A walk-in ticket, only while the room has space for the whole party."""
    if not is_open(office, now):
        raise office_closed(office, now)
    screen(walk_in.screening, walk_in.service, booked=False)
    queue.bump_version(office)  # taken first: two walk-ins never both take the last places
    party = 1 + walk_in.companions
    present, limit = queue.occupancy(office, now)
    if present + party > limit:
        raise room_full(office, walk_in.service, present, limit, party, now)
    new = queue.NewTicket(
        service=walk_in.service,
        source="walk_in",
        queue_at=now,
        party_size=party,
        priority=walk_in.priority,
        contact_phone=walk_in.contact_phone,
    )
    return queue.issue_ticket(office, new, now)


def room_full(
    office: OfficeLike, service: ServiceLike, present: int, limit: int, party: int, now: datetime
) -> OfficeFull:
    minutes = minutes_until_room(
        present,
        limit,
        party,
        queue.service_minutes(service, queue.today(office, now)),
        queue.open_counters(service.id),
    )
    return OfficeFull(present=present, limit=limit, minutes=minutes)
