"""The /display namespace with real clients: python-socketio's Client against a live server.

Absence of an event is checked by order, never by waiting: Socket.IO delivers a client's events
in the order the server sent them, and every broadcast is sent before the HTTP answer of the
change that caused it. So when a display's next event is the one caused by a later change,
nothing was sent to it in between.
"""

from __future__ import annotations

import json
import queue
import threading
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
import socketio
from flask import Flask

from app.services.devices import ONLINE_WINDOW, is_online
from tests.conftest import ALWAYS_OPEN, booking_body, make_nik, office_body

EVENT_TIMEOUT = 10
PHONE = "0812-3456-7890"
NIK = make_nik(4242)


class LiveApi:
    """The contract over real HTTP, with staff created directly in the app's database."""

    def __init__(self, url: str, app: Flask) -> None:
        self.url = url
        self.app = app
        self.http = requests.Session()
        self.tokens: dict[str, str] = {}

    def token(self, role: str = "admin", office: str | None = None) -> str:
        key = f"{role}:{office}"
        if key not in self.tokens:
            username = f"{role}-{uuid.uuid4().hex[:8]}"
            with self.app.app_context():
                from app.services import offices, staff
                from app.signals import commit

                office_obj = offices.get_office(office) if office else None
                staff.create_staff(username, "password-123", role, office_obj)
                commit()
            self.tokens[key] = self.post(
                "/auth/token", {"username": username, "password": "password-123"}, role=None
            )["token"]
        return self.tokens[key]

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        role: str | None = "admin",
        office: str | None = None,
        token: str | None = None,
        expect: int | None = None,
    ) -> Any:
        """As staff of `role` (at `office`), or with a device `token`; role=None: no credentials."""
        bearer = token or (self.token(role, office) if role else None)
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        response = self.http.request(
            method, f"{self.url}/api/v1{path}", json=body, headers=headers, timeout=20
        )
        if expect is not None:
            assert response.status_code == expect, response.text
        elif response.status_code >= 400:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", path, body if body is not None else {}, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def setup_office(self, slug: str, counters: int = 1) -> list[int]:
        self.post(
            "/offices", office_body(slug=slug, name=f"Kantor {slug}", weekly_hours=ALWAYS_OPEN)
        )
        self.post(
            f"/offices/{slug}/services",
            {"code": "ktp", "name": "KTP-el", "prefix": "A", "avg_service_minutes": 10},
        )
        return [
            self.post(f"/offices/{slug}/counters", {"name": f"Loket {n + 1}", "services": ["ktp"]})[
                "id"
            ]
            for n in range(counters)
        ]

    def device(self, slug: str, kind: str = "display") -> dict[str, Any]:
        return self.post(f"/offices/{slug}/devices", {"kind": kind, "name": f"{kind} 1"})

    def walk_in(self, slug: str, phone: str | None = None) -> dict[str, Any]:
        kiosk = self.tokens.setdefault(f"kiosk:{slug}", self.device(slug, "kiosk")["token"])
        body: dict[str, Any] = {"service": "ktp", "companions": 0}
        if phone:
            body["phone"] = phone
        return self.post("/kiosk/walk-in", body, role=None, token=kiosk)["ticket"]

    def book_now(self, slug: str, **person: Any) -> dict[str, Any]:
        """A booking for the next slot of today (the office is open round the clock), so that
        it can be checked in now."""
        today = datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()
        slots = self.get(f"/offices/{slug}/slots?date={today}&service=ktp", role=None)["slots"]
        start = next(s["start"] for s in slots if s["state"] == "open")
        body = booking_body(office=slug, service="ktp", start=start, **person)
        return self.post("/bookings", body, role=None)

    def check_in(self, slug: str, qr: str) -> dict[str, Any]:
        kiosk = self.tokens.setdefault(f"kiosk:{slug}", self.device(slug, "kiosk")["token"])
        return self.post("/kiosk/checkin", {"qr": qr}, role=None, token=kiosk)["ticket"]

    def call_next(self, slug: str, counter_id: int, expect: int | None = None) -> Any:
        return self.request(
            "POST", f"/counters/{counter_id}/call-next", {}, "officer", slug, expect=expect
        )

    def recall(self, slug: str, ticket_id: int) -> Any:
        return self.post(f"/tickets/{ticket_id}/recall", role="officer", office=slug)


