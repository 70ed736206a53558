"""Never overbook: concurrent bookings, cancellations, reschedules and retries against real
servers on an SQLite file and on PostgreSQL, with threads, with several processes, and with a
server killed in the middle of a surge.

Every test checks the ledger afterwards: each `SlotCount` row equals the people of the active
(`booked`) bookings it counts, and no slot holds more people than its capacity."""

from __future__ import annotations

import multiprocessing
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from flask import Flask
from sqlalchemy import select

from tests.conftest import ALWAYS_OPEN, NOW, Api, Clock, booking_body, create_schema, make_app
from tests.live import LiveServer, ServerProcess

SLOT = "2026-12-08T08:00:00+07:00"
OTHER_SLOT = "2026-12-08T09:00:00+07:00"
OFFICE = "dukcapil-test"


# --- helpers -------------------------------------------------------------------------------


def nik(serial: int) -> str:
    """A valid NIK per serial (Jakarta Pusat), varying the birth day beyond 9999 serials."""
    day, number = divmod(serial, 9999)
    return f"317101{day % 28 + 1:02d}0390{number + 1:04d}"


def small_office(api: Api, service_minutes: int = 4, **overrides: Any) -> None:
    """One service `ktp` whose slot admits ⌊30 / service_minutes⌋ people (7 by default); the
    office-wide slot capacity (16) does not bind."""
    api.create_office(slug=OFFICE, **overrides)
    api.create_service(OFFICE, avg_service_minutes=service_minutes)
    api.create_counter(OFFICE)


def two_service_office(api: Api) -> None:
    """18 m² at 1.5 m → 8 people office-wide per slot; each service alone would admit 6."""
    api.create_office(slug=OFFICE, waiting_room_m2=18, seats=30, walk_in_share=0)
    for code, prefix in (("ktp", "A"), ("kk", "B")):
        api.create_service(OFFICE, code=code, prefix=prefix, avg_service_minutes=5)
        api.create_counter(OFFICE, name=f"Loket {code}", services=[code])


def slot_view(api: Api, start: str = SLOT, service: str = "ktp") -> dict[str, Any]:
    day = start[:10]
    response = api.call("GET", f"/offices/{OFFICE}/slots?date={day}&service={service}", role=None)
    assert response.status_code == 200, response.get_json()
    wanted = datetime.fromisoformat(start)
    return next(
        s for s in response.get_json()["slots"] if datetime.fromisoformat(s["start"]) == wanted
    )


def post_booking(session: requests.Session, url: str, body: dict[str, Any], **headers: str) -> Any:
    return session.post(f"{url}/api/v1/bookings", json=body, headers=headers, timeout=60)


def surge(workers: int, job: Callable[[int], Any]) -> list[Any]:
    """Run `job(i)` for every worker at the same moment (a barrier releases them together)."""
    barrier = threading.Barrier(workers)

    def run(i: int) -> Any:
        barrier.wait(timeout=30)
        return job(i)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(run, range(workers)))


def sessions(count: int) -> list[requests.Session]:
    return [requests.Session() for _ in range(count)]


def ledger(app: Flask) -> dict[str, Any]:
    """What the database holds: bookings by code, and the counters next to the truth."""
    from app.extensions import db
    from app.models import Booking, SlotCount
    from app.models.booking import OFFICE_SCOPE

    with app.app_context():
        bookings = {b.code: b for b in db.session.scalars(select(Booking))}
        truth: dict[tuple[int, int, datetime], int] = defaultdict(int)
        for b in bookings.values():
            if b.status == "booked":
                truth[(b.office_id, b.service_id, b.start)] += b.party_size
                truth[(b.office_id, OFFICE_SCOPE, b.start)] += b.party_size
        counts = {
            (c.office_id, c.scope_id, c.start): c.booked
            for c in db.session.scalars(select(SlotCount))
        }
        db.session.expunge_all()
    return {"bookings": bookings, "truth": dict(truth), "counts": counts}


def assert_ledger_consistent(app: Flask) -> dict[str, Any]:
    state = ledger(app)
    for key in set(state["truth"]) | set(state["counts"]):
        assert state["counts"].get(key, 0) == state["truth"].get(key, 0), key
    return state


