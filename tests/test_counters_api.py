"""Counters and the queue: call-next, the ticket's life at the counter, the queue body."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.models import Booking, Ticket
from tests.test_kiosk_api import SLUG, Kiosk, at, book


@pytest.fixture
def office(api):
    return api.setup_office(counters=2)


@pytest.fixture
def kiosk(api, office):
    return Kiosk(api)


@pytest.fixture
def counters(api, office):
    return [c["id"] for c in api.call("GET", f"/offices/{SLUG}/counters").get_json()["counters"]]


def officer(api, method: str, path: str, **kwargs):
    return api.call(method, path, role="officer", office=SLUG, **kwargs)


def checked_in(api, clock, kiosk, starts: list[str], when: str) -> list[dict]:
    bookings = [book(api, start=start) for start in starts]
    clock.set(at(when))
    tickets = []
    for booking in bookings:
        response = kiosk.checkin(booking["qr"]["payload"])
        assert response.status_code == 201, response.get_json()
        tickets.append(response.get_json()["ticket"])
    return tickets


def test_call_next_start_complete(api, app, clock, kiosk, counters):
    [ticket] = checked_in(api, clock, kiosk, ["2026-12-08T08:00:00+07:00"], "2026-12-08T08:00+07:00")
    called = officer(api, "POST", f"/counters/{counters[0]}/call-next")
    assert called.status_code == 200, called.get_json()
    body = called.get_json()["ticket"]
    assert (body["id"], body["status"], body["counter"]) == (ticket["id"], "called", "Loket 1")
    assert body["called_at"] == "2026-12-08T08:00:00+07:00"
    started = officer(api, "POST", f"/tickets/{ticket['id']}/start")
    assert started.get_json()["ticket"]["status"] == "serving"
    clock.set(at("2026-12-08T08:12:00+07:00"))
    done = officer(api, "POST", f"/tickets/{ticket['id']}/complete")
    assert done.status_code == 200
    assert done.get_json()["ticket"]["completed_at"] == "2026-12-08T08:12:00+07:00"
    with app.app_context():
        assert Booking.query.filter_by(code=ticket["booking_code"]).one().status == "done"
    empty = officer(api, "POST", f"/counters/{counters[0]}/call-next")
    assert (empty.status_code, empty.get_json()["error"]["code"]) == (409, "queue_empty")


def test_queue_body_is_public_and_has_no_names(api, clock, kiosk, counters):
    checked_in(
        api, clock, kiosk, ["2026-12-08T08:00:00+07:00"] * 2, "2026-12-08T07:50+07:00"
    )
    clock.set(at("2026-12-08T08:00+07:00"))
    officer(api, "POST", f"/counters/{counters[1]}/call-next")
    response = api.client.get(f"/api/v1/offices/{SLUG}/queue")
    assert response.status_code == 200
    body = response.get_json()
    assert body["date"] == "2026-12-08"
    assert body["waiting"] == [
        {
            "number": "A-002",
            "service": "ktp",
            "priority": "none",
            "source": "appointment",
            "estimated_wait_minutes": 5,
        }
    ]
    assert body["called"] == [
        {"number": "A-001", "counter": "Loket 2", "called_at": "2026-12-08T08:00:00+07:00"}
    ]
    assert body["occupancy"] == {"present": 2, "limit": 20}
    assert body["version"] == 3
    assert "Siti" not in response.get_data(as_text=True)
