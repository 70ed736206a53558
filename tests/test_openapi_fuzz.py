"""Schemathesis fuzzes every operation of /api/v1/openapi.json in-process (WSGI) against a
seeded database: no 5xx, and every status, content type and body as the description says.

Path parameters are steered half of the time to seeded objects (so operations reach past 404),
and the credentials each operation's `security` names are sent with it."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis import checks as st_checks
from schemathesis.core import NOT_SET

from tests.conftest import (
    ALWAYS_OPEN,
    NOW,
    Api,
    Clock,
    booking_body,
    create_schema,
    fresh_postgres_database,
    make_app,
    make_nik,
    postgres_available,
)

OFFICE = "fuzz-office"
# CI is derandomised (the same cases every run); ANTREAN_FUZZ_RANDOM=1 and a larger
# ANTREAN_FUZZ_EXAMPLES hunt for new cases locally.
MAX_EXAMPLES = int(os.environ.get("ANTREAN_FUZZ_EXAMPLES", "20"))


class Seed:
    """The objects the fuzzer's path parameters are steered to, and their credentials."""

    def __init__(self, app: Flask) -> None:
        client = app.test_client()
        api = Api(client, app)
        api.setup_office(OFFICE, weekly_hours=ALWAYS_OPEN)
        self.staff = api.token_for("admin")
        self.counter_id = api.call("GET", f"/offices/{OFFICE}/counters").get_json()["counters"][0][
            "id"
        ]
        self.kiosk = self._device(api, "kiosk")
        self.display = self._device(api, "display")
        booked = api.book(office=OFFICE, start="2026-12-07T07:30:00+07:00").get_json()
        self.manage_token = booked["manage_token"]
        walk_in = client.post(
            "/api/v1/kiosk/walk-in",
            json={"service": "ktp", "health": {"temperature_c": 36.6}},
            headers={"Authorization": f"Bearer {self.kiosk['token']}"},
        )
        assert walk_in.status_code == 201, walk_in.get_json()
        self.paths: dict[str, Any] = {
            "slug": OFFICE,
            "code": booked["code"],
            "counter_id": self.counter_id,
            "ticket_id": walk_in.get_json()["ticket"]["id"],
            "device_id": self.display["id"],
            "name": "normal",
        }
        self.body = {
            **booking_body(office=OFFICE, start="2026-12-08T09:00:00+07:00", nik=make_nik(9999)),
            "qr": booked["qr"]["payload"],
            "counter_id": self.counter_id,
        }

    @staticmethod
    def _device(api: Api, kind: str) -> dict[str, Any]:
        response = api.call("POST", f"/offices/{OFFICE}/devices", json={"kind": kind, "name": kind})
        assert response.status_code == 201, response.get_json()
        return response.get_json()  # type: ignore[no-any-return]

    def headers(self, security: list[dict[str, Any]]) -> dict[str, str]:
        names = {name for requirement in security for name in requirement}
        if "staff" in names:
            return {"Authorization": f"Bearer {self.staff}"}
        if "device" in names:
            return {"Authorization": f"Bearer {self.kiosk['token']}"}
        if "manage" in names:
            return {"X-Manage-Token": self.manage_token}
        return {}


@contextmanager
def database_url(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'antrean.sqlite3'}"
        return
    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 (CI must start it)")
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    with fresh_postgres_database("antrean_fuzz") as url:
        yield url


# PostgreSQL refuses what SQLite swallows (NUL characters, integers past 2**31): fuzz both.
@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, Seed]]:
    with database_url(request.param, tmp_path_factory) as url:
        application = make_app(url, Clock(NOW))
        create_schema(application)
        yield application, Seed(application)
        from app.extensions import db

        with application.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(seeded: tuple[Flask, Seed]) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded[0])


@pytest.fixture(scope="module")
def seed(seeded: tuple[Flask, Seed]) -> Seed:
    return seeded[1]


