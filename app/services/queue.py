"""The queue of an office's local day: issuing tickets, calling them, serving them, and the
snapshot that the queue endpoint and the displays show.

Every change takes the office row first (`bump_version`, a conditional increment of
`Office.queue_version`): on PostgreSQL that serialises the queue changes of one office, so
they never wait on each other's rows in opposite order; on SQLite the write lock already does.
Signals go out after the commit (`emit_after_commit`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from app.direct_rows import Snapshot, column_keys, set_loaded, snapshots
from app.direct_sql import DirectStatement, insert_returning_id, row_values, session_lane
from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import Counter, Office, Service, Ticket, TicketSequence, counter_services
from app.models.base import UTCDateTime
from app.models.booking import PRIORITIES, Booking
from app.models.queue import (
    OPEN_AT_A_COUNTER,
    PRESENT_STATUSES,
    TICKET_SOURCES,
    WAITING_NOT_PLAIN,
)
from app.serialize import local_iso
from app.services.offices import capacity_of
from app.signals import emit_after_commit, occupancy_changed, queue_changed, ticket_called
from scheduling.queueing import (
    MAX_WALK_IN_EVERY,
    PRIORITY_GROUPS,
    QueueItem,
    appointments_in_a_row,
    average_minutes,
    estimated_wait_minutes,
    order_queue,
    ticket_number,
    walk_in_every,
)
from scheduling.slots import local_date

_RATES = "antrean_service_rates"  # session.info key of the memo of `service_rates`


# The hot paths (check-in, call-next) read and write with statements straight to the driver
# (app.direct_sql) on the session's transaction, and work on ORM objects and snapshots alike
# (app.direct_rows.Snapshot: the same attribute names).
OfficeLike = Office | Snapshot
TicketLike = Ticket | Snapshot


def today(office: OfficeLike, now: datetime) -> date:
    return local_date(now, office.timezone)


def _constants(column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    """`column IN ('a', 'b')` with the values written into the statement: direct statements
    bind no lists, and the planner sees the values."""
    assert all(value.isidentifier() for value in values)
    return column.in_([literal_column(f"'{value}'") for value in values])  # type: ignore[no-any-return]


_OFFICES = Office.__table__
_BUMP_VERSION = DirectStatement(
    update(_OFFICES)
    .where(_OFFICES.c.id == bindparam("p_office"))
    .values(queue_version=_OFFICES.c.queue_version + 1)
    .returning(_OFFICES.c.queue_version)
)


def bump_version(office: OfficeLike) -> int:
    """One more change to the office's queue, in this transaction (takes the office row)."""
    _queue_changes()
    row = session_lane().first(_BUMP_VERSION, {"p_office": office.id})
    if row is None:
        raise NotFound()
    version = int(row[0])
    set_loaded(office, queue_version=version)
    return version


def _queue_changes() -> None:
    """What the session remembers of the queue is stale from here on."""
    db.session.info.pop(_RATES, None)


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


@lru_cache(maxsize=2)
def _next_seq_statement(dialect: str) -> DirectStatement:
    sequences = TicketSequence.__table__
    statement = _insert(dialect)(sequences).values(
        office_id=bindparam("p_office"),
        local_date=bindparam("p_day"),
        prefix=bindparam("p_prefix"),
        last=1,
    )
    return DirectStatement(
        statement.on_conflict_do_update(
            index_elements=["office_id", "local_date", "prefix"],
            set_={"last": sequences.c.last + 1},
        ).returning(sequences.c.last)
    )


def next_seq(office_id: int, day: date, prefix: str) -> int:
    """The next number of the day for this letter: one upsert on a counter row (never
    max + 1), so two kiosks can never draw the same number."""
    lane = session_lane()
    params = {"p_office": office_id, "p_day": day, "p_prefix": prefix}
    row = lane.first(_next_seq_statement(lane.dialect.name), params)
    assert row is not None  # an upsert … RETURNING always gives the row
    return int(row[0])


@dataclass(frozen=True)
class NewTicket:
    service: Service | Snapshot
    source: str  # appointment | walk_in
    queue_at: datetime
    party_size: int = 1
    priority: str = "none"
    booking: Booking | Snapshot | None = None
    contact_phone: str | None = None


_TICKETS = Ticket.__table__
_INSERT_TICKET = insert_returning_id(_TICKETS)


