from datetime import UTC, datetime

import pytest

from tests.conftest import booking_body, make_nik

SLOT = "2026-12-08T08:00:00+07:00"


def slots(api, day="2026-12-08", service="ktp", office="dukcapil-test"):
    response = api.call("GET", f"/offices/{office}/slots?date={day}&service={service}", role=None)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["slots"]


def test_a_booking_takes_its_places_and_gives_a_qr_and_links(api, client):
    api.setup_office(counters=2)  # 6 people per slot for ktp
    response = api.book(start=SLOT, companions=2)
    booking = response.get_json()
    assert booking["status"] == "booked"
    assert booking["start"] == SLOT
    assert booking["end"] == "2026-12-08T08:30:00+07:00"
    assert booking["qr"]["payload"] and make_nik(1)[:6] not in booking["qr"]["payload"]
    first = slots(api)[0]
    assert (first["booked"], first["available"], first["state"]) == (3, 3, "open")
    png = client.get(booking["qr"]["png_url"])
    assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
    svg = client.get(booking["qr"]["svg_url"])
    assert b"<svg" in svg.data
    ics = client.get(booking["ics_url"])
    assert b"BEGIN:VEVENT" in ics.data and b"DTSTART:20261208T010000Z" in ics.data
    assert b"STATUS:CONFIRMED" in ics.data
    cancelled = client.post(
        f"/api/v1/bookings/{booking['code']}/cancel",
        headers={"X-Manage-Token": booking["manage_token"]},
    )
    assert cancelled.status_code == 200
    assert b"STATUS:CANCELLED" in client.get(booking["ics_url"]).data  # re-imported: off


def test_a_bookings_links_name_the_host_it_was_booked_through(api, client):
    api.setup_office(counters=2)
    for host in ("antrean.example.go.id", "10.0.0.7:8080", "antrean.example.go.id"):
        response = client.post("/api/v1/bookings", json=booking_body(), base_url=f"https://{host}")
        booking = response.get_json()
        code, token = booking["code"], booking["manage_token"]
        own = f"https://{host}"
        assert booking["qr"]["png_url"] == f"{own}/api/v1/bookings/{code}/qr.png?token={token}"
        assert booking["qr"]["svg_url"] == f"{own}/api/v1/bookings/{code}/qr.svg?token={token}"
        assert booking["ics_url"] == f"{own}/api/v1/bookings/{code}/calendar.ics?token={token}"
        assert booking["manage_url"] == f"{own}/b/{code}?token={token}"
        manage = client.get(booking["manage_url"].removeprefix(own))
        assert manage.status_code == 200 and code.encode() in manage.data


def test_time_in_another_offset_means_the_same_instant(api):
    api.setup_office()
    booking = api.book(start="2026-12-08T01:00:00Z").get_json()
    assert booking["start"] == SLOT


def test_slot_full_when_the_party_does_not_fit(api):
    api.setup_office()  # 3 per slot
    api.book(companions=1)
    response = api.book(companions=1, expect=409)
    assert response.get_json()["error"]["code"] == "slot_full"
    api.book(companions=0)
    assert slots(api)[0]["state"] == "full"


def test_office_wide_slot_capacity_binds_all_services_together(api):
    api.create_office(waiting_room_m2=9, seats=30, walk_in_share=0)  # 9/2.25 = 4 people
    api.create_service("dukcapil-test", code="ktp", prefix="A", avg_service_minutes=5)
    api.create_service("dukcapil-test", code="kk", prefix="B", avg_service_minutes=5)
    api.create_counter("dukcapil-test", services=["ktp", "kk"])
    api.book(service="ktp", companions=2)
    response = api.book(service="kk", companions=1, expect=409)
    assert response.get_json()["error"]["code"] == "slot_full"
    kk = slots(api, service="kk")[0]
    assert kk["available"] == 1


def test_duplicate_booking_same_person_same_day(api):
    api.setup_office(counters=2)
    nik = make_nik()
    api.book(nik=nik)
    response = api.book(nik=nik, start="2026-12-08T09:00:00+07:00", expect=409)
    assert response.get_json()["error"]["code"] == "duplicate_booking"
    api.book(nik=nik, start="2026-12-09T09:00:00+07:00")


