"""Schemathesis fuzzes every operation of /api/v1/openapi.json in-process (WSGI) against a
seeded database: no 5xx, and every status, content type and body as the description says.

Path parameters are steered half of the time to seeded objects (so operations reach past 404),
and the credentials each operation's `security` names are sent with it."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis import checks as st_checks

from tests.conftest import NOW, Api, Clock, create_schema, make_app

OFFICE = "fuzz-office"
MAX_EXAMPLES = 12


class Seed:
    """The objects the fuzzer's path parameters are steered to, and their credentials."""

    def __init__(self, app: Flask) -> None:
        client = app.test_client()
        api = Api(client, app)
        api.setup_office(OFFICE)
        self.staff = api.token_for("admin")
        counters = client.get(f"/api/v1/offices/{OFFICE}/counters").get_json()
        self.counter_id = counters[0]["id"] if isinstance(counters, list) else 1
        self.kiosk = self._device(api, "kiosk")
        self.display = self._device(api, "display")
        booked = api.book(office=OFFICE).get_json()
        self.booking_code = booked["code"]
        self.manage_token = booked["manage_token"]
        self.ticket_id = 1
        self.paths: dict[str, Any] = {
            "slug": OFFICE,
            "code": self.booking_code,
            "counter_id": self.counter_id,
            "ticket_id": self.ticket_id,
            "device_id": self.display["id"],
            "name": "normal",
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


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Seed]]:
    path = tmp_path_factory.mktemp("fuzz") / "antrean.sqlite3"
    application = make_app(f"sqlite:///{path}", Clock(NOW))
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
    return [(method, path) for path, item in paths.items() for method in item]


CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


def steer_path_parameters(case: Any, seed: Seed) -> None:
    """Half of the generated values (chosen by a stable hash) are swapped for seeded ones."""
    for name, value in list((case.path_parameters or {}).items()):
        if name in seed.paths and zlib.crc32(repr(value).encode()) % 2 == 0:
            case.path_parameters[name] = seed.paths[name]


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

    @given(case=case_strategy(operation))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_described(case: Any) -> None:
        steer_path_parameters(case, seed)
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert_error_shape(response)

    answers_as_described()


def test_description_covers_the_api(api_schema: Any) -> None:
    operations = list(api_schema.get_all_operations())
    assert len(operations) >= 50