def issue_ticket(office: OfficeLike, new: NewTicket, now: datetime) -> Snapshot:
    """A numbered ticket in today's queue, as a snapshot with its office, service and booking.
    The caller has taken the office row already."""
    day = today(office, now)
    prefix = new.service.prefix
    seq = next_seq(office.id, day, prefix)
    values = {
        "office_id": office.id,
        "service_id": new.service.id,
        "booking_id": new.booking.id if new.booking else None,
        "counter_id": None,
        "local_date": day,
        "prefix": prefix,
        "seq": seq,
        "number": ticket_number(prefix, seq),
        "source": new.source,
        "priority": new.priority,
        "party_size": new.party_size,
        "status": "waiting",
        "queue_at": new.queue_at,
        "issued_at": now,
        "called_at": None,
        "started_at": None,
        "completed_at": None,
        "recall_count": 0,
        "recalled_at": None,
        "contact_phone": new.contact_phone,
    }
    row = session_lane().first(_INSERT_TICKET, row_values(values))
    assert row is not None  # INSERT … RETURNING gives the new row's id
    ticket = Snapshot(
        id=row[0], **values, office=office, service=new.service, booking=new.booking, counter=None
    )
    emit_after_commit(queue_changed, office.id, reason="issued", ticket_id=ticket.id)
    emit_after_commit(occupancy_changed, office.id)
    return ticket


# --- reading the queue -------------------------------------------------------------------


def waiting_tickets(
    office: Office, day: date, service_ids: list[int] | None = None
) -> list[Ticket]:
    query = select(Ticket).where(
        Ticket.office_id == office.id, Ticket.local_date == day, Ticket.status == "waiting"
    )
    if service_ids is not None:
        query = query.where(Ticket.service_id.in_(service_ids))
    return list(db.session.scalars(query))


@dataclass(slots=True)
class WaitingRow(QueueItem):
    """A waiting ticket as the queue needs it: read as plain columns, not as ORM objects, so
    that ordering a long queue stays cheap."""

    service_id: int = 0
    number: str = ""
    service_code: str = ""


_WAITING_COLUMNS = (
    _TICKETS.c.id,
    _TICKETS.c.queue_at,
    _TICKETS.c.seq,
    _TICKETS.c.source,
    _TICKETS.c.priority,
    _TICKETS.c.service_id,
    _TICKETS.c.number,
    Service.__table__.c.code,
)


@lru_cache(maxsize=2)
def _waiting_statement(of_services: bool) -> Select:  # type: ignore[type-arg]
    """The waiting-rows query, built once per shape: the hot paths only bind values."""
    query = (
        select(*_WAITING_COLUMNS)
        .join(Service.__table__, Service.__table__.c.id == _TICKETS.c.service_id)
        .where(
            _TICKETS.c.office_id == bindparam("p_office"),
            _TICKETS.c.local_date == bindparam("p_day"),
            _TICKETS.c.status == "waiting",
        )
    )
    if of_services:
        query = query.where(_TICKETS.c.service_id.in_(bindparam("p_services", expanding=True)))
    return query


def waiting_rows(
    office: Office, day: date, service_ids: list[int] | None = None
) -> list[WaitingRow]:
    """The day's waiting tickets (of these services) as rows."""
    statement = _waiting_statement(service_ids is not None)
    params = {"p_office": office.id, "p_day": day, "p_services": service_ids}
    # Plain rows through the connection: no ORM result machinery for a long queue.
    rows = db.session.connection().execute(statement, params).all()
    return [WaitingRow(*row) for row in rows]


_IS_PRIORITY = _constants(_TICKETS.c.priority, PRIORITY_GROUPS)
_LATEST_CALLED_SOURCES = DirectStatement(
    select(_TICKETS.c.source)
    .where(
        _TICKETS.c.office_id == bindparam("p_office"),
        _TICKETS.c.local_date == bindparam("p_day"),
        _TICKETS.c.called_at.is_not(None),
        ~_IS_PRIORITY,
    )
    .order_by(_TICKETS.c.called_at.desc(), _TICKETS.c.id.desc())
    .limit(MAX_WALK_IN_EVERY + 1)
)


def appointment_run(office: OfficeLike, day: date) -> int:
    """Appointments called in a row since the last walk-in was called today."""
    rows = session_lane().run(_LATEST_CALLED_SOURCES, {"p_office": office.id, "p_day": day})
    return appointments_in_a_row([source for (source,) in rows])


Queued = TypeVar("Queued", Ticket, WaitingRow)


def run_matters(tickets: Sequence[Ticket] | Sequence[QueueItem]) -> bool:
    """The run only decides between a walk-in and an appointment outside the priority groups:
    unless both kinds wait, it changes no order and need not be read."""
    kinds = {t.source == "walk_in" for t in tickets if t.priority not in PRIORITY_GROUPS}
    return len(kinds) == 2


def in_call_order(office: OfficeLike, tickets: list[Queued], day: date) -> list[Queued]:
    """The tickets (models or rows) in the order the counters will call them."""
    every = walk_in_every(office.walk_in_share)
    run = appointment_run(office, day) if run_matters(tickets) else 0
    if all(isinstance(t, WaitingRow) for t in tickets):
        return order_queue(tickets, every, run)  # type: ignore[type-var]
    by_id = {t.id: t for t in tickets}
    items = [QueueItem(t.id, t.queue_at, t.seq, t.source, t.priority) for t in tickets]
    return [by_id[item.id] for item in order_queue(items, every, run)]


