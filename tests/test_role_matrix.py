"""The role × endpoint matrix: every /api/v1 endpoint against every kind of caller, staff signed
in by bearer token and again by the pages' session cookie; and every page against every role.

The table below is written by hand from API.md and the intended design, never derived from the
code. One rule decides 401 against 403: 401 when the caller holds no credential of the kind the
endpoint takes (staff bearer, kiosk token, manage token), 403 when it holds the right kind but its
holder may not act on that target (another office, a lower role).

Every target lives in office A. Bodies are deliberately malformed (a JSON array) and queries
invalid where the endpoint has any, so an allowed caller gets a 4xx about the input while a
forbidden one gets 401/403: authentication and authorisation come first (API.md, Conventions).
A session-authenticated unsafe request without its CSRF token is refused before anything else."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ALWAYS_OPEN, NOW, Api, Clock, create_schema, make_app, make_nik
from tests.staff_login import create_account, form_token, page_token, signed_in_client

ALLOW = "allow"  # a 2xx, or 400/409/422 about the body, the query or the current state
# Every target exists, so a 404 is a wrong table entry unless the table names it exactly.
CALLERS = (
    "anonymous",
    "officer_a",
    "officer_b",
    "supervisor_a",
    "supervisor_b",
    "admin",
    "kiosk_a",
    "display_a",
    "kiosk_b",
    "owner",  # the citizen: the booking's manage token and the waitlist entry's token
    "revoked_kiosk_a",  # a kiosk of A whose token was revoked
    "manage_as_bearer",  # the citizen's manage token sent as a bearer token
)


def row(*outcomes: Any, owner: Any = 401, stale: Any = 401) -> dict[str, Any]:
    """The nine callers in order; `stale` for the revoked kiosk and the misplaced token."""
    return dict(zip(CALLERS, (*outcomes, owner, stale, stale), strict=True))


#                 anon  off_a  off_b  sup_a  sup_b  admin  kiosk_a display_a kiosk_b
PUBLIC = row(
    ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, owner=ALLOW, stale=ALLOW
)
MANAGE_TOKEN = row(401, 401, 401, 401, 401, 401, 401, 401, 401, owner=ALLOW)
NOBODY = row(401, 401, 401, 401, 401, 401, 401, 401, 401)
ANY_STAFF = row(401, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, 401, 401, 401)
STAFF_OF_A = row(401, ALLOW, 403, ALLOW, 403, ALLOW, 401, 401, 401)
MANAGER_OF_A = row(401, 403, 403, ALLOW, 403, ALLOW, 401, 401, 401)
ADMIN_ONLY = row(401, 403, 403, 403, 403, ALLOW, 401, 401, 401)
SUPERVISOR_ANY = row(401, 403, 403, ALLOW, ALLOW, ALLOW, 401, 401, 401)
KIOSK = row(401, 401, 401, 401, 401, 401, ALLOW, 401, ALLOW)

BAD_BODY = "[]"  # valid JSON, but not an object: 400 for whoever gets as far as the body

# key: "METHOD rule" (as in app.url_map), optionally "#variant".
# value: (path with {placeholders}, query string, body or None, expected outcomes per caller)
MATRIX: dict[str, tuple[str, str, str | None, dict[str, Any]]] = {
    # --- public and protocol ---
    "GET /api/v1/health": ("/api/v1/health", "", None, PUBLIC),
    "GET /api/v1/openapi.json": ("/api/v1/openapi.json", "", None, PUBLIC),
    "POST /api/v1/auth/token": ("/api/v1/auth/token", "", BAD_BODY, PUBLIC),
    "GET /api/v1/offices": ("/api/v1/offices", "", None, PUBLIC),
    "GET /api/v1/offices/<slug>": ("/api/v1/offices/{a}", "", None, PUBLIC),
    "GET /api/v1/offices/<slug>/closures": ("/api/v1/offices/{a}/closures", "", None, PUBLIC),
    "GET /api/v1/offices/<slug>/services": ("/api/v1/offices/{a}/services", "", None, PUBLIC),
    "GET /api/v1/offices/<slug>/counters": ("/api/v1/offices/{a}/counters", "", None, PUBLIC),
    "GET /api/v1/offices/<slug>/slots": ("/api/v1/offices/{a}/slots", "date=x", None, PUBLIC),
    "GET /api/v1/offices/<slug>/queue": ("/api/v1/offices/{a}/queue", "", None, PUBLIC),
    "GET /api/v1/surveys/elements": ("/api/v1/surveys/elements", "", None, PUBLIC),
    "POST /api/v1/surveys": ("/api/v1/surveys", "", BAD_BODY, PUBLIC),
    # --- the citizen's booking: only its manage token opens it ---
    "POST /api/v1/bookings": ("/api/v1/bookings", "", BAD_BODY, PUBLIC),
    "GET /api/v1/bookings/<code>": ("/api/v1/bookings/{own_booking}", "", None, MANAGE_TOKEN),
    "POST /api/v1/bookings/<code>/cancel": (
        "/api/v1/bookings/{own_booking}/cancel",
        "",
        None,
        MANAGE_TOKEN,
    ),
    "POST /api/v1/bookings/<code>/reschedule": (
        "/api/v1/bookings/{own_booking}/reschedule",
        "",
        BAD_BODY,
        MANAGE_TOKEN,
    ),
    "GET /api/v1/bookings/<code>/qr.png": (
        "/api/v1/bookings/{own_booking}/qr.png",
        "",
        None,
        MANAGE_TOKEN,
    ),
    "GET /api/v1/bookings/<code>/qr.svg": (
        "/api/v1/bookings/{own_booking}/qr.svg",
        "",
        None,
        MANAGE_TOKEN,
    ),
    "GET /api/v1/bookings/<code>/calendar.ics": (
        "/api/v1/bookings/{own_booking}/calendar.ics",
        "",
        None,
        MANAGE_TOKEN,
    ),
    # The owner's token opens their own booking, not another one.
    "GET /api/v1/bookings/<code>#another": ("/api/v1/bookings/{booking}", "", None, NOBODY),
    "POST /api/v1/bookings/<code>/cancel#another": (
        "/api/v1/bookings/{booking}/cancel",
        "",
        None,
        NOBODY,
    ),
    # --- the waitlist: public to join, its own token to look or act ---
    "POST /api/v1/waitlist": ("/api/v1/waitlist", "", BAD_BODY, PUBLIC),
    "GET /api/v1/waitlist/<code>": ("/api/v1/waitlist/{waitlist}", "", None, MANAGE_TOKEN),
    "POST /api/v1/waitlist/<code>/confirm": (
        "/api/v1/waitlist/{waitlist}/confirm",
        "",
        BAD_BODY,
        MANAGE_TOKEN,
    ),
    "POST /api/v1/waitlist/<code>/cancel": (
        "/api/v1/waitlist/{waitlist}/cancel",
        "",
        None,
        MANAGE_TOKEN,
    ),
    # --- administration: admin creates offices, the supervisor configures their own ---
    "POST /api/v1/offices": ("/api/v1/offices", "", BAD_BODY, ADMIN_ONLY),
    "PATCH /api/v1/offices/<slug>": ("/api/v1/offices/{a}", "", BAD_BODY, MANAGER_OF_A),
    "PUT /api/v1/offices/<slug>/protocol": (
        "/api/v1/offices/{a}/protocol",
        "",
        BAD_BODY,
        MANAGER_OF_A,
    ),
    "POST /api/v1/offices/<slug>/closures": (
        "/api/v1/offices/{a}/closures",
        "",
        BAD_BODY,
        MANAGER_OF_A,
    ),
    "POST /api/v1/offices/<slug>/services": (
        "/api/v1/offices/{a}/services",
        "",
        BAD_BODY,
        MANAGER_OF_A,
    ),
    "POST /api/v1/offices/<slug>/counters": (
        "/api/v1/offices/{a}/counters",
        "",
        BAD_BODY,
        MANAGER_OF_A,
    ),
    "POST /api/v1/offices/<slug>/devices": (
        "/api/v1/offices/{a}/devices",
        "",
        BAD_BODY,
        MANAGER_OF_A,
    ),
    "GET /api/v1/offices/<slug>/devices": ("/api/v1/offices/{a}/devices", "", None, MANAGER_OF_A),
    "DELETE /api/v1/devices/<int:device_id>": (
        "/api/v1/devices/{revoked_kiosk_a_device}",
        "",
        None,
        MANAGER_OF_A,
    ),
    "POST /api/v1/staff": ("/api/v1/staff", "", BAD_BODY, SUPERVISOR_ANY),
    "POST /api/v1/staff#officer-of-a": (
        "/api/v1/staff",
        "",
        '{"username": "{new_user}", "password": "password-123", "role": "officer", '
        '"office": "{a}"}',
        MANAGER_OF_A,
    ),
    "POST /api/v1/staff#supervisor-of-a": (
        "/api/v1/staff",
        "",
        '{"username": "{new_user}", "password": "password-123", "role": "supervisor", '
        '"office": "{a}"}',
        ADMIN_ONLY,
    ),
    "POST /api/v1/staff#admin": (
        "/api/v1/staff",
        "",
        '{"username": "{new_user}", "password": "password-123", "role": "admin"}',
        ADMIN_ONLY,  # no one climbs above their own role
    ),
    "POST /api/v1/staff#officer-of-b": (
        "/api/v1/staff",
        "",
        '{"username": "{new_user}", "password": "password-123", "role": "officer", '
        '"office": "office-b"}',
        row(401, 403, 403, 403, ALLOW, ALLOW, 401, 401, 401),
    ),
    "GET /api/v1/protocol-levels": ("/api/v1/protocol-levels", "", None, ANY_STAFF),
    "GET /api/v1/protocol-levels/<name>": ("/api/v1/protocol-levels/ppkm-3", "", None, ANY_STAFF),
    "PUT /api/v1/protocol-levels/<name>": (
        "/api/v1/protocol-levels/ppkm-3",
        "",
        BAD_BODY,
        ADMIN_ONLY,
    ),
    # --- reports, tracing and the audit log: supervisor of the office, or admin ---
    "GET /api/v1/offices/<slug>/reports/daily": (
        "/api/v1/offices/{a}/reports/daily",
        "date=nope",
        None,
        MANAGER_OF_A,
    ),
    "GET /api/v1/offices/<slug>/reports/period": (
        "/api/v1/offices/{a}/reports/period",
        "from=nope",
        None,
        MANAGER_OF_A,
    ),
    "GET /api/v1/offices/<slug>/reports/ikm": (
        "/api/v1/offices/{a}/reports/ikm",
        "from=nope",
        None,
        MANAGER_OF_A,
    ),
    "GET /api/v1/offices/<slug>/contact-trace": (
        "/api/v1/offices/{a}/contact-trace",
        "from=nope",
        None,
        MANAGER_OF_A,
    ),
    "GET /api/v1/audit": ("/api/v1/audit", "office={a}", None, MANAGER_OF_A),
    "GET /api/v1/audit#own-office": ("/api/v1/audit", "", None, SUPERVISOR_ANY),
    # --- counters and the queue: officers (and supervisors) of that office ---
    "POST /api/v1/counters/<int:counter_id>/open": (
        "/api/v1/counters/{counter}/open",
        "",
        None,
        STAFF_OF_A,
    ),
    "POST /api/v1/counters/<int:counter_id>/close": (
        "/api/v1/counters/{spare_counter}/close",
        "",
        None,
        STAFF_OF_A,
    ),
    "POST /api/v1/counters/<int:counter_id>/call-next": (
        "/api/v1/counters/{counter}/call-next",
        "",
        BAD_BODY,
        STAFF_OF_A,
    ),
    "GET /api/v1/counters/<int:counter_id>/ticket": (
        "/api/v1/counters/{counter}/ticket",
        "",
        None,
        STAFF_OF_A,
    ),
    "GET /api/v1/tickets/<int:ticket_id>": ("/api/v1/tickets/{ticket}", "", None, STAFF_OF_A),
    "POST /api/v1/tickets/<int:ticket_id>/recall": (
        "/api/v1/tickets/{ticket}/recall",
        "",
        BAD_BODY,
        STAFF_OF_A,
    ),
    "POST /api/v1/tickets/<int:ticket_id>/start": (
        "/api/v1/tickets/{ticket}/start",
        "",
        BAD_BODY,
        STAFF_OF_A,
    ),
    "POST /api/v1/tickets/<int:ticket_id>/complete": (
        "/api/v1/tickets/{ticket}/complete",
        "",
        BAD_BODY,
        STAFF_OF_A,
    ),
    "POST /api/v1/tickets/<int:ticket_id>/no-show": (
        "/api/v1/tickets/{ticket}/no-show",
        "",
        BAD_BODY,
        STAFF_OF_A,
    ),
    "POST /api/v1/tickets/<int:ticket_id>/transfer": (
        "/api/v1/tickets/{ticket}/transfer",
        "",
        BAD_BODY,
        STAFF_OF_A,
    ),
    # --- the mirror image: targets in office B ---
    "PATCH /api/v1/offices/<slug>#b": (
        "/api/v1/offices/office-b",
        "",
        BAD_BODY,
        row(401, 403, 403, 403, ALLOW, ALLOW, 401, 401, 401),
    ),
    "GET /api/v1/offices/<slug>/reports/daily#b": (
        "/api/v1/offices/office-b/reports/daily",
        "date=nope",
        None,
        row(401, 403, 403, 403, ALLOW, ALLOW, 401, 401, 401),
    ),
    "POST /api/v1/counters/<int:counter_id>/call-next#b": (
        "/api/v1/counters/{counter_b}/call-next",
        "",
        BAD_BODY,
        row(401, 403, ALLOW, 403, ALLOW, ALLOW, 401, 401, 401),
    ),
    "GET /api/v1/counters/<int:counter_id>/ticket#b": (
        "/api/v1/counters/{counter_b}/ticket",
        "",
        None,
        row(401, 403, ALLOW, 403, ALLOW, ALLOW, 401, 401, 401),
    ),
    "GET /api/v1/tickets/<int:ticket_id>#b": (
        "/api/v1/tickets/{ticket_b}",
        "",
        None,
        row(401, 403, ALLOW, 403, ALLOW, ALLOW, 401, 401, 401),
    ),
    # --- the kiosk: its own device token; it acts for its own office only ---
    "POST /api/v1/kiosk/checkin": ("/api/v1/kiosk/checkin", "", BAD_BODY, KIOSK),
    "POST /api/v1/kiosk/checkin#qr-of-a": (
        "/api/v1/kiosk/checkin",
        "",
        '{"qr": "{qr}", "health": {"symptoms": []}}',
        {**KIOSK, "kiosk_b": 403},  # wrong_office
    ),
    "POST /api/v1/kiosk/bookings#office-b": (
        "/api/v1/kiosk/bookings",
        "",
        '{"office": "office-b", "service": "ktp", "start": "2026-12-07T09:00:00+07:00", '
        '"name": "Budi", "nik": "{kiosk_nik}", "phone": "0812-1111-2222", "companions": 0, '
        '"priority": "none", "health": {"symptoms": [], "close_contact": false}, "consent": true}',
        {**KIOSK, "kiosk_a": 403},  # wrong_office: a kiosk books for its own office only
    ),
    "POST /api/v1/kiosk/walk-in": ("/api/v1/kiosk/walk-in", "", BAD_BODY, KIOSK),
    "POST /api/v1/kiosk/scan": ("/api/v1/kiosk/scan", "", BAD_BODY, KIOSK),
    "POST /api/v1/kiosk/scan#qr-of-a": (
        "/api/v1/kiosk/scan",
        "",
        '{"qr": "{qr}"}',
        {**KIOSK, "kiosk_b": 403},  # wrong_office, as the check-in says
    ),
    "POST /api/v1/kiosk/bookings": ("/api/v1/kiosk/bookings", "", BAD_BODY, KIOSK),
    "POST /api/v1/kiosk/print": ("/api/v1/kiosk/print", "", BAD_BODY, KIOSK),
    "GET /api/v1/kiosk/office": ("/api/v1/kiosk/office", "", None, KIOSK),
    "GET /api/v1/kiosk/tickets/<code>": (
        "/api/v1/kiosk/tickets/{booking}",
        "",
        None,
        {**KIOSK, "kiosk_b": 404},  # another office's booking is not there for this kiosk
    ),
}


# --- the world, seeded once for the module ---

SESSION_ACCOUNTS = (
    ("officer_a", "officer", "office-a"),
    ("officer_b", "officer", "office-b"),
    ("supervisor_a", "supervisor", "office-a"),
    ("supervisor_b", "supervisor", "office-b"),
    ("admin", "admin", None),
)
SESSION_CALLERS = tuple(caller for caller, _, _ in SESSION_ACCOUNTS)


class World:
    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app, self.client, self.api = app, client, Api(client, app)
        self.headers: dict[str, dict[str, str]] = {"anonymous": {}}
        # Staff signed in through the sign-in form: a browser each, and its page's CSRF token.
        self.sessions: dict[str, FlaskClient] = {}
        self.csrf: dict[str, str] = {}
        self.values: dict[str, str] = {"a": "office-a"}
        self.serial = 0

    def new_user(self) -> str:
        self.serial += 1
        return f"matrix-user-{self.serial}"


def seed(world: World) -> None:
    api = world.api
    for slug in ("office-a", "office-b"):
        # Two seats: the slot holds one booking, so a second person can join the waitlist.
        api.setup_office(
            slug=slug, name=f"Kantor {slug}", counters=2, weekly_hours=ALWAYS_OPEN, seats=2
        )
    for role in ("officer", "supervisor"):
        for office in ("a", "b"):
            world.headers[f"{role}_{office}"] = api.headers(role, f"office-{office}")
    world.headers["admin"] = api.headers("admin")
    for caller, role, office in SESSION_ACCOUNTS:
        create_account(world.app, f"session-{caller}", role, office)
        world.sessions[caller] = signed_in_client(world.app, f"session-{caller}")
        world.csrf[caller] = page_token(world.sessions[caller])
    for name, office, kind in (
        ("kiosk_a", "office-a", "kiosk"),
        ("display_a", "office-a", "display"),
        ("kiosk_b", "office-b", "kiosk"),
        ("revoked_kiosk_a", "office-a", "kiosk"),
    ):
        response = api.call("POST", f"/offices/{office}/devices", json={"kind": kind, "name": name})
        assert response.status_code == 201, response.get_json()
        device = response.get_json()
        world.headers[name] = {"Authorization": f"Bearer {device['token']}"}
        world.values[f"{name}_device"] = str(device["id"])
    revoked = api.call("DELETE", f"/devices/{world.values['revoked_kiosk_a_device']}")
    assert revoked.status_code in (200, 204), revoked.get_data()
    counters = api.call("GET", "/offices/office-a/counters", role=None).get_json()
    counters = counters.get("counters", counters) if isinstance(counters, dict) else counters
    world.values["counter"], world.values["spare_counter"] = (str(c["id"]) for c in counters[:2])
    # Checked in at the kiosk of A (its window opened at 07:00): the kiosk can show it again.
    arrived = api.book(office="office-a", start="2026-12-07T07:30:00+07:00").get_json()
    world.values["booking"], world.values["qr"] = arrived["code"], arrived["qr"]["payload"]
    checked_in = world.client.post(
        "/api/v1/kiosk/checkin",
        json={"qr": arrived["qr"]["payload"], "health": {"symptoms": []}},
        headers=world.headers["kiosk_a"],
    )
    assert checked_in.status_code == 201, checked_in.get_json()
    # The citizen's own booking, which the matrix may cancel.
    world.values["citizen_nik"] = make_nik(777)
    world.values["kiosk_nik"] = make_nik(778)
    booking = api.book(
        office="office-a", start="2026-12-07T08:00:00+07:00", nik=world.values["citizen_nik"]
    ).get_json()
    world.values["own_booking"] = booking["code"]
    world.headers["owner"] = {"X-Manage-Token": booking["manage_token"]}
    world.headers["manage_as_bearer"] = {"Authorization": f"Bearer {booking['manage_token']}"}
    waiting = api.book(office="office-a", start="2026-12-07T08:00:00+07:00", expect=None)
    assert waiting.status_code == 409, waiting.get_json()
    joined = world.client.post("/api/v1/waitlist", json=waiting_body())
    assert joined.status_code == 201, joined.get_json()
    world.values["waitlist"] = joined.get_json()["code"]
    world.headers["owner"]["X-Waitlist-Token"] = joined.get_json()["token"]
    level = api.call("PUT", "/protocol-levels/ppkm-3", json={"capacity_pct": 50})
    assert level.status_code in (200, 201), level.get_json()
    ticket = world.client.post(
        "/api/v1/kiosk/walk-in",
        json={"service": "ktp", "companions": 0, "health": {"symptoms": []}},
        headers=world.headers["kiosk_a"],
    )
    assert ticket.status_code == 201, ticket.get_json()
    world.values["ticket"] = str(ticket.get_json()["ticket"]["id"])
    ticket_b = world.client.post(
        "/api/v1/kiosk/walk-in",
        json={"service": "ktp", "companions": 0, "health": {"symptoms": []}},
        headers=world.headers["kiosk_b"],
    )
    assert ticket_b.status_code == 201, ticket_b.get_json()
    world.values["ticket_b"] = str(ticket_b.get_json()["ticket"]["id"])
    counters_b = api.call("GET", "/offices/office-b/counters", role=None).get_json()
    counters_b = (
        counters_b.get("counters", counters_b) if isinstance(counters_b, dict) else counters_b
    )
    world.values["counter_b"] = str(counters_b[0]["id"])


def waiting_body() -> dict[str, Any]:
    from tests.conftest import booking_body

    return booking_body(office="office-a", start="2026-12-07T08:00:00+07:00")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("matrix") / "antrean.sqlite3"
    application = make_app(f"sqlite:///{path}", Clock(NOW))
    create_schema(application)
    world = World(application, application.test_client())
    seed(world)
    yield world
    from app.extensions import db

    with application.app_context():
        db.engine.dispose()


def fill(template: str, world: World) -> str:
    values = {**world.values, "new_user": world.new_user()}
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def outcome_of(status: int) -> Any:
    return ALLOW if status < 300 or status in (400, 409, 410, 422) else status


CASES = [(key, caller) for key in MATRIX for caller in CALLERS]
# Known gaps whose fix lies in another engineer's file: (key, caller) -> reason. Strict, so the
# day the fix lands the entry must go. Empty: every gap the matrix found has been fixed.
XFAIL: dict[tuple[str, str], str] = {}


def case_param(key: str, caller: str) -> Any:
    marks = []
    if (key, caller) in XFAIL:
        marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[(key, caller)]))
    return pytest.param(key, caller, id=f"{key}|{caller}", marks=marks)


@pytest.mark.parametrize(("key", "caller"), [case_param(k, c) for k, c in CASES])
def test_matrix(world: World, key: str, caller: str) -> None:
    method = key.split(" ", 1)[0]
    path, query, body, expected = MATRIX[key]
    url = fill(path, world) + (f"?{fill(query, world)}" if query else "")
    headers = dict(world.headers[caller])
    kwargs: dict[str, Any] = {}
    if body is not None:
        kwargs = {"data": fill(body, world), "content_type": "application/json"}
    response = world.client.open(url, method=method, headers=headers, **kwargs)
    wanted = expected[caller]
    got = outcome_of(response.status_code)
    if isinstance(wanted, int) and wanted not in (401, 403):
        got = response.status_code  # an exact status written in the table
    assert got == wanted, (method, url, caller, response.status_code, response.get_data()[:300])
    if response.status_code in (401, 403):
        assert "code" in response.get_json()["error"]


def test_every_api_rule_is_in_the_matrix(world: World) -> None:
    rules = {
        f"{method} {rule.rule}"
        for rule in world.app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = {key.split("#")[0] for key in MATRIX}
    assert rules - listed == set(), "endpoints without an entry in the role matrix"
    assert listed - rules == set(), "matrix entries for endpoints that no longer exist"


# --- the same matrix, staff signed in by the pages' session cookie instead of a bearer token ---

SESSION_CASES = [(key, caller) for key in MATRIX for caller in SESSION_CALLERS]
UNSAFE_KEYS = [key for key in MATRIX if key.split(" ", 1)[0] not in ("GET", "HEAD")]


def session_request(world: World, key: str, caller: str, with_csrf: bool = True) -> tuple[str, Any]:
    method = key.split(" ", 1)[0]
    path, query, body, _ = MATRIX[key]
    url = fill(path, world) + (f"?{fill(query, world)}" if query else "")
    headers = {"X-CSRF-Token": world.csrf[caller]} if with_csrf else {}
    kwargs: dict[str, Any] = {}
    if body is not None:
        kwargs = {"data": fill(body, world), "content_type": "application/json"}
    client = world.sessions[caller]
    return url, client.open(url, method=method, headers=headers, **kwargs)


@pytest.mark.parametrize(
    ("key", "caller"), [pytest.param(k, c, id=f"{k}|{c}") for k, c in SESSION_CASES]
)
def test_matrix_with_the_session(world: World, key: str, caller: str) -> None:
    """Signed in at /staff/login, each role may do exactly what its bearer token may."""
    url, response = session_request(world, key, caller)
    wanted = MATRIX[key][3][caller]
    got = outcome_of(response.status_code)
    if isinstance(wanted, int) and wanted not in (401, 403):
        got = response.status_code
    assert got == wanted, (key, url, caller, response.status_code, response.get_data()[:300])


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_unsafe_calls_by_session_without_the_csrf_token_are_refused(world: World, key: str) -> None:
    """Even the admin's session cannot write without the page's CSRF token; endpoints that take
    no staff credential answer as they would to anyone."""
    expected = MATRIX[key][3]
    url, response = session_request(world, key, "admin", with_csrf=False)
    takes_staff = expected["anonymous"] == 401 and any(
        expected[caller] != 401 for caller in SESSION_CALLERS
    )
    if takes_staff:
        assert response.status_code == 403, (key, url, response.status_code)
        assert response.get_json()["error"]["code"] == "csrf_invalid"
    else:
        got = outcome_of(response.status_code)
        wanted = expected["anonymous"]
        if isinstance(wanted, int) and wanted not in (401, 403):
            got = response.status_code
        assert got == wanted, (key, url, response.status_code)


# --- the HTML pages: they leak nothing; staff pages open only for the roles that may see them ---

# Every HTML page by its rule: the address tried, or None for the citizen's booking pages
# (they need the manage token: see test_booking_pages_need_their_own_manage_token).
PAGE_RULES: dict[str, str | None] = {
    "GET /": "/",
    "GET /favicon.ico": None,  # 204 for anyone: test_booking_pages
    "GET /o/<slug>": "/o/office-a",
    "GET /o/<slug>/<service_code>": "/o/office-a/ktp",
    "GET /o/<slug>/<service_code>/<day>": "/o/office-a/ktp/2026-12-08",
    "GET /o/<slug>/<service_code>/<day>/book": None,  # the public booking form
    "GET /staff/admin/<slug>/holidays.json": "/staff/admin/office-a/holidays.json",  # public facts
    "GET /kiosk": "/kiosk",
    "GET /display": "/display",
    "GET /display/setup": "/display/setup",
    "GET /board/<slug>": "/board/office-a",
    "GET /kiosk/setup": None,  # see test_kiosk_setup_needs_a_live_kiosk_token
    "GET /b/<code>": None,
    "GET /b/<code>/cancel": None,
    "GET /b/<code>/reschedule": None,
    "GET /b/<code>/reschedule/<day>": None,
    "POST /b/<code>/reschedule/<day>": None,
    "POST /b/<code>/cancel": None,
    "POST /o/<slug>/<service_code>/<day>/book": None,  # a public form (CSRF-protected)
    "POST /o/<slug>/<service_code>/<day>/waitlist": None,  # a public form (CSRF-protected)
    "GET /w/<code>": None,  # the waitlist entry's token: like the booking pages
    "POST /w/<code>/confirm": None,
    "POST /w/<code>/leave": None,
}
PAGES = tuple(path for path in PAGE_RULES.values() if path)

# The staff pages, for each caller: signed out, each role signed in through the form, and a kiosk
# sending its device token. An outcome is a status, or "→path": a 303 to that address.
PAGE_CALLERS = ("anonymous", *SESSION_CALLERS, "kiosk_a")
SIGN_IN = "→/staff/login"


def page_row(*outcomes: Any) -> dict[str, Any]:
    return dict(zip(PAGE_CALLERS, outcomes, strict=True))


#                 anon     off_a off_b sup_a sup_b admin kiosk_a
MANAGER_PAGE_A = page_row(SIGN_IN, 403, 403, 200, 403, 200, SIGN_IN)
# (method, path, form sent with the caller's CSRF token or None, outcomes)
STAFF_PAGES: dict[str, tuple[str, str, dict[str, str] | None, dict[str, Any]]] = {
    "GET /staff/login": (
        "GET",
        "/staff/login",
        None,
        page_row(
            200,
            "→/staff/console",
            "→/staff/console",
            "→/staff/dashboard/office-a",
            "→/staff/dashboard/office-b",
            "→/staff/admin",
            200,
        ),
    ),
    # A sign-in attempt with a wrong password: the form is public, the password decides.
    "POST /staff/login": (
        "POST",
        "/staff/login",
        {"username": "session-admin", "password": "wrong-password"},
        page_row(401, 401, 401, 401, 401, 401, 401),
    ),
    # Signing out (each signed-in caller on a fresh session of its own: see the test).
    "POST /staff/logout": (
        "POST",
        "/staff/logout",
        {},
        page_row(*(["→/staff/login?signed_out=1&lang=id"] * 7)),
    ),
    "GET /staff/console": (
        "GET",
        "/staff/console",
        None,
        page_row(SIGN_IN, 200, 200, 200, 200, 200, SIGN_IN),
    ),
    "GET /staff/admin": (
        "GET",
        "/staff/admin",
        None,
        page_row(
            SIGN_IN, 403, 403, "→/staff/admin/office-a", "→/staff/admin/office-b", 200, SIGN_IN
        ),
    ),
    "GET /staff/admin/<slug>": ("GET", "/staff/admin/office-a", None, MANAGER_PAGE_A),
    "GET /staff/dashboard/<slug>": ("GET", "/staff/dashboard/office-a", None, MANAGER_PAGE_A),
    "GET /staff/reports/<slug>": ("GET", "/staff/reports/office-a", None, MANAGER_PAGE_A),
    "GET /staff/reports/<slug>#b": (
        "GET",
        "/staff/reports/office-b",
        None,
        page_row(SIGN_IN, 403, 403, 403, 200, 200, SIGN_IN),
    ),
    # Who you are comes first, then whether the office exists.
    "GET /staff/admin/<slug>#unknown": (
        "GET",
        "/staff/admin/no-such-office",
        None,
        page_row(SIGN_IN, 404, 404, 404, 404, 404, SIGN_IN),
    ),
}


def secrets_of(world: World) -> list[str]:
    """Everything personal or secret the world holds: none of it may reach a page."""
    values = [world.values["booking"], world.values["own_booking"], world.values["waitlist"]]
    values += [world.values["citizen_nik"], "Siti Rahayu", "0812-3456-7890"]
    for headers in world.headers.values():
        values += [value.removeprefix("Bearer ") for value in headers.values()]
    return values


def test_every_page_is_in_the_list(world: World) -> None:
    rules = {
        f"{method} {rule.rule}"
        for rule in world.app.url_map.iter_rules()
        if not rule.rule.startswith("/api/v1") and "static" not in rule.endpoint
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = set(PAGE_RULES) | {key.split("#")[0] for key in STAFF_PAGES}
    assert rules - listed == set(), "pages the matrix does not try"
    assert listed - rules == set(), "pages in the matrix that no longer exist"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("caller", ("anonymous", "officer_b", "kiosk_b"))
def test_pages_show_no_data_without_the_right_token(world: World, path: str, caller: str) -> None:
    response = world.client.get(path, headers=world.headers[caller])
    assert response.status_code == 200, response.status_code
    page = response.get_data(as_text=True)
    leaked = [secret for secret in secrets_of(world) if secret in page]
    assert leaked == []


def page_client(world: World, key: str, caller: str) -> tuple[FlaskClient, dict[str, str]]:
    """The caller's browser (a fresh one for signing out, so the others stay signed in)."""
    if caller not in SESSION_CALLERS:
        return world.app.test_client(), dict(world.headers[caller])
    if key.startswith("POST /staff/logout"):
        return signed_in_client(world.app, f"session-{caller}"), {}
    return world.sessions[caller], {}