class Display:
    """A real Socket.IO client on /display that records every event it receives, in order."""

    def __init__(self, url: str, auth: Any) -> None:
        self.url = url
        self.auth = auth
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.received: list[tuple[str, Any]] = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._record, namespace="/display")

    def _record(self, event: str, data: Any = None) -> None:
        self.events.put((event, data))

    def connect(self) -> Display:
        self.client.connect(
            self.url,
            namespaces=["/display"],
            auth=self.auth,
            transports=["websocket"],
            wait_timeout=EVENT_TIMEOUT,
        )
        return self

    def next(self, timeout: float = EVENT_TIMEOUT) -> tuple[str, Any]:
        """The next event; queue.Empty if none comes within `timeout` seconds."""
        event = self.events.get(timeout=timeout)
        self.received.append(event)
        return event

    def expect(self, name: str) -> Any:
        """The next event, which must be `name`."""
        event, data = self.next()
        assert event == name, f"expected {name}, got {event}: {data}"
        return data

    def until(self, name: str, timeout: float = EVENT_TIMEOUT) -> tuple[Any, list[tuple[str, Any]]]:
        """Events up to the first `name`: (its data, the events before it)."""
        before = []
        while True:
            event, data = self.next(timeout)
            if event == name:
                return data, before
            before.append((event, data))

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()


@pytest.fixture
def live(live_server, live_app) -> LiveApi:
    return LiveApi(live_server.url, live_app)


@pytest.fixture
def displays(live_server):
    opened: list[Display] = []

    def open_display(auth: Any) -> Display:
        display = Display(live_server.url, auth).connect()
        opened.append(display)
        return display

    yield open_display
    # Closing a websocket on Werkzeug's server takes a while: close them all at once.
    closers = [threading.Thread(target=display.close) for display in opened]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join(timeout=15)


def refused(url: str, auth: Any) -> Any:
    client = socketio.Client(reconnection=False)
    errors: list[Any] = []
    client.on("connect_error", errors.append, namespace="/display")
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            url, namespaces=["/display"], auth=auth, transports=["websocket"], wait_timeout=5
        )
    client.disconnect()
    return errors[0] if errors else None


# --- connecting -------------------------------------------------------------------------


def test_display_token_gets_config_then_snapshot_and_is_seen(live, displays):
    live.setup_office("kantor-a")
    device = live.device("kantor-a")
    display = displays({"token": device["token"]})
    config = display.expect("display_config")
    assert config["kind"] == "display"
    assert config["office"] == {
        "slug": "kantor-a",
        "name": "Kantor kantor-a",
        "timezone": "Asia/Jakarta",
    }
    assert config["services"] == [{"code": "ktp", "name": "KTP-el", "prefix": "A"}]
    snapshot = display.expect("queue_snapshot")
    assert snapshot == live.get("/offices/kantor-a/queue")
    [listed] = live.get("/offices/kantor-a/devices")["devices"]
    assert listed["last_seen_at"] is not None


@pytest.mark.parametrize("auth", [None, {"token": "not-a-token"}, {"office": ""}, "just-a-string"])
def test_missing_or_bad_credentials_are_refused(live, live_server, auth):
    live.setup_office("kantor-a")
    assert refused(live_server.url, auth) is not None


def test_kiosk_token_and_revoked_display_token_are_refused(live, live_server):
    live.setup_office("kantor-a")
    kiosk = live.device("kantor-a", "kiosk")
    error = refused(live_server.url, {"token": kiosk["token"]})
    assert error["data"]["code"] == "unauthorized"
    display = live.device("kantor-a")
    live.request("DELETE", f"/devices/{display['id']}")
    error = refused(live_server.url, {"token": display["token"]})
    assert error["data"]["code"] == "unauthorized"
    assert "dicabut" in error["data"]["message"]


def test_public_board_connects_by_slug_and_unknown_slug_is_refused(live, live_server, displays):
    live.setup_office("kantor-a")
    board = displays({"office": "kantor-a"})
    assert board.expect("display_config")["kind"] == "board"
    assert (
        board.expect("queue_snapshot")["version"] == live.get("/offices/kantor-a/queue")["version"]
    )
    error = refused(live_server.url, {"office": "no-such-office"})
    assert error["data"]["code"] == "not_found"


# --- broadcasts -------------------------------------------------------------------------


def test_call_next_reaches_that_office_only(live, displays):
    [counter_a] = live.setup_office("kantor-a")
    [counter_b] = live.setup_office("kantor-b")
    screen_a = displays({"token": live.device("kantor-a")["token"]})
    board_a = displays({"office": "kantor-a"})
    screen_b = displays({"token": live.device("kantor-b")["token"]})
    for display in (screen_a, board_a, screen_b):
        display.until("queue_snapshot")

    ticket = live.walk_in("kantor-a")
    issued, _ = screen_a.until("queue_updated")
    assert [t["number"] for t in issued["waiting"]] == [ticket["number"]]
    live.call_next("kantor-a", counter_a)

    for display in (screen_a, board_a):
        called, _ = display.until("ticket_called")
        assert called["number"] == ticket["number"] == "A-001"
        assert called["counter"] == "Loket 1"
        assert called["service"] == "ktp"
        assert called["recall"] is False
        assert called["called_at"].endswith("+07:00")
        assert called["announcement"]["id"] == "Nomor antrean A satu, silakan menuju Loket 1"
        assert called["announcement"]["en"] == "Queue number A one, please go to counter 1"
        assert called["announcement"]["speech"]["id"].endswith("Loket satu")
        updated, _ = display.until("queue_updated")
        assert updated["version"] > issued["version"]
        assert updated["waiting"] == []
        assert updated["called"][0]["number"] == "A-001"
        assert updated == live.get("/offices/kantor-a/queue")

    # Office B's screen: its next event is about its own walk-in; nothing of A's came first.
    other = live.walk_in("kantor-b")
    update_b, before = screen_b.until("queue_updated")
    assert [t["number"] for t in update_b["waiting"]] == [other["number"]]
    assert [event for event, _ in before] == ["occupancy_updated"]
    live.call_next("kantor-b", counter_b)
    assert screen_b.until("ticket_called")[0]["counter"] == "Loket 1"


