"""Reminders the day before and the hour before, each once; "your turn is near"."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Notification
from scheduling.runner import run_job
from tests.conftest import NOW

TOMORROW_8 = "2026-12-08T08:00:00+07:00"


@pytest.fixture(autouse=True)
def email_configured(app):
    app.config.update(SMTP_HOST="127.0.0.1")


def sent(app):
    with app.app_context():
        return db.session.scalars(select(Notification).order_by(Notification.id)).all()


def run(app, name="reminders"):
    with app.app_context():
        run_job(name, "test")


def test_the_day_before_and_the_hour_before_each_once(api, app, clock):
    api.setup_office()
    booking = api.book(start=TOMORROW_8, email="warga@example.id").get_json()
    run(app)
    assert sent(app) == []  # 25 hours ahead: nothing yet
    clock.set(NOW + timedelta(hours=1))  # 24 hours before
    run(app)
    run(app)
    (day_before,) = sent(app)
    assert day_before.kind == "reminder_day_before" and day_before.recipient == "warga@example.id"
    assert f"/b/{booking['code']}?token={booking['manage_token']}" in day_before.body
    assert f"/api/v1/bookings/{booking['code']}/qr.png?token=" in day_before.body
    assert "Selasa 08-12-2026 08.00 WIB" in day_before.body
    clock.set(NOW + timedelta(hours=24))  # 07:00, an hour before
    run(app)
    run(app)
    kinds = [n.kind for n in sent(app)]
    assert kinds == ["reminder_day_before", "reminder_hour_before"]


def test_a_cancelled_booking_gets_no_reminder(api, app, clock):
    api.setup_office()
    booking = api.book(start=TOMORROW_8, email="warga@example.id").get_json()
    api.client.post(
        f"/api/v1/bookings/{booking['code']}/cancel",
        headers={"X-Manage-Token": booking["manage_token"]},
    )
    clock.set(NOW + timedelta(hours=24))
    run(app)
    assert sent(app) == []


def test_your_turn_is_near_for_the_first_four_in_line(api, app, clock):
    api.setup_office(counters=2)  # 6 per slot
    response = api.call(
        "POST", "/offices/dukcapil-test/devices", json={"kind": "kiosk", "name": "Kios"}
    )
    kiosk = {"Authorization": f"Bearer {response.get_json()['token']}"}
    bookings = [
        api.book(start="2026-12-07T08:00:00+07:00", email=f"w{n}@example.id").get_json()
        for n in range(5)
    ]
    clock.set(NOW + timedelta(minutes=45))
    for booking in bookings:
        checkin = api.client.post(
            "/api/v1/kiosk/checkin", json={"qr": booking["qr"]["payload"]}, headers=kiosk
        )
        assert checkin.status_code == 201, checkin.get_json()
    run(app)
    run(app)
    near = [n for n in sent(app) if n.kind == "turn_near"]
    assert sorted(n.recipient for n in near) == [f"w{n}@example.id" for n in range(4)]
    assert "0 orang lagi" in next(n.body for n in near if n.recipient == "w0@example.id")
