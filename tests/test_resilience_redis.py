"""Redis blinks: booking and check-in go on, and displays recover once it is back.

The test runs its own redis-server on a free port, so stopping it disturbs nobody else."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from typing import Any

import pytest
import requests
import socketio

from tests.conftest import ALWAYS_OPEN, make_nik
from tests.live import ServerProcess, free_port

pytestmark = pytest.mark.redis


class RedisServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[Any] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import redis

                if redis.Redis(port=self.port, socket_connect_timeout=0.2).ping():
                    return
            except Exception:  # noqa: BLE001 (not up yet)
                time.sleep(0.05)
        raise TimeoutError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


def post(url, token=None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(url, headers=headers, timeout=15, **kwargs)


def open_slot(base: str) -> str:
    from datetime import UTC, datetime, timedelta

    for offset in (0, 1):
        day = (datetime.now(UTC) + timedelta(hours=7, days=offset)).date().isoformat()
        slots = requests.get(
            f"{base}/api/v1/offices/blink/slots", params={"date": day, "service": "ktp"}, timeout=10
        ).json()["slots"]
        for slot in slots:
            if slot["state"] == "open":
                return str(slot["start"])
    raise AssertionError("no open slot")


def book(base: str, serial: int) -> Any:
    return post(
        f"{base}/api/v1/bookings",
        json={
            "office": "blink",
            "service": "ktp",
            "start": open_slot(base),
            "name": "Dewi Lestari",
            "nik": make_nik(serial),
            "phone": "081234567890",
            "companions": 0,
            "priority": "none",
            "health": {"symptoms": [], "close_contact": False},
            "consent": True,
        },
    )


def test_booking_and_checkin_go_on_while_redis_is_down_and_displays_recover(
    redis_server, tmp_path, live_app
):
    from app.services import staff
    from app.signals import commit

    database = live_app.config["SQLALCHEMY_DATABASE_URI"]
    with live_app.app_context():
        staff.create_staff("blink-admin", "blink-password-1", "admin", None)
        commit()
    env = {
        "ANTREAN_DATABASE_URL": database,
        "ANTREAN_REDIS_URL": f"redis://127.0.0.1:{redis_server.port}/0",
        "ANTREAN_SOCKETIO_CHANNEL": "blink",
        "ANTREAN_RATELIMIT_ENABLED": "1",
        "ANTREAN_SCHEDULER_IN_PROCESS": "0",
    }
    server = ServerProcess(env, tmp_path / "web.log").start()
    display = socketio.Client(reconnection=True, reconnection_delay=0.2)
    try:
        base = server.url
        admin = post(
            f"{base}/api/v1/auth/token",
            json={"username": "blink-admin", "password": "blink-password-1"},
        ).json()["token"]
        assert (
            post(
                f"{base}/api/v1/offices",
                admin,
                json={
                    "slug": "blink",
                    "name": "Blink",
                    "timezone": "Asia/Jakarta",
                    "waiting_room_m2": 100,
                    "seats": 40,
                    "weekly_hours": ALWAYS_OPEN,
                    "observe_national_holidays": False,
                },
            ).status_code
            == 201
        )
        post(
            f"{base}/api/v1/offices/blink/services",
            admin,
            json={"code": "ktp", "name": "KTP", "prefix": "A", "avg_service_minutes": 5},
        )
        counter = post(
            f"{base}/api/v1/offices/blink/counters",
            admin,
            json={"name": "Loket 1", "services": ["ktp"]},
        ).json()
        kiosk = post(
            f"{base}/api/v1/offices/blink/devices", admin, json={"kind": "kiosk", "name": "K"}
        ).json()["token"]
        screen = post(
            f"{base}/api/v1/offices/blink/devices", admin, json={"kind": "display", "name": "D"}
        ).json()["token"]
        calls: list[str] = []
        heard = threading.Event()

        @display.on("ticket_called", namespace="/display")
        def _called(data):
            calls.append(data["number"])
            heard.set()

        display.connect(
            base,
            namespaces=["/display"],
            auth={"token": screen},
            transports=["websocket"],
            wait_timeout=10,
        )
        assert book(base, 1).status_code == 201

        redis_server.stop()
        during = book(base, 2)
        assert during.status_code == 201, during.text
        checkin = post(
            f"{base}/api/v1/kiosk/checkin",
            kiosk,
            json={
                "qr": during.json()["qr"]["payload"],
                "health": {"temperature_c": 36.4, "symptoms": []},
            },
        )
        assert checkin.status_code == 201, checkin.text

        redis_server.start()
        deadline = time.monotonic() + 30
        while not heard.is_set() and time.monotonic() < deadline:
            # Each call after Redis is back should reach the display once the server's
            # subscription has reconnected; keep calling until one arrives.
            post(
                f"{base}/api/v1/kiosk/walk-in",
                kiosk,
                json={"service": "ktp", "companions": 0, "health": {"symptoms": []}},
            )
            post(f"{base}/api/v1/counters/{counter['id']}/call-next", admin)
            heard.wait(1.0)
        assert heard.is_set(), "the display heard nothing after Redis came back"
    finally:
        display.disconnect()
        server.stop()
