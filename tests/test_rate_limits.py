"""Rate limits on booking: on by default, per client and per person (keyed by the NIK's hash,
never the NIK), answered in the contract's error shape, and switchable off for load tests.

Flask-Limiter's extension object is shared by every app of the process and takes its settings
from the app initialised last, so each test builds its own app right before using it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.conftest import Api, Clock, booking_body, create_schema, make_app, make_nik
from tests.live import ROOT

SLOTS = [f"2026-12-08T{hour:02d}:00:00+07:00" for hour in (8, 9, 10, 11)]


def limited_app(tmp_path: Path, clock: Clock, enabled: bool = True) -> Flask:
    app = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        clock,
        RATELIMIT_ENABLED=enabled,
        RATELIMIT_BOOKING="3 per minute",
        RATELIMIT_BOOKING_PER_NIK="2 per hour",
    )
    create_schema(app)
    return app


@pytest.fixture
def limited(tmp_path: Path, clock: Clock) -> Iterator[Api]:
    app = limited_app(tmp_path, clock)
    api = Api(app.test_client(), app)
    api.setup_office(counters=3)
    yield api
    _dispose(app)


def _dispose(app: Flask) -> None:
    from app.extensions import db

    with app.app_context():
        db.engine.dispose()


def book_from(api: Api, address: str, lang: str = "id", **overrides: Any) -> Any:
    body = booking_body(**overrides)
    return api.client.post(
        "/api/v1/bookings",
        json=body,
        headers={"Accept-Language": lang},
        environ_base={"REMOTE_ADDR": address},
    )


def assert_rate_limited(response: Any, lang: str) -> None:
    assert response.status_code == 429, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "rate_limited"
    assert set(error) == {"code", "message"}
    expected = "Terlalu banyak permintaan" if lang == "id" else "Too many requests"
    assert expected in error["message"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_one_client_is_limited(limited, lang):
    for n in range(3):
        response = book_from(limited, "10.0.0.1", lang, start=SLOTS[n], nik=make_nik())
        assert response.status_code == 201, response.get_json()
    assert_rate_limited(book_from(limited, "10.0.0.1", lang, nik=make_nik()), lang)
    # Another client is not affected.
    assert book_from(limited, "10.0.0.2", lang, nik=make_nik()).status_code == 201


@pytest.mark.parametrize("lang", ["id", "en"])
def test_one_person_is_limited_whatever_the_client(limited, lang):
    nik = make_nik()
    first = book_from(limited, "10.0.1.1", lang, nik=nik)
    assert first.status_code == 201
    duplicate = book_from(limited, "10.0.1.2", lang, nik=nik, start=SLOTS[1])
    assert duplicate.get_json()["error"]["code"] == "duplicate_booking"
    assert_rate_limited(book_from(limited, "10.0.1.3", lang, nik=nik, start=SLOTS[2]), lang)
    # The same person in another spelling (separators) is the same person.
    spaced = f"{nik[:6]} {nik[6:12]} {nik[12:]}"
    assert_rate_limited(book_from(limited, "10.0.1.4", lang, nik=spaced, start=SLOTS[3]), lang)
    assert book_from(limited, "10.0.1.5", lang, nik=make_nik()).status_code == 201


def test_invalid_niks_are_validation_errors_not_one_shared_bucket(limited):
    for n in range(4):
        response = book_from(limited, f"10.0.2.{n}", nik="12345")
        assert response.status_code == 422, response.get_json()
        assert "nik" in response.get_json()["error"]["fields"]


def test_the_limiter_keys_never_hold_the_nik(limited):
    from app.extensions import limiter

    nik = make_nik()
    for start in SLOTS[:3]:
        book_from(limited, "10.0.3.1", nik=nik, start=start)
    keys = " ".join(str(key) for key in limiter.storage.storage)  # type: ignore[attr-defined]
    assert keys, "the limiter recorded nothing"
    with limited.app.app_context():
        from app.services.tokens import nik_hash

        assert nik_hash(nik)[:32] in keys
    assert nik not in keys
    assert nik[6:12] not in keys  # not even the birth-date part


def test_switched_off_nothing_is_limited(tmp_path, clock):
    app = limited_app(tmp_path, clock, enabled=False)
    api = Api(app.test_client(), app)
    api.setup_office(counters=3)
    nik = make_nik()
    for n in range(6):
        response = book_from(api, "10.0.4.1", nik=nik if n == 0 else make_nik(), start=SLOTS[0])
        assert response.status_code in (201, 409), response.get_json()
    for start in SLOTS[1:]:
        response = book_from(api, "10.0.4.1", nik=nik, start=start)
        assert response.get_json()["error"]["code"] == "duplicate_booking"
    _dispose(app)


def _configured(env: dict[str, str]) -> str:
    """RATELIMIT_ENABLED as the production configuration reads it from the environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ANTREAN_RATELIMIT")}
    code = "from config import Config; print(Config.RATELIMIT_ENABLED)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_on_by_default_and_off_with_the_environment_switch():
    assert _configured({}) == "True"
    assert _configured({"ANTREAN_RATELIMIT_ENABLED": "0"}) == "False"
    assert _configured({"ANTREAN_RATELIMIT_ENABLED": "1"}) == "True"
