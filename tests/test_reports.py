"""Daily and period reports, as JSON and CSV, and who may read them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from scheduling.reports import TicketFact, peak_occupancy
from tests.conftest import Api, create_schema, make_app
from tests.report_factories import make_ticket, set_booking_status

SLUG = "dukcapil-test"
DAILY = f"/offices/{SLUG}/reports/daily"
PERIOD = f"/offices/{SLUG}/reports/period"


def at(hhmm: str, day: int = 7) -> datetime:
    """A Jakarta wall-clock time on December `day`, 2026, as an aware UTC instant."""
    return datetime.fromisoformat(f"2026-12-{day:02d}T{hhmm}:00+07:00").astimezone(UTC)


@pytest.fixture
def day(api, app, clock):
    return build_day(api, app, clock)


def build_day(api, app, clock):
    """Monday 7 December in Jakarta, seen at 16:00 that day.

    ktp: B1 (party 2) served; B2 cancelled; B3 never came; B4 called but a no-show (its
    booking is marked no-show too, and must count once); B5 is for the next day.
    kk: walk-in W1 served without pressing start; ktp: walk-in W2 (party 3) still waiting."""
    api.setup_office(SLUG)
    api.create_service(SLUG, code="kk", name="Kartu Keluarga", prefix="B")
    api.create_counter(SLUG, name="Loket KK", services=["kk"])
    b1 = api.book(start="2026-12-07T08:00:00+07:00", companions=1).get_json()
    b2 = api.book(start="2026-12-07T08:30:00+07:00").get_json()
    b3 = api.book(start="2026-12-07T09:00:00+07:00").get_json()
    b4 = api.book(start="2026-12-07T09:00:00+07:00").get_json()
    api.book(start="2026-12-08T09:00:00+07:00")
    cancel = api.client.post(
        f"/api/v1/bookings/{b2['code']}/cancel", headers={"X-Manage-Token": b2["manage_token"]}
    )
    assert cancel.status_code == 200
    set_booking_status(app, b1["code"], "done")
    set_booking_status(app, b3["code"], "no_show")
    set_booking_status(app, b4["code"], "no_show")
    make_ticket(
        app,
        booking_code=b1["code"],
        issued_at=at("08:00"),
        called_at=at("08:10"),
        started_at=at("08:12"),
        completed_at=at("08:22"),
    )
    make_ticket(
        app, service="kk", issued_at=at("08:05"), called_at=at("08:25"), completed_at=at("08:35")
    )
    make_ticket(app, issued_at=at("08:15"), party_size=3, status="waiting")
    make_ticket(
        app,
        booking_code=b4["code"],
        issued_at=at("09:00"),
        called_at=at("09:30"),
        completed_at=at("09:35"),
        status="no_show",
    )
    clock.set(at("16:00"))
    api.tokens.clear()  # new tokens on the moved clock
    return b1


FIGURES = {
    "bookings": 4,
    "check_ins": 2,
    "walk_ins": 2,
    "served": 2,
    "no_shows": 2,
    "cancellations": 1,
    "average_wait_minutes": 20.0,
    "average_service_minutes": 10.0,
    "peak_occupancy": 6,
}


def test_daily_report(api, day):
    response = api.call("GET", DAILY, query_string={"date": "2026-12-07"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["date"] == "2026-12-07"
    assert {key: body[key] for key in FIGURES} == FIGURES
    services = {row["service"]: row for row in body["services"]}
    assert services["kk"]["walk_ins"] == 1 and services["kk"]["served"] == 1
    assert services["kk"]["bookings"] == 0
    assert services["ktp"]["bookings"] == 4 and services["ktp"]["no_shows"] == 2
    assert services["ktp"]["average_wait_minutes"] == 20.0  # B1 10 min, B4 30 min


def test_daily_report_defaults_to_today_and_is_empty_on_a_quiet_day(api, day):
    assert api.call("GET", DAILY).get_json()["bookings"] == 4
    quiet = api.call("GET", DAILY, query_string={"date": "2026-12-09"}).get_json()
    assert quiet["bookings"] == quiet["served"] == quiet["peak_occupancy"] == 0
    assert quiet["average_wait_minutes"] is None and quiet["average_service_minutes"] is None


def test_daily_report_as_csv(api, day):
    response = api.call("GET", DAILY, query_string={"date": "2026-12-07", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8"))))
    assert list(rows[0]) == ["date", "service", *[k for k in FIGURES]]
    office_row = rows[0]
    assert office_row["service"] == "*"
    assert {k: float(office_row[k]) for k in FIGURES} == {k: float(v) for k, v in FIGURES.items()}
    assert [row["service"] for row in rows[1:]] == ["kk", "ktp"]
    assert rows[1]["walk_ins"] == "1" and rows[1]["peak_occupancy"] == ""


def test_period_report_has_a_row_per_day_and_totals(api, day):
    response = api.call("GET", PERIOD, query_string={"from": "2026-12-07", "to": "2026-12-09"})
    assert response.status_code == 200
    body = response.get_json()
    assert [row["date"] for row in body["days"]] == ["2026-12-07", "2026-12-08", "2026-12-09"]
    assert body["days"][0]["served"] == 2
    assert body["days"][1]["bookings"] == 1
    assert body["totals"]["bookings"] == 5
    assert body["totals"]["peak_occupancy"] == 6
    assert body["totals"]["average_wait_minutes"] == 20.0


def test_period_report_as_csv(api, day):
    query = {"from": "2026-12-07", "to": "2026-12-08", "format": "csv"}
    response = api.call("GET", PERIOD, query_string=query)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8"))))
    assert rows[0][0] == "date" and rows[0][-1] == "peak_occupancy"
    assert [row[0] for row in rows[1:]] == ["2026-12-07", "2026-12-08", "total"]
    bookings = rows[0].index("bookings")
    assert [row[bookings] for row in rows[1:]] == ["4", "1", "5"]


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        (DAILY, {"date": "7 Dec"}, "date"),
        (DAILY, {"format": "xml"}, "format"),
        (PERIOD, {"from": "2026-12-08", "to": "2026-12-07"}, "to"),
        (PERIOD, {"from": "2025-01-01", "to": "2026-12-07"}, "to"),
        (PERIOD, {"from": "2026-12-07"}, "to"),
    ],
)
def test_bad_queries_are_422(api, day, path, query, field):
    response = api.call("GET", path, query_string=query)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation"
    assert field in error["fields"]


@pytest.mark.parametrize("path", [DAILY, PERIOD + "?from=2026-12-07&to=2026-12-07"])
def test_reports_are_for_the_offices_supervisor_or_an_admin(api, day, path):
    api.setup_office("other-office")
    assert api.call("GET", path, role=None).status_code == 401
    assert api.call("GET", path, role="officer", office=SLUG).status_code == 403
    assert api.call("GET", path, role="supervisor", office="other-office").status_code == 403
    assert api.call("GET", path, role="supervisor", office=SLUG).status_code == 200
    assert api.call("GET", path, role="admin").status_code == 200


def fact(issued: str, end: str | None, party: int = 1, status: str = "done") -> TicketFact:
    return TicketFact(
        service="ktp",
        source="walk_in",
        status=status,
        party_size=party,
        local_date=at(issued).date(),
        issued_at=at(issued),
        called_at=at(end) if end else None,
        completed_at=at(end) if end else None,
    )


def test_peak_does_not_count_someone_leaving_as_another_arrives():
    tickets = [fact("10:00", "10:30", 2), fact("10:30", "11:00", 2)]
    assert peak_occupancy(tickets, at("16:00")) == 2


def test_peak_counts_open_stays_until_now():
    tickets = [fact("10:00", None, 2, "waiting"), fact("10:30", "11:00", 3)]
    assert peak_occupancy(tickets, at("16:00")) == 5
    assert peak_occupancy(tickets, at("10:20")) == 2  # the second had not arrived yet


@pytest.mark.postgres
def test_reports_survey_and_trace_on_postgres(pg_url, clock):
    application = make_app(pg_url, clock)
    create_schema(application)
    try:
        api = Api(application.test_client(), application)
        build_day(api, application, clock)
        body = api.call("GET", DAILY, query_string={"date": "2026-12-07"}).get_json()
        assert {key: body[key] for key in FIGURES} == FIGURES
        ticket = make_ticket(application, issued_at=at("10:00"), completed_at=at("10:10"))
        survey = {"ticket": ticket, "answers": [4] * 9}
        assert api.call("POST", "/surveys", role=None, json=survey).status_code == 201
        assert api.call("POST", "/surveys", role=None, json=survey).status_code == 409
        ikm = api.call(
            "GET",
            f"/offices/{SLUG}/reports/ikm",
            query_string={"from": "2026-12-07", "to": "2026-12-07"},
        ).get_json()
        assert (ikm["respondents"], ikm["ikm"], ikm["category"]) == (1, 100.0, "A")
        window = {"from": "2026-12-07T08:00:00+07:00", "to": "2026-12-07T08:20:00+07:00"}
        trace = api.call("GET", f"/offices/{SLUG}/contact-trace", query_string=window)
        assert len(trace.get_json()["visits"]) == 3
        entries = api.call("GET", "/audit", query_string={"office": SLUG}).get_json()["entries"]
        assert entries[0]["action"] == "contact_trace" and entries[0]["detail"]["visits"] == 3
    finally:
        from app.extensions import db

        with application.app_context():
            db.engine.dispose()
