"""The kiosk's JSON API: check-in with its every refusal, walk-ins and the room, assisted
booking, reprint. The clock is pinned (Monday 7 December 2026, 07:00 in Jakarta)."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from app.models import Booking, Ticket
from tests.test_catalogues import texts

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

    def scan(self, qr: str, **headers):
        return self.post("scan", {"qr": qr}, **headers)

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


def cancel(api, booking: dict) -> None:
    response = api.client.post(
        f"/api/v1/bookings/{booking['code']}/cancel",
        headers={"X-Manage-Token": booking["manage_token"]},
    )
    assert response.status_code == 200, response.get_json()


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


EN = {"Accept-Language": "en"}


def error_of(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


def test_the_kiosk_needs_its_own_device_token(api, office):
    display = api.call("POST", f"/offices/{SLUG}/devices", json={"kind": "display", "name": "D"})
    token = display.get_json()["token"]
    for headers in ({}, {"Authorization": f"Bearer {token}"}, {"Authorization": "Bearer nope"}):
        response = api.client.post("/api/v1/kiosk/checkin", json={"qr": "x"}, headers=headers)
        assert error_of(response) == (401, "unauthorized")


def test_a_revoked_kiosk_is_locked_out(api, kiosk):
    devices = api.call("GET", f"/offices/{SLUG}/devices").get_json()["devices"]
    api.call("DELETE", f"/devices/{devices[0]['id']}")
    assert error_of(kiosk.walk_in()) == (401, "unauthorized")


@pytest.mark.parametrize("qr", ["", "garbage", "eyJhIjoxfQ.forged.signature", "A" * 600])
def test_garbled_codes_are_qr_invalid(kiosk, qr):
    assert kiosk.checkin(qr).status_code in (400, 422)
    if qr and len(qr) < 500:
        assert error_of(kiosk.checkin(qr)) == (400, "qr_invalid")


def test_a_code_signed_with_another_key_is_qr_invalid(api, app, kiosk):
    from itsdangerous import URLSafeSerializer

    from app.services.tokens import QR_SALT

    booking = book(api)
    forged = URLSafeSerializer("another-key", salt=QR_SALT).dumps(booking["code"])
    assert error_of(kiosk.checkin(forged)) == (400, "qr_invalid")


def test_a_scanned_code_is_read_before_the_health_questions_and_nothing_changes(
    api, app, clock, kiosk
):
    booking = book(api)
    clock.set(at(TUE_0800))
    response = kiosk.post("scan", {"qr": booking["qr"]["payload"]})
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "booking_code": booking["code"],
        "service": booking["service"],
        "ticket": None,
    }
    with app.app_context():
        assert Booking.query.filter_by(code=booking["code"]).one().status == "booked"
        assert Ticket.query.count() == 0


@pytest.mark.parametrize("qr", ["garbage", "eyJhIjoxfQ.forged.signature", "https://x.test/?a=1"])
def test_a_scanned_code_that_names_no_booking_is_refused_in_the_kiosks_language(kiosk, qr):
    indonesian, english = kiosk.post("scan", {"qr": qr}), kiosk.post("scan", {"qr": qr}, **EN)
    assert error_of(indonesian) == error_of(english) == (400, "qr_invalid")
    assert indonesian.get_json()["error"]["message"] == texts("kiosk", "id")["qr_invalid"]
    assert english.get_json()["error"]["message"] == texts("kiosk", "en")["qr_invalid"]


def test_a_scanned_code_of_another_deployment_is_refused(api, kiosk):
    from itsdangerous import URLSafeSerializer

    from app.services.tokens import QR_SALT

    foreign = URLSafeSerializer("another-key", salt=QR_SALT).dumps(book(api)["code"])
    assert error_of(kiosk.post("scan", {"qr": foreign})) == (400, "qr_invalid")


def test_reading_a_scanned_code_needs_the_kiosk_token(api, office):
    payload = book(api)["qr"]["payload"]
    response = api.client.post("/api/v1/kiosk/scan", json={"qr": payload})
    assert error_of(response) == (401, "unauthorized")


def another_offices_booking(api, clock) -> dict:
    api.setup_office(slug="samsat-test")
    booking = book(api, office="samsat-test")
    clock.set(at(TUE_0800))
    return booking


def a_cancelled_booking(api, clock) -> dict:
    booking = book(api)
    cancel(api, booking)
    clock.set(at(TUE_0800))
    return booking


def a_booking_on_a_day_the_office_closed(api, clock) -> dict:
    booking = book(api)
    closure = api.call(
        "POST", f"/offices/{SLUG}/closures", json={"date": "2026-12-08", "reason": "banjir"}
    )
    assert closure.status_code == 201, closure.get_json()
    clock.set(at("2026-12-08T07:50:00+07:00"))
    return booking


def a_booking_scanned_at(when: str):
    def arrange(api, clock) -> dict:
        booking = book(api)
        clock.set(at(when))
        return booking

    return arrange


@pytest.mark.parametrize(
    ("arrange", "refusal"),
    [
        (another_offices_booking, (403, "wrong_office")),
        (a_cancelled_booking, (409, "booking_cancelled")),
        (a_booking_on_a_day_the_office_closed, (409, "office_closed")),
        (a_booking_scanned_at("2026-12-08T07:29:00+07:00"), (422, "too_early")),
        (a_booking_scanned_at("2026-12-08T08:16:00+07:00"), (422, "too_late")),
    ],
    ids=["wrong_office", "booking_cancelled", "office_closed", "too_early", "too_late"],
)
def test_the_scan_refuses_what_the_checkin_would_with_the_same_answer(
    api, app, clock, kiosk, arrange, refusal
):
    payload = arrange(api, clock)["qr"]["payload"]
    messages = set()
    for lang in ("id", "en"):
        scanned = kiosk.scan(payload, **{"Accept-Language": lang})
        assert error_of(scanned) == refusal
        assert scanned.get_json() == kiosk.checkin(payload, **{"Accept-Language": lang}).get_json()
        messages.add(scanned.get_json()["error"]["message"])
    assert len(messages) == 2  # one in each language
    with app.app_context():
        assert Ticket.query.count() == 0


def test_a_booking_checked_in_already_passes_the_scan_with_its_ticket(api, clock, kiosk):
    booking = book(api)
    payload = booking["qr"]["payload"]
    clock.set(at(TUE_0800))
    assert kiosk.checkin(payload).status_code == 201
    clock.set(at("2026-12-08T09:00:00+07:00"))  # past its window: the ticket is still its own
    again = kiosk.scan(payload)
    assert again.status_code == 200, again.get_json()
    assert again.get_json() == {
        "booking_code": booking["code"],
        "service": booking["service"],
        "ticket": kiosk.checkin(payload).get_json()["ticket"],
    }


def test_the_checkin_checks_again_what_changed_since_the_scan(api, clock, kiosk):
    booking = book(api)
    clock.set(at("2026-12-08T08:15:00+07:00"))  # the window's last minute
    assert kiosk.scan(booking["qr"]["payload"]).status_code == 200
    clock.set(at("2026-12-08T08:16:00+07:00"))  # the health questions took a while
    assert error_of(kiosk.checkin(booking["qr"]["payload"])) == (422, "too_late")


def test_a_booking_of_another_office_is_refused(api, clock, kiosk):
    api.setup_office(slug="samsat-test")
    other = book(api, office="samsat-test")
    clock.set(at(TUE_0800))
    assert error_of(kiosk.checkin(other["qr"]["payload"])) == (403, "wrong_office")


def test_a_cancelled_booking_is_refused(api, clock, kiosk):
    booking = book(api)
    cancel(api, booking)
    clock.set(at(TUE_0800))
    assert error_of(kiosk.checkin(booking["qr"]["payload"])) == (409, "booking_cancelled")


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("needs_rebooking", "booking_needs_rebooking"),
        ("no_show", "booking_not_active"),
        ("done", "booking_not_active"),
    ],
)
def test_other_inactive_bookings_are_refused(api, app, clock, kiosk, status, code):
    booking = book(api)
    with app.app_context():
        from app.extensions import db

        Booking.query.filter_by(code=booking["code"]).one().status = status
        db.session.commit()
    clock.set(at(TUE_0800))
    assert error_of(kiosk.checkin(booking["qr"]["payload"])) == (409, code)


@pytest.mark.parametrize(
    ("when", "code", "window"),
    [
        ("2026-12-08T07:29:00+07:00", "too_early", ("07:30", "08:15")),
        ("2026-12-07T07:00:00+07:00", "too_early", ("2026-12-08 07:30", "08:15")),
        ("2026-12-08T08:16:00+07:00", "too_late", ("07:30", "08:15")),
        ("2026-12-08T20:00:00+07:00", "too_late", ("07:30", "08:15")),
    ],
)
def test_outside_the_window(api, clock, kiosk, when, code, window):
    booking = book(api)
    clock.set(at(when))
    for lang in ("id", "en"):
        response = kiosk.checkin(booking["qr"]["payload"], **{"Accept-Language": lang})
        assert error_of(response) == (422, code)
        message = response.get_json()["error"]["message"]
        assert window[0] in message and window[1] in message
        if when.startswith("2026-12-08"):  # the day of the window: the time alone
            assert "2026-12-08" not in message


@pytest.mark.parametrize("when", ["2026-12-08T07:30:00+07:00", "2026-12-08T08:15:00+07:00"])
def test_the_window_bounds_are_included(api, clock, kiosk, when):
    booking = book(api)
    clock.set(at(when))
    assert kiosk.checkin(booking["qr"]["payload"]).status_code == 201


def test_a_day_the_office_does_not_open_is_office_closed(api, clock, kiosk):
    booking = book(api)
    closure = api.call(
        "POST", f"/offices/{SLUG}/closures", json={"date": "2026-12-08", "reason": "banjir"}
    )
    assert closure.status_code == 201, closure.get_json()
    clock.set(at("2026-12-08T07:50:00+07:00"))
    response = kiosk.checkin(booking["qr"]["payload"])
    assert error_of(response) == (409, "office_closed")
    assert "2026-12-09 08:00" in response.get_json()["error"]["message"]
    clock.set(at("2026-12-12T09:00:00+07:00"))  # a Saturday
    assert error_of(kiosk.checkin(booking["qr"]["payload"])) == (409, "office_closed")


@pytest.mark.parametrize(
    ("health", "passes"),
    [
        ({"temperature_c": 37.3, "symptoms": []}, False),
        ({"temperature_c": 39, "symptoms": []}, False),
        ({"temperature_c": 36.4, "symptoms": ["batuk"]}, False),
        ({"temperature_c": 36.4, "symptoms": [], "close_contact": True}, False),
        ({"temperature_c": 37.2, "symptoms": []}, True),
        ({"symptoms": []}, True),
    ],
)
def test_health_screening(api, app, clock, kiosk, health, passes):
    booking = book(api)
    clock.set(at(TUE_0800))
    response = kiosk.post("checkin", {"qr": booking["qr"]["payload"], "health": health})
    if passes:
        assert response.status_code == 201
        return
    assert error_of(response) == (403, "health_screening_failed")
    assert "5 menit" in response.get_json()["error"]["message"]
    with app.app_context():
        assert Booking.query.filter_by(code=booking["code"]).one().status == "booked"
        assert Ticket.query.count() == 0


def test_a_failed_screening_can_be_repeated_and_nothing_of_it_is_stored(api, app, clock, kiosk):
    booking = book(api)
    clock.set(at(TUE_0800))
    assert kiosk.checkin(booking["qr"]["payload"], temperature=37.8).status_code == 403
    clock.set(at("2026-12-08T08:06:00+07:00"))
    response = kiosk.checkin(booking["qr"]["payload"], temperature=36.9)
    assert response.status_code == 201
    assert "temperature" not in str(response.get_json())
    assert not any("temp" in column.name for column in Ticket.__table__.columns)


def test_the_threshold_is_configurable(api, app, clock, kiosk):
    app.config["TEMPERATURE_LIMIT_C"] = 37.5
    booking = book(api)
    clock.set(at(TUE_0800))
    assert kiosk.checkin(booking["qr"]["payload"], temperature=37.4).status_code == 201


def test_the_office_threshold_wins(api, app, clock, kiosk):
    with app.app_context():
        from app.extensions import db
        from app.models import Office

        Office.query.filter_by(slug=SLUG).one().temperature_limit_c = 37.0
        db.session.commit()
    booking = book(api)
    clock.set(at(TUE_0800))
    assert kiosk.checkin(booking["qr"]["payload"], temperature=37.1).status_code == 403


def test_numbers_count_per_letter_and_restart_each_local_day(api, clock, kiosk):
    api.create_service(SLUG, code="kk", name="Kartu Keluarga", prefix="B")
    api.create_counter(SLUG, name="Loket B", services=["kk"])
    tuesday = [book(api), book(api, service="kk"), book(api)]
    wednesday = book(api, start="2026-12-09T08:00:00+07:00")
    clock.set(at(TUE_0800))
    numbers = [kiosk.checkin(b["qr"]["payload"]).get_json()["ticket"]["number"] for b in tuesday]
    assert numbers == ["A-001", "B-001", "A-002"]
    clock.set(at("2026-12-09T08:00:00+07:00"))
    assert kiosk.checkin(wednesday["qr"]["payload"]).get_json()["ticket"]["number"] == "A-001"


def test_walk_in_gets_a_ticket(api, app, clock, kiosk):
    clock.set(at("2026-12-07T09:00:00+07:00"))
    response = kiosk.walk_in(companions=1, phone="0812-1111-2222", priority="elderly")
    assert response.status_code == 201, response.get_json()
    ticket = response.get_json()["ticket"]
    assert (ticket["number"], ticket["status"], ticket["source"]) == ("A-001", "waiting", "walk_in")
    assert ticket["party_size"] == 2 and ticket["booking_code"] is None
    with app.app_context():
        stored = Ticket.query.one()
        assert stored.contact_phone == "+6281211112222"
        assert stored.issued_at == at("2026-12-07T09:00:00+07:00")


def test_walk_in_validation(api, clock, kiosk):
    clock.set(at("2026-12-07T09:00:00+07:00"))
    assert error_of(kiosk.walk_in(phone="0812-ABC")) == (422, "validation")
    assert error_of(kiosk.walk_in(companions=4)) == (422, "validation")
    bad = kiosk.post("walk-in", {"service": "nope", "health": {}})
    assert error_of(bad) == (422, "validation") and "service" in bad.get_json()["error"]["fields"]
    sick = kiosk.post("walk-in", {"service": "ktp", "health": {"temperature_c": 38.1}})
    assert error_of(sick) == (403, "health_screening_failed")
    # A walk-in has no booking to keep: the text says so only to a booked visitor.
    assert "emesanan" not in sick.get_json()["error"]["message"]
    english = kiosk.post("walk-in", {"service": "ktp", "health": {"symptoms": ["batuk"]}}, **EN)
    assert "booking" not in english.get_json()["error"]["message"]
    assert "37.3" in english.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "when", ["2026-12-07T07:00:00+07:00", "2026-12-07T12:30:00+07:00", "2026-12-12T10:00:00+07:00"]
)
def test_walk_in_outside_opening_hours(api, clock, kiosk, when):
    clock.set(at(when))
    response = kiosk.walk_in()
    assert error_of(response) == (409, "office_closed")
    assert ":00" in response.get_json()["error"]["message"]


def test_walk_ins_only_while_the_room_has_space(api, clock):
    api.setup_office(seats=4)  # max_occupancy 4
    kiosk = Kiosk(api)
    counter = api.call("GET", f"/offices/{SLUG}/counters").get_json()["counters"][0]["id"]
    clock.set(at("2026-12-07T09:00:00+07:00"))
    first = kiosk.walk_in(companions=2).get_json()["ticket"]
    full = kiosk.walk_in(companions=1)
    assert error_of(full) == (409, "office_full")
    assert "10 menit" in full.get_json()["error"]["message"]
    assert kiosk.walk_in().status_code == 201  # exactly 4 fit
    queue = api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()
    assert queue["occupancy"] == {"present": 4, "limit": 4}
    api.call("POST", f"/counters/{counter}/call-next", role="officer", office=SLUG)
    assert error_of(kiosk.walk_in()) == (409, "office_full")  # called people are still inside
    done = api.call("POST", f"/tickets/{first['id']}/complete", role="officer", office=SLUG)
    assert done.status_code == 200
    assert kiosk.walk_in(companions=2).status_code == 201


def test_booked_visitors_always_get_in(api, clock):
    api.setup_office(seats=2)
    kiosk = Kiosk(api)
    booking = book(api, start="2026-12-07T09:00:00+07:00")
    clock.set(at("2026-12-07T08:40:00+07:00"))
    kiosk.walk_in(companions=1)
    assert kiosk.checkin(booking["qr"]["payload"]).status_code == 201


def test_assisted_booking_at_the_kiosk(api, app, clock, kiosk):
    body = {
        "service": "ktp",
        "start": TUE_0800,
        "name": "Budi Santoso",
        "nik": "3171011203900099",
        "phone": "0812-3456-7890",
        "consent": True,
    }
    response = kiosk.post("bookings", body)
    assert response.status_code == 201, response.get_json()
    booked = response.get_json()
    assert booked["status"] == "booked" and booked["office"] == SLUG
    assert booked["qr"]["payload"] and booked["manage_token"]
    with app.app_context():
        assert Booking.query.filter_by(code=booked["code"]).one().channel == "kiosk"
    api.setup_office(slug="samsat-test")
    other = kiosk.post("bookings", {**body, "office": "samsat-test", "nik": "3171011203900098"})
    assert error_of(other) == (403, "wrong_office")
    again = kiosk.post("bookings", {**body, "nik": "3171011203900099"})
    assert error_of(again) == (409, "duplicate_booking")
    clock.set(at(TUE_0800))
    assert kiosk.checkin(booked["qr"]["payload"]).status_code == 201


def test_a_ticket_can_be_shown_again_from_its_booking_code(api, clock, kiosk):
    booking = book(api)
    clock.set(at(TUE_0800))
    issued = kiosk.checkin(booking["qr"]["payload"]).get_json()["ticket"]
    again = api.client.get(f"/api/v1/kiosk/tickets/{booking['code']}", headers=kiosk.headers)
    assert again.status_code == 200 and again.get_json()["ticket"]["number"] == issued["number"]
    missing = api.client.get("/api/v1/kiosk/tickets/NOPE2345", headers=kiosk.headers)
    assert missing.status_code == 404


def test_the_kiosk_knows_its_office(api, clock, kiosk):
    status = api.client.get("/api/v1/kiosk/office", headers=kiosk.headers).get_json()
    assert status["office"] == SLUG and status["open"] is False
    assert "08:00" in status["closed_message"]
    assert status["temperature_limit_c"] == 37.3


def test_two_kiosks_scanning_the_same_booking_at_once_get_one_ticket(api, app, clock, kiosk):
    booking = book(api)
    second = Kiosk(api)
    clock.set(at(TUE_0800))
    barrier = threading.Barrier(8)
    answers: list[tuple[int, int]] = []

    def scan(device: Kiosk) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(
            "/api/v1/kiosk/checkin",
            json={"qr": booking["qr"]["payload"], "health": {"temperature_c": 36.5}},
            headers=device.headers,
        )
        answers.append((response.status_code, response.get_json()["ticket"]["id"]))

    threads = [threading.Thread(target=scan, args=(d,)) for d in [kiosk, second] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _ in answers) == [200] * 7 + [201]
    assert len({ticket for _, ticket in answers}) == 1
    with app.app_context():
        assert Ticket.query.count() == 1
