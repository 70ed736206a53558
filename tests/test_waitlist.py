"""The waitlist: join a full slot, offers that hold places, confirm, expiry, no double counts."""

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import NOW, booking_body, make_nik

SLOT = "2026-12-08T08:00:00+07:00"


def slot(api, start=SLOT, day="2026-12-08"):
    response = api.call("GET", f"/offices/dukcapil-test/slots?date={day}&service=ktp", role=None)
    return next(s for s in response.get_json()["slots"] if s["start"] == start)


def join(api, expect=201, **overrides):
    body = booking_body(**{"start": SLOT, **overrides})
    response = api.client.post("/api/v1/waitlist", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def entry(api, joined):
    response = api.client.get(
        f"/api/v1/waitlist/{joined['code']}", headers={"X-Waitlist-Token": joined["token"]}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def fill_slot(api):
    """3 places per slot: two bookings of 1 and one of 1."""
    return [api.book(start=SLOT).get_json() for _ in range(3)]


def cancel(api, booking):
    response = api.client.post(
        f"/api/v1/bookings/{booking['code']}/cancel",
        headers={"X-Manage-Token": booking["manage_token"]},
    )
    assert response.status_code == 200, response.get_json()


def confirm(api, joined, expect=201):
    response = api.client.post(
        f"/api/v1/waitlist/{joined['code']}/confirm", json={"token": joined["token"]}
    )
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_only_a_full_slot_has_a_waitlist(api):
    api.setup_office()
    error = join(api, expect=409)["error"]
    assert error["code"] == "slot_not_full"
    fill_slot(api)
    joined = join(api)
    assert joined["status"] == "waiting" and joined["position"] == 1 and joined["token"]
    assert join(api, expect=201)["position"] == 2


def test_joining_validates_exactly_like_a_booking(api):
    api.setup_office()
    fill_slot(api)
    error = join(api, expect=422, nik="123", phone="abc", consent=False)["error"]
    assert {"nik", "phone", "consent"} <= set(error["fields"])
    off_schedule = join(api, expect=409, start="2026-12-08T08:10:00+07:00")
    assert off_schedule["error"]["code"] == "slot_closed"


def test_the_same_person_joins_once(api):
    api.setup_office()
    fill_slot(api)
    join(api, nik=make_nik(900))
    assert join(api, expect=409, nik=make_nik(900))["error"]["code"] == "waitlist_duplicate"


def test_a_cancellation_offers_the_place_to_the_first_in_line_and_holds_it(api):
    api.setup_office()
    booked = fill_slot(api)
    first, second = join(api), join(api)
    cancel(api, booked[0])
    assert entry(api, first)["status"] == "offered"
    assert entry(api, second)["status"] == "waiting"
    assert slot(api)["available"] == 0  # held for the offer: nobody else can take it
    assert api.book(start=SLOT, expect=409).get_json()["error"]["code"] == "slot_full"


def test_confirming_turns_the_held_places_into_a_booking_counted_once(api, client):
    api.setup_office()
    booked = fill_slot(api)
    joined = join(api, companions=0)
    cancel(api, booked[0])
    booking = confirm(api, joined)
    assert booking["status"] == "booked" and booking["start"] == SLOT
    assert (slot(api)["booked"], slot(api)["available"]) == (3, 0)
    own = client.get(
        f"/api/v1/bookings/{booking['code']}", headers={"X-Manage-Token": booking["manage_token"]}
    )
    assert own.status_code == 200 and own.get_json()["name"] == "Siti Rahayu"
    assert entry(api, joined)["status"] == "booked"
    assert confirm(api, joined, expect=409)["error"]["code"] == "waitlist_closed"
    cancel(api, booking)  # the confirmed booking gives its places back like any other
    assert slot(api)["available"] == 1


def test_a_party_that_does_not_fit_is_skipped_for_the_next_that_does(api):
    api.setup_office()
    booked = fill_slot(api)
    big, small = join(api, companions=1), join(api, companions=0)
    cancel(api, booked[0])
    assert entry(api, big)["status"] == "waiting"
    assert entry(api, small)["status"] == "offered"
    assert slot(api)["available"] == 0


def test_no_offer_is_made_into_a_slot_without_room(api, app):
    api.setup_office()
    fill_slot(api)
    joined = join(api)
    with app.app_context():
        from scheduling.runner import run_job

        assert run_job("waitlist", "test").outcome == "ok"
    assert entry(api, joined)["status"] == "waiting"
    assert slot(api)["booked"] == 3


def test_an_unconfirmed_offer_expires_and_passes_to_the_next(api, app, clock):
    api.setup_office()
    app.config["WAITLIST_HOLD_MINUTES"] = 30
    booked = fill_slot(api)
    first, second = join(api), join(api)
    cancel(api, booked[0])
    assert entry(api, first)["offer_expires_at"] == "2026-12-07T07:30:00+07:00"
    clock.set(NOW + timedelta(minutes=30))
    with app.app_context():
        from scheduling.runner import run_job

        run_job("waitlist", "test")
    assert entry(api, first)["status"] == "expired"
    assert entry(api, second)["status"] == "offered"
    assert confirm(api, first, expect=409)["error"]["code"] == "offer_expired"
    assert (slot(api)["booked"], slot(api)["available"]) == (3, 0)
    confirm(api, second)
    assert (slot(api)["booked"], slot(api)["available"]) == (3, 0)


def test_an_offer_is_never_held_past_the_start_of_its_slot(api, app, clock):
    api.setup_office()
    booked = fill_slot(api)
    joined = join(api)
    clock.set(NOW + timedelta(hours=24, minutes=50))  # 07:50 on the day of the slot
    cancel(api, booked[0])
    assert entry(api, joined)["offer_expires_at"] == SLOT


def test_leaving_gives_held_places_back(api):
    api.setup_office()
    booked = fill_slot(api)
    joined = join(api)
    cancel(api, booked[0])
    response = api.client.post(
        f"/api/v1/waitlist/{joined['code']}/cancel", headers={"X-Waitlist-Token": joined["token"]}
    )
    assert response.status_code == 200 and response.get_json()["status"] == "left"
    assert slot(api)["available"] == 1


def test_the_private_token_is_needed(api):
    api.setup_office()
    fill_slot(api)
    joined = join(api)
    assert api.client.get(f"/api/v1/waitlist/{joined['code']}").status_code == 401
    wrong = api.client.post(f"/api/v1/waitlist/{joined['code']}/confirm", json={"token": "x"})
    assert wrong.status_code == 401


def test_an_offer_notifies_the_citizen_in_their_language(api, app):
    app.config.update(SMTP_HOST="127.0.0.1", SMS_GATEWAY_URL="http://127.0.0.1:9/sms")
    api.setup_office()
    booked = fill_slot(api)
    body = booking_body(start=SLOT, email="warga@example.id")
    joined = api.client.post("/api/v1/waitlist", json=body, headers={"Accept-Language": "en"})
    joined = joined.get_json()
    cancel(api, booked[0])
    with app.app_context():
        from app.extensions import db
        from app.models import Notification

        rows = db.session.scalars(select(Notification).order_by(Notification.channel)).all()
    assert [(n.kind, n.channel) for n in rows] == [
        ("waitlist_offer", "email"),
        ("waitlist_offer", "sms"),
    ]
    assert "holding a place" in rows[0].body and joined["token"] in rows[0].body