def test_recall_repeats_the_call(live, displays):
    [counter] = live.setup_office("kantor-a")
    screen = displays({"token": live.device("kantor-a")["token"]})
    screen.until("queue_snapshot")
    live.walk_in("kantor-a")
    ticket = live.call_next("kantor-a", counter)["ticket"]
    first, _ = screen.until("ticket_called")
    live.recall("kantor-a", ticket["id"])
    again, _ = screen.until("ticket_called")
    assert (again["number"], again["recall"], again["recall_count"]) == ("A-001", True, 1)
    assert again["announcement"] == first["announcement"]


def test_versions_strictly_grow_and_occupancy_follows(live, displays):
    [counter] = live.setup_office("kantor-a", counters=1)
    screen = displays({"token": live.device("kantor-a")["token"]})
    screen.until("display_config")
    versions = [screen.expect("queue_snapshot")["version"]]
    occupancy = []
    for _ in range(3):
        live.walk_in("kantor-a")
    live.call_next("kantor-a", counter)
    live.call_next("kantor-a", counter)
    final = live.get("/offices/kantor-a/queue")
    while versions[-1] < final["version"]:
        event, data = screen.next()
        if event == "queue_updated":
            versions.append(data["version"])
        elif event == "occupancy_updated":
            occupancy.append(data)
    assert versions == sorted(set(versions)), versions
    assert (
        occupancy[-1] == final["occupancy"] == {"present": 3, "limit": final["occupancy"]["limit"]}
    )


def test_a_failed_change_sends_nothing(live, displays):
    [counter] = live.setup_office("kantor-a")
    screen = displays({"token": live.device("kantor-a")["token"]})
    screen.until("queue_snapshot")
    live.call_next("kantor-a", counter, expect=409)  # queue_empty: rolled back, nothing sent
    live.walk_in("kantor-a")
    _, before = screen.until("queue_updated")
    assert [event for event, _ in before] == ["occupancy_updated"]


# --- displays only listen ---------------------------------------------------------------


def test_client_events_change_nothing(live, displays):
    [counter] = live.setup_office("kantor-a")
    live.setup_office("kantor-b")
    live.walk_in("kantor-a")
    screen = displays({"token": live.device("kantor-a")["token"]})
    screen.until("queue_snapshot")
    before = live.get("/offices/kantor-a/queue")
    attempts = [
        ("call_next", {"counter": counter}),
        ("call-next", counter),
        ("queue_changed", {}),
        ("connect", {"office": "kantor-b"}),
        ("disconnect", "client"),
        ("ticket_called", {"number": "A-999"}),
        ("on_connect", None),
        ("_set_socketio", None),
        ("resync", {"office": "kantor-b"}),
    ]
    for event, data in attempts:
        # An acknowledged emit: the server has finished with it when call() returns.
        screen.client.call(event, data, namespace="/display", timeout=EVENT_TIMEOUT)
    assert live.get("/offices/kantor-a/queue") == before
    # Still connected, still to office A only: a change at B is not heard, one at A is.
    live.walk_in("kantor-b")
    live.walk_in("kantor-a")
    update, seen = screen.until("queue_updated")
    assert [t["number"] for t in update["waiting"]] == ["A-001", "A-002"]
    # Before it: the answer to the one allowed event (resync: A's snapshot, whatever it was
    # sent) and A's occupancy; nothing of office B.
    assert [data for event, data in seen if event == "queue_snapshot"] == [before]
    occupancy = [data["present"] for event, data in seen if event == "occupancy_updated"]
    assert occupancy == [2]
    assert {event for event, _ in seen} <= {"queue_snapshot", "occupancy_updated"}


