"""No ticket is handed out twice and no number is drawn twice, whatever the concurrency:
threads on an SQLite file, and several processes on PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.models import Ticket
from tests.conftest import ALWAYS_OPEN, create_schema, make_app, make_nik
from tests.test_kiosk_api import SLUG, Kiosk, at

TICKETS = 50
OFFICERS = 4


def big_room(api) -> list[int]:
    """An office whose room holds 200 people, with 4 counters."""
    api.setup_office(counters=OFFICERS, seats=200, waiting_room_m2=500)
    counters = api.call("GET", f"/offices/{SLUG}/counters").get_json()["counters"]
    return [c["id"] for c in counters]


def run_together(jobs: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(n: int) -> None:
        barrier.wait()
        results[n] = jobs[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_threads_on_sqlite_never_share_a_ticket_or_a_number(api, app, clock):
    counters = big_room(api)
    kiosks = [Kiosk(api) for _ in range(OFFICERS)]
    token = api.headers("officer", SLUG)
    clock.set(at("2026-12-07T09:00:00+07:00"))
    body = {"service": "ktp", "companions": 0, "health": {"temperature_c": 36.5}}

    def issue(kiosk: Kiosk) -> Any:
        client = app.test_client()
        answers = []
        for _ in range(TICKETS // OFFICERS + 1):
            response = client.post("/api/v1/kiosk/walk-in", json=body, headers=kiosk.headers)
            assert response.status_code == 201, response.get_json()
            answers.append(response.get_json()["ticket"]["number"])
        return answers

    numbers = [n for batch in run_together([lambda k=k: issue(k) for k in kiosks]) for n in batch]
    assert len(numbers) == len(set(numbers)) == OFFICERS * (TICKETS // OFFICERS + 1)

    def call_until_empty(counter: int) -> list[int]:
        client = app.test_client()
        got = []
        while True:
            response = client.post(f"/api/v1/counters/{counter}/call-next", headers=token)
            if response.status_code == 409:
                assert response.get_json()["error"]["code"] == "queue_empty"
                return got
            assert response.status_code == 200, response.get_json()
            got.append(response.get_json()["ticket"]["id"])

    called = run_together([lambda c=c: call_until_empty(c) for c in counters])
    ids = [i for batch in called for i in batch]
    assert len(ids) == len(set(ids)) == len(numbers)
    assert all(batch for batch in called)  # every officer got some
    with app.app_context():
        assert Ticket.query.filter_by(status="called").count() == len(numbers)


# --- several processes on PostgreSQL ------------------------------------------------------


def _pg_setup(pg_url: str) -> dict[str, Any]:
    from app.services import bookings, offices
    from app.signals import commit
    from scheduling.slots import zone

    app = make_app(pg_url, None)
    create_schema(app)
    with app.app_context():
        office = offices.create_office(
            {
                "slug": SLUG,
                "name": "Dukcapil",
                "timezone": "Asia/Jakarta",
                "waiting_room_m2": 500,
                "seats": 200,
                "weekly_hours": ALWAYS_OPEN,
                "observe_national_holidays": False,
                "checkin_early_minutes": 60,
            }
        )
        offices.create_service(
            office, {"code": "ktp", "name": "KTP-el", "prefix": "A", "avg_service_minutes": 1}
        )
        counters = [offices.create_counter(office, f"Loket {n}", ["ktp"]).id for n in range(4)]
        local = datetime.now(UTC).astimezone(zone("Asia/Jakarta"))
        slot = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        result = bookings.create_booking(
            office,
            office.services[0],
            slot,
            bookings.Applicant("Siti Rahayu", make_nik(), "+6281234567890", None, 0, "none", "id"),
            datetime.now(UTC),
        )
        commit()
        info = {"office": office.id, "counters": counters, "booking": result.booking.id}
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
    return info


def _pg_worker(pg_url: str, n: int, info: dict[str, Any], barrier: Any, out: Any) -> None:
    """One process: scan the same booking, then issue walk-ins, then call until the queue is
    empty at its own counter — each phase starting together with the other processes."""
    from app.extensions import db
    from app.models import Booking, Counter, Office

    app = make_app(pg_url, None)
    with app.app_context():
        office = db.session.get(Office, info["office"])
        booking = db.session.get(Booking, info["booking"])
        counter = db.session.get(Counter, info["counters"][n])
        db.session.rollback()
        barrier.wait()
        scanned = _scan(office, booking)
        barrier.wait()
        issued = _issue(office, 15)
        barrier.wait()
        called = _call_until_empty(counter)
        db.engine.dispose()
    out.put((scanned, issued, called))


def _scan(office: Any, booking: Any) -> tuple[int, bool]:
    from app.services import checkin
    from app.signals import commit

    result = checkin.check_in(office, booking, checkin.Screening(36.5, (), 37.3), datetime.now(UTC))
    answer = (result.ticket.id, result.created)
    commit()
    return answer


def _issue(office: Any, count: int) -> list[str]:
    from app.services import checkin
    from app.signals import commit

    numbers = []
    for _ in range(count):
        walk_in = checkin.WalkIn(
            office.services[0], 0, "none", None, checkin.Screening(None, (), 37.3)
        )
        numbers.append(checkin.issue_walk_in(office, walk_in, datetime.now(UTC)).number)
        commit()
    return numbers


def _call_until_empty(counter: Any) -> list[int]:
    from app.errors import Conflict
    from app.extensions import db
    from app.services import queue
    from app.signals import commit

    ids = []
    while True:
        try:
            ticket = queue.call_next(queue.counter_for_call(counter.id), datetime.now(UTC))
        except Conflict as exc:
            db.session.rollback()
            assert exc.code == "queue_empty"
            return ids
        ids.append(ticket.id)
        commit()


@pytest.mark.postgres
def test_processes_on_postgresql_never_share_a_ticket_or_a_number(pg_url):
    info = _pg_setup(pg_url)
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(OFFICERS), ctx.Queue()
    processes = [
        ctx.Process(target=_pg_worker, args=(pg_url, n, info, barrier, out))
        for n in range(OFFICERS)
    ]
    for process in processes:
        process.start()
    results = [out.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0

    scans = [scanned for scanned, _, _ in results]
    assert len({ticket for ticket, _ in scans}) == 1  # two kiosks, one booking: one ticket
    assert sorted(created for _, created in scans) == [False, False, False, True]
    numbers = [n for _, issued, _ in results for n in issued] + ["A-001"]
    assert len(numbers) == len(set(numbers)) == 61
    ids = [i for _, _, called in results for i in called]
    assert len(ids) == len(set(ids)) == 61