def test_health_declaration_refuses_face_to_face_and_points_online(api):
    api.setup_office()
    api.create_service(
        "dukcapil-test", code="kk", prefix="B", online_url="https://example.go.id/kk"
    )
    api.create_counter("dukcapil-test", name="Loket KK", services=["kk"])
    response = api.book(
        service="kk", health={"symptoms": ["demam"], "close_contact": False}, expect=409
    )
    error = response.get_json()["error"]
    assert error["code"] == "health_declared"
    assert "https://example.go.id/kk" in error["message"]
    api.book(health={"symptoms": [], "close_contact": True}, expect=409)
    assert slots(api)[0]["booked"] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nik", "12345"),
        ("nik", "3171013203900001"),
        ("nik", "317101120390000A"),
        ("nik", "３１７１０１１２０３９０００１"),
        ("phone", "0812-ABCD-7890"),
        ("phone", "021 555 1234"),
        ("phone", ""),
        ("companions", 4),
        ("companions", -1),
        ("consent", False),
        ("name", ""),
        ("priority", "vip"),
        ("start", "besok pagi"),
    ],
)
def test_validation_names_the_bad_field(api, field, value):
    api.setup_office()
    response = api.book(expect=422, **{field: value})
    error = response.get_json()["error"]
    assert error["code"] == "validation"
    assert field in error["fields"]


def test_validation_message_follows_accept_language(api, client):
    api.setup_office()
    body = booking_body(nik="123")
    english = client.post(
        "/api/v1/bookings", json=body, headers={"Accept-Language": "en-US,en;q=0.8"}
    )
    assert "16 digits" in english.get_json()["error"]["fields"]["nik"]
    indonesian = client.post("/api/v1/bookings", json=body)
    assert "16 angka" in indonesian.get_json()["error"]["fields"]["nik"]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("en;q=0.1, id;q=0.9", "id"),
        ("id-ID,id;q=0.9,en;q=0.8", "id"),
        ("fr, en;q=0.5", "en"),
        ("en-GB", "en"),
        ("en;q=0, fr", "id"),  # q=0: not acceptable; nothing else offered is ours
    ],
)
def test_the_language_is_the_best_one_the_client_accepts(client, header, language):
    def message(accept: str) -> str:
        response = client.get("/api/v1/offices/nope", headers={"Accept-Language": accept})
        return response.get_json()["error"]["message"]

    assert message("id") != message("en")
    assert message(header) == message(language)


def test_women_nik_day_plus_forty_is_valid(api):
    api.setup_office()
    api.book(nik="3171015203900001")  # born 12 March 1990, female


