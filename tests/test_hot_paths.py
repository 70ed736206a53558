"""Check-in and call-next as the counters and kiosks call them, on an SQLite file and on
PostgreSQL: their statements go straight to the driver (booking, counter and ticket read and
written as snapshots), the answers and the displays' event are those of the models, and a
claim that loses its race falls back to the first free ticket of the whole line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.models import Booking, Ticket
from app.services import queue
from app.signals import ticket_called
from tests.conftest import Api, create_schema, either_database_url, make_app
from tests.test_kiosk_api import SLUG, Kiosk, at, book, error_of

TUE_0745 = at("2026-12-08T07:45:00+07:00")


@pytest.fixture(params=["sqlite", "postgres"])
def hot(request: Any, tmp_path: Any, clock: Any) -> Iterator[tuple[Flask, Api, Kiosk, int]]:
    """(app, api, kiosk, counter id): an office with one counter, on either database."""
    url = either_database_url(request, tmp_path, "hot")
    application = make_app(url, clock)
    create_schema(application)
    api = Api(application.test_client(), application)
    api.create_office(slug=SLUG)
    api.create_service(SLUG)
    counter = api.create_counter(SLUG)["id"]
    yield application, api, Kiosk(api), counter
    with application.app_context():
        db.engine.dispose()


def call_next(api: Api, counter: int) -> Any:
    return api.call("POST", f"/counters/{counter}/call-next", role="officer", office=SLUG)


def test_check_ins_answer_their_tickets_and_a_second_scan_the_same(hot, clock):
    app, api, kiosk, _ = hot
    first, second = book(api), book(api, companions=1)
    clock.set(TUE_0745)
    answers = [kiosk.checkin(b["qr"]["payload"]) for b in (first, second, first)]
    assert [a.status_code for a in answers] == [201, 201, 200]
    tickets = [a.get_json()["ticket"] for a in answers]
    assert [(t["number"], t["position"], t["party_size"]) for t in tickets] == [
        ("A-001", 1, 1),
        ("A-002", 2, 2),
        ("A-001", 1, 1),
    ]
    assert tickets[0]["booking_code"] == first["code"] and tickets[0]["service"] == "ktp"
    assert tickets[0]["estimated_wait_minutes"] == 10 and tickets[1]["estimated_wait_minutes"] == 20
    assert tickets[0]["issued_at"] == "2026-12-08T07:45:00+07:00"
    with app.app_context():
        stored = Booking.query.filter_by(code=first["code"]).one()
        assert (stored.status, stored.checked_in_at) == ("checked_in", clock())
        assert db.session.get(Ticket, tickets[1]["id"]).party_size == 2


def test_a_scan_of_an_unknown_code_or_at_another_office_is_refused(hot, clock):
    _, api, kiosk, _ = hot
    api.setup_office(slug="kantor-lain")
    elsewhere = book(api, office="kantor-lain")
    clock.set(TUE_0745)
    assert error_of(kiosk.checkin(elsewhere["qr"]["payload"])) == (403, "wrong_office")
    assert error_of(kiosk.checkin("garbled")) == (400, "qr_invalid")


def test_call_next_answers_the_ticket_and_gives_the_displays_the_call(hot, clock):
    _, api, kiosk, counter = hot
    booking = book(api)
    clock.set(TUE_0745)
    issued = kiosk.checkin(booking["qr"]["payload"]).get_json()["ticket"]
    heard: list[dict[str, Any]] = []

    def listener(_sender: Any, **payload: Any) -> None:
        heard.append(payload)

    ticket_called.connect(listener)
    try:
        answer = call_next(api, counter)
        empty = call_next(api, counter)
    finally:
        ticket_called.disconnect(listener)
    assert answer.status_code == 200, answer.get_json()
    called = answer.get_json()["ticket"]
    assert (called["id"], called["number"], called["status"]) == (issued["id"], "A-001", "called")
    assert (called["counter"], called["counter_id"]) == ("Loket 1", counter)
    assert (called["booking_code"], called["service"]) == (booking["code"], "ktp")
    assert called["called_at"] == "2026-12-08T07:45:00+07:00"
    assert error_of(empty) == (409, "queue_empty")
    assert [(p["ticket_id"], p["recall"]) for p in heard] == [(issued["id"], False)]
    assert heard[0]["called"] == queue.CalledTicket(
        id=issued["id"],
        office_id=heard[0]["called"].office_id,
        number="A-001",
        called_at=clock(),
        recall_count=0,
        counter="Loket 1",
        service="ktp",
        service_name="KTP-el",
        timezone="Asia/Jakarta",
    )


def test_call_next_at_an_unknown_or_closed_counter(hot, clock):
    _, api, _, counter = hot
    assert error_of(call_next(api, 999_999))[0] == 404
    api.call("POST", f"/counters/{counter}/close", role="officer", office=SLUG)
    assert error_of(call_next(api, counter)) == (409, "counter_closed")


def test_a_lost_claim_falls_back_to_the_first_free_ticket(hot, clock, monkeypatch):
    """Another counter took the head between its read and the claim: the whole line is read
    and the first ticket still waiting is claimed."""
    _, api, kiosk, counter = hot
    bookings = [book(api), book(api)]
    clock.set(TUE_0745)
    ids = [kiosk.checkin(b["qr"]["payload"]).get_json()["ticket"]["id"] for b in bookings]
    assert call_next(api, counter).get_json()["ticket"]["id"] == ids[0]
    monkeypatch.setattr(queue, "next_in_line", lambda *_: ids[0])  # already called
    fallback = call_next(api, counter)
    assert fallback.status_code == 200, fallback.get_json()
    ticket = fallback.get_json()["ticket"]
    assert (ticket["id"], ticket["number"], ticket["counter"]) == (ids[1], "A-002", "Loket 1")
    assert error_of(call_next(api, counter)) == (409, "queue_empty")


@pytest.mark.parametrize(
    ("statement", "index"),
    [
        (queue._NOT_PLAIN_IN_LINE, "ix_ticket_waiting_not_plain"),
        (queue._HEADS, "ix_ticket_heads"),
    ],
)
def test_sqlite_reads_the_line_by_its_partial_indexes(app, clock, statement, index):
    """An appointment's place reads the walk-ins and priority tickets of its line from their
    partial index, and call-next the head of each kind from its own, neither by walking the
    whole line: SQLite's planner has no statistics to choose them by."""
    with app.app_context():
        connection = db.session.connection()
        compiled = statement._for(connection.dialect)
        params = {"p_office": 1, "p_day": clock().date(), "p_service": 1, "p_counter": 1}
        bound = statement._bind(compiled, params)
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.sql}", bound).all()
        assert any(index in row[-1] for row in plan), plan
        assert not any("ix_ticket_line" in row[-1] for row in plan), plan


@pytest.mark.postgres
def test_read_only_requests_keep_postgresqls_prepared_statements(pg_url, clock):
    """psycopg prepares a statement run five times on a connection, and forgets them all on
    ROLLBACK: read-only requests end their transaction with COMMIT so that the next request on
    the connection finds its statements prepared (call-next's heads cost ~2 ms to plan)."""
    application = make_app(pg_url, clock)
    create_schema(application)
    client = application.test_client()
    try:
        for _ in range(8):  # one pooled connection, used request after request
            assert client.get("/api/v1/health").status_code == 200
        with application.app_context():
            prepared = db.session.connection().exec_driver_sql(
                "SELECT count(*) FROM pg_prepared_statements"
            )
            assert prepared.scalar_one() >= 1
    finally:
        with application.app_context():
            db.engine.dispose()
