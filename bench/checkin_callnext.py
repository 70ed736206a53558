"""Check-ins at the kiosk and call-next at the counters, against `antrean serve` in its
production configuration (gevent, TCP_NODELAY, rate limits off) on a temporary SQLite file.

In one run, with the same load generator:
  1. the bare baseline: bench/bare_app.py (a Flask JSON endpoint with Flask-SocketIO attached,
     served the same way), and GET /api/v1/health on the antrean server for reference;
  2. POST /api/v1/kiosk/checkin by many kiosk clients at once, each scan a different booking,
     each answered with a ticket (201);
  3. POST /api/v1/counters/{id}/call-next from 4 counters at once, with 200 or more tickets
     waiting throughout;
then the database is checked: no ticket number drawn twice, no ticket called twice.

    python -m bench.checkin_callnext [--clients 16] [--bookings 1500] [--seconds 8]

Targets (2-core machine, SQLite): check-ins/s ≥ 0.12 × bare req/s; check-in p99 < 100 ms;
call-next p99 < 50 ms; duplicate numbers = 0."""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import (
    JAKARTA,
    admin_api,
    antrean_server,
    bare_server,
    database,
    header,
    line,
    ms,
    nik,
    percentile,
    setup_app,
)

OFFICE, CALLS_OFFICE = "kiosk-bench", "counter-bench"
ALWAYS_OPEN = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
COUNTERS = 4
QUEUE_FLOOR = 200  # tickets still waiting when the last call is made
CALLS_PER_COUNTER = 75
# Before each phase is measured, a few of its requests are made one by one, as a server that
# has been up a while has made them: its statements compiled, its caches filled, its
# connections open (otherwise the first request of each client is a cold start).
WARM_UP_CHECKINS = 20

# A client's script: (method, path, body or None, bearer token or None) per request, sent
# back to back on one keep-alive connection. "health" scripts repeat until the deadline.
Request = tuple[str, str, bytes | None, str | None]


# --- a lean load generator: processes × threads, one keep-alive connection each -------------