def test_no_plaintext_nik_is_stored(api, app):
    api.setup_office()
    nik = make_nik()
    api.book(nik=nik)
    with app.app_context():
        from sqlalchemy import text

        from app.extensions import db

        for table in db.metadata.tables:
            query = text(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in db.session.execute(query):
                assert nik not in " ".join(str(v) for v in row), table


def test_slots_past_closed_and_beyond_horizon(api, clock):
    api.setup_office(booking_horizon_days=5)
    clock.set(datetime(2026, 12, 7, 1, 15, tzinfo=UTC))  # 08:15 in Jakarta
    today = slots(api, day="2026-12-07")
    assert today[0]["state"] == "past"  # 08:00 has begun
    assert today[1]["state"] == "open"
    assert all(s["state"] == "closed" for s in slots(api, day="2026-12-14"))
    assert {s["state"] for s in slots(api, day="2026-12-11")} == {"open"}
    api.book(start="2026-12-07T08:00:00+07:00", expect=409)
    api.book(start="2026-12-07T08:30:00+07:00")
    closure = api.call("POST", "/offices/dukcapil-test/closures", json={"date": "2026-12-09"})
    assert closure.status_code == 201, closure.get_json()
    assert {s["state"] for s in slots(api, day="2026-12-09")} == {"closed"}
    response = api.book(start="2026-12-09T08:00:00+07:00", expect=409)
    assert response.get_json()["error"]["code"] == "slot_closed"


def test_a_range_of_days_lists_each_days_slots_and_a_missing_day_is_named(api):
    api.setup_office()
    path = "/offices/dukcapil-test/slots?service=ktp"
    week = api.call("GET", f"{path}&from=2026-12-07&to=2026-12-13", role=None).get_json()
    assert [d["date"] for d in week["days"]] == [f"2026-12-{n:02d}" for n in range(7, 14)]
    assert {s["start"][:10] for s in week["slots"]} == {f"2026-12-{n:02d}" for n in range(7, 12)}
    for query, field in [("", "date"), ("&from=2026-12-07", "to"), ("&to=2026-12-07", "from")]:
        response = api.call("GET", path + query, role=None)
        assert response.status_code == 422, query
        assert list(response.get_json()["error"]["fields"]) == [field], query
    backwards = api.call("GET", f"{path}&from=2026-12-09&to=2026-12-07", role=None)
    assert list(backwards.get_json()["error"]["fields"]) == ["to"]


def test_a_start_that_is_not_a_slot_is_closed(api):
    api.setup_office()
    response = api.book(start="2026-12-08T08:10:00+07:00", expect=409)
    assert response.get_json()["error"]["code"] == "slot_closed"
    api.book(start="2026-12-08T12:00:00+07:00", expect=409)  # lunch break


def test_config_changes_show_at_once_in_slots(api):
    api.setup_office()
    before = len(slots(api))
    api.call("PATCH", "/offices/dukcapil-test", json={"slot_minutes": 60})
    assert len(slots(api)) < before


def test_manage_cancel_frees_places_and_reschedule(api, client):
    api.setup_office()  # 3 per slot
    booking = api.book(companions=2).get_json()
    headers = {"X-Manage-Token": booking["manage_token"]}
    view = client.get(f"/api/v1/bookings/{booking['code']}", headers=headers)
    assert view.status_code == 200 and view.get_json()["name"] == "Siti Rahayu"
    assert client.get(f"/api/v1/bookings/{booking['code']}").status_code == 401
    wrong = client.get(
        f"/api/v1/bookings/{booking['code']}",
        headers={"X-Manage-Token": "wrong", "Accept-Language": "en"},
    )
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "unauthorized"
    assert "private link" in wrong.get_json()["error"]["message"]  # a citizen has no sign-in
    moved = client.post(
        f"/api/v1/bookings/{booking['code']}/reschedule",
        json={"start": "2026-12-08T09:00:00+07:00"},
        headers=headers,
    )
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["start"] == "2026-12-08T09:00:00+07:00"
    day = slots(api)
    assert day[0]["booked"] == 0 and day[2]["booked"] == 3
    cancelled = client.post(f"/api/v1/bookings/{booking['code']}/cancel", headers=headers)
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert slots(api)[2]["booked"] == 0


def test_a_cancelled_bookings_qr_code_is_gone_and_no_longer_linked(api, client):
    api.setup_office()
    booking = api.book().get_json()
    code, headers = booking["code"], {"X-Manage-Token": booking["manage_token"]}
    client.post(f"/api/v1/bookings/{code}/cancel", headers=headers)
    for url in (booking["qr"]["png_url"], booking["qr"]["svg_url"]):
        for lang, word in (("id", "dibatalkan"), ("en", "cancelled")):
            response = client.get(url, headers={"Accept-Language": lang})
            assert response.status_code == 410, (url, response.status_code)
            error = response.get_json()["error"]
            assert error["code"] == "booking_cancelled" and word in error["message"]
        assert client.get(url.replace("token=", "token=x")).status_code == 401
    view = client.get(f"/api/v1/bookings/{code}", headers=headers).get_json()
    assert view["status"] == "cancelled"
    assert view["qr"] == {"payload": booking["qr"]["payload"]}  # the contract's `qr`, no links
    assert b"STATUS:CANCELLED" in client.get(view["ics_url"]).data


def set_status(app, code: str, status: str) -> None:
    from app.extensions import db
    from app.models import Booking

    with app.app_context():
        db.session.scalar(db.select(Booking).filter_by(code=code)).status = status
        db.session.commit()


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        ("booked", None),
        ("checked_in", None),  # a second scan at the kiosk gives the ticket back
        ("needs_rebooking", (409, "booking_needs_rebooking")),  # until a new time is chosen
        ("no_show", (410, "booking_not_active")),
        ("done", (410, "booking_not_active")),
    ],
)
def test_the_qr_code_is_served_and_linked_only_while_the_kiosk_takes_it(
    api, app, client, status, refusal
):
    api.setup_office()
    booking = api.book().get_json()
    set_status(app, booking["code"], status)
    png = client.get(booking["qr"]["png_url"])
    svg = client.get(booking["qr"]["svg_url"])
    if refusal is None:
        assert (png.status_code, svg.status_code) == (200, 200)
    else:
        for response in (png, svg):
            assert (response.status_code, response.get_json()["error"]["code"]) == refusal
            # The refusal's URL holds the manage token: no cache keeps it (410 is cacheable).
            assert response.headers["Cache-Control"] == "private, no-store"
    ics = client.get(booking["ics_url"]).data
    expected = b"STATUS:TENTATIVE" if status == "needs_rebooking" else b"STATUS:CONFIRMED"
    assert expected in ics
    headers = {"X-Manage-Token": booking["manage_token"]}
    view = client.get(f"/api/v1/bookings/{booking['code']}", headers=headers).get_json()
    described = described_answer(client, "/api/v1/bookings/{code}")
    assert view["status"] in described["properties"]["status"]["enum"]
    assert ("png_url" in view["qr"], "svg_url" in view["qr"]) == (refusal is None,) * 2
    assert view["qr"]["payload"] == booking["qr"]["payload"]


