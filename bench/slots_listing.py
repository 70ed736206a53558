"""Listing a 30-day month of slots: GET /api/v1/offices/{slug}/slots?service=…&from=…&to=…
against `antrean serve` in its production configuration, on an office with ordinary weekday
hours and some bookings, by one client after another (latency) and by 16 at once (throughput).

    python -m bench.slots_listing [--requests 300] [--postgres]

Target (2-core machine): p50 < 20 ms for one client."""

from __future__ import annotations

import argparse
import functools

from bench.common import (
    Classifier,
    RequestFactory,
    admin_api,
    antrean_server,
    bare_server,
    classify_plain,
    database,
    header,
    line,
    local_day,
    ms,
    nik,
    percentile,
    run_load,
    setup_app,
)

OFFICE = "bulanan"
DAYS = 30
WEEK = {
    **{d: [["08:00", "12:00"], ["13:00", "15:30"]] for d in ("mon", "tue", "wed", "thu")},
    "fri": [["08:00", "11:30"], ["13:00", "15:30"]],
    "sat": [],
    "sun": [],
}


def month_path() -> str:
    first = local_day(1).date()
    last = local_day(DAYS).date()
    return f"/api/v1/offices/{OFFICE}/slots?service=ktp&from={first}&to={last}"


def listing_factory(path: str) -> tuple[RequestFactory, Classifier]:
    return (lambda _i: ("GET", path, None)), classify_plain


def bare_factory() -> tuple[RequestFactory, Classifier]:
    return (lambda _i: ("GET", "/api/v1/health", None)), classify_plain


def create_office(app: object) -> None:
    api = admin_api(app)
    api.create_office(slug=OFFICE, observe_national_holidays=True, weekly_hours=WEEK)
    api.create_service(OFFICE, avg_service_minutes=5)
    for n in range(2):
        api.create_counter(OFFICE, name=f"Loket {n + 1}")
    booked = 0
    for day in range(2, DAYS, 3):  # a booking early on every third day
        start = local_day(day).replace(hour=8).isoformat()
        response = api.client.post(
            "/api/v1/bookings",
            json={
                "office": OFFICE,
                "service": "ktp",
                "start": start,
                "name": "Warga",
                "nik": nik(day),
                "phone": "0812-3456-7890",
                "companions": 1,
                "consent": True,
            },
        )
        booked += response.status_code == 201
    print(f"{booked} bookings spread over the month")


def run(requests: int, postgres: bool) -> None:
    with database(postgres) as (url, workdir):
        app = setup_app(url)
        create_office(app)
        path = month_path()
        with bare_server(workdir) as bare_port, antrean_server(url, workdir) as server:
            for clients, per_client, label in ((1, requests, "one client"), (16, 10**6, "16")):
                header(f"{label} — {path}")
                seconds = 30.0 if clients == 1 else 5.0
                listing = run_load(
                    server.port,
                    functools.partial(listing_factory, path),
                    clients,
                    per_client,
                    seconds,
                    processes=1,
                )
                bare = run_load(bare_port, bare_factory, clients, per_client, seconds, 1)
                ok = listing.latencies.get("ok", [])
                base = bare.latencies.get("ok", [])
                line(
                    "month of slots",
                    f"{listing.rate('ok'):7.0f} req/s  p50 {ms(percentile(ok, 50))}  "
                    f"p99 {ms(percentile(ok, 99))}  errors {listing.count() - len(ok)}",
                )
                line(
                    "bare JSON endpoint (same client)",
                    f"{bare.rate('ok'):7.0f} req/s  p50 {ms(percentile(base, 50))}  "
                    f"p99 {ms(percentile(base, 99))}",
                )
                line("ratio", f"{listing.rate('ok') / bare.rate('ok'):7.3f}")
        from app.extensions import db

        with app.app_context():
            db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    run(args.requests, args.postgres)


if __name__ == "__main__":
    main()