def open_counters(service_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(counter_services)
            .join(Counter, Counter.id == counter_services.c.counter_id)
            .where(counter_services.c.service_id == service_id, Counter.is_open.is_(True))
        )
        or 0
    )


def service_minutes(service: Service, day: date) -> float:
    """The recent average counter time for the service today, else its configured average."""
    rows = db.session.execute(
        select(Ticket.started_at, Ticket.completed_at)
        .where(
            Ticket.service_id == service.id,
            Ticket.local_date == day,
            Ticket.status == "done",
            Ticket.started_at.is_not(None),
        )
        .order_by(Ticket.completed_at.desc())
        .limit(10)
    )
    durations = [(end - start).total_seconds() / 60 for start, end in rows if end]
    return average_minutes(list(reversed(durations)), service.avg_service_minutes)


def service_rates(office: OfficeLike, day: date) -> dict[int, tuple[float, int]]:
    """Per service of the office: (recent average minutes at the counter, open counters).

    Kept for the session until the next queue change (`bump_version` drops it): the response
    and the displays' snapshot after the commit both need it."""
    memo = db.session.info.setdefault(_RATES, {})
    if (office.id, day) not in memo:
        memo[(office.id, day)] = _read_service_rates(office, day)
    return memo[(office.id, day)]  # type: ignore[no-any-return]


_SERVICES = Service.__table__
_COUNTERS = Counter.__table__
_OPEN_COUNTERS_PER_SERVICE = DirectStatement(
    select(_SERVICES.c.id, _SERVICES.c.avg_service_minutes, func.count(_COUNTERS.c.id))
    .outerjoin(counter_services, counter_services.c.service_id == _SERVICES.c.id)
    .outerjoin(
        _COUNTERS,
        and_(_COUNTERS.c.id == counter_services.c.counter_id, _COUNTERS.c.is_open.is_(True)),
    )
    .where(_SERVICES.c.office_id == bindparam("p_office"))
    .group_by(_SERVICES.c.id, _SERVICES.c.avg_service_minutes)
)
_RECENT_SERVICE_TIMES = DirectStatement(
    select(_TICKETS.c.service_id, _TICKETS.c.started_at, _TICKETS.c.completed_at)
    .where(
        _TICKETS.c.office_id == bindparam("p_office"),
        _TICKETS.c.local_date == bindparam("p_day"),
        _TICKETS.c.status == "done",
        _TICKETS.c.started_at.is_not(None),
    )
    .order_by(_TICKETS.c.completed_at.desc())
    .limit(200)
)


def _read_service_rates(office: OfficeLike, day: date) -> dict[int, tuple[float, int]]:
    lane = session_lane()
    params = {"p_office": office.id, "p_day": day}
    configured = lane.run(_OPEN_COUNTERS_PER_SERVICE, params)
    durations: dict[int, list[float]] = {}
    for service_id, started, completed in lane.run(_RECENT_SERVICE_TIMES, params):
        if completed is not None:
            durations.setdefault(service_id, []).insert(
                0, (completed - started).total_seconds() / 60
            )
    return {
        service_id: (average_minutes(durations.get(service_id, []), fallback), counters)
        for service_id, fallback, counters in configured
    }


class WaitEstimator:
    """Position and estimated wait of each waiting ticket, within its own service's line."""

    def __init__(self, ordered: list[WaitingRow], rates: dict[int, tuple[float, int]]) -> None:
        self.rates = rates
        self.places: dict[int, int] = {}
        seen: dict[int, int] = {}
        for row in ordered:
            seen[row.service_id] = seen.get(row.service_id, 0) + 1
            self.places[row.id] = seen[row.service_id]

    def position(self, ticket_id: int) -> int | None:
        return self.places.get(ticket_id)

    def minutes(self, ticket_id: int, service_id: int) -> int | None:
        place = self.places.get(ticket_id)
        if place is None:
            return None
        average, counters = self.rates.get(service_id, (0.0, 0))
        return estimated_wait_minutes(place, average, counters)


def standing(ticket: TicketLike, now: datetime) -> tuple[int | None, int | None]:
    """(position, estimated wait in minutes) of a waiting ticket in its service's line."""
    if ticket.status != "waiting":
        return None, None
    office, day = ticket.office, ticket.local_date
    params = {
        "p_office": office.id,
        "p_day": day,
        "p_service": ticket.service_id,
        "p_at": ticket.queue_at,
        "p_seq": ticket.seq,
        "p_ticket": ticket.id,
    }
    place = plain_appointment_place(params) if is_plain(ticket) else None
    if place is None:
        place = grouped_place(office, day, kind_of(ticket.priority, ticket.source), params)
    average, counters = service_rates(office, day).get(ticket.service_id, (0.0, 0))
    return place, estimated_wait_minutes(place, average, counters)