def described_answer(client, path: str) -> dict:
    operation = client.get("/api/v1/openapi.json").get_json()["paths"][path]["get"]
    return operation["responses"]["200"]["content"]["application/json"]["schema"]


def test_reschedule_into_a_full_slot_keeps_the_old_place(api, client):
    api.setup_office()
    booking = api.book(start=SLOT).get_json()
    api.book(start="2026-12-08T09:00:00+07:00", companions=2)
    response = client.post(
        f"/api/v1/bookings/{booking['code']}/reschedule",
        json={"start": "2026-12-08T09:00:00+07:00"},
        headers={"X-Manage-Token": booking["manage_token"]},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "slot_full"
    assert slots(api)[0]["booked"] == 1
    view = client.get(
        f"/api/v1/bookings/{booking['code']}", headers={"X-Manage-Token": booking["manage_token"]}
    ).get_json()
    assert view["start"] == SLOT and view["status"] == "booked"


def test_idempotency_key_returns_the_same_booking(api, client):
    api.setup_office()
    body = booking_body()
    first = client.post("/api/v1/bookings", json=body, headers={"Idempotency-Key": "abc-1"})
    again = client.post("/api/v1/bookings", json=body, headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.get_json()["code"] == again.get_json()["code"]
    assert first.get_json()["manage_token"] == again.get_json()["manage_token"]
    assert slots(api)[0]["booked"] == 1
    other = client.post(
        "/api/v1/bookings", json={**body, "companions": 1}, headers={"Idempotency-Key": "abc-1"}
    )
    assert other.status_code == 409


def test_empty_body_post_is_accepted_where_no_fields_are_needed(api, client):
    api.setup_office()
    booking = api.book().get_json()
    response = client.post(
        f"/api/v1/bookings/{booking['code']}/cancel",
        headers={"X-Manage-Token": booking["manage_token"]},
    )
    assert response.status_code == 200


def test_slots_of_an_office_with_one_service_need_no_service_parameter(api):
    api.setup_office()
    response = api.call("GET", "/offices/dukcapil-test/slots?date=2026-12-08", role=None)
    assert response.status_code == 200
    assert response.get_json()["service"] == "ktp"
    api.create_service("dukcapil-test", code="kk", prefix="B")
    ambiguous = api.call("GET", "/offices/dukcapil-test/slots?date=2026-12-08", role=None)
    assert ambiguous.status_code == 422
    assert "service" in ambiguous.get_json()["error"]["fields"]