@pytest.mark.parametrize("caller", PAGE_CALLERS)
@pytest.mark.parametrize("key", list(STAFF_PAGES))
def test_staff_page_matrix(world: World, key: str, caller: str) -> None:
    method, path, form, expected = STAFF_PAGES[key]
    client, headers = page_client(world, key, caller)
    if form is None:
        response = client.open(path, method=method, headers=headers)
    else:
        token_page = "/staff/console" if caller in SESSION_CALLERS else "/staff/login"
        data = {**form, "csrf_token": form_token(client, token_page)}
        response = client.open(path, method=method, headers=headers, data=data)
    wanted = expected[caller]
    if isinstance(wanted, str):
        assert response.status_code == 303, (key, caller, response.status_code)
        location = response.headers["Location"]
        assert location == wanted[1:] or location.startswith(wanted[1:] + "?"), location
    else:
        assert response.status_code == wanted, (key, caller, response.status_code)
    page = response.get_data(as_text=True)
    assert [secret for secret in secrets_of(world) if secret in page] == []


@pytest.mark.parametrize("key", [k for k, v in STAFF_PAGES.items() if v[0] == "POST"])
def test_staff_forms_without_the_csrf_token_are_refused(world: World, key: str) -> None:
    method, path, form, _ = STAFF_PAGES[key]
    client = signed_in_client(world.app, "session-supervisor_a")
    response = client.open(path, method=method, data=form)
    assert response.status_code == 403, (key, response.status_code)
    assert client.get("/staff/console").status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("page", "token_of"),
    [
        ("/kiosk/setup", None),
        ("/kiosk/setup", "display_a"),  # a display's token does not make a kiosk
        ("/kiosk/setup", "admin"),  # nor does a staff token
        ("/kiosk/setup", "revoked_kiosk_a"),
    ],
)
def test_kiosk_setup_needs_a_live_kiosk_token(
    world: World, page: str, token_of: str | None
) -> None:
    token = world.headers[token_of]["Authorization"].removeprefix("Bearer ") if token_of else ""
    response = world.client.get(f"{page}?token={token}")
    assert response.status_code == 404
    assert "Kantor office-a" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_kiosk_setup_names_the_office_of_its_own_token(world: World) -> None:
    token = world.headers["kiosk_a"]["Authorization"].removeprefix("Bearer ")
    response = world.client.get(f"/kiosk/setup?token={token}")
    assert response.status_code == 200
    assert "Kantor office-a" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