def people_in(state: dict[str, Any], start: str) -> int:
    from app.models.booking import OFFICE_SCOPE

    instant = datetime.fromisoformat(start).astimezone(UTC)
    return sum(
        n for (_, scope, s), n in state["truth"].items() if scope == OFFICE_SCOPE and s == instant
    )


def assert_surge_outcome(
    app: Flask, outcomes: list[tuple[int, int, Any]], capacity: int, start: str = SLOT
) -> dict[str, Any]:
    """outcomes: (party size, status code, JSON body) per attempt on one slot."""
    state = assert_ledger_consistent(app)
    won = [(size, body) for size, status, body in outcomes if status == 201]
    lost = [(size, body) for size, status, body in outcomes if status != 201]
    booked = sum(size for size, _ in won)
    assert booked <= capacity
    assert people_in(state, start) == booked
    for _, body in won:
        assert state["bookings"][body["code"]].status == "booked"
    assert len(state["bookings"]) == len(won)
    for size, body in lost:
        assert body["error"]["code"] == "slot_full", body
        # Places only ever filled up, so a refused party still did not fit at the end.
        assert size > capacity - booked
    assert won and lost, "the surge must both fill the slot and be refused"
    return state


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_app(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[Flask]:
    """The app on an SQLite file, then on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'surge.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    application = make_app(url, clock)
    create_schema(application)
    yield application
    from app.extensions import db

    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def db_api(db_app: Flask) -> Api:
    return Api(db_app.test_client(), db_app)


@pytest.fixture
def server(db_app: Flask) -> Iterator[LiveServer]:
    with LiveServer(db_app) as live:
        yield live


# --- (a) many threads, one small slot ----------------------------------------------------------


def test_threads_never_overbook_a_small_slot(db_app, db_api, server):
    small_office(db_api)
    capacity = slot_view(db_api)["capacity"]
    assert capacity == 7
    clients = sessions(32)

    def book(i: int) -> tuple[int, int, Any]:
        companions = i % 4
        body = booking_body(start=SLOT, nik=nik(i), companions=companions)
        response = post_booking(clients[i], server.url, body)
        return 1 + companions, response.status_code, response.json()

    outcomes = surge(32, book)
    assert_surge_outcome(db_app, outcomes, capacity)
    view = slot_view(db_api)
    assert view["booked"] + view["available"] == capacity


def test_office_wide_capacity_holds_across_two_services(db_app, db_api, server):
    two_service_office(db_api)
    assert slot_view(db_api, service="kk")["capacity"] == 6
    clients = sessions(32)

    def book(i: int) -> tuple[str, int, int, Any]:
        service, companions = ("ktp", "kk")[i % 2], (i // 2) % 4
        body = booking_body(start=SLOT, nik=nik(i), service=service, companions=companions)
        response = post_booking(clients[i], server.url, body)
        return service, 1 + companions, response.status_code, response.json()

    outcomes = surge(32, book)
    state = assert_ledger_consistent(db_app)
    per_service: dict[str, int] = defaultdict(int)
    for service, size, status, body in outcomes:
        if status == 201:
            per_service[service] += size
        else:
            assert body["error"]["code"] == "slot_full", body
    assert sum(per_service.values()) == people_in(state, SLOT) <= 8
    assert all(people <= 6 for people in per_service.values())
    assert len(state["bookings"]) == sum(1 for *_, status, _ in outcomes if status == 201)


# --- (b) several processes on PostgreSQL -------------------------------------------------------


def _process_surge(url: str, worker: int, threads: int, barrier: Any, results: Any) -> None:
    """One server process of several: its own app and pool, hammering the same slot."""
    app = make_app(url, Clock(NOW))
    clients = [app.test_client() for _ in range(threads)]
    outcomes = []

    def book(i: int) -> tuple[int, int, Any]:
        serial = worker * 1000 + i
        companions = serial % 4
        body = booking_body(start=SLOT, nik=nik(serial), companions=companions)
        response = clients[i].post("/api/v1/bookings", json=body)
        return 1 + companions, response.status_code, response.get_json()

    with app.app_context():
        from app.extensions import db

        db.engine.connect().close()  # connect before the start signal
    barrier.wait(timeout=120)
    with ThreadPoolExecutor(threads) as pool:
        outcomes = list(pool.map(book, range(threads)))
    results.put(outcomes)


@pytest.mark.postgres
def test_several_processes_never_overbook_on_postgres(pg_url, clock):
    app = make_app(pg_url, clock)
    create_schema(app)
    api = Api(app.test_client(), app)
    small_office(api)
    capacity = slot_view(api)["capacity"]
    context = multiprocessing.get_context("spawn")
    processes, threads = 4, 6
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [
        context.Process(target=_process_surge, args=(pg_url, n, threads, barrier, results))
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    outcomes = [outcome for _ in workers for outcome in results.get(timeout=180)]
    for process in workers:
        process.join(timeout=30)
        assert process.exitcode == 0
    assert len(outcomes) == processes * threads
    assert_surge_outcome(app, outcomes, capacity)
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()


# --- (c) cancel and reschedule races -----------------------------------------------------------


def test_cancellations_racing_bookings_free_places_at_once(db_app, db_api, server):
    small_office(db_api)  # 7 places
    held = [db_api.book(start=SLOT, nik=nik(i)).get_json() for i in range(7)]
    assert slot_view(db_api)["state"] == "full"
    clients = sessions(16)

    def act(i: int) -> tuple[str, int, Any]:
        if i < 4:  # four holders cancel while twelve newcomers try to get in
            booking = held[i]
            response = clients[i].post(
                f"{server.url}/api/v1/bookings/{booking['code']}/cancel",
                headers={"X-Manage-Token": booking["manage_token"]},
                timeout=60,
            )
            return "cancel", response.status_code, response.json()
        body = booking_body(start=SLOT, nik=nik(100 + i))
        response = post_booking(clients[i], server.url, body)
        return "book", response.status_code, response.json()

    outcomes = surge(16, act)
    assert all(status == 200 for kind, status, _ in outcomes if kind == "cancel")
    for kind, status, body in outcomes:
        if kind == "book" and status != 201:
            assert body["error"]["code"] == "slot_full", body
    state = assert_ledger_consistent(db_app)
    booked_now = people_in(state, SLOT)
    assert booked_now <= 7
    # Whatever is still free right after the race can be booked at once, and no more.
    free = slot_view(db_api)["available"]
    assert free == 7 - booked_now
    for n in range(free):
        db_api.book(start=SLOT, nik=nik(500 + n))
    db_api.book(start=SLOT, nik=nik(600), expect=409)
    assert_ledger_consistent(db_app)


def test_concurrent_reschedules_into_the_last_place_one_wins(db_app, db_api, server):
    small_office(db_api)  # 7 places per slot
    movers = [db_api.book(start=SLOT, nik=nik(i)).get_json() for i in range(6)]
    db_api.book(start=OTHER_SLOT, nik=nik(50), companions=3)
    db_api.book(start=OTHER_SLOT, nik=nik(51), companions=1)  # 6 of 7 taken: one place left
    clients = sessions(len(movers))

    def move(i: int) -> tuple[int, Any]:
        response = clients[i].post(
            f"{server.url}/api/v1/bookings/{movers[i]['code']}/reschedule",
            json={"start": OTHER_SLOT},
            headers={"X-Manage-Token": movers[i]["manage_token"]},
            timeout=60,
        )
        return response.status_code, response.json()

    outcomes = surge(len(movers), move)
    winners = [body for status, body in outcomes if status == 200]
    assert len(winners) == 1
    assert all(body["error"]["code"] == "slot_full" for status, body in outcomes if status != 200)
    state = assert_ledger_consistent(db_app)
    assert people_in(state, OTHER_SLOT) == 7
    assert people_in(state, SLOT) == 5
    expected_start = datetime.fromisoformat(SLOT).astimezone(UTC)
    for mover in movers:
        booking = state["bookings"][mover["code"]]
        assert booking.status == "booked"
        if mover["code"] != winners[0]["code"]:
            assert booking.start == expected_start  # the loser kept its old place


# --- (d) the same idempotency key sent concurrently --------------------------------------------


def test_concurrent_retries_with_one_idempotency_key_make_one_booking(db_app, db_api, server):
    small_office(db_api)
    body = booking_body(start=SLOT, nik=nik(1), companions=1)
    clients = sessions(8)

    def retry(i: int) -> tuple[int, Any]:
        response = post_booking(clients[i], server.url, body, **{"Idempotency-Key": "surge-1"})
        return response.status_code, response.json()

    outcomes = surge(8, retry)
    assert {status for status, _ in outcomes} == {201}, outcomes
    assert len({body["code"] for _, body in outcomes}) == 1
    assert len({body["manage_token"] for _, body in outcomes}) == 1
    state = assert_ledger_consistent(db_app)
    assert len(state["bookings"]) == 1
    assert people_in(state, SLOT) == 2


# --- (e) a server killed in the middle of a surge ----------------------------------------------


def tomorrow_slot(hour: int) -> str:
    """A slot start on the real clock: tomorrow in Jakarta, always in the future."""
    jakarta = ZoneInfo("Asia/Jakarta")
    day = (datetime.now(jakarta) + timedelta(days=1)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=jakarta).isoformat()


def test_a_killed_server_loses_no_confirmed_booking(tmp_path):
    url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    app = make_app(url, None)
    create_schema(app)
    api = Api(app.test_client(), app)
    api.create_office(
        slug=OFFICE,
        weekly_hours=ALWAYS_OPEN,
        observe_national_holidays=False,
        waiting_room_m2=900,
        seats=400,
        walk_in_share=0,
    )
    api.create_service(OFFICE, avg_service_minutes=1)
    for n in range(4):
        api.create_counter(OFFICE, name=f"Loket {n}")
    env = {
        "ANTREAN_DATABASE_URL": url,
        "ANTREAN_SECRET_KEY": "test-secret",
        "ANTREAN_RATELIMIT_ENABLED": "0",
        "ANTREAN_SCHEDULER_IN_PROCESS": "0",
    }
    confirmed: list[dict[str, Any]] = []
    in_flight: list[tuple[dict[str, Any], str]] = []  # sent, but the answer never came
    enough = threading.Event()
    lock = threading.Lock()
    server = ServerProcess(env, tmp_path / "server.log").start()

    def citizen(worker: int) -> None:
        session = requests.Session()
        for n in range(400):
            serial = worker * 1000 + n
            body = booking_body(start=tomorrow_slot(8 + n % 12), nik=nik(serial))
            key = f"citizen-{serial}"
            try:
                response = post_booking(session, server.url, body, **{"Idempotency-Key": key})
            except requests.RequestException:
                with lock:
                    in_flight.append((body, key))  # the citizen will retry with the same key
                return
            if response.status_code == 201:
                with lock:
                    confirmed.append({**response.json(), "body": body, "key": key})
                    if len(confirmed) >= 60:
                        enough.set()

    threads = [threading.Thread(target=citizen, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    try:
        assert enough.wait(timeout=60), "the surge never got going"
        server.stop(kill=True)
    finally:
        server.stop(kill=True)
        for thread in threads:
            thread.join(timeout=60)
    assert server.process is not None and server.process.returncode == -9
    with lock:
        seen = list(confirmed)
    restarted = ServerProcess(env, tmp_path / "server.log").start()
    try:
        session = requests.Session()
        for booking in seen:
            response = session.get(
                f"{restarted.url}/api/v1/bookings/{booking['code']}",
                headers={"X-Manage-Token": booking["manage_token"]},
                timeout=30,
            )
            assert response.status_code == 200, booking["code"]
            assert response.json()["status"] == "booked"
            # A retry of a confirmed request answers the same booking, never a second one.
            again = post_booking(
                session, restarted.url, booking["body"], **{"Idempotency-Key": booking["key"]}
            )
            assert again.status_code == 201 and again.json()["code"] == booking["code"]
        for body, key in in_flight:
            retried = post_booking(session, restarted.url, body, **{"Idempotency-Key": key})
            assert retried.status_code in (201, 409), retried.text
    finally:
        restarted.stop()
    state = assert_ledger_consistent(app)
    assert len(state["bookings"]) >= len(seen)
    with app.app_context():
        from sqlalchemy import func, select

        from app.extensions import db
        from app.models import Booking

        duplicates = db.session.execute(
            select(Booking.idempotency_key, func.count())
            .group_by(Booking.idempotency_key)
            .having(func.count() > 1)
        ).all()
        assert duplicates == []
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