def grouped_place(office: OfficeLike, day: date, kind: str, params: dict[str, Any]) -> int:
    statement = _LINE_GROUPS_UP_TO_IT if kind == "appointment" else _LINE_GROUPS
    groups = line_groups(session_lane().run(statement, params))
    run = appointment_run(office, day) if run_decides(groups, kind, params["p_at"]) else 0
    return place_in_line(groups, kind, walk_in_every(office.walk_in_share), run)


# --- a ticket's place from its line grouped by kind and time -------------------------------
#
# Reading a long line ticket by ticket to find one place costs more than the rest of a check-in:
# the database groups the line instead (a few rows per slot time), and `place_in_line` walks
# the interleave of scheduling.queueing.order_queue over the groups. Both must agree; a test
# compares them on random lines.

_AT, _SEQ, _ID = (
    bindparam("p_at", type_=UTCDateTime()),
    bindparam("p_seq"),
    bindparam("p_ticket"),
)
# Before the ticket in time order (scheduling.queueing: queue_at, then seq, then id).
_EARLIER = or_(
    _TICKETS.c.queue_at < _AT,
    and_(
        _TICKETS.c.queue_at == _AT,
        or_(_TICKETS.c.seq < _SEQ, and_(_TICKETS.c.seq == _SEQ, _TICKETS.c.id < _ID)),
    ),
)
# Grouped by the plain columns (the kinds are told apart in Python, `line_groups`): SQLite
# then needs no expression per row to group by, a fifth less work on a long line.
_LINE = (
    select(
        _TICKETS.c.queue_at,
        _TICKETS.c.priority,
        _TICKETS.c.source,
        func.count(),
        func.coalesce(func.sum(case((_EARLIER, 1), else_=0)), 0),
    )
    .where(
        _TICKETS.c.office_id == bindparam("p_office"),
        _TICKETS.c.local_date == bindparam("p_day"),
        _TICKETS.c.status == "waiting",
        _TICKETS.c.service_id == bindparam("p_service"),
    )
    .group_by(_TICKETS.c.queue_at, _TICKETS.c.priority, _TICKETS.c.source)
    .order_by(_TICKETS.c.queue_at)
)
_LINE_GROUPS = DirectStatement(_LINE)
# Nothing placed later in time can stand before an appointment, except the priority groups.
_LINE_GROUPS_UP_TO_IT = DirectStatement(_LINE.where(or_(_TICKETS.c.queue_at <= _AT, _IS_PRIORITY)))


@dataclass(frozen=True, slots=True)
class LineGroup:
    """Waiting tickets of one kind placed at the same time in one service's line."""

    kind: str  # priority | appointment | walk_in
    at: datetime
    count: int
    earlier: int  # how many of them stand before the ticket asked about, in time order


def line_groups(rows: Sequence[Sequence[Any]]) -> list[LineGroup]:
    """Rows of (time, priority, source, count, earlier) in time order, as groups by kind and
    time in time order."""
    totals: dict[tuple[str, datetime], list[int]] = {}
    for at, priority, source, count, earlier in rows:
        total = totals.setdefault((kind_of(priority, source), at), [0, 0])
        total[0] += count
        total[1] += earlier
    return [LineGroup(kind, at, count, earlier) for (kind, at), (count, earlier) in totals.items()]


def kind_of(priority: str, source: str) -> str:
    if priority in PRIORITY_GROUPS:
        return "priority"
    return "walk_in" if source == "walk_in" else "appointment"


def run_decides(groups: list[LineGroup], kind: str, at: datetime) -> bool:
    """Whether the run of appointments can change the ticket's place: only a walk-in placed
    before it in time can go before an appointment; a walk-in's place needs appointments."""
    if kind == "appointment":
        return any(g.kind == "walk_in" and g.at < at for g in groups)
    return kind == "walk_in" and any(g.kind == "appointment" for g in groups)


def place_in_line(groups: list[LineGroup], kind: str, every: int, run: int) -> int:
    """The 1-based place of a waiting ticket of `kind` in its line, given as groups."""
    priority = [g for g in groups if g.kind == "priority"]
    if kind == "priority":
        return 1 + sum(g.earlier for g in priority)
    ahead = sum(g.count for g in priority)
    appointments = [g for g in groups if g.kind == "appointment"]
    walk_ins = [g.at for g in groups if g.kind == "walk_in" for _ in range(g.count)]
    every = max(1, every)
    if kind == "appointment":
        before = sum(g.earlier for g in appointments)
        return ahead + before + _walk_ins_before(appointments, walk_ins, before, every, run) + 1
    before = sum(g.earlier for g in groups if g.kind == "walk_in")
    return ahead + before + _appointments_before(appointments, walk_ins, before, every, run) + 1


