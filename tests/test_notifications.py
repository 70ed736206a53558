"""The outbox against a REAL local SMTP server (aiosmtpd) and a tiny local HTTP gateway."""

import json
import threading
from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.extensions import db
from app.models import Notification
from app.services.notifications import Message, enqueue
from scheduling.runner import run_job
from tests.conftest import NOW
from tests.live import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = message_from_bytes(envelope.content, policy=default)
        self.messages.append((envelope.rcpt_tos, f"{parsed['Subject']}\n{parsed.get_content()}"))
        return "250 OK"


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    yield inbox
    controller.stop()


class Gateway:
    """A fake SMS/WhatsApp gateway: records each POST, answers the status codes queued."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers["Content-Length"])
                gateway.requests.append(
                    (self.headers.get("Authorization"), json.loads(self.rfile.read(length)))
                )
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def gateway(app):
    fake = Gateway()
    app.config.update(
        SMS_GATEWAY_URL=fake.url, SMS_GATEWAY_TOKEN="gw-secret", SMS_CHANNEL="whatsapp"
    )
    yield fake
    fake.server.shutdown()


def add(app, key="k1", channel="email", recipient="warga@example.id", body="Halo"):
    with app.app_context():
        from app.signals import commit

        added = enqueue(key, channel, recipient, Message("test", "Subjek", body, "id"), NOW)
        commit()
        return added


def notifications(app):
    with app.app_context():
        return db.session.scalars(select(Notification).order_by(Notification.id)).all()


def deliver(app):
    with app.app_context():
        return run_job("notifications", "test")


def test_an_email_reaches_a_real_smtp_server_once(app, smtp):
    assert add(app) is True
    assert add(app) is False  # the same idempotency key: still one notification
    deliver(app)
    deliver(app)
    assert len(smtp.messages) == 1
    recipients, content = smtp.messages[0]
    assert recipients == ["warga@example.id"] and content.startswith("Subjek\nHalo")
    (row,) = notifications(app)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 1, NOW)


def test_an_unreachable_smtp_server_is_retried_with_backoff_then_kept_as_failed(app, clock):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), NOTIFY_MAX_ATTEMPTS=3)
    add(app)
    deliver(app)
    (row,) = notifications(app)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == NOW + timedelta(seconds=60)
    assert row.last_error.startswith("smtp: ") and "warga" not in row.last_error
    deliver(app)  # not due yet: nothing is tried
    assert notifications(app)[0].attempts == 1
    clock.set(NOW + timedelta(seconds=60))
    deliver(app)
    assert notifications(app)[0].next_attempt_at == clock() + timedelta(seconds=120)
    clock.set(clock() + timedelta(seconds=120))
    deliver(app)
    (row,) = notifications(app)
    assert (row.status, row.attempts) == ("failed", 3)


def test_sms_goes_through_the_gateway_with_its_bearer_token(app, gateway):
    add(app, channel="whatsapp", recipient="+6281234567890", body="Pesan")
    deliver(app)
    assert gateway.requests == [
        ("Bearer gw-secret", {"to": "+6281234567890", "channel": "whatsapp", "message": "Pesan"})
    ]
    assert notifications(app)[0].status == "sent"


def test_gateway_failures_are_retried_then_succeed(app, gateway, clock):
    gateway.statuses = [500, 503]
    add(app, channel="sms", recipient="+6281234567890")
    deliver(app)
    assert notifications(app)[0].last_error == "gateway: HTTP 500"
    clock.set(NOW + timedelta(seconds=60))
    deliver(app)
    clock.set(clock() + timedelta(seconds=120))
    deliver(app)
    (row,) = notifications(app)
    assert (row.status, row.attempts, len(gateway.requests)) == ("sent", 3, 3)


def test_gateway_failing_every_time_ends_as_failed(app, gateway, clock):
    app.config["NOTIFY_MAX_ATTEMPTS"] = 4
    gateway.statuses = [500] * 10
    add(app, channel="sms", recipient="+6281234567890")
    for _ in range(6):
        deliver(app)
        clock.set(clock() + timedelta(hours=1))
    (row,) = notifications(app)
    assert (row.status, row.attempts, len(gateway.requests)) == ("failed", 4, 4)
    assert row.last_error == "gateway: HTTP 500"


def test_a_moved_booking_is_told_in_its_language_with_the_new_time_and_manage_link(api, app, smtp):
    api.setup_office(counters=2)  # 6 per slot
    slot = "2026-12-08T08:00:00+07:00"
    for n in range(6):
        headers = {"Accept-Language": "en"} if n == 5 else {}
        api.client.post(
            "/api/v1/bookings",
            json={**_booking(slot), "email": f"w{n}@example.id"},
            headers=headers,
        )
    response = api.call("PUT", "/offices/dukcapil-test/protocol", json={"capacity_pct": 25})
    moved = [b for b in response.get_json()["bookings"] if b["outcome"] == "moved"]
    assert moved
    deliver(app)
    english = [c for r, c in smtp.messages if r == ["w5@example.id"]]
    assert english and "has been moved to Tuesday 08-12-2026 08:30 WIB" in english[0]
    assert "/b/" in english[0] and "?token=" in english[0]
    told = {r[0] for r, _ in smtp.messages}
    assert len(told) == len(moved)


def _booking(start):
    from tests.conftest import booking_body

    return booking_body(start=start)