def test_resync_answers_the_current_snapshot(live, displays):
    live.setup_office("kantor-a")
    screen = displays({"token": live.device("kantor-a")["token"]})
    screen.until("queue_snapshot")
    live.walk_in("kantor-a")
    screen.until("queue_updated")
    screen.client.emit("resync", namespace="/display")
    snapshot, _ = screen.until("queue_snapshot")
    assert snapshot == live.get("/offices/kantor-a/queue")


@pytest.mark.parametrize(("reuse_seconds", "rebuilt"), [(60.0, False), (0.0, True)])
def test_screens_resyncing_together_share_a_recent_snapshot_and_write_nothing(
    live, live_app, displays, monkeypatch, reuse_seconds, rebuilt
):
    """All screens of an office see the same version gap and resync together: each resync only
    reads whether its device was revoked, and the snapshot built moments ago serves them all
    (before, each wrote its last_seen_at and built a snapshot of its own). A snapshot older than
    the reuse window is built again: it also shows what changes no version."""
    from sqlalchemy import event

    import display.snapshots
    from app.extensions import db

    # 60 s: however slow the machine, the resyncs come within the window; 0 s: never.
    monkeypatch.setattr(display.snapshots, "RESYNC_REUSE_SECONDS", reuse_seconds)
    live.setup_office("kantor-a")
    screens = [displays({"token": live.device("kantor-a")["token"]}) for _ in range(4)]
    for screen in screens:
        screen.until("queue_snapshot")
    live.walk_in("kantor-a")
    for screen in screens:
        screen.until("queue_updated")
    with live_app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()).upper())

    event.listen(engine, "before_cursor_execute", record)
    try:
        for screen in screens:
            screen.client.emit("resync", namespace="/display")
        snapshots = [screen.until("queue_snapshot")[0] for screen in screens]
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert all(snapshot == live.get("/offices/kantor-a/queue") for snapshot in snapshots)
    assert [s for s in statements if s.startswith(("UPDATE", "INSERT", "DELETE"))] == []
    assert sum("FROM DEVICE" in s for s in statements) == len(screens)
    builds = sum("FROM TICKET" in s for s in statements)
    assert builds >= len(screens) if rebuilt else builds == 0, statements


def test_events_carry_no_personal_data(live, displays):
    [counter] = live.setup_office("kantor-a")
    screen = displays({"token": live.device("kantor-a")["token"]})
    board = displays({"office": "kantor-a"})
    booking = live.book_now("kantor-a", name="Siti Rahayu", nik=NIK, phone=PHONE)
    live.check_in("kantor-a", booking["qr"]["payload"])
    live.walk_in("kantor-a", phone=PHONE)
    live.call_next("kantor-a", counter)
    live.call_next("kantor-a", counter)
    for display in (screen, board):
        for _ in range(2):
            display.until("ticket_called")
        display.until("queue_updated")
        text = json.dumps(display.received)
        for secret in ("Siti", "Rahayu", NIK, "0812", "3456-7890", "34567890", booking["code"]):
            assert secret not in text
        keys = set().union(*(keys_of(data) for event, data in display.received))
        assert not keys & {"nik", "phone", "contact_phone", "email", "booking", "booking_code"}


def keys_of(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data).union(*(keys_of(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(keys_of(v) for v in data))
    return set()


# --- device health ----------------------------------------------------------------------


def test_heartbeat_keeps_last_seen_fresh_and_drops_a_revoked_display(live, live_app, displays):
    live_app.config["DISPLAY_HEARTBEAT_SECONDS"] = 0.2
    live.setup_office("kantor-a")
    device = live.device("kantor-a")
    screen = displays({"token": device["token"]})
    screen.until("queue_snapshot")
    first = live.get("/offices/kantor-a/devices")["devices"][0]["last_seen_at"]
    deadline_poll(
        lambda: live.get("/offices/kantor-a/devices")["devices"][0]["last_seen_at"] > first
    )
    live.request("DELETE", f"/devices/{device['id']}")
    deadline_poll(lambda: not screen.client.connected)


def deadline_poll(condition: Any, timeout: float = EVENT_TIMEOUT) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_online_means_seen_within_the_window():
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 12, 7, tzinfo=UTC)
    assert is_online(now - ONLINE_WINDOW, now)
    assert not is_online(now - ONLINE_WINDOW - timedelta(seconds=1), now)
    assert not is_online(None, now)


# --- the pages --------------------------------------------------------------------------


def test_pages_serve_without_inline_scripts(live, live_server):
    import re

    live.setup_office("kantor-a")
    for path in ("/display", "/display/setup", "/board/kantor-a"):
        response = requests.get(live_server.url + path, timeout=10)
        assert response.status_code == 200, path
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert requests.get(live_server.url + "/board/no-such-office", timeout=10).status_code == 404
    script = requests.get(
        live_server.url + "/display/static/vendor/socket.io-4.8.4.min.js", timeout=10
    )
    assert script.status_code == 200 and "Socket.IO v4.8.4" in script.text