def _walk_ins_before(
    appointments: list[LineGroup], walk_ins: list[datetime], index: int, every: int, run: int
) -> int:
    """Walk-ins the interleave places before the appointment at `index` (0-based)."""
    placed, steps = 0, index + 1
    for group in appointments:
        take = min(group.count, steps)
        if placed == len(walk_ins) or walk_ins[placed] >= group.at:
            run += take  # no walk-in may go before these appointments
        else:
            for _ in range(take):
                if placed < len(walk_ins) and run >= every and walk_ins[placed] < group.at:
                    placed, run = placed + 1, 0
                run += 1
        steps -= take
        if steps == 0:
            break
    return placed


def _appointments_before(
    appointments: list[LineGroup], walk_ins: list[datetime], index: int, every: int, run: int
) -> int:
    """Appointments the interleave places before the walk-in at `index` (0-based)."""
    placed, walk_in = 0, 0
    for group in appointments:
        if walk_ins[walk_in] >= group.at:
            placed, run = placed + group.count, run + group.count
            continue
        for _ in range(group.count):
            if run >= every and walk_ins[walk_in] < group.at:
                if walk_in == index:
                    return placed
                walk_in, run = walk_in + 1, 0
            placed, run = placed + 1, run + 1
    return placed


# --- a plain appointment's place, counted ----------------------------------------------------
#
# Most of a line is plain appointments (booked, no priority group). Unless a walk-in placed
# before one in time may be interleaved before it, its place is the priority tickets plus the
# plain appointments before it in time, plus one: the few tickets that are not plain are read
# from their partial index (app.models.queue.WAITING_NOT_PLAIN), the plain ones only counted,
# which costs about a third of grouping the whole line (1,500 waiting: ~500 → ~190 µs).


def is_plain(ticket: TicketLike) -> bool:
    return ticket.priority == "none" and ticket.source == "appointment"


_OF_SERVICE_DAY = and_(
    _TICKETS.c.office_id == bindparam("p_office"),
    _TICKETS.c.local_date == bindparam("p_day"),
    _TICKETS.c.service_id == bindparam("p_service"),
)
_IN_LINE = and_(_OF_SERVICE_DAY, _TICKETS.c.status == "waiting")
_NOT_PLAIN_IN_LINE = DirectStatement(
    select(_TICKETS.c.queue_at, _TICKETS.c.priority, _TICKETS.c.source).where(
        _OF_SERVICE_DAY, text(WAITING_NOT_PLAIN)
    ),
    sqlite_index=("ticket", "ix_ticket_waiting_not_plain"),
)
# Counted on ix_ticket_line: the whole line up to the ticket's time, and the plain tickets of
# its time from it on (the ticket is the latest of its time as a rule: a short range).
_COUNT_UP_TO_AND_FROM = DirectStatement(
    select(
        select(func.count())
        .select_from(_TICKETS)
        .where(_IN_LINE, _TICKETS.c.queue_at <= _AT)
        .scalar_subquery(),
        select(func.count())
        .select_from(_TICKETS)
        .where(
            _IN_LINE,
            _TICKETS.c.queue_at == _AT,
            _TICKETS.c.priority == literal_column("'none'"),
            _TICKETS.c.source == literal_column("'appointment'"),
            tuple_(_TICKETS.c.seq, _TICKETS.c.id) >= tuple_(_SEQ, _ID),
        )
        .scalar_subquery(),
    )
)


def plain_appointment_place(params: dict[str, Any]) -> int | None:
    """The place of a plain appointment in its line; None when the grouped walk must decide
    (a walk-in placed before it in time, or an appointment that is not plain)."""
    lane = session_lane()
    at = params["p_at"]
    priority = not_plain_up_to = 0
    for queue_at, group, source in lane.run(_NOT_PLAIN_IN_LINE, params):
        kind = kind_of(group, source)
        if kind == "appointment" or (kind == "walk_in" and queue_at < at):
            return None
        priority += kind == "priority"
        not_plain_up_to += queue_at <= at  # a walk-in of its very time never goes before it
    up_to, from_it = lane.first(_COUNT_UP_TO_AND_FROM, params) or (0, 0)
    return priority + (up_to - from_it - not_plain_up_to) + 1


_PEOPLE_PRESENT = DirectStatement(
    select(func.coalesce(func.sum(_TICKETS.c.party_size), 0)).where(
        _TICKETS.c.office_id == bindparam("p_office"),
        _TICKETS.c.local_date == bindparam("p_day"),
        _constants(_TICKETS.c.status, PRESENT_STATUSES),
    )
)


def occupancy(office: OfficeLike, now: datetime) -> tuple[int, int]:
    """(people inside now, the most allowed): every party with a ticket of today that is
    waiting, called or being served, companions included."""
    params = {"p_office": office.id, "p_day": today(office, now)}
    row = session_lane().first(_PEOPLE_PRESENT, params)
    present = row[0] if row else 0
    return int(present or 0), capacity_of(office).max_occupancy


