"""The kiosk's JSON API: check-in with its every refusal, walk-ins and the room, assisted
booking, reprint. The clock is pinned (Monday 7 December 2026, 07:00 in Jakarta)."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from app.models import Booking, Ticket
from tests.conftest import make_app

SLUG = "dukcapil-test"
TUE_0800 = "2026-12-08T08:00:00+07:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Kiosk:
    def __init__(self, api, slug: str = SLUG) -> None:
        self.api = api
        response = api.call("POST", f"/offices/{slug}/devices", json={"kind": "kiosk", "name": "K"})
        assert response.status_code == 201, response.get_json()
        self.headers = {"Authorization": f"Bearer {response.get_json()['token']}"}

    def post(self, path: str, json: dict | None = None, **headers):
        return self.api.client.post(
            f"/api/v1/kiosk/{path}", json=json, headers={**self.headers, **headers}
        )

    def checkin(self, qr: str, temperature: float | None = 36.5, symptoms=(), **headers):
        health = {"symptoms": list(symptoms)}
        if temperature is not None:
            health["temperature_c"] = temperature
        return self.post("checkin", {"qr": qr, "health": health}, **headers)

    def walk_in(self, companions: int = 0, **extra):
        body = {"service": "ktp", "companions": companions, "health": {"temperature_c": 36.6}}
        body.update(extra)
        return self.post("walk-in", body)


@pytest.fixture
def office(api):
    return api.setup_office()


@pytest.fixture
def kiosk(api, office):
    return Kiosk(api)


def book(api, start: str = TUE_0800, **overrides) -> dict:
    return api.book(start=start, **overrides).get_json()


def test_checkin_issues_a_numbered_ticket_and_marks_the_booking(api, app, clock, kiosk):
    booking = book(api)
    clock.set(at("2026-12-08T07:45:00+07:00"))
    response = kiosk.checkin(booking["qr"]["payload"])
    assert response.status_code == 201, response.get_json()
    ticket = response.get_json()["ticket"]
    assert ticket["number"] == "A-001"
    assert ticket["service"] == "ktp"
    assert ticket["status"] == "waiting"
    assert ticket["position"] == 1
    assert ticket["estimated_wait_minutes"] == 10
    assert ticket["booking_code"] == booking["code"]
    with app.app_context():
        stored = Booking.query.filter_by(code=booking["code"]).one()
        assert stored.status == "checked_in"
        assert stored.checked_in_at is not None


def test_a_second_scan_gives_back_the_same_ticket(api, clock, kiosk):
    booking = book(api)
    clock.set(at("2026-12-08T08:00:00+07:00"))
    first = kiosk.checkin(booking["qr"]["payload"])
    again = kiosk.checkin(booking["qr"]["payload"])
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["ticket"]["id"] == first.get_json()["ticket"]["id"]
    assert again.get_json()["ticket"]["number"] == "A-001"
