"""The SKM survey API and the IKM report: anonymous, once per completed ticket, exact IKM."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from tests.conftest import NOW
from tests.report_factories import make_ticket

SLUG = "dukcapil-test"
IKM = f"/offices/{SLUG}/reports/ikm"


@pytest.fixture
def office(api):
    api.setup_office(SLUG)
    return SLUG


def answer(api, ticket, answers=None, **extra):
    body = {"ticket": ticket, "answers": answers if answers is not None else [4] * 9, **extra}
    return api.call("POST", "/surveys", role=None, json=body)


def test_elements_list_the_regulations_wording(client):
    response = client.get("/api/v1/surveys/elements")
    assert response.status_code == 200
    elements = response.get_json()["elements"]
    assert [e["code"] for e in elements] == [f"u{n}" for n in range(1, 10)]
    assert [e["position"] for e in elements] == list(range(1, 10))
    assert [e["name"]["id"] for e in elements] == [
        "Persyaratan",
        "Sistem, Mekanisme, dan Prosedur",
        "Waktu Penyelesaian",
        "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan",
        "Kompetensi Pelaksana",
        "Perilaku Pelaksana",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Sarana dan Prasarana",
    ]
    assert elements[0]["name"] == {"id": "Persyaratan", "en": "Requirements"}
    assert elements[0]["question"]["id"] == (
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?"
    )
    assert elements[3]["scale"] == [
        {"value": 1, "label": {"id": "Sangat mahal", "en": "Very expensive"}},
        {"value": 2, "label": {"id": "Cukup mahal", "en": "Rather expensive"}},
        {"value": 3, "label": {"id": "Murah", "en": "Cheap"}},
        {"value": 4, "label": {"id": "Gratis", "en": "Free"}},
    ]
    texts = [
        text
        for e in elements
        for text in (e["name"], e["definition"], e["question"], *(s["label"] for s in e["scale"]))
    ]
    assert len(texts) == 9 * 7
    # Both languages whatever the request's, each a text of the catalogue (never its key).
    assert all(list(text) == ["id", "en"] for text in texts)
    assert not [value for text in texts for value in text.values() if value.startswith("ikm_")]
    assert client.get("/api/v1/surveys/elements?lang=en").get_json()["elements"] == elements


def test_a_completed_ticket_answers_once_without_login(api, app, office):
    ticket = make_ticket(app)
    response = answer(api, ticket, [4, 3, 2, 1, 4, 3, 2, 1, 4], comment="  Cepat dan ramah ")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["answers"] == {
        "u1": 4,
        "u2": 3,
        "u3": 2,
        "u4": 1,
        "u5": 4,
        "u6": 3,
        "u7": 2,
        "u8": 1,
        "u9": 4,
    }
    again = answer(api, ticket)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "survey_exists"


def test_the_response_stores_nothing_personal(app, api, office):
    booking = api.book().get_json()
    ticket = make_ticket(app, booking_code=booking["code"])
    assert answer(api, ticket).status_code == 201
    from app.extensions import db
    from app.models import SurveyResponse

    with app.app_context():
        columns = {c.key for c in inspect(SurveyResponse).columns}
        assert not columns & {"booking_id", "name", "nik", "nik_hash", "phone", "email"}
        stored = db.session.scalar(select(SurveyResponse))
        assert stored.ticket_id == ticket
        assert stored.u1 == 4 and stored.comment is None


@pytest.mark.parametrize("status", ["waiting", "called", "serving", "no_show"])
def test_only_a_completed_ticket_may_answer(api, app, office, status):
    ticket = make_ticket(app, status=status)
    response = answer(api, ticket)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "survey_ticket_not_completed"


def test_an_unknown_ticket_is_404(api, office):
    response = answer(api, 999999)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "ticket_unknown"


@pytest.mark.parametrize(
    "answers",
    [
        [4] * 8,
        [4] * 10,
        [],
        [4] * 8 + [0],
        [4] * 8 + [5],
        [4] * 8 + [True],
        [True] * 9,
        [4] * 8 + [3.0],
        [4] * 8 + ["3"],
        [4] * 8 + [None],
        "444444444",
        None,
        {"u1": 4},
    ],
)
def test_anything_but_nine_answers_of_1_to_4_is_422(api, app, office, answers):
    ticket = make_ticket(app)
    body = {"ticket": ticket} if answers is None else {"ticket": ticket, "answers": answers}
    response = api.call("POST", "/surveys", role=None, json=body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation"
    assert "answers" in error["fields"]


def test_answers_may_be_keyed_by_element_code(api, app, office):
    ticket = make_ticket(app)
    answers = {f"u{n}": 1 + n % 4 for n in range(1, 10)}
    response = answer(api, ticket, answers)
    assert response.status_code == 201
    assert response.get_json()["answers"] == answers


def test_a_long_comment_is_refused(api, app, office):
    response = answer(api, make_ticket(app), comment="x" * 1001)
    assert response.status_code == 422
    assert "comment" in response.get_json()["error"]["fields"]


def test_a_bad_ticket_value_is_422(api, office):
    for value in (True, "abc", -1, None):
        response = api.call(
            "POST", "/surveys", role=None, json={"ticket": value, "answers": [4] * 9}
        )
        assert response.status_code == 422
        assert "ticket" in response.get_json()["error"]["fields"]


def test_ikm_with_no_respondents_is_null(api, office):
    response = api.call("GET", IKM, query_string={"from": "2026-12-01", "to": "2026-12-31"})
    assert response.status_code == 200
    body = response.get_json()
    assert {key: body[key] for key in ("respondents", "ikm", "category", "elements")} == {
        "respondents": 0,
        "ikm": None,
        "category": None,
        "elements": [None] * 9,
    }
    assert (body["from"], body["to"]) == ("2026-12-01", "2026-12-31")


def test_ikm_of_a_period(api, app, office):
    sets = [[4] * 9, [3] * 9, [4, 3, 3, 4, 4, 3, 4, 3, 4]]
    for answers in sets:
        assert answer(api, make_ticket(app), answers).status_code == 201
    # a visit of another day, outside the period asked
    assert (
        answer(api, make_ticket(app, issued_at=NOW + timedelta(days=3)), [1] * 9).status_code == 201
    )
    response = api.call("GET", IKM, query_string={"from": "2026-12-07", "to": "2026-12-07"})
    body = response.get_json()
    assert body["respondents"] == 3
    # Σ NRR = (36 + 27 + 32) / 3 = 95/3 → 95/27 × 25 = 87.962… → 87.96, B
    assert body["ikm"] == 87.96
    assert body["category"] == "B"
    assert body["category_label"] == {"id": "Baik", "en": "Good"}
    assert body["elements"][0] == pytest.approx(11 / 3)
    assert body["elements"][1] == pytest.approx(10 / 3)
    wide = api.call("GET", IKM, query_string={"from": "2026-12-01", "to": "2026-12-31"})
    assert wide.get_json()["respondents"] == 4


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-12-07"},
        {"from": "2026-12-08", "to": "2026-12-07"},
        {"from": "07-12-2026", "to": "2026-12-07"},
        {"from": "2025-01-01", "to": "2026-12-31"},
    ],
)
def test_ikm_range_is_validated(api, office, query):
    response = api.call("GET", IKM, query_string=query)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation"


def test_ikm_is_for_the_offices_supervisor_or_an_admin(api, office):
    api.setup_office("other-office")
    query = {"from": "2026-12-01", "to": "2026-12-31"}
    assert api.call("GET", IKM, role=None, query_string=query).status_code == 401
    assert api.call("GET", IKM, role="officer", office=SLUG, query_string=query).status_code == 403
    other = api.call("GET", IKM, role="supervisor", office="other-office", query_string=query)
    assert other.status_code == 403
    assert (
        api.call("GET", IKM, role="supervisor", office=SLUG, query_string=query).status_code == 200
    )
    assert api.call("GET", IKM, role="admin", query_string=query).status_code == 200
    unknown = api.call("GET", "/offices/nope/reports/ikm", query_string=query)
    assert unknown.status_code == 404


def test_authorisation_comes_before_query_validation(api, office):
    response = api.call("GET", IKM, role="officer", office=SLUG, query_string={"from": "x"})
    assert response.status_code == 403


def test_through_the_real_queue_a_served_walk_in_answers_and_shows_in_reports(api, app, clock):
    """Kiosk walk-in → call-next → start → complete, then survey, daily report and trace."""
    api.setup_office(SLUG)
    counter = api.call("GET", f"/offices/{SLUG}/counters").get_json()["counters"][0]["id"]
    device = api.call("POST", f"/offices/{SLUG}/devices", json={"kind": "kiosk", "name": "K"})
    kiosk = {"Authorization": f"Bearer {device.get_json()['token']}"}
    clock.set(NOW + timedelta(hours=1, minutes=30))  # 08:30 in Jakarta, the office is open
    walk_in = api.client.post(
        "/api/v1/kiosk/walk-in",
        json={
            "service": "ktp",
            "companions": 1,
            "phone": "0812-1111-2222",
            "health": {"temperature_c": 36.6},
        },
        headers=kiosk,
    )
    assert walk_in.status_code == 201, walk_in.get_json()
    ticket = walk_in.get_json()["ticket"]["id"]
    assert answer(api, ticket).status_code == 409  # not served yet
    called = api.call("POST", f"/counters/{counter}/call-next", role="officer", office=SLUG)
    assert called.status_code == 200, called.get_json()
    clock.set(NOW + timedelta(hours=1, minutes=40))
    assert (
        api.call("POST", f"/tickets/{ticket}/start", role="officer", office=SLUG).status_code == 200
    )
    clock.set(NOW + timedelta(hours=1, minutes=52))
    done = api.call("POST", f"/tickets/{ticket}/complete", role="officer", office=SLUG)
    assert done.status_code == 200, done.get_json()

    assert answer(api, ticket, [3] * 9).status_code == 201
    assert answer(api, ticket).status_code == 409
    ikm = api.call("GET", IKM, query_string={"from": "2026-12-07", "to": "2026-12-07"})
    assert ikm.get_json()["ikm"] == 75.0 and ikm.get_json()["category"] == "C"

    daily = api.call("GET", f"/offices/{SLUG}/reports/daily").get_json()
    assert (daily["walk_ins"], daily["served"], daily["peak_occupancy"]) == (1, 1, 2)
    assert daily["average_wait_minutes"] == 0.0 and daily["average_service_minutes"] == 12.0
    window = {"from": "2026-12-07T08:00:00+07:00", "to": "2026-12-07T09:00:00+07:00"}
    visits = api.call("GET", f"/offices/{SLUG}/contact-trace", query_string=window)
    [visit] = visits.get_json()["visits"]
    assert visit["ticket"] == ticket and visit["party_size"] == 2
    assert visit["phone"].startswith("+62") and visit["left_at"] == "2026-12-07T08:52:00+07:00"