_PRESENT_TICKETS = (
    select(
        *_WAITING_COLUMNS,
        _TICKETS.c.status,
        _TICKETS.c.party_size,
        _COUNTERS.c.name,
        _TICKETS.c.called_at,
    )
    .join(_SERVICES, _SERVICES.c.id == _TICKETS.c.service_id)
    .outerjoin(_COUNTERS, _COUNTERS.c.id == _TICKETS.c.counter_id)
    .where(
        _TICKETS.c.office_id == bindparam("p_office"),
        _TICKETS.c.local_date == bindparam("p_day"),
        _TICKETS.c.status.in_(PRESENT_STATUSES),
    )
)


def queue_snapshot(office: Office, now: datetime) -> dict[str, object]:
    """The public queue body: ticket numbers only, never names."""
    day = today(office, now)
    # Plain rows through the connection: no ORM result machinery for a long queue.
    params = {"p_office": office.id, "p_day": day}
    rows = db.session.connection().execute(_PRESENT_TICKETS, params).all()
    waiting = [WaitingRow(*row[:8]) for row in rows if row.status == "waiting"]
    ordered = in_call_order(office, waiting, day)
    estimator = WaitEstimator(ordered, service_rates(office, day))
    called = sorted(
        (row for row in rows if row.status == "called"),
        key=lambda row: (row.called_at, row.id),
        reverse=True,
    )
    return {
        "date": day.isoformat(),
        "version": office.queue_version,
        "waiting": [
            {
                "number": row.number,
                "service": row.service_code,
                "priority": row.priority,
                "source": row.source,
                "estimated_wait_minutes": estimator.minutes(row.id, row.service_id),
            }
            for row in ordered
        ],
        "called": [
            {
                "number": row.number,
                "counter": row.name,
                "called_at": local_iso(row.called_at, office.timezone),
            }
            for row in called
        ],
        "occupancy": {
            "present": sum(row.party_size for row in rows),
            "limit": capacity_of(office).max_occupancy,
        },
    }


# --- the counter's actions ---------------------------------------------------------------


def get_ticket(ticket_id: int) -> Ticket:
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound()
    return ticket


def open_ticket_at(counter: Counter, now: datetime) -> Ticket | None:
    """The ticket the counter has open today (called or serving), the most recently called if
    there are several. Read down ix_ticket_line (office, day, status): a short range."""
    return db.session.scalar(
        select(Ticket)
        .where(
            Ticket.office_id == counter.office_id,
            Ticket.local_date == today(counter.office, now),
            Ticket.status.in_(OPEN_AT_A_COUNTER),
            Ticket.counter_id == counter.id,
        )
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(1)
    )


_COUNTER_KEYS = column_keys(_COUNTERS)
_OFFICE_KEYS = column_keys(_OFFICES)


def _of_the_counter(column: Any) -> Any:
    return select(column).where(_COUNTERS.c.id == bindparam("p_counter")).scalar_subquery()


# The office row taken (`bump_version`) and the counter read with it: one round trip.
_TAKE_COUNTERS_OFFICE = DirectStatement(
    update(_OFFICES)
    .where(_OFFICES.c.id == _of_the_counter(_COUNTERS.c.office_id))
    .values(queue_version=_OFFICES.c.queue_version + 1)
    .returning(*_OFFICES.c, *(_of_the_counter(column) for column in _COUNTERS.c))
)


def counter_for_call(counter_id: int) -> Snapshot:
    """The counter with its office, as snapshots, from the one statement that takes the
    office row for a change to its queue (as `bump_version` does): call-next's first. A call
    refused afterwards is rolled back with it."""
    _queue_changes()
    row = session_lane().first(_TAKE_COUNTERS_OFFICE, {"p_counter": counter_id})
    if row is None:
        raise NotFound()
    office, counter = snapshots(row, _OFFICE_KEYS, _COUNTER_KEYS)
    counter.office = office
    return counter


CounterLike = Counter | Snapshot

# A claimed ticket comes back whole from its UPDATE, with its service's code and name and its
# booking's code (what the answer and the displays show); the walk-in's phone stays behind.
_CLAIMED_KEYS = column_keys(_TICKETS, leave_out=("contact_phone",))
_BOOKINGS = Booking.__table__


def _of_the_ticket(column: Any, table: Any, key: Any) -> Any:
    return select(column).where(table.c.id == key).correlate(_TICKETS).scalar_subquery()


_CLAIM = DirectStatement(
    update(_TICKETS)
    .where(_TICKETS.c.id == bindparam("p_ticket"), _TICKETS.c.status == "waiting")
    .values(
        status="called",
        counter_id=bindparam("p_counter"),
        called_at=bindparam("p_now", type_=UTCDateTime()),
    )
    .returning(
        *(_TICKETS.c[key] for key in _CLAIMED_KEYS),
        _of_the_ticket(_SERVICES.c.code, _SERVICES, _TICKETS.c.service_id),
        _of_the_ticket(_SERVICES.c.name, _SERVICES, _TICKETS.c.service_id),
        _of_the_ticket(_BOOKINGS.c.code, _BOOKINGS, _TICKETS.c.booking_id),
    )
)


