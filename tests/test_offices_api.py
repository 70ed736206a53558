from tests.conftest import office_body


def test_office_shows_capacity_and_where_it_came_from(api):
    office = api.create_office(waiting_room_m2=45, seats=30, capacity_pct=100, walk_in_share=0.2)
    assert office["max_occupancy"] == 20
    assert office["slot_capacity"] == 16
    assert office["capacity"]["from"]["limited_by"] == "area"
    assert office["capacity"]["walk_in_places"] == 4
    public = api.call("GET", "/offices/dukcapil-test", role=None)
    assert public.status_code == 200
    assert public.get_json()["max_occupancy"] == 20
    (listed,) = api.call("GET", "/offices", role=None).get_json()["offices"]
    assert listed["capacity"] == office["capacity"]  # the list explains its figures too


def test_defaults_of_the_contract(api):
    body = office_body()
    for key in ("distancing_m", "capacity_pct", "slot_minutes", "walk_in_share"):
        body.pop(key)
    response = api.call("POST", "/offices", json=body)
    assert response.status_code == 201
    office = response.get_json()
    assert office["distancing_m"] == 1.5
    assert office["capacity_pct"] == 100
    assert office["slot_minutes"] == 30
    assert office["cleaning_minutes"] == 0
    assert office["booking_horizon_days"] == 60
    assert office["checkin_early_minutes"] == 30
    assert office["checkin_late_minutes"] == 15
    assert office["walk_in_share"] == 0.2
    assert office["observe_national_holidays"] is True


def test_service_capacity_is_bounded_by_its_counters(api):
    api.create_office()
    service = api.create_service("dukcapil-test", avg_service_minutes=10)
    assert service["slot_capacity"] == 0  # no counter yet
    api.create_counter("dukcapil-test")
    services = api.call("GET", "/offices/dukcapil-test/services", role=None).get_json()["services"]
    assert services[0]["slot_capacity"] == 3
    api.create_counter("dukcapil-test", name="Loket 2")
    services = api.call("GET", "/offices/dukcapil-test/services", role=None).get_json()["services"]
    assert services[0]["slot_capacity"] == 6


