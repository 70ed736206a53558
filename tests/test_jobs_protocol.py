"""Protocol changes on top of re-balancing: named levels, notifications, waitlist offers."""

from sqlalchemy import select

from app.extensions import db
from app.models import Notification
from app.serialize import local_iso
from tests.conftest import booking_body

SLOT = "2026-12-08T08:00:00+07:00"


def notes(app):
    with app.app_context():
        return db.session.scalars(select(Notification).order_by(Notification.id)).all()


def test_an_admin_defines_levels_and_an_office_takes_a_levels_percentage(api):
    api.setup_office()
    created = api.call("PUT", "/protocol-levels/PPKM 3", json={"capacity_pct": 50})
    assert created.status_code == 201 and created.get_json() == {
        "name": "PPKM 3",
        "capacity_pct": 50,
    }
    assert api.call("PUT", "/protocol-levels/PPKM 3", json={"capacity_pct": 40}).status_code == 200
    bad = api.call("PUT", "/protocol-levels/PPKM 4", json={"capacity_pct": 140})
    assert bad.status_code == 422
    levels = api.call("GET", "/protocol-levels").get_json()["levels"]
    assert levels == [{"name": "PPKM 3", "capacity_pct": 40}]
    response = api.call("PUT", "/offices/dukcapil-test/protocol", json={"level": "PPKM 3"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["after"]["max_occupancy"] == 8  # 20 × 40 %
    office = api.call("GET", "/offices/dukcapil-test").get_json()
    assert office["capacity_pct"] == 40 and office["level"] == "PPKM 3"


def test_an_unknown_level_is_refused_and_only_an_admin_edits_levels(api):
    api.setup_office()
    for body in ({"level": "PPKM 9"}, {"level": "PPKM 9", "capacity_pct": 50}):
        response = api.call("PUT", "/offices/dukcapil-test/protocol", json=body)
        assert response.status_code == 422 and "level" in response.get_json()["error"]["fields"]
    office = api.call("GET", "/offices/dukcapil-test").get_json()
    assert office["level"] is None and office["capacity_pct"] == 100  # nothing was stored
    supervisor = {"role": "supervisor", "office": "dukcapil-test"}
    denied = api.call("PUT", "/protocol-levels/PPKM 1", json={"capacity_pct": 100}, **supervisor)
    assert denied.status_code == 403
    assert api.call("GET", "/protocol-levels", role=None).status_code == 401


def test_moved_and_flagged_citizens_are_notified_once(api, app):
    app.config.update(SMTP_HOST="127.0.0.1")
    api.setup_office(booking_horizon_days=1)  # no later slot far away: some get flagged
    for n in range(3):
        api.book(start=SLOT, email=f"w{n}@example.id")
    for start in ("08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"):
        for _ in range(3):
            api.book(start=f"2026-12-08T{start}:00+07:00", email="x@example.id")
    response = api.call("PUT", "/offices/dukcapil-test/protocol", json={"capacity_pct": 10})
    outcomes = {b["code"]: b["outcome"] for b in response.get_json()["bookings"]}
    touched = [code for code, what in outcomes.items() if what != "kept"]
    assert touched, outcomes
    flagged = [b for b in response.get_json()["bookings"] if b["outcome"] == "flagged"]
    assert flagged  # their start is where they still stand, as for the others:
    with app.app_context():
        from app.models import Booking

        for reported in response.get_json()["bookings"]:
            booking = db.session.scalar(select(Booking).where(Booking.code == reported["code"]))
            assert reported["start"] == local_iso(booking.start, "Asia/Jakarta")
    told = notes(app)
    with app.app_context():
        from app.models import Booking

        with_email = {
            b.code for b in db.session.scalars(select(Booking).where(Booking.email.is_not(None)))
        }
    assert len(told) == len([c for c in touched if c in with_email])
    assert {n.kind for n in told} == {"protocol_moved", "protocol_flagged"}
    assert all("/b/" in n.body and "?token=" in n.body for n in told)


def test_raising_capacity_offers_places_to_the_waitlist(api, app):
    api.setup_office(capacity_pct=50)  # max 10, slot capacity 8, ktp 3 per slot
    api.create_counter("dukcapil-test", name="Loket 2")  # ktp 6 per slot, office 8
    api.call("PUT", "/offices/dukcapil-test/protocol", json={"capacity_pct": 25})  # office 4
    for _ in range(4):
        api.book(start=SLOT)
    joined = api.client.post("/api/v1/waitlist", json=booking_body(start=SLOT)).get_json()
    assert joined["status"] == "waiting"
    api.call("PUT", "/offices/dukcapil-test/protocol", json={"capacity_pct": 100})
    entry = api.client.get(
        f"/api/v1/waitlist/{joined['code']}", headers={"X-Waitlist-Token": joined["token"]}
    ).get_json()
    assert entry["status"] == "offered"
