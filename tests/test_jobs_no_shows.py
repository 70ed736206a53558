"""No-shows: bookings past their check-in window, called tickets never answered."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Booking
from app.signals import bookings_changed, occupancy_changed, queue_changed
from scheduling.runner import run_job
from tests.conftest import NOW

TODAY_8 = "2026-12-07T08:00:00+07:00"


def kiosk_token(api):
    response = api.call(
        "POST", "/offices/dukcapil-test/devices", json={"kind": "kiosk", "name": "Kios 1"}
    )
    return response.get_json()["token"]


def check_in(api, token, booking):
    response = api.client.post(
        "/api/v1/kiosk/checkin",
        json={"qr": booking["qr"]["payload"]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]


def slot_booked(api, start=TODAY_8):
    response = api.call(
        "GET", "/offices/dukcapil-test/slots?date=2026-12-07&service=ktp", role=None
    )
    return next(s for s in response.get_json()["slots"] if s["start"] == start)["booked"]


def statuses(app):
    with app.app_context():
        return dict(db.session.execute(select(Booking.code, Booking.status)).all())


def run(app, name):
    with app.app_context():
        run_job(name, "test")


@pytest.fixture
def heard():
    events = []

    def listen(sender, **payload):
        events.append(payload)

    for signal in (bookings_changed, occupancy_changed, queue_changed):
        signal.connect(listen)
    yield events
    for signal in (bookings_changed, occupancy_changed, queue_changed):
        signal.disconnect(listen)


def test_a_booking_not_checked_in_by_the_end_of_its_window_is_a_no_show(api, app, clock, heard):
    api.setup_office()  # check-in closes 15 minutes after the start
    kiosk = kiosk_token(api)
    came = api.book(start=TODAY_8, companions=1).get_json()
    absent = api.book(start=TODAY_8).get_json()
    clock.set(NOW + timedelta(minutes=45))
    check_in(api, kiosk, came)
    clock.set(NOW + timedelta(minutes=74))  # 08:14: still within the window
    run(app, "no_shows")
    assert statuses(app)[absent["code"]] == "booked"
    clock.set(NOW + timedelta(minutes=75))
    run(app, "no_shows")
    assert statuses(app) == {came["code"]: "checked_in", absent["code"]: "no_show"}
    assert slot_booked(api) == 2  # the absent one's place is freed, the party of 2 keeps its
    assert {"changes": [(absent["code"], "no_show")]} in heard
    run(app, "no_shows")  # running again changes nothing
    assert slot_booked(api) == 2


def test_a_called_ticket_not_answered_after_the_recalls_is_a_no_show(api, app, clock, heard):
    api.setup_office()
    app.config.update(NOSHOW_RECALLS=2, NOSHOW_CALL_MINUTES=5)
    kiosk = kiosk_token(api)
    booking = api.book(start=TODAY_8).get_json()
    clock.set(NOW + timedelta(minutes=45))
    ticket = check_in(api, kiosk, booking)
    counter = api.call("GET", "/offices/dukcapil-test/counters").get_json()["counters"][0]
    officer = {"role": "officer", "office": "dukcapil-test"}
    assert api.call("POST", f"/counters/{counter['id']}/call-next", **officer).status_code == 200
    api.call("POST", f"/tickets/{ticket['id']}/recall", **officer)
    clock.set(clock() + timedelta(minutes=10))
    run(app, "no_shows")
    assert statuses(app)[booking["code"]] == "checked_in"  # one recall left
    api.call("POST", f"/tickets/{ticket['id']}/recall", **officer)
    heard.clear()
    clock.set(clock() + timedelta(minutes=4))
    run(app, "no_shows")
    assert statuses(app)[booking["code"]] == "checked_in"
    clock.set(clock() + timedelta(minutes=1))
    run(app, "no_shows")
    assert statuses(app)[booking["code"]] == "no_show"
    queue = api.call("GET", "/offices/dukcapil-test/queue", **officer).get_json()
    assert queue["called"] == [] and queue["occupancy"]["present"] == 0
    assert any(event.get("reason") == "no_show" for event in heard)