def _claim(ticket_id: int, counter: CounterLike, now: datetime) -> Snapshot | None:
    """Take the ticket for this counter only if it is still waiting: of two officers calling
    at the same moment, one updates the row and the other updates nothing. The update returns
    the claimed ticket: no second read."""
    params = {"p_ticket": ticket_id, "p_counter": counter.id, "p_now": now}
    row = session_lane().first(_CLAIM, params)
    if row is None:
        return None
    split = len(_CLAIMED_KEYS)
    ticket = dict(zip(_CLAIMED_KEYS, row[:split], strict=True))
    service_code, service_name, booking_code = row[split:]
    booking_id = ticket["booking_id"]
    return Snapshot(
        **ticket,
        office=counter.office,
        counter=counter,
        # Partial snapshots: what a called ticket's answer and event show of them.
        service=Snapshot(id=ticket["service_id"], code=service_code, name=service_name),
        booking=None if booking_id is None else Snapshot(id=booking_id, code=booking_code),
    )


_COUNTER_SERVICES = select(counter_services.c.service_id).where(
    counter_services.c.counter_id == bindparam("p_counter")
)
_SERVICES_OF_COUNTER = DirectStatement(_COUNTER_SERVICES)


def _heads_statement() -> DirectStatement:
    """The first waiting ticket of each priority group and source in each service of a
    counter: only these can be the next one called (see `next_in_line`). Each is one step
    down ix_ticket_heads, however long the line."""
    served = counter_services.alias("served")
    first = _TICKETS.alias("first_of_its_kind")
    firsts = [
        select(
            select(first.c.id)
            .where(
                first.c.office_id == bindparam("p_office"),
                first.c.local_date == bindparam("p_day"),
                first.c.status == literal_column("'waiting'"),
                first.c.service_id == served.c.service_id,
                first.c.priority == literal_column(f"'{priority}'"),
                first.c.source == literal_column(f"'{source}'"),
            )
            .order_by(first.c.queue_at, first.c.seq, first.c.id)
            .limit(1)
            .scalar_subquery()
        ).where(served.c.counter_id == bindparam("p_counter"))
        for priority in PRIORITIES
        for source in TICKET_SOURCES
    ]
    return DirectStatement(
        select(*_QUEUE_ITEM_COLUMNS).where(_TICKETS.c.id.in_(union_all(*firsts)))
    )


_QUEUE_ITEM_COLUMNS = (
    _TICKETS.c.id,
    _TICKETS.c.queue_at,
    _TICKETS.c.seq,
    _TICKETS.c.source,
    _TICKETS.c.priority,
)
_HEADS = _heads_statement()


def next_in_line(office: OfficeLike, day: date, counter_id: int) -> int | None:
    """The id of the ticket the counter calls next, from the head of each kind alone: the order
    puts the first priority ticket first; without one, it chooses between the first appointment
    and the first walk-in by their times and the run of appointments (scheduling.queueing)."""
    params = {"p_office": office.id, "p_day": day, "p_counter": counter_id}
    heads = [QueueItem(*row) for row in session_lane().run(_HEADS, params)]
    if not heads:
        return None
    every = walk_in_every(office.walk_in_share)
    needs_run = run_matters(heads) and not any(h.is_priority for h in heads)
    run = appointment_run(office, day) if needs_run else 0
    return order_queue(heads, every, run)[0].id


def call_next(counter: CounterLike, now: datetime) -> Snapshot:
    """Claim the next ticket for this counter, whose office row the caller has taken already
    (`counter_for_call`): no other change to this queue runs meanwhile and the head read is
    the one claimed; the whole line is read only if the claim fails all the same."""
    if not counter.is_open:
        raise Conflict("counter_closed")
    office = counter.office
    day = today(office, now)
    first = next_in_line(office, day, counter.id)
    ticket = _claim(first, counter, now) if first is not None else None
    if ticket is None and first is not None:
        ticket = _claim_first_free(office, day, counter, now)
    if ticket is None:
        raise Conflict("queue_empty")
    _announce(ticket, "called", recall=False)
    return ticket


def _claim_first_free(
    office: OfficeLike, day: date, counter: CounterLike, now: datetime
) -> Snapshot | None:
    rows = session_lane().run(_SERVICES_OF_COUNTER, {"p_counter": counter.id})
    service_ids = [service_id for (service_id,) in rows]
    for row in in_call_order(office, waiting_rows(office, day, service_ids), day):
        ticket = _claim(row.id, counter, now)
        if ticket is not None:
            return ticket
    return None