def operation_labels() -> list[tuple[str, str]]:
    """Every documented operation, read from a throwaway app at collection time."""
    from app.api import build_openapi

    application = make_app("sqlite://", Clock(NOW))
    with application.app_context():
        paths = build_openapi(application)["paths"]
    labels = [(method, path) for path, item in paths.items() for method in item]
    # Revoking runs last: small generated ids hit the seeded kiosk, which the rest still needs.
    return sorted(labels, key=lambda label: (label[0] == "delete", label[1]))


STATUSES: dict[str, set[int]] = {}

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


def steer(values: Any, seeded: dict[str, Any]) -> None:
    """The generated values whose names the seed knows are all swapped for seeded ones, the
    other values left as generated."""
    if not isinstance(values, dict):
        return
    for name in values.keys() & seeded.keys():
        values[name] = seeded[name]


def steer_case(case: Any, seed: Seed, number: int) -> None:
    """Case by case, every pairing: path and body both steered, the path only, the body only,
    neither. (A hash of the generated values chose before; when Hypothesis drew the same slug
    every time, as it may after any edit to the code it reads its literals from, an operation
    was never steered and never got past its 404.)"""
    if number % 2 == 0:
        steer(case.path_parameters, seed.paths)
    if case.body is not NOT_SET and number // 2 % 2 == 0:
        steer(case.body, seed.body)


def assert_error_shape(response: Any) -> None:
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error"}, body
        assert isinstance(body["error"]["code"], str), body
        assert isinstance(body["error"]["message"], str), body


def case_strategy(operation: Any) -> Any:
    positive = operation.as_strategy(GenerationMode.POSITIVE)
    try:
        return st.one_of(positive, operation.as_strategy(GenerationMode.NEGATIVE))
    except Exception:  # noqa: BLE001 - an operation with nothing to make invalid
        return positive


@pytest.mark.parametrize(("method", "path"), operation_labels(), ids=lambda v: v)
def test_api_answers_as_described(api_schema: Any, seed: Seed, method: str, path: str) -> None:
    operation = api_schema[path][method]
    headers = seed.headers(operation.definition.raw.get("security", []))
    numbers = itertools.count()

    @given(case=case_strategy(operation))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=not os.environ.get("ANTREAN_FUZZ_RANDOM"),
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_described(case: Any) -> None:
        steer_case(case, seed, next(numbers))
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        STATUSES.setdefault(f"{method.upper()} {path}", set()).add(response.status_code)
        assert_error_shape(response)

    answers_as_described()


def test_description_covers_the_api(api_schema: Any) -> None:
    operations = list(api_schema.get_all_operations())
    assert len(operations) >= 50


# Operations the seed must carry past 401/404/422 to a success at least once.
MUST_SUCCEED = [
    "POST /api/v1/bookings",
    "GET /api/v1/bookings/{code}",
    "POST /api/v1/kiosk/walk-in",
    "GET /api/v1/tickets/{ticket_id}",
    "POST /api/v1/counters/{counter_id}/call-next",
    "GET /api/v1/offices/{slug}/queue",
    "GET /api/v1/kiosk/office",
    "PATCH /api/v1/offices/{slug}",
    "GET /api/v1/offices/{slug}/reports/daily",
    "GET /api/v1/audit",
]


def test_zz_the_fuzzer_got_past_the_front_door() -> None:
    """Runs after the fuzzing above (file order): a fuzzer that only ever meets 404 proves
    nothing, so the seeding must lead each of these operations to a 2xx."""
    if len(STATUSES) < len(operation_labels()):
        # Only a partial run (-k, one test) lands here: `make test` sends each file to one
        # worker (--dist loadfile), so in CI a partial fuzz run is a failure, never a skip.
        if os.environ.get("CI"):
            missing = {f"{m.upper()} {p}" for m, p in operation_labels()} - set(STATUSES)
            pytest.fail(f"the fuzz run was incomplete on this worker: {sorted(missing)}")
        pytest.skip("only meaningful after the whole fuzz run")
    for label in MUST_SUCCEED:
        assert any(200 <= code < 300 for code in STATUSES[label]), (label, STATUSES[label])