def _client(port: int, script: list[Request], repeat: bool, deadline: float, out: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = 0
    while time.monotonic() < deadline and (repeat or n < len(script)):
        method, path, body, token = script[n % len(script)]
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        began = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        out.append((response.status, time.perf_counter() - began, payload))
        n += 1
    connection.close()


def _process(port: int, scripts: list[list[Request]], repeat: bool, seconds: float, go, q) -> None:
    results: list[list] = [[] for _ in scripts]
    go.wait()
    began = time.time()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, s, repeat, deadline, r))
        for s, r in zip(scripts, results, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    q.put((began, time.time(), [item for r in results for item in r]))


def load(port: int, scripts: list[list[Request]], seconds: float, repeat: bool = False) -> Any:
    """Run the scripts at once from 2 processes; answer (seconds, [(status, latency, body)])."""
    ctx = multiprocessing.get_context("spawn")
    go, q = ctx.Event(), ctx.Queue()
    halves = [scripts[0::2], scripts[1::2]]
    workers = [
        ctx.Process(target=_process, args=(port, part, repeat, seconds, go, q))
        for part in halves
        if part
    ]
    for worker in workers:
        worker.start()
    time.sleep(1.5)  # let the workers import and wait at the start line
    go.set()
    parts = [q.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    began = min(p[0] for p in parts)
    finished = max(p[1] for p in parts)
    return finished - began, [item for p in parts for item in p[2]]


# --- set-up ---------------------------------------------------------------------------------


def create_office(api: Any, slug: str) -> tuple[list[int], str, str]:
    """An office open round the clock with a big room; 4 counters; a kiosk and an officer."""
    api.create_office(
        slug=slug,
        weekly_hours=ALWAYS_OPEN,
        observe_national_holidays=False,
        waiting_room_m2=20000,
        seats=10000,
        checkin_early_minutes=180,
        checkin_late_minutes=60,
    )
    api.create_service(slug, avg_service_minutes=0.05)  # many places per slot
    counters = [api.create_counter(slug, name=f"Loket {n + 1}")["id"] for n in range(COUNTERS)]
    kiosk = api.call("POST", f"/offices/{slug}/devices", json={"kind": "kiosk", "name": "K"})
    return counters, kiosk.get_json()["token"], api.token_for("officer", slug)


def create_bookings(app: Any, count: int) -> list[str]:
    """`count` bookings in the next slots (all within the check-in window); their QR payloads."""
    from app.services import bookings, offices
    from app.services.tokens import sign_qr

    local = datetime.now(JAKARTA) + timedelta(minutes=5)
    first = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0)
    starts = [first + timedelta(minutes=30 * n) for n in range(1, 5)]
    payloads = []
    with app.app_context():
        office = offices.get_office(OFFICE)
        service = office.services[0]
        for n in range(count):
            applicant = bookings.Applicant(
                "Warga Antre", nik(n), "+6281234567890", None, 0, "none", "id"
            )
            result = bookings.create_booking(
                office, service, starts[n % len(starts)], applicant, datetime.now(UTC)
            )
            payloads.append(sign_qr(result.booking.code))
        quiet_commit()
    return payloads


def quiet_commit() -> None:
    """Set-up data needs no display broadcasts (nobody listens yet): commit without them."""
    from app.extensions import db

    db.session.info.clear()
    db.session.commit()


def fill_queue(app: Any, count: int) -> None:
    from app.services import checkin, offices

    with app.app_context():
        office = offices.get_office(CALLS_OFFICE)
        screening = checkin.Screening(None, (), 37.3)
        for _ in range(count):
            walk_in = checkin.WalkIn(office.services[0], 0, "none", None, screening)
            checkin.issue_walk_in(office, walk_in, datetime.now(UTC))
        quiet_commit()


def audit(app: Any) -> tuple[int, int]:
    """(duplicate ticket numbers, tickets)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Ticket

    with app.app_context():
        duplicates = db.session.execute(
            select(func.count()).select_from(
                select(Ticket.office_id, Ticket.local_date, Ticket.number)
                .group_by(Ticket.office_id, Ticket.local_date, Ticket.number)
                .having(func.count() > 1)
                .subquery()
            )
        ).scalar_one()
        tickets = db.session.scalar(select(func.count()).select_from(Ticket))
    return int(duplicates), int(tickets or 0)


# --- the run --------------------------------------------------------------------------------


def split(payloads: list[str]) -> tuple[list[str], list[str]]:
    """(the warm-up's bookings, the measured ones)."""
    return payloads[:WARM_UP_CHECKINS], payloads[WARM_UP_CHECKINS:]


def checkin_request(payload: str, kiosk_token: str) -> Request:
    return ("POST", "/api/v1/kiosk/checkin", checkin_body(payload), kiosk_token)


def call_request(counter: int, officer_token: str) -> Request:
    return ("POST", f"/api/v1/counters/{counter}/call-next", b"{}", officer_token)


def summarise(label: str, seconds: float, answers: list, ok: int) -> tuple[float, list[float]]:
    good = [latency for status, latency, _ in answers if status == ok]
    bad = defaultdict(int)
    for status, _, body in answers:
        if status != ok:
            bad[f"{status} {body[:60]!r}"] += 1
    rate = len(good) / seconds
    line(
        label,
        f"{rate:8.0f} /s   p50 {ms(percentile(good, 50))}   p99 {ms(percentile(good, 99))}"
        f"   n={len(good)}",
    )
    if bad:
        line("UNEXPECTED answers", str(dict(bad)))
    return rate, good


def run(clients: int, bookings: int, seconds: float) -> int:
    with database(False) as (url, workdir):
        app = setup_app(url)
        api = admin_api(app)
        _, kiosk_token, _ = create_office(api, OFFICE)
        counters, _, officer_token = create_office(api, CALLS_OFFICE)
        began = time.monotonic()
        warm_up_payloads, payloads = split(create_bookings(app, WARM_UP_CHECKINS + bookings))
        fill_queue(app, QUEUE_FLOOR + COUNTERS * (CALLS_PER_COUNTER + 1))
        print(f"set-up: {bookings} bookings and a queue in {time.monotonic() - began:.1f} s")
        print("antrean serve (gevent, TCP_NODELAY) on an SQLite file (WAL)")
        with bare_server(Path(workdir)) as bare_port, antrean_server(url, Path(workdir)) as server:
            header(f"{clients} concurrent clients")
            health = [[("GET", "/api/v1/health", None, None)] for _ in range(clients)]
            bare, _ = summarise(
                "bare Flask+SocketIO JSON (baseline)", *load(bare_port, health, 4, True), 200
            )
            ours, _ = summarise(
                "antrean GET /api/v1/health (SELECT 1)", *load(server.port, health, 4, True), 200
            )
            load(server.port, [[checkin_request(p, kiosk_token) for p in warm_up_payloads]], 30)
            scripts = [
                [checkin_request(p, kiosk_token) for p in payloads[n::clients]]
                for n in range(clients)
            ]
            rate, latencies = summarise(
                "POST /kiosk/checkin → 201 ticket", *load(server.port, scripts, seconds), 201
            )
            line("ratio check-ins/s ÷ bare req/s", f"{rate / bare:8.3f}   (target ≥ 0.12)")
            line("ratio check-ins/s ÷ health req/s", f"{rate / ours:8.3f}")
            line("check-in p99", f"{ms(percentile(latencies, 99))}   (target < 100 ms)")
            header(f"call-next: {COUNTERS} counters at once, ≥ {QUEUE_FLOOR} tickets waiting")
            load(server.port, [[call_request(c, officer_token) for c in counters]], 30)
            calls = [[call_request(c, officer_token)] * CALLS_PER_COUNTER for c in counters]
            seconds_taken, answers = load(server.port, calls, 60)
            _, call_latencies = summarise(
                "POST /counters/{id}/call-next → 200", seconds_taken, answers, 200
            )
            called = [
                json.loads(body)["ticket"]["id"] for status, _, body in answers if status == 200
            ]
            line("call-next p99", f"{ms(percentile(call_latencies, 99))}   (target < 50 ms)")
        duplicates, tickets = audit(app)
        twice = len(called) - len(set(called))
        header("after the run")
        line("tickets in the database", str(tickets))
        line("duplicate ticket numbers", f"{duplicates}   (must be 0)")
        line("tickets handed to two counters", f"{twice}   (must be 0)")
        from app.extensions import db

        with app.app_context():
            db.engine.dispose()
    return 1 if duplicates or twice else 0


def checkin_body(payload: str) -> bytes:
    body = {"qr": payload, "health": {"temperature_c": 36.6, "symptoms": []}}
    return json.dumps(body, separators=(",", ":")).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent kiosk clients")
    parser.add_argument("--bookings", type=int, default=1500, help="bookings to check in")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of the check-in run")
    args = parser.parse_args()
    raise SystemExit(run(args.clients, args.bookings, args.seconds))


if __name__ == "__main__":
    main()
