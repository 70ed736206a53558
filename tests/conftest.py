"""Fixtures: a fresh database per test (an SQLite file, or a fresh PostgreSQL database), the
app pinned to a known instant, and factories with good defaults."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.factory import create_app

# Monday 7 December 2026, 07:00 in Jakarta: a working day with no holiday near it.
NOW = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
PG_ADMIN_URL = os.environ.get("ANTREAN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")

WEEKDAYS = {day: [["08:00", "12:00"], ["13:00", "15:30"]] for day in ("mon", "tue", "wed", "thu")}
WEEK = {**WEEKDAYS, "fri": [["08:00", "11:30"], ["13:00", "15:30"]], "sat": [], "sun": []}


class Clock:
    """The instant the app believes it is; tests move it explicitly."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def __call__(self) -> datetime:
        return self.instant

    def set(self, instant: datetime) -> None:
        self.instant = instant


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def make_app(database_url: str, clock: Clock | None, **overrides: Any) -> Flask:
    config: dict[str, Any] = {"SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    if clock is not None:
        config["CLOCK"] = clock
    return create_app(config, testing=True)


def create_schema(app: Flask) -> None:
    from app.extensions import db

    with app.app_context():
        db.create_all()


@pytest.fixture
def app(tmp_path: Any, clock: Clock) -> Iterator[Flask]:
    application = make_app(f"sqlite:///{tmp_path / 'antrean.sqlite3'}", clock)
    create_schema(application)
    yield application
    from app.extensions import db

    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


def postgres_available() -> bool:
    import psycopg

    try:
        psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=2
        ).close()
    except psycopg.OperationalError:
        return False
    return True


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test, dropped afterwards. In CI a missing server
    is a failure, never a skip."""

    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 (CI must start it)")
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    with fresh_postgres_database("antrean_test") as url:
        yield url


LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(LOCAL_REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_url() -> str:
    """The Redis of this machine. In CI a missing server is a failure, never a skip."""
    if not redis_available():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI must start it)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return LOCAL_REDIS_URL


def either_database_url(request: Any, tmp_path: Any, name: str) -> str:
    """For a fixture parametrised ["sqlite", "postgres"]: an SQLite file in `tmp_path`, or a
    fresh PostgreSQL database (the `pg_url` fixture: a failure in CI when the server is down)."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"


PG_ADMIN_DSN = "host=127.0.0.1 user=postgres dbname=postgres"


@contextmanager
def fresh_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty database, dropped afterwards. Copied from template0, which nobody can be
    connected to, so parallel test workers creating databases never trip over each other."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    for attempt in range(5):
        try:
            with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
            break
        except psycopg.errors.ObjectInUse:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
    try:
        yield f"{PG_ADMIN_URL}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def office_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "slug": "dukcapil-test",
        "name": "Dukcapil Test",
        "timezone": "Asia/Jakarta",
        "waiting_room_m2": 45,
        "seats": 30,
        "distancing_m": 1.5,
        "capacity_pct": 100,
        "slot_minutes": 30,
        "walk_in_share": 0.2,
        "weekly_hours": WEEK,
    }
    body.update(overrides)
    return body


class Api:
    """A thin client that speaks the contract, with staff tokens at hand."""

    def __init__(self, client: FlaskClient, app: Flask) -> None:
        self.client = client
        self.app = app
        self.tokens: dict[str, str] = {}

    def token_for(self, role: str = "admin", office: str | None = None) -> str:
        key = f"{role}:{office}"
        if key not in self.tokens:
            username = f"{role}-{office or 'all'}-{uuid.uuid4().hex[:6]}"
            with self.app.app_context():
                from app.services import offices, staff
                from app.signals import commit

                office_obj = offices.get_office(office) if office else None
                staff.create_staff(username, "password-123", role, office_obj)
                commit()
            response = self.client.post(
                "/api/v1/auth/token", json={"username": username, "password": "password-123"}
            )
            assert response.status_code == 200, response.get_json()
            self.tokens[key] = response.get_json()["token"]
        return self.tokens[key]

    def headers(self, role: str = "admin", office: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token_for(role, office)}"}

    def call(
        self,
        method: str,
        path: str,
        role: str | None = "admin",
        office: str | None = None,
        **kwargs: Any,
    ) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if role:
            headers.update(self.headers(role, office))
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def create_office(self, **overrides: Any) -> dict[str, Any]:
        response = self.call("POST", "/offices", json=office_body(**overrides))
        assert response.status_code == 201, response.get_json()
        return response.get_json()  # type: ignore[no-any-return]

    def create_service(self, office: str, **overrides: Any) -> dict[str, Any]:
        body = {"code": "ktp", "name": "KTP-el", "prefix": "A", "avg_service_minutes": 10}
        body.update(overrides)
        response = self.call("POST", f"/offices/{office}/services", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()  # type: ignore[no-any-return]

    def create_counter(
        self, office: str, name: str = "Loket 1", services: list[str] | None = None
    ) -> dict[str, Any]:
        response = self.call(
            "POST",
            f"/offices/{office}/counters",
            json={"name": name, "services": services or ["ktp"]},
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()  # type: ignore[no-any-return]

    def setup_office(
        self, slug: str = "dukcapil-test", counters: int = 1, **overrides: Any
    ) -> dict[str, Any]:
        office = self.create_office(slug=slug, **overrides)
        self.create_service(slug)
        for n in range(counters):
            self.create_counter(slug, name=f"Loket {n + 1}")
        return office

    def book(
        self,
        office: str = "dukcapil-test",
        start: str = "2026-12-08T08:00:00+07:00",
        expect: int | None = 201,
        **overrides: Any,
    ) -> Any:
        body = booking_body(office=office, start=start, **overrides)
        headers = overrides.pop("headers", None) or {}
        response = self.client.post("/api/v1/bookings", json=body, headers=headers)
        if expect is not None:
            assert response.status_code == expect, response.get_json()
        return response


_nik_serial = iter(range(1, 10**6))


def make_nik(serial: int | None = None) -> str:
    """A structurally valid NIK (Jakarta Pusat region, born 12 March 1990)."""
    number = serial if serial is not None else next(_nik_serial)
    return f"317101120390{number:04d}"


def booking_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "office": "dukcapil-test",
        "service": "ktp",
        "start": "2026-12-08T08:00:00+07:00",
        "name": "Siti Rahayu",
        "nik": make_nik(),
        "phone": "0812-3456-7890",
        "companions": 0,
        "priority": "none",
        "health": {"symptoms": [], "close_contact": False},
        "consent": True,
    }
    overrides.pop("headers", None)
    body.update(overrides)
    return body


@pytest.fixture
def api(client: FlaskClient, app: Flask) -> Api:
    return Api(client, app)


Factory = Callable[..., Any]


ALWAYS_OPEN = {
    day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
}


@pytest.fixture
def live_app(tmp_path: Any) -> Iterator[Flask]:
    """An app on the real clock (for real servers and browsers), on its own SQLite file."""
    application = make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", None)
    create_schema(application)
    yield application
    from app.extensions import db

    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[Any]:
    from tests.live import LiveServer

    with LiveServer(live_app) as server:
        yield server


@pytest.fixture
def chromium_path() -> str:
    """Debian's Chromium; in CI its absence is a failure, never a skip."""
    path = "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (CI installs Debian's chromium package)")
        pytest.skip("Chromium is not installed: apt-get install chromium")
    return path


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
