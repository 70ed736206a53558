"""Cases the schemathesis fuzzer (tests/test_openapi_fuzz.py) found, kept as plain tests."""

from __future__ import annotations

from typing import Any

import pytest

from app.api import build_openapi


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/offices/dukcapil-test/protocol"), ("PATCH", "/offices/dukcapil-test")],
)
@pytest.mark.parametrize("field", ["capacity_pct", "distancing_m"])
def test_null_for_a_required_setting_is_a_422_not_a_database_error(
    api: Any, method: str, path: str, field: str
) -> None:
    api.setup_office()
    response = api.call(method, path, json={field: None})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "validation"
    assert field in response.get_json()["error"]["fields"]
    office = api.call("GET", "/offices/dukcapil-test", role=None).get_json()
    assert office[field] is not None


def test_null_still_clears_a_setting_that_may_be_empty(api: Any) -> None:
    api.setup_office(temperature_limit_c=37.5)
    response = api.call("PATCH", "/offices/dukcapil-test", json={"temperature_limit_c": None})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["temperature_limit_c"] is None


def _responses(app: Any, path: str, method: str) -> dict[str, Any]:
    with app.app_context():
        return build_openapi(app)["paths"][path][method]["responses"]  # type: ignore[no-any-return]


def test_protocol_level_put_documents_both_created_and_changed(app: Any) -> None:
    responses = _responses(app, "/api/v1/protocol-levels/{name}", "put")
    assert {"200", "201", "default"} <= set(responses)


def test_files_are_documented_in_their_own_media_type(app: Any) -> None:
    for suffix, media_type in [("png", "image/png"), ("svg", "image/svg+xml")]:
        responses = _responses(app, f"/api/v1/bookings/{{code}}/qr.{suffix}", "get")
        assert list(responses["200"]["content"]) == [media_type]
    ics = _responses(app, "/api/v1/bookings/{code}/calendar.ics", "get")
    assert list(ics["200"]["content"]) == ["text/calendar"]


def test_reports_document_csv_as_well_as_json(app: Any) -> None:
    responses = _responses(app, "/api/v1/offices/{slug}/reports/daily", "get")
    assert set(responses["200"]["content"]) == {"application/json", "text/csv"}


TOO_BIG = "400509181269409225785737216"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/tickets/{TOO_BIG}"),
        ("POST", f"/tickets/{TOO_BIG}/start"),
        ("POST", f"/counters/{TOO_BIG}/call-next"),
        ("POST", f"/counters/{TOO_BIG}/open"),
        ("DELETE", f"/devices/{TOO_BIG}"),
        ("GET", "/tickets/2147483648"),
    ],
)
def test_an_id_beyond_the_database_integer_is_a_404(api: Any, method: str, path: str) -> None:
    api.setup_office()
    response = api.call(method, path)
    assert response.status_code == 404, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "not_found"


def test_the_largest_id_still_reaches_the_view(api: Any) -> None:
    response = api.call("GET", "/tickets/2147483647")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_integer_path_parameters_document_their_bounds(app: Any) -> None:
    with app.app_context():
        operation = build_openapi(app)["paths"]["/api/v1/tickets/{ticket_id}"]["get"]
    (parameter,) = operation["parameters"]
    assert parameter["schema"] == {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}


NUL_CASES = [
    ("PATCH", "/offices/dukcapil-test", {"address": "Jl. Merdeka\x00 1"}),
    ("POST", "/offices/dukcapil-test/closures", {"date": "2026-12-25", "reason": "x\x00"}),
    ("GET", "/offices/dukcapil\x00test", None),
    ("GET", "/offices/dukcapil-test/slots?service=k\x00tp", None),
    ("POST", "/auth/token", {"username": "admin\x00", "password": "password-123"}),
    ("PUT", "/protocol-levels/ppkm\x001", {"capacity_pct": 50}),
    ("POST", "/bookings", {"office": "dukcapil-test", "name": "Siti\x00", "nested": ["\x00"]}),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("method", "path", "body"), NUL_CASES)
def test_a_nul_character_is_a_400_on_postgresql(
    pg_url: str, method: str, path: str, body: Any
) -> None:
    from tests.conftest import NOW, Api, Clock, create_schema, make_app

    application = make_app(pg_url, Clock(NOW))
    create_schema(application)
    api = Api(application.test_client(), application)
    api.setup_office()
    response = api.call(method, path, json=body) if body is not None else api.call(method, path)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "malformed"
    from app.extensions import db

    with application.app_context():
        db.engine.dispose()


def test_a_nul_character_in_a_form_is_a_400(client: Any) -> None:
    response = client.post("/api/v1/auth/token", data={"username": "a\x00", "password": "p"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"", 422, "validation"),  # an empty body is an empty object: every field is missing
        (b"\xef\xbb\xbf{}", 422, "validation"),  # a UTF-8 byte order mark is let through
        (b"[]", 400, "malformed"),
        (b'"booking"', 400, "malformed"),
        (b"null", 400, "malformed"),
        (b'{"name": "Budi"', 400, "malformed"),
        (b'{"name": "\\ud800"}', 400, "malformed"),  # no Unicode text
        ('{"name": "Budi"}'.encode("utf-16"), 400, "malformed"),
    ],
)
def test_a_body_that_is_no_json_object_is_a_400(
    client: Any, body: bytes, status: int, code: str
) -> None:
    response = client.post("/api/v1/bookings", data=body, content_type="application/json")
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code


@pytest.mark.parametrize("day", ["0509-04-10", "1923-06-01", "2100-01-01"])
def test_a_date_outside_the_service_years_is_a_422(api: Any, day: str) -> None:
    """Jakarta's offset was +07:07:12 before 1924: slots then had no RFC 3339 time to show."""
    api.setup_office()
    response = api.call("GET", f"/offices/dukcapil-test/slots?service=ktp&date={day}", role=None)
    assert response.status_code == 422, response.get_json()
    assert "date" in response.get_json()["error"]["fields"]


def test_the_service_years_themselves_are_listed(api: Any) -> None:
    api.setup_office()
    for day in ("2000-01-01", "2099-12-31"):
        path = f"/offices/dukcapil-test/slots?service=ktp&date={day}"
        response = api.call("GET", path, role=None)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["date"] == day
