"""The surge when a day's slots open: many citizens booking at once, over loopback, against
`antrean serve` in its production configuration (gevent, TCP_NODELAY, rate limits off).

For each concurrency level it measures, in the same run and with the same client:
  1. GET /api/v1/health on the antrean server (a SELECT 1), for reference;
  2. in rounds that take turns: the bare baseline (a Flask JSON endpoint with Flask-SocketIO
     attached, served the same way), then POST /api/v1/bookings by many citizens at once
     until a day's slots are full (each round its own day); the ratio is the rounds' median;
then checks the database: no slot holds more people than its capacity, and every counter equals
the people of the bookings it counts.

    python -m bench.booking_surge [--clients 16,64] [--requests 4000] [--rounds 3] [--postgres]

Targets (2-core machine, SQLite): booking answers/s ≥ 0.3 × bare req/s; p99 < 100 ms at 64
clients; overbooked slots = 0."""

from __future__ import annotations

import argparse
import functools
import statistics
from collections import defaultdict
from datetime import timedelta
from typing import Any

from bench.common import (
    Classifier,
    LoadResult,
    RequestFactory,
    admin_api,
    antrean_server,
    bare_server,
    classify_plain,
    database,
    dumps,
    header,
    line,
    local_day,
    ms,
    nik,
    percentile,
    run_load,
    setup_app,
)

OFFICE = "surge"
SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
ALWAYS_OPEN = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
HOT_SLOTS = 8  # everyone wants the morning: the surge falls on the day's first slots


# --- the requests (built inside each load process) ---------------------------------------------


def get_factory(path: str) -> tuple[RequestFactory, Classifier]:
    return (lambda _i: ("GET", path, None)), classify_plain


def classify_booking(status: int, body: bytes) -> str:
    if status == 201:
        return "booked"
    if status == 409 and b'"slot_full"' in body:
        return "slot_full"
    return f"http_{status}:{body[:80]!r}"


def booking_factory(day_iso: str) -> tuple[RequestFactory, Classifier]:
    from datetime import datetime

    day = datetime.fromisoformat(day_iso)
    starts = [(day + timedelta(minutes=SLOT_MINUTES * n)).isoformat() for n in range(SLOTS_PER_DAY)]

    def make(index: int) -> tuple[str, str, bytes | None]:
        body = {
            "office": OFFICE,
            "service": "ktp",
            "start": starts[index % HOT_SLOTS],
            "name": "Warga Antre",
            "nik": nik(index),
            "phone": "0812-3456-7890",
            "companions": index % 4,
            "priority": "none",
            "health": {"symptoms": [], "close_contact": False},
            "consent": True,
        }
        return "POST", "/api/v1/bookings", dumps(body)

    return make, classify_booking


# --- set-up and checks -----------------------------------------------------------------------


