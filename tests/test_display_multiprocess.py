"""Displays across server processes: two `antrean serve` (gevent) on one PostgreSQL database,
Redis as the Socket.IO message queue. A display connected to one process hears what an officer
does through the other, and survives its own server restarting."""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import socketio

from tests.conftest import create_schema, make_app
from tests.live import ServerProcess, wait_until_up
from tests.test_display_namespace import Display, LiveApi

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def schema_app(pg_url: str) -> Iterator[Any]:
    """The schema, and an in-process app on the same database to create staff with."""
    app = make_app(pg_url, None)
    create_schema(app)
    yield app
    from app.extensions import db

    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def servers(pg_url, redis_url, schema_app, tmp_path) -> Iterator[list[ServerProcess]]:
    env = {
        "ANTREAN_DATABASE_URL": pg_url,
        "ANTREAN_REDIS_URL": redis_url,
        "ANTREAN_SOCKETIO_CHANNEL": f"antrean-test-{uuid.uuid4().hex[:10]}",
        "ANTREAN_SECRET_KEY": "display-multiprocess-secret",
        "ANTREAN_SCHEDULER_IN_PROCESS": "0",
        "ANTREAN_RATELIMIT_ENABLED": "0",
    }
    processes = [ServerProcess(env, tmp_path / f"serve-{n}.log") for n in (1, 2)]
    try:
        starting = [threading.Thread(target=start_patiently, args=(p,)) for p in processes]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join()
        assert all(p.process and p.process.poll() is None for p in processes)
        yield processes
    finally:
        for process in processes:
            process.stop()


def start_patiently(server: ServerProcess) -> None:
    """Start, allowing a loaded machine (CI, 2 cores) more than the default 20 s."""
    try:
        server.start()
    except TimeoutError:
        wait_until_up(server.url, timeout=90, process=server.process)


class ReconnectingDisplay(Display):
    """A display whose client reconnects by itself, as the page's does."""

    def __init__(self, url: str, auth: Any) -> None:
        self.url = url
        self.auth = auth
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.received: list[tuple[str, Any]] = []
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2)
        self.client.on("*", self._record, namespace="/display")


def test_an_officer_on_one_process_reaches_displays_on_the_other(servers, schema_app):
    first, second = servers
    via_first = LiveApi(first.url, schema_app)
    via_second = LiveApi(second.url, schema_app)
    [counter] = via_second.setup_office("kantor-mp")
    via_second.setup_office("kantor-lain")
    screen = Display(first.url, {"token": via_second.device("kantor-mp")["token"]}).connect()
    board = Display(second.url, {"office": "kantor-mp"}).connect()
    other = Display(first.url, {"office": "kantor-lain"}).connect()
    try:
        start = screen.until("queue_snapshot")[0]["version"]
        board.until("queue_snapshot")
        other.until("queue_snapshot")

        ticket = via_second.walk_in("kantor-mp")
        via_second.call_next("kantor-mp", counter)
        for display in (screen, board):
            called, _ = display.until("ticket_called")
            assert (called["number"], called["counter"]) == (ticket["number"], "Loket 1")
            updated, _ = display.until("queue_updated")
            assert updated["version"] > start
            assert updated == via_first.get("/offices/kantor-mp/queue")

        # The other office's board heard nothing of it: its next event is its own walk-in's.
        via_first.walk_in("kantor-lain")
        _, before = other.until("queue_updated")
        assert [event for event, _ in before] == ["occupancy_updated"]
    finally:
        for display in (screen, board, other):
            display.close()


def test_a_display_survives_its_server_restarting(servers, schema_app):
    first, second = servers
    api = LiveApi(second.url, schema_app)
    [counter] = api.setup_office("kantor-mp")
    screen = ReconnectingDisplay(first.url, {"token": api.device("kantor-mp")["token"]}).connect()
    try:
        screen.until("queue_snapshot")
        api.walk_in("kantor-mp")
        api.walk_in("kantor-mp")
        version = screen.until("queue_updated")[0]["version"]

        first.stop()
        api.call_next("kantor-mp", counter)  # while the display's server is down: missed
        start_patiently(first)  # same port, a new process: nothing in memory
        snapshot, _ = screen.until("queue_snapshot", timeout=30)
        assert snapshot["version"] > version  # stored, so it survives the restart
        assert snapshot == api.get("/offices/kantor-mp/queue")
        assert [c["number"] for c in snapshot["called"]] == ["A-001"]

        api.call_next("kantor-mp", counter)
        called, _ = screen.until("ticket_called")
        assert called["number"] == "A-002"
    finally:
        screen.close()
