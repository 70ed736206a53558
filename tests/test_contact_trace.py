"""Contact tracing (every stay overlapping a window, masked, audited) and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.report_factories import make_ticket

SLUG = "dukcapil-test"
TRACE = f"/offices/{SLUG}/contact-trace"
WINDOW = {"from": "2026-12-07T08:00:00+07:00", "to": "2026-12-07T10:00:00+07:00"}


def at(hhmm: str, day: int = 7) -> datetime:
    return datetime.fromisoformat(f"2026-12-{day:02d}T{hhmm}:00+07:00").astimezone(UTC)


@pytest.fixture
def visits(api, app, clock):
    """Stays on Monday 7 December (Jakarta), seen at 16:00."""
    api.setup_office(SLUG)
    booking = api.book(
        start="2026-12-07T08:00:00+07:00", name="Siti Rahayu", companions=1
    ).get_json()
    ids = {
        "before": make_ticket(app, issued_at=at("07:00"), completed_at=at("08:00")),
        "no_show": make_ticket(app, issued_at=at("07:30"), called_at=at("08:05"), status="no_show"),
        "booked": make_ticket(
            app, booking_code=booking["code"], issued_at=at("08:00"), completed_at=at("08:30")
        ),
        "walk_in": make_ticket(
            app, issued_at=at("08:10"), completed_at=at("09:00"), contact_phone="+6281298765432"
        ),
        "inside": make_ticket(app, issued_at=at("09:00"), status="serving", party_size=2),
        "after": make_ticket(app, issued_at=at("10:00"), completed_at=at("10:20")),
    }
    clock.set(at("16:00"))
    api.tokens.clear()
    return ids, booking


def trace(api, query=None, **kwargs):
    return api.call("GET", TRACE, query_string=query or WINDOW, **kwargs)


def test_every_stay_overlapping_the_window(api, app, visits):
    ids, booking = visits
    response = trace(api)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["from"] == "2026-12-07T08:00:00+07:00"
    assert body["to"] == "2026-12-07T10:00:00+07:00"
    found = [visit["ticket"] for visit in body["visits"]]
    # "before" ends exactly as the window opens; "after" arrives exactly as it closes
    assert found == [ids["no_show"], ids["booked"], ids["walk_in"], ids["inside"]]


def test_visits_carry_masked_identity_and_the_phone(api, app, visits):
    ids, booking = visits
    body = {v["ticket"]: v for v in trace(api).get_json()["visits"]}
    from app.extensions import db
    from app.models import Booking

    with app.app_context():
        stored = db.session.scalar(select(Booking).where(Booking.code == booking["code"]))
        nik_masked, phone = stored.nik_masked, stored.phone
    booked = body[ids["booked"]]
    assert booked["name_masked"] == "S*** R*****"
    assert booked["nik_masked"] == nik_masked
    assert nik_masked and booking["code"] not in nik_masked and nik_masked[:4] == "3171"
    assert booked["phone"] == phone and phone.startswith("+62")
    assert booked["party_size"] == 2 and booked["source"] == "appointment"
    assert booked["arrived_at"] == "2026-12-07T08:00:00+07:00"
    assert booked["left_at"] == "2026-12-07T08:30:00+07:00"
    walk_in = body[ids["walk_in"]]
    assert walk_in["phone"] == "+6281298765432"
    assert walk_in["name_masked"] is None and walk_in["source"] == "walk_in"
    inside = body[ids["inside"]]
    assert inside["left_at"] is None and inside["still_inside"] is True
    assert body[ids["no_show"]]["left_at"] == "2026-12-07T08:05:00+07:00"
    assert "Siti" not in trace(api).get_data(as_text=True)


def test_the_window_may_be_sent_in_any_offset(api, visits):
    ids, _ = visits
    utc = {"from": "2026-12-07T01:00:00Z", "to": "2026-12-07T02:00:00Z"}
    wita = {"from": "2026-12-07T09:00:00+08:00", "to": "2026-12-07T10:00:00+08:00"}
    expected = [ids["no_show"], ids["booked"], ids["walk_in"]]
    for query in (utc, wita):
        assert [v["ticket"] for v in trace(api, query).get_json()["visits"]] == expected


def test_an_unencoded_plus_in_the_query_is_understood(api, visits):
    raw = "from=2026-12-07T09:30:00+07:00&to=2026-12-07T09:45:00+07:00"
    response = api.call("GET", TRACE, query_string=raw)
    assert response.status_code == 200, response.get_json()
    assert [v["ticket"] for v in response.get_json()["visits"]] == [visits[0]["inside"]]


def test_a_stay_left_open_on_an_earlier_day_ends_with_that_day(api, app, visits, clock):
    forgotten = make_ticket(app, issued_at=at("15:00", day=6), status="waiting")
    evening = {"from": "2026-12-06T23:00:00+07:00", "to": "2026-12-07T00:30:00+07:00"}
    found = {v["ticket"]: v for v in trace(api, evening).get_json()["visits"]}
    assert found[forgotten]["left_at"] == "2026-12-07T00:00:00+07:00"
    morning = {"from": "2026-12-07T00:00:00+07:00", "to": "2026-12-07T06:00:00+07:00"}
    assert trace(api, morning).get_json()["visits"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-12-07T10:00:00+07:00", "to": "2026-12-07T10:00:00+07:00"},
        {"from": "2026-12-07T10:00:00+07:00", "to": "2026-12-07T09:00:00+07:00"},
        {"from": "2026-12-01T00:00:00+07:00", "to": "2026-12-08T00:00:01+07:00"},
        {"from": "yesterday", "to": "2026-12-07T10:00:00+07:00"},
        {"from": "2026-12-07T08:00:00+07:00"},
        {},
    ],
)
def test_the_window_is_validated(api, visits, query):
    response = api.call("GET", TRACE, query_string=query)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation"


def test_contact_trace_is_for_the_offices_supervisor_or_an_admin(api, visits):
    api.setup_office("other-office")
    assert trace(api, role=None).status_code == 401
    assert trace(api, role="officer", office=SLUG).status_code == 403
    assert trace(api, role="supervisor", office="other-office").status_code == 403
    assert trace(api, role="supervisor", office=SLUG).status_code == 200
    assert trace(api, role="admin").status_code == 200


def audit_entries(api, **query):
    response = api.call("GET", "/audit", query_string={"limit": 500, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["entries"]


def test_every_trace_is_written_to_the_audit_log(api, app, visits):
    trace(api, role="supervisor", office=SLUG)
    trace(api, {"from": "2026-12-07T11:00:00+07:00", "to": "2026-12-07T12:00:00+07:00"})
    entries = [e for e in audit_entries(api) if e["action"] == "contact_trace"]
    assert len(entries) == 2
    newest, oldest = entries
    assert newest["actor"].startswith("staff:admin")
    assert newest["detail"] == {
        "from": "2026-12-07T11:00:00+07:00",
        "to": "2026-12-07T12:00:00+07:00",
        "visits": 1,  # only the party still inside
    }
    assert oldest["actor"].startswith("staff:supervisor")
    assert oldest["detail"]["visits"] == 4
    assert oldest["office"] == SLUG
    assert oldest["at"] == "2026-12-07T16:00:00+07:00"


def test_the_audit_log_is_newest_first_and_paginated(api, visits, clock):
    for hour in ("16:00", "16:05", "16:10"):
        clock.set(at(hour))
        trace(api)
    first = api.call("GET", "/audit", query_string={"limit": 2}).get_json()
    assert len(first["entries"]) == 2 and first["next_offset"] == 2
    times = [e["at"] for e in first["entries"]]
    assert times == sorted(times, reverse=True)
    assert first["entries"][0]["at"] == "2026-12-07T16:10:00+07:00"
    rest = api.call("GET", "/audit", query_string={"limit": 2, "offset": 2}).get_json()
    assert rest["entries"][0]["at"] == "2026-12-07T16:00:00+07:00"
    assert first["total"] == rest["total"]
    window = {"from": "2026-12-07T16:04:00+07:00", "to": "2026-12-07T16:09:00+07:00"}
    assert [e["at"] for e in audit_entries(api, **window)] == ["2026-12-07T16:05:00+07:00"]


def test_the_audit_log_by_office_and_role(api, visits):
    api.setup_office("other-office")
    trace(api)
    slugs = {e["office"] for e in audit_entries(api)}
    assert {SLUG, "other-office"} <= slugs
    assert {e["office"] for e in audit_entries(api, office="other-office")} == {"other-office"}
    own = api.call("GET", "/audit", role="supervisor", office=SLUG).get_json()["entries"]
    assert own and {e["office"] for e in own} == {SLUG}
    other = api.call(
        "GET", "/audit", role="supervisor", office=SLUG, query_string={"office": "other-office"}
    )
    assert other.status_code == 403
    assert api.call("GET", "/audit", role="officer", office=SLUG).status_code == 403
    assert api.call("GET", "/audit", role=None).status_code == 401
    days = audit_entries(api, office=SLUG, **{"from": "2026-12-07", "to": "2026-12-07"})
    assert any(e["action"] == "contact_trace" for e in days)
    assert audit_entries(api, office=SLUG, **{"from": "2026-12-08", "to": "2026-12-09"}) == []
