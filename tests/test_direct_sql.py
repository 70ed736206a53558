"""Statements straight on the driver (app.direct_sql) and transactions of their own
(app.database.direct_transaction), on an SQLite file and on PostgreSQL: values are written and
read exactly as the ORM writes and reads them, driver errors come out as SQLAlchemy's, and a
transaction commits, rolls back and gives the SQLite writers' lock back."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from app.database import direct_transaction
from app.direct_sql import DirectStatement, session_lane
from app.extensions import db
from app.models import Office, SlotCount, Ticket
from app.models.base import UTCDateTime
from tests.conftest import Api, create_schema, either_database_url, make_app

COUNTS = SlotCount.__table__
OFFICES = Office.__table__
START = datetime(2026, 12, 8, 1, 30, tzinfo=UTC)

INSERT_COUNT = DirectStatement(
    COUNTS.insert()
    .values(
        office_id=bindparam("p_office"),
        scope_id=bindparam("p_scope"),
        start=bindparam("p_start", type_=UTCDateTime()),
        booked=bindparam("p_booked"),
    )
    .returning(COUNTS.c.start, COUNTS.c.booked)
)
COUNT_AT = DirectStatement(
    select(COUNTS.c.booked, COUNTS.c.start).where(
        COUNTS.c.office_id == bindparam("p_office"),
        COUNTS.c.start == bindparam("p_start", type_=UTCDateTime()),
    )
)
OFFICE_ROW = DirectStatement(
    select(OFFICES.c.id, OFFICES.c.capacity_pct, OFFICES.c.weekly_hours).where(
        OFFICES.c.slug == bindparam("p_slug")
    )
)
ADD_ONE = DirectStatement(
    COUNTS.update()
    .where(COUNTS.c.office_id == bindparam("p_office"))
    .values(booked=COUNTS.c.booked + 1)
)


@pytest.fixture(params=["sqlite", "postgres"])
def db_app(request: Any, tmp_path: Any, clock: Any) -> Iterator[Flask]:
    url = either_database_url(request, tmp_path, "direct")
    application = make_app(url, clock)
    create_schema(application)
    Api(application.test_client(), application).create_office(slug="direct")
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def office_id() -> int:
    return db.session.scalar(select(Office.id).where(Office.slug == "direct"))


def test_an_instant_is_stored_as_the_orm_stores_it_and_read_back_aware(db_app):
    oid = office_id()
    db.session.remove()
    with direct_transaction(db.engine) as lane:
        returned = lane.first(
            INSERT_COUNT, {"p_office": oid, "p_scope": 0, "p_start": START, "p_booked": 3}
        )
    assert returned == (START, 3)
    # The ORM finds the row by the same instant, given in another zone, and reads it aware.
    in_jakarta = START.astimezone(timezone(timedelta(hours=7)))
    row = db.session.get(SlotCount, (oid, 0, in_jakarta))
    assert row is not None and row.booked == 3 and row.start == START
    assert row.start.utcoffset() == timedelta(0)
    db.session.remove()
    with direct_transaction(db.engine, write=False) as lane:
        assert lane.run(COUNT_AT, {"p_office": oid, "p_start": START}) == [(3, START)]


def test_columns_come_back_as_the_orm_types_them(db_app):
    """JSON, and a FLOAT (whose reader on PostgreSQL needs the type the driver reports)."""
    orm = db.session.execute(
        select(Office.id, Office.capacity_pct, Office.weekly_hours).where(Office.slug == "direct")
    ).one()
    db.session.remove()
    with direct_transaction(db.engine, write=False) as lane:
        direct = lane.first(OFFICE_ROW, {"p_slug": "direct"})
    assert direct == tuple(orm)
    assert isinstance(direct[1], float)
    assert isinstance(direct[2], dict) and direct[2]  # the weekly hours, decoded


def test_a_driver_error_comes_out_as_sqlalchemys(db_app):
    oid = office_id()
    db.session.remove()
    values = {"p_office": oid, "p_scope": 0, "p_start": START, "p_booked": 1}
    with direct_transaction(db.engine) as lane:
        lane.run(INSERT_COUNT, values)
    with pytest.raises(IntegrityError), direct_transaction(db.engine) as lane:
        lane.run(INSERT_COUNT, values)  # the same primary key again


def test_a_failed_block_is_rolled_back_and_a_finished_one_committed(db_app):
    oid = office_id()
    db.session.remove()
    first = {"p_office": oid, "p_scope": 0, "p_start": START, "p_booked": 1}
    later = first | {"p_start": START + timedelta(minutes=30)}
    with pytest.raises(RuntimeError), direct_transaction(db.engine) as lane:
        lane.run(INSERT_COUNT, later)
        raise RuntimeError("the request failed after writing")
    with direct_transaction(db.engine) as lane:
        lane.run(INSERT_COUNT, first)
    starts = db.session.scalars(select(SlotCount.start).where(SlotCount.office_id == oid))
    assert list(starts) == [START]


def test_many_rows_in_one_batch_and_the_session_lane(db_app):
    oid = office_id()
    lane = session_lane()
    lane.run_many(
        INSERT_COUNT,
        [
            {"p_office": oid, "p_scope": scope, "p_start": START, "p_booked": scope}
            for scope in (0, 1, 2)
        ],
    )
    lane.run(ADD_ONE, {"p_office": oid})
    db.session.commit()
    booked = db.session.scalars(
        select(SlotCount.booked).where(SlotCount.office_id == oid).order_by(SlotCount.scope_id)
    )
    assert list(booked) == [1, 2, 3]


def test_writers_on_their_own_connections_queue_and_lose_no_update(db_app):
    """Threads each adding one in a transaction of its own: the lock is always given back
    (also when a block fails), so none waits forever and the sum is exact."""
    oid = office_id()
    db.session.remove()
    with direct_transaction(db.engine) as lane:
        lane.run(INSERT_COUNT, {"p_office": oid, "p_scope": 0, "p_start": START, "p_booked": 0})
    errors: list[BaseException] = []

    def add(times: int) -> None:
        with db_app.app_context():
            for n in range(times):
                try:
                    with direct_transaction(db.engine) as lane:
                        lane.run(ADD_ONE, {"p_office": oid})
                        if n % 5 == 4:
                            raise LookupError("rolled back on purpose")
                except LookupError:
                    pass
                except BaseException as error:  # pragma: no cover - reported below
                    errors.append(error)

    threads = [threading.Thread(target=add, args=(20,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    with direct_transaction(db.engine, write=False) as lane:
        assert lane.first(COUNT_AT, {"p_office": oid, "p_start": START}) == (6 * 16, START)


def test_in_lists_are_refused_at_first_use(db_app):
    statement = DirectStatement(
        select(OFFICES.c.id).where(OFFICES.c.slug.in_(bindparam("slugs", expanding=True)))
    )
    with pytest.raises(ValueError), direct_transaction(db.engine, write=False) as lane:
        lane.run(statement, {"slugs": ["direct"]})


def test_dates_bind_on_both_databases(db_app):
    """A DATE parameter (the closure check of a booking) matches what the ORM stored."""
    from app.models import Closure

    oid = office_id()
    db.session.add(Closure(office_id=oid, date=date(2026, 12, 25), reason="Natal"))
    db.session.commit()
    closures = Closure.__table__
    on_day = DirectStatement(
        select(closures.c.reason).where(
            closures.c.office_id == bindparam("p_office"),
            closures.c.date == bindparam("p_day", type_=closures.c.date.type),
        )
    )
    db.session.remove()
    with direct_transaction(db.engine, write=False) as lane:
        assert lane.run(on_day, {"p_office": oid, "p_day": date(2026, 12, 25)}) == [("Natal",)]
        assert lane.run(on_day, {"p_office": oid, "p_day": date(2026, 12, 24)}) == []


def test_sqlite_reads_a_table_by_the_index_named_and_postgresql_as_it_chooses(db_app):
    tickets = Ticket.__table__
    of_office = DirectStatement(
        select(tickets.c.id).where(tickets.c.office_id == bindparam("p_office")),
        sqlite_index=("ticket", "ix_ticket_line"),
    )
    with direct_transaction(db.engine, write=False) as lane:
        assert lane.run(of_office, {"p_office": office_id()}) == []
        sql = of_office._for(lane.dialect).sql
    assert ("FROM ticket INDEXED BY ix_ticket_line" in sql) == (lane.dialect.name == "sqlite")


def test_an_index_is_named_only_for_a_statement_that_reads_its_table_once(db_app):
    twice = DirectStatement(
        select(OFFICES.c.id).where(OFFICES.c.id.in_(select(OFFICES.c.id))),
        sqlite_index=("office", "ix_office_anything"),
    )
    with direct_transaction(db.engine, write=False) as lane:
        if lane.dialect.name != "sqlite":
            assert lane.run(twice) == [(office_id(),)]
            return
        with pytest.raises(ValueError):
            lane.run(twice)


def test_a_writer_that_waits_too_long_for_the_queue_gets_the_busy_answer(
    tmp_path, clock, monkeypatch
):
    """SQLite: while a writer holds the queue, another one gives up after WRITER_WAIT_SECONDS
    with an OperationalError (the API's 503 service_unavailable), and nothing is half-done."""
    from sqlalchemy.exc import OperationalError

    import app.database

    application = make_app(f"sqlite:///{tmp_path / 'queue.sqlite3'}", clock)
    create_schema(application)
    api = Api(application.test_client(), application)
    api.create_office(slug="direct")
    admin = api.headers("admin")
    monkeypatch.setattr(app.database, "WRITER_WAIT_SECONDS", 0.2)
    with application.app_context():
        oid = office_id()
        db.session.remove()
        holding, done = threading.Event(), threading.Event()

        def hold_the_queue() -> None:
            with application.app_context(), direct_transaction(db.engine):
                holding.set()
                done.wait(10)

        holder = threading.Thread(target=hold_the_queue)
        holder.start()
        assert holding.wait(10)
        try:
            with pytest.raises(OperationalError), direct_transaction(db.engine) as lane:
                lane.run(ADD_ONE, {"p_office": oid})
            response = application.test_client().post(
                "/api/v1/offices/direct/closures",
                json={"date": "2026-12-25", "reason": "Natal"},
                headers=admin,
            )
        finally:
            done.set()
            holder.join(10)
        assert response.status_code == 503, response.get_data(as_text=True)
        assert response.get_json()["error"]["code"] == "service_unavailable"
        closures = application.test_client().get("/api/v1/offices/direct/closures", headers=admin)
        assert closures.status_code == 200 and not closures.get_json()["closures"]
        db.session.remove()
        with direct_transaction(db.engine) as lane:
            lane.run(ADD_ONE, {"p_office": oid})  # the queue is free again
        application_engine = db.engine
    application_engine.dispose()