def test_bad_office_fields_are_named_in_the_users_language(api):
    body = office_body(
        slug="Bad Slug!",
        timezone="Mars/Olympus",
        capacity_pct=120,
        weekly_hours={"mon": [["12:00", "08:00"]]},
    )
    body.pop("seats")
    response = api.call("POST", "/offices", json=body, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation"
    assert set(error["fields"]) >= {"slug", "timezone", "capacity_pct", "weekly_hours", "seats"}
    assert "time zone" in error["fields"]["timezone"]
    indonesian = api.call("POST", "/offices", json=body).get_json()["error"]
    assert "Zona waktu" in indonesian["fields"]["timezone"]


def test_malformed_json_is_400_in_the_contract_shape(api):
    response = api.call("POST", "/offices", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed"


def test_duplicate_slug_is_a_conflict(api):
    api.create_office()
    response = api.call("POST", "/offices", json=office_body())
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "slug_taken"


def test_authentication_comes_before_validation(api):
    assert api.call("POST", "/offices", role=None, json={}).status_code == 401
    api.create_office()
    response = api.call("POST", "/offices", role="officer", office="dukcapil-test", json={})
    assert response.status_code == 403


def test_supervisor_manages_only_their_own_office(api):
    api.create_office(slug="kantor-a")
    api.create_office(slug="kantor-b")
    own = api.call(
        "PATCH", "/offices/kantor-a", role="supervisor", office="kantor-a", json={"seats": 10}
    )
    assert own.status_code == 200
    assert own.get_json()["seats"] == 10
    other = api.call(
        "PATCH", "/offices/kantor-b", role="supervisor", office="kantor-a", json={"seats": 10}
    )
    assert other.status_code == 403


def test_a_field_left_empty_is_named_as_required_not_as_the_wrong_type(api):
    api.create_office(slug="kantor-a")
    for lang, required in (("id", "Wajib diisi."), ("en", "Required.")):
        response = api.call(
            "PATCH",
            "/offices/kantor-a",
            json={"seats": "", "capacity_pct": None, "waiting_room_m2": "lots"},
            headers={"Accept-Language": lang},
        )
        assert response.status_code == 422
        fields = response.get_json()["error"]["fields"]
        assert fields["seats"] == required and fields["capacity_pct"] == required
        assert fields["waiting_room_m2"] not in (required, "")  # filled in, but not a number
        closure = api.call(
            "POST",
            "/offices/kantor-a/closures",
            json={"date": "", "reason": "Rapat"},
            headers={"Accept-Language": lang},
        )
        assert closure.get_json()["error"]["fields"]["date"] == required
        wrong = api.call(
            "POST",
            "/offices/kantor-a/closures",
            json={"date": "25-12-2026", "reason": "Rapat"},
            headers={"Accept-Language": lang},
        )
        assert wrong.get_json()["error"]["fields"]["date"] not in (required, "")  # the format


def test_a_value_too_short_or_out_of_range_says_the_bound_it_missed(api):
    api.setup_office()
    expected = {
        "id": (
            "Paling sedikit 3 karakter.",
            "Paling sedikit 10 karakter.",
            "Pilih paling sedikit 1.",
        ),
        "en": ("At least 3 characters.", "At least 10 characters.", "Choose at least 1."),
    }
    for lang, (username, password, services) in expected.items():
        language = {"Accept-Language": lang}
        staff = api.call(
            "POST",
            "/staff",
            role="admin",
            json={"username": "ab", "password": "short", "role": "officer"},
            headers=language,
        )
        assert staff.status_code == 422
        assert staff.get_json()["error"]["fields"]["username"] == username
        assert staff.get_json()["error"]["fields"]["password"] == password
        counter = api.call(
            "POST",
            "/offices/dukcapil-test/counters",
            json={"name": "Loket 9", "services": []},
            headers=language,
        )
        assert counter.status_code == 422
        assert counter.get_json()["error"]["fields"]["services"] == services
    officer = {
        "username": "petugas-baru",
        "password": "panjang-sekali",
        "role": "officer",
        "office": "dukcapil-test",
    }
    assert api.call("POST", "/staff", role="admin", json=officer).status_code == 201
    taken = api.call("POST", "/staff", role="admin", json=officer)
    assert taken.status_code == 409
    assert taken.get_json()["error"]["fields"] == {"username": taken.get_json()["error"]["message"]}
    audit = api.call("GET", "/audit?limit=0", role="admin")
    assert audit.status_code == 422
    assert audit.get_json()["error"]["fields"]["limit"] == "Paling sedikit 1."


def test_closures_and_counters(api):
    api.setup_office()
    response = api.call(
        "POST",
        "/offices/dukcapil-test/closures",
        json={"date": "2026-12-09", "reason": "Rapat kerja"},
    )
    assert response.status_code == 201
    again = api.call("POST", "/offices/dukcapil-test/closures", json={"date": "2026-12-09"})
    assert again.status_code == 409
    assert again.get_json()["error"]["fields"] == {"date": again.get_json()["error"]["message"]}
    counters = api.call("GET", "/offices/dukcapil-test/counters", role=None).get_json()["counters"]
    assert counters[0]["services"] == ["ktp"]
    # The displays call citizens to a counter by its name: two of one office may not share it.
    twin = api.call(
        "POST", "/offices/dukcapil-test/counters", json={"name": " loket 1", "services": ["ktp"]}
    )
    assert twin.status_code == 409
    assert twin.get_json()["error"]["code"] == "counter_name_taken"
    assert twin.get_json()["error"]["fields"] == {"name": twin.get_json()["error"]["message"]}
    api.create_office(slug="kantor-lain")
    api.create_service("kantor-lain")
    api.create_counter("kantor-lain", name="Loket 1")  # another office's may
    bad = api.call(
        "POST", "/offices/dukcapil-test/counters", json={"name": "X", "services": ["nope"]}
    )
    assert bad.status_code == 422
    assert "services" in bad.get_json()["error"]["fields"]


def test_counter_open_and_close_by_an_officer(api):
    api.setup_office()
    counter_id = api.call("GET", "/offices/dukcapil-test/counters", role=None).get_json()[
        "counters"
    ][0]["id"]
    closed = api.call(
        "POST", f"/counters/{counter_id}/close", role="officer", office="dukcapil-test"
    )
    assert closed.status_code == 200 and closed.get_json()["is_open"] is False
    opened = api.call(
        "POST", f"/counters/{counter_id}/open", role="officer", office="dukcapil-test"
    )
    assert opened.get_json()["is_open"] is True


def test_device_token_is_shown_once_and_revocation_locks_it_out(api, app):
    api.setup_office()
    response = api.call(
        "POST", "/offices/dukcapil-test/devices", json={"kind": "kiosk", "name": "K1"}
    )
    assert response.status_code == 201
    device = response.get_json()
    assert len(device["token"]) >= 22
    listing = api.call("GET", "/offices/dukcapil-test/devices").get_json()["devices"]
    assert "token" not in listing[0]
    assert device["created_at"].endswith("+07:00")  # the office's own offset, as every time
    with app.app_context():
        from app.auth import device_from_token
        from app.extensions import db
        from app.models import Device

        stored = db.session.get(Device, device["id"])
        assert device["token"] not in stored.token_hash
        assert device_from_token(device["token"], "kiosk") is not None
    assert api.call("DELETE", f"/devices/{device['id']}").status_code == 200
    with app.app_context():
        assert device_from_token(device["token"], "kiosk") is None


def test_staff_token_and_bad_credentials(api, client):
    api.token_for("admin")
    bad = client.post("/api/v1/auth/token", json={"username": "nobody", "password": "x"})
    assert bad.status_code == 401
    assert bad.get_json()["error"]["code"] == "bad_credentials"


def test_openapi_is_generated_from_the_routes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/bookings" in spec["paths"]
    assert "requestBody" in spec["paths"]["/api/v1/bookings"]["post"]
    assert "/api/v1/offices/{slug}/slots" in spec["paths"]