@dataclass(frozen=True)
class CalledTicket:
    """A call as the displays show it, sent with `ticket_called`: the ticket's number, the
    counter's and the service's names, never a person's. Made before the commit from what the
    request holds, so that no query stands between the commit and the displays."""

    id: int
    office_id: int
    number: str
    called_at: datetime
    recall_count: int
    counter: str
    service: str  # the code, as in the snapshot's waiting list
    service_name: str
    timezone: str


def called_ticket(ticket: TicketLike) -> CalledTicket:
    return CalledTicket(
        id=ticket.id,
        office_id=ticket.office_id,
        number=ticket.number,
        called_at=ticket.called_at,
        recall_count=ticket.recall_count,
        counter=ticket.counter.name if ticket.counter else "",
        service=ticket.service.code,
        service_name=ticket.service.name,
        timezone=ticket.office.timezone,
    )


def _announce(ticket: TicketLike, reason: str, recall: bool) -> None:
    called = called_ticket(ticket)
    emit_after_commit(queue_changed, ticket.office_id, reason=reason, ticket_id=ticket.id)
    emit_after_commit(
        ticket_called, ticket.office_id, ticket_id=ticket.id, recall=recall, called=called
    )


def _refuse(ticket: Ticket) -> Conflict:
    return Conflict("ticket_state", number=ticket.number, state=ticket.status)


def _lock(ticket: Ticket) -> None:
    """Take the office row, then read the ticket as committed (another counter may have
    changed it since it was loaded)."""
    bump_version(ticket.office)
    db.session.refresh(ticket)


def recall(ticket: Ticket, now: datetime) -> Ticket:
    _lock(ticket)
    if not ticket.can_recall():
        raise _refuse(ticket)
    ticket.recall_count += 1
    ticket.recalled_at = now
    db.session.flush()
    _announce(ticket, "recalled", recall=True)
    return ticket


def start(ticket: Ticket, now: datetime) -> Ticket:
    _lock(ticket)
    if not ticket.can_start():
        raise _refuse(ticket)
    ticket.status, ticket.started_at = "serving", now
    db.session.flush()
    emit_after_commit(queue_changed, ticket.office_id, reason="started", ticket_id=ticket.id)
    return ticket


def _leave(ticket: Ticket, status: str, booking_status: str, now: datetime) -> None:
    ticket.status = status
    ticket.completed_at = now
    if ticket.booking is not None and ticket.booking.status == "checked_in":
        ticket.booking.status = booking_status
    db.session.flush()
    emit_after_commit(queue_changed, ticket.office_id, reason=status, ticket_id=ticket.id)
    emit_after_commit(occupancy_changed, ticket.office_id)


def complete(ticket: Ticket, now: datetime) -> Ticket:
    _lock(ticket)
    if not ticket.can_complete():
        raise _refuse(ticket)
    if ticket.started_at is None:
        ticket.started_at = ticket.called_at or now
    _leave(ticket, "done", "done", now)
    return ticket


def mark_no_show(ticket: Ticket, now: datetime) -> Ticket:
    _lock(ticket)
    if not ticket.can_mark_no_show():
        raise _refuse(ticket)
    _leave(ticket, "no_show", "no_show", now)
    return ticket


def transfer(ticket: Ticket, service: Service, now: datetime) -> Ticket:
    """Send the ticket to another service's line; it keeps its number and its place in time."""
    _lock(ticket)
    if not ticket.can_transfer():
        raise _refuse(ticket)
    if service.office_id != ticket.office_id or service.id == ticket.service_id:
        raise Conflict("transfer_same_service")
    ticket.service_id, ticket.service = service.id, service
    ticket.status = "waiting"
    ticket.counter_id, ticket.counter = None, None
    ticket.called_at = ticket.started_at = ticket.recalled_at = None
    ticket.recall_count = 0
    db.session.flush()
    emit_after_commit(queue_changed, ticket.office_id, reason="transferred", ticket_id=ticket.id)
    return ticket


def expire_unanswered_calls(
    now: datetime, max_recalls: int = 3, grace_minutes: float = 5
) -> list[Ticket]:
    """Mark no-show every called ticket recalled `max_recalls` times whose last call is older
    than `grace_minutes` (for the background jobs). Answers the tickets changed."""
    cutoff = now - timedelta(minutes=grace_minutes)
    candidates = db.session.scalars(
        select(Ticket).where(
            Ticket.status == "called",
            Ticket.recall_count >= max_recalls,
            func.coalesce(Ticket.recalled_at, Ticket.called_at) <= cutoff,
        )
    )
    changed = []
    for ticket in list(candidates):
        _lock(ticket)
        if ticket.status == "called":
            _leave(ticket, "no_show", "no_show", now)
            changed.append(ticket)
    return changed


def ticket_of_booking(booking_id: int) -> Ticket | None:
    return db.session.scalar(select(Ticket).where(Ticket.booking_id == booking_id))
