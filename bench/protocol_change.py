"""How long a protocol change takes for an office with 30 days of full bookings.

Builds an office (weekday hours, 2 counters: 6 people per slot for the service), fills every
slot of the next 30 days with one-person bookings (each with an email, so every moved or
flagged booking gets an outbox notification), puts a few people on waitlists, then times
`PUT /api/v1/offices/{slug}/protocol` lowering capacity to 25 % (each slot keeps 4: the rest
are moved or flagged) and raising it back to 100 % (waitlist offers). In-process (Flask test
client): the figure is the route's own work, transaction and commit included.

    python -m bench.protocol_change [--postgres] [--days 30]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from tests.conftest import WEEK, Api, Clock, booking_body, create_schema, make_app  # noqa: E402

NOW = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


def database_url(postgres: bool, folder: str) -> tuple[str, str | None]:
    if not postgres:
        return f"sqlite:///{folder}/bench.sqlite3", None
    import psycopg

    name = f"antrean_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", name


def fill(app, days: int) -> int:
    """Every slot of the next `days` days full, through the booking service itself."""
    from app.services import bookings, offices, slots
    from app.signals import commit

    made = 0
    serial = 0
    with app.app_context():
        office = offices.get_office("bench")
        service = offices.get_service(office, "ktp")
        day_list = [NOW.date() + timedelta(days=n) for n in range(days)]
        for views in slots.list_slots_for_days(office, service, day_list, NOW).values():
            for view in views:
                for _ in range(view.available):
                    serial += 1
                    applicant = bookings.Applicant(
                        name="Warga Bench",
                        nik=f"3171011203{90 + serial // 10000:02d}{serial % 10000:04d}",
                        phone="+6281234567890",
                        email=f"w{serial}@example.id",
                        companions=0,
                        priority="none",
                        language="id",
                    )
                    bookings.create_booking(office, service, view.start, applicant, NOW)
                    made += 1
            commit()
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, pg_name = database_url(args.postgres, folder)
        app = make_app(url, Clock(NOW), SMTP_HOST="127.0.0.1")
        create_schema(app)
        api = Api(app.test_client(), app)
        api.setup_office(
            slug="bench", counters=2, weekly_hours=WEEK, booking_horizon_days=args.days
        )
        started = time.perf_counter()
        made = fill(app, args.days)
        print(f"filled {made} bookings in {time.perf_counter() - started:.1f} s")
        for _ in range(20):
            api.client.post(
                "/api/v1/waitlist",
                json=booking_body(office="bench", start="2026-12-08T08:00:00+07:00"),
            )
        for pct in (25, 100):
            started = time.perf_counter()
            response = api.call("PUT", "/offices/bench/protocol", json={"capacity_pct": pct})
            took = time.perf_counter() - started
            body = response.get_json()
            outcomes: dict[str, int] = {}
            for booking in body["bookings"]:
                outcomes[booking["outcome"]] = outcomes.get(booking["outcome"], 0) + 1
            print(f"capacity_pct {pct:>3}: HTTP {response.status_code} in {took:.2f} s {outcomes}")
        with app.app_context():
            from app.extensions import db
            from app.models import Notification, WaitlistEntry

            notes = db.session.scalar(select(func.count(Notification.id)))
            offers = db.session.scalar(
                select(func.count(WaitlistEntry.id)).where(WaitlistEntry.status == "offered")
            )
            print(f"outbox notifications: {notes}, waitlist offers: {offers}")
            db.engine.dispose()
        if pg_name:
            import psycopg

            with psycopg.connect(
                "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