def create_office(app: Any, places_per_slot: int) -> None:
    """An office open round the clock whose slots each admit `places_per_slot` people."""
    api = admin_api(app)
    seats = -(-places_per_slot * 10 // 8)  # walk_in_share 0.2 keeps a fifth of the room
    api.create_office(
        slug=OFFICE,
        weekly_hours=ALWAYS_OPEN,
        observe_national_holidays=False,
        waiting_room_m2=seats * 3,
        seats=seats,
        walk_in_share=0.2,
        slot_minutes=SLOT_MINUTES,
    )
    api.create_service(OFFICE, avg_service_minutes=1)
    for n in range(-(-places_per_slot // SLOT_MINUTES)):
        api.create_counter(OFFICE, name=f"Loket {n + 1}")


def audit(app: Any) -> tuple[int, int, int]:
    """(slots over capacity, counters that disagree with the bookings, bookings)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Booking, SlotCount
    from app.services import offices

    with app.app_context():
        office = offices.get_office(OFFICE)
        service = offices.get_service(office, "ktp")
        office_cap = offices.capacity_of(office).slot_capacity
        service_cap = offices.service_capacity(office, service)
        people: dict[tuple[int, Any], int] = defaultdict(int)
        bookings = 0
        for booking in db.session.scalars(select(Booking).where(Booking.status == "booked")):
            bookings += 1
            people[(0, booking.start)] += booking.party_size
            people[(service.id, booking.start)] += booking.party_size
        counts = {(c.scope_id, c.start): c.booked for c in db.session.scalars(select(SlotCount))}
    over = sum(
        1 for (scope, _), n in people.items() if n > (office_cap if scope == 0 else service_cap)
    )
    wrong = sum(1 for key in set(people) | set(counts) if people.get(key, 0) != counts.get(key, 0))
    return over, wrong, bookings


# --- the run ---------------------------------------------------------------------------------


def throughput(port: int, path: str, clients: int, seconds: float) -> LoadResult:
    factory = functools.partial(get_factory, path)
    return run_load(port, factory, clients, per_client=10**7, seconds=seconds)


def report_plain(label: str, result: LoadResult) -> float:
    ok = result.latencies.get("ok", [])
    line(
        label,
        f"{result.rate('ok'):8.0f} req/s   p50 {ms(percentile(ok, 50))}   "
        f"p99 {ms(percentile(ok, 99))}   errors {result.count() - len(ok) + result.failures}",
    )
    return result.rate("ok")


def report_surge(rounds: list[LoadResult]) -> None:
    """Latencies over every round; rates over the rounds' own time (not the baselines')."""
    result = LoadResult()
    for part in rounds:
        result.latencies = merged_latencies(result.latencies, part.latencies)
        result.failures += part.failures
    seconds = sum(part.seconds for part in rounds)
    booked = result.latencies.get("booked", [])
    full = result.latencies.get("slot_full", [])
    line("booking answers", f"{result.count() / seconds:8.0f} req/s over {seconds:.1f} s")
    line(
        "successful bookings",
        f"{len(booked) / seconds:8.0f} /s      p50 {ms(percentile(booked, 50))}   "
        f"p99 {ms(percentile(booked, 99))}   n={len(booked)}",
    )
    line(
        "slot_full answers",
        f"{len(full) / seconds:8.0f} /s      p50 {ms(percentile(full, 50))}   "
        f"p99 {ms(percentile(full, 99))}   n={len(full)}",
    )
    everything = [v for values in result.latencies.values() for v in values]
    line("all answers", f"p99 {ms(percentile(everything, 99))}")
    others = {k: len(v) for k, v in result.latencies.items() if k not in ("booked", "slot_full")}
    if others or result.failures:
        line("UNEXPECTED answers", f"{others} connection failures {result.failures}")


def merged_latencies(
    into: dict[str, list[float]], more: dict[str, list[float]]
) -> dict[str, list[float]]:
    merged = defaultdict(list, {k: list(v) for k, v in into.items()})
    for outcome, values in more.items():
        merged[outcome].extend(values)
    return merged


WARM_UP_DAY = 40  # days ahead: a day no measured surge books


def warm_up(port: int) -> None:
    """A few bookings on another day before anything is measured, as a server that has been
    up a while has done: its statements compiled, its caches filled, its connections open."""
    day = local_day(WARM_UP_DAY).isoformat()
    run_load(port, functools.partial(booking_factory, day), 4, per_client=50, seconds=10)


def measure_level(
    ports: tuple[int, int], clients: int, requests: int, seconds: float, rounds: range
) -> None:
    """For each round: the bare baseline, then a surge on a day of its own. The two take turns
    so that both meet the same moments of a noisy machine; the ratio is each round's, and
    the median of the rounds is the figure."""
    bare_port, port = ports
    report_plain(
        "antrean GET /api/v1/health (SELECT 1)",
        throughput(port, "/api/v1/health", clients, seconds),
    )
    ratios, surges = [], []
    for n in rounds:
        bare = throughput(bare_port, "/api/v1/health", clients, seconds).rate("ok")
        surge = run_load(
            port,
            functools.partial(booking_factory, local_day(n + 1).isoformat()),
            clients,
            per_client=requests // clients,
            seconds=20,
            first_index=n * 10**6,
        )
        ratios.append(surge.rate() / bare)
        surges.append(surge)
        line(
            f"round {n - rounds.start + 1}",
            f"bare {bare:6.0f} req/s   booking answers {surge.rate():6.0f} /s   "
            f"ratio {ratios[-1]:.3f}",
        )
    report_surge(surges)
    spread = f"(rounds {min(ratios):.3f}–{max(ratios):.3f})"
    line(
        "ratio booking answers/s ÷ bare req/s",
        f"{statistics.median(ratios):8.3f}   median {spread}, target ≥ 0.3",
    )


def run(
    levels: list[int], requests: int, postgres: bool, seconds: float, places: int, rounds: int
) -> None:
    with database(postgres) as (url, workdir):
        app = setup_app(url)
        create_office(app, places)
        kind = "PostgreSQL" if postgres else "SQLite file (WAL)"
        print(f"antrean serve (gevent, TCP_NODELAY) on {kind}; {places} places per slot, ")
        print(f"surge on {HOT_SLOTS} slots, up to {requests} booking requests per round")
        with bare_server(workdir) as bare_port, antrean_server(url, workdir) as server:
            warm_up(server.port)
            for level, clients in enumerate(levels):
                header(f"{clients} concurrent clients")
                first = level * rounds
                ports = (bare_port, server.port)
                measure_level(ports, clients, requests, seconds, range(first, first + rounds))
        header("after the run")
        sound = report_audit(app)
    if not sound:
        raise SystemExit(1)


def report_audit(app: Any) -> bool:
    """What the database holds after a run; False if a slot was overbooked or a counter
    disagrees with its bookings. Closes the app's connections."""
    over, wrong, bookings = audit(app)
    line("bookings in the database", str(bookings))
    line("overbooked slots", f"{over}   (must be 0)")
    line("counters disagreeing with bookings", f"{wrong}   (must be 0)")
    from app.extensions import db

    with app.app_context():
        db.engine.dispose()
    return not (over or wrong)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="16,64", help="concurrency levels, comma-separated")
    parser.add_argument("--requests", type=int, default=4000, help="booking requests per round")
    parser.add_argument("--rounds", type=int, default=3, help="baseline, surge: rounds per level")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each baseline")
    parser.add_argument("--places", type=int, default=60, help="people per slot")
    parser.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    run(levels, args.requests, args.postgres, args.seconds, args.places, args.rounds)


if __name__ == "__main__":
    main()