# --- credentials that once worked, or never could ---


def test_an_expired_staff_token_is_refused(api: Api, clock: Clock) -> None:
    api.create_office()
    path = "/offices/dukcapil-test/devices"
    assert api.call("GET", path, role="supervisor", office="dukcapil-test").status_code == 200
    clock.set(NOW + timedelta(hours=12, minutes=1))
    response = api.call("GET", path, role="supervisor", office="dukcapil-test")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_deactivated_account_loses_its_token_at_once(api: Api, app: Flask) -> None:
    api.create_office()
    path = "/offices/dukcapil-test/devices"
    assert api.call("GET", path, role="supervisor", office="dukcapil-test").status_code == 200
    with app.app_context():
        from app.extensions import db
        from app.models import Staff

        for account in db.session.query(Staff).filter_by(role="supervisor"):
            account.is_active = False
        db.session.commit()
    assert api.call("GET", path, role="supervisor", office="dukcapil-test").status_code == 401


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer ", "Basic YWRtaW46cGFzc3dvcmQ=", "Token abc", "Bearer not-a-token"],
)
def test_malformed_or_unknown_credentials_are_401(world: World, authorization: str) -> None:
    response = world.client.get(
        "/api/v1/offices/office-a/devices", headers={"Authorization": authorization}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


# --- the /display Socket.IO namespace: only a display token (or a public board's slug) ---


def live_token(live_app: Flask, url: str, role: str, office: str | None) -> str:
    import requests

    username = f"{role}-{office or 'all'}-live"
    with live_app.app_context():
        from app.services import offices, staff
        from app.signals import commit

        staff.create_staff(
            username, "password-123", role, offices.get_office(office) if office else None
        )
        commit()
    answer = requests.post(
        f"{url}/api/v1/auth/token",
        json={"username": username, "password": "password-123"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def test_a_staff_token_is_no_display_token(live_app: Flask, live_server: Any) -> None:
    import requests

    from tests.conftest import office_body
    from tests.test_display_namespace import refused

    admin = live_token(live_app, live_server.url, "admin", None)
    created = requests.post(
        f"{live_server.url}/api/v1/offices",
        json=office_body(slug="office-a", weekly_hours=ALWAYS_OPEN),
        headers={"Authorization": f"Bearer {admin}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    for role in ("admin", "supervisor", "officer"):
        token = (
            admin if role == "admin" else live_token(live_app, live_server.url, role, "office-a")
        )
        error = refused(live_server.url, {"token": token})
        assert error is not None and error["data"]["code"] == "unauthorized", role


def test_waitlist_page_needs_its_own_token(world: World) -> None:
    for token in ("", "wrong-token", world.headers["owner"]["X-Manage-Token"]):
        url = f"/w/{world.values['waitlist']}?token={token}"
        response = world.client.get(url)
        assert response.status_code == 401, (token, response.status_code)
        hidden = [secret for secret in secrets_of(world) if secret not in url]
        assert [secret for secret in hidden if secret in response.get_data(as_text=True)] == []


@pytest.mark.parametrize(
    "path",
    ["/b/{code}", "/b/{code}/cancel", "/b/{code}/reschedule", "/b/{code}/reschedule/2026-12-08"],
)
@pytest.mark.parametrize("token", [None, "wrong-token", "booking-of-another"])
def test_booking_pages_need_their_own_manage_token(
    world: World, path: str, token: str | None
) -> None:
    if token == "booking-of-another":
        token = world.headers["owner"]["X-Manage-Token"]
        path = path.replace("{code}", world.values["booking"])
    url = path.replace("{code}", world.values["own_booking"])
    response = world.client.get(url + (f"?token={token}" if token else ""))
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    # What the caller sent in the address may come back; nothing else may.
    hidden = [secret for secret in secrets_of(world) if secret not in url + str(token)]
    assert [secret for secret in hidden if secret in page] == []


def credential_in_table(expected: dict[str, Any]) -> str | None:
    """Which credential the table says the endpoint takes, as OpenAPI names it."""
    if expected["anonymous"] == ALLOW:
        return None
    if expected["owner"] == ALLOW:
        return "manage"
    if expected["kiosk_a"] == ALLOW or expected["kiosk_b"] == ALLOW:
        return "device"
    return "staff"


def test_openapi_declares_the_credential_the_matrix_expects(world: World) -> None:
    document = world.client.get("/api/v1/openapi.json").get_json()
    declared = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            schemes = [name for entry in operation.get("security") or [] for name in entry]
            declared[f"{method.upper()} {path}"] = schemes[0] if schemes else None
    wrong = {}
    for key, (_, _, _, expected) in MATRIX.items():
        if "#" in key:
            continue  # a variant's target changes the answer, not the credential
        method, rule = key.split(" ", 1)
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)
        if declared.get(f"{method} {path}") != credential_in_table(expected):
            wrong[key] = (declared.get(f"{method} {path}"), credential_in_table(expected))
    assert wrong == {}
