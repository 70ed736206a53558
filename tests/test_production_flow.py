"""The production set-up end to end: two `antrean serve` processes and one `antrean scheduler`
on PostgreSQL with Redis as the Socket.IO message queue, driven through the public contract:
book → check in → call → display → complete → survey."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from typing import Any

import pytest
import requests
import socketio

from tests.conftest import ALWAYS_OPEN, make_nik
from tests.live import ROOT, ServerProcess

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def production_env(pg_url: str, redis_url: str) -> dict[str, str]:
    return {
        "ANTREAN_DATABASE_URL": pg_url,
        "ANTREAN_REDIS_URL": redis_url,
        "ANTREAN_SOCKETIO_CHANNEL": f"antrean-test-{uuid.uuid4().hex[:8]}",
        "ANTREAN_SECRET_KEY": "production-flow-secret",
        "ANTREAN_SCHEDULER_IN_PROCESS": "0",
        "ANTREAN_RATELIMIT_ENABLED": "0",
    }


def antrean(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "app.main", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def post(url: str, token: str | None = None, **kwargs: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(url, headers=headers, timeout=10, **kwargs)


def first_open_slot(base: str) -> str:
    from datetime import UTC, datetime, timedelta

    for offset in (0, 1):
        day = (datetime.now(UTC) + timedelta(hours=7, days=offset)).date().isoformat()
        slots = requests.get(
            f"{base}/api/v1/offices/prod-flow/slots",
            params={"date": day, "service": "ktp"},
            timeout=10,
        ).json()["slots"]
        for slot in slots:
            if slot["state"] == "open":
                return str(slot["start"])
    raise AssertionError("no open slot")


def test_the_whole_flow_across_two_processes_and_the_scheduler(production_env, tmp_path):
    antrean(production_env, "init-db")
    antrean(
        production_env,
        "create-user",
        "root-admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a-long-admin-password\n",
    )
    first = ServerProcess(production_env, tmp_path / "web1.log").start()
    second = ServerProcess(production_env, tmp_path / "web2.log").start()
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "app.main", "scheduler"],
        cwd=ROOT,
        env={**os.environ, **production_env},
        stdout=open(tmp_path / "scheduler.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    display = socketio.Client(reconnection=False)
    try:
        a, b = first.url, second.url
        admin = post(
            f"{a}/api/v1/auth/token",
            json={"username": "root-admin", "password": "a-long-admin-password"},
        ).json()["token"]
        office = {
            "slug": "prod-flow",
            "name": "Prod Flow",
            "timezone": "Asia/Jakarta",
            "waiting_room_m2": 100,
            "seats": 40,
            "weekly_hours": ALWAYS_OPEN,
            "observe_national_holidays": False,
        }
        assert post(f"{a}/api/v1/offices", admin, json=office).status_code == 201
        assert (
            post(
                f"{b}/api/v1/offices/prod-flow/services",
                admin,
                json={"code": "ktp", "name": "KTP-el", "prefix": "A", "avg_service_minutes": 10},
            ).status_code
            == 201
        )
        counter = post(
            f"{a}/api/v1/offices/prod-flow/counters",
            admin,
            json={"name": "Loket 3", "services": ["ktp"]},
        ).json()
        kiosk = post(
            f"{b}/api/v1/offices/prod-flow/devices", admin, json={"kind": "kiosk", "name": "Kios"}
        ).json()["token"]
        screen = post(
            f"{a}/api/v1/offices/prod-flow/devices",
            admin,
            json={"kind": "display", "name": "Layar"},
        ).json()["token"]

        calls: list[dict[str, Any]] = []
        called = threading.Event()

        @display.on("ticket_called", namespace="/display")
        def _on_call(data: dict[str, Any]) -> None:
            calls.append(data)
            called.set()

        display.connect(
            a,
            namespaces=["/display"],
            auth={"token": screen},
            transports=["websocket"],
            wait_timeout=10,
        )

        booking = post(
            f"{b}/api/v1/bookings",
            json={
                "office": "prod-flow",
                "service": "ktp",
                "start": first_open_slot(b),
                "name": "Budi Santoso",
                "nik": make_nik(7),
                "phone": "081234567890",
                "companions": 1,
                "priority": "none",
                "health": {"symptoms": [], "close_contact": False},
                "consent": True,
            },
        )
        assert booking.status_code == 201, booking.text
        checkin = post(
            f"{a}/api/v1/kiosk/checkin",
            kiosk,
            json={
                "qr": booking.json()["qr"]["payload"],
                "health": {"temperature_c": 36.6, "symptoms": []},
            },
        )
        assert checkin.status_code == 201, checkin.text
        ticket = checkin.json()["ticket"]

        call = post(f"{b}/api/v1/counters/{counter['id']}/call-next", admin)
        assert call.status_code == 200, call.text
        assert called.wait(10), "the display on the other process heard no call"
        assert calls[0]["number"] == ticket["number"]
        assert calls[0]["counter"] == "Loket 3"
        assert "Budi" not in str(calls)

        assert post(f"{a}/api/v1/tickets/{ticket['id']}/start", admin).status_code == 200
        assert post(f"{b}/api/v1/tickets/{ticket['id']}/complete", admin).status_code == 200
        survey = post(f"{a}/api/v1/surveys", json={"ticket": ticket["id"], "answers": [4] * 9})
        assert survey.status_code == 201, survey.text
        assert scheduler.poll() is None, "the scheduler process died"
    finally:
        display.disconnect()
        scheduler.terminate()
        scheduler.wait(timeout=10)
        first.stop()
        second.stop()
