"""The notification outbox: enqueue in the caller's transaction, deliver from a job.

`enqueue` only inserts a row (once per idempotency key), so a notification exists exactly when
the change that caused it was committed. `deliver_due` claims each due row with a conditional
UPDATE and commits the claim before talking to the network, so two deliverers never send the
same attempt, and a crash mid-send counts as a failed attempt (retried), never a silent loss.
Logs name the notification id and the kind of failure only: never a recipient or a text."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import requests
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Booking, Notification
from scheduling.job_rules import retry_delay

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10
# A claimed attempt not finished within this time (the deliverer died) is tried again.
CLAIM_SECONDS = 120


class DeliveryFailed(Exception):
    """A channel refused or could not take the message; `str()` holds no personal data."""


@dataclass(frozen=True)
class Message:
    kind: str
    subject: str
    body: str
    language: str


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


@dataclass(frozen=True)
class Outgoing:
    key: str
    channel: str
    recipient: str
    message: Message
    office_id: int | None = None
    booking_id: int | None = None


_ENQUEUE: dict[str, Any] = {}


def _enqueue_statement(dialect: str) -> Any:
    """Built once per dialect. RETURNING names the rows that were new (the driver's rowcount
    is not reliable for this on every dialect)."""
    if dialect not in _ENQUEUE:
        table = Notification.__table__
        _ENQUEUE[dialect] = (
            _insert(dialect)(table)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(table.c.id)
        )
    return _ENQUEUE[dialect]


def enqueue_many(items: list[Outgoing], now: datetime) -> int:
    """Add the notifications whose keys are new, in batched statements; answers how many."""
    if not items:
        return 0
    connection = db.session.connection()
    statement = _enqueue_statement(connection.dialect.name)
    # Many parameter sets with RETURNING: SQLAlchemy sends them as multi-row INSERTs
    # ("insertmanyvalues"), from one compiled statement.
    result = connection.execute(statement, [_row(item, now) for item in items])
    return len(result.all())


def _row(item: Outgoing, now: datetime) -> dict[str, Any]:
    return {
        "idempotency_key": item.key[:120],
        "office_id": item.office_id,
        "booking_id": item.booking_id,
        "kind": item.message.kind,
        "channel": item.channel,
        "recipient": item.recipient,
        "language": item.message.language,
        "subject": item.message.subject[:200],
        "body": item.message.body,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def enqueue(
    key: str,
    channel: str,
    recipient: str,
    message: Message,
    now: datetime,
    office_id: int | None = None,
    booking_id: int | None = None,
) -> bool:
    """Add a notification unless one with this key exists; True if this call added it."""
    return (
        enqueue_many([Outgoing(key, channel, recipient, message, office_id, booking_id)], now) == 1
    )


def channels_for(email: str | None, phone: str | None) -> list[tuple[str, str]]:
    """(channel, recipient) pairs a citizen can be reached on with this deployment."""
    pairs: list[tuple[str, str]] = []
    if email and current_app.config.get("SMTP_HOST"):
        pairs.append(("email", email))
    if phone and current_app.config.get("SMS_GATEWAY_URL"):
        pairs.append((current_app.config.get("SMS_CHANNEL") or "sms", phone))
    return pairs


def for_booking(booking: Booking, key: str, message: Message) -> list[Outgoing]:
    """`message` on every channel of the booking; the key is made per channel."""
    return [
        Outgoing(f"{key}:{channel}", channel, recipient, message, booking.office_id, booking.id)
        for channel, recipient in channels_for(booking.email, booking.phone)
    ]


def notify_booking(booking: Booking, key: str, message: Message, now: datetime) -> int:
    return enqueue_many(for_booking(booking, key, message), now)


# --- delivery ---------------------------------------------------------------------------


def send_email(recipient: str, subject: str, body: str) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config.get("SMTP_SENDER") or "antrean@localhost"
    email["To"] = recipient
    email["Subject"] = subject
    email.set_content(body)
    try:
        with smtplib.SMTP(
            config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), timeout=SEND_TIMEOUT_SECONDS
        ) as smtp:
            smtp.send_message(email)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(f"smtp: {type(exc).__name__}") from None


def send_via_gateway(channel: str, recipient: str, body: str) -> None:
    """POST JSON {"to","channel","message"} with a bearer token: the shape most Indonesian
    SMS/WhatsApp gateways take (or that a thin adapter in front of one can map)."""
    config = current_app.config
    headers = {"Authorization": f"Bearer {config.get('SMS_GATEWAY_TOKEN') or ''}"}
    try:
        response = requests.post(
            config["SMS_GATEWAY_URL"],
            json={"to": recipient, "channel": channel, "message": body},
            headers=headers,
            timeout=SEND_TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        raise DeliveryFailed(f"gateway: {type(exc).__name__}") from None
    if response.status_code >= 300:
        raise DeliveryFailed(f"gateway: HTTP {response.status_code}")


def send(notification: Notification) -> None:
    if notification.channel == "email":
        send_email(notification.recipient or "", notification.subject, notification.body)
    else:
        send_via_gateway(notification.channel, notification.recipient or "", notification.body)


def _claim(notification_id: int, attempts: int, now: datetime) -> bool:
    """Take one attempt of a due notification; False if someone else took it first."""
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.status == "pending",
            Notification.attempts == attempts,
            Notification.next_attempt_at <= now,
        )
        .values(attempts=attempts + 1, next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _record(notification: Notification, attempt: int, error: str | None, now: datetime) -> None:
    config = current_app.config
    values: dict[str, Any]
    if error is None:
        values = {"status": "sent", "sent_at": now, "last_error": None}
    elif attempt >= int(config.get("NOTIFY_MAX_ATTEMPTS") or 5):
        values = {"status": "failed", "last_error": error}
    else:
        delay = retry_delay(attempt, int(config.get("NOTIFY_RETRY_SECONDS") or 60))
        values = {"next_attempt_at": now + delay, "last_error": error}
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def due_notifications(now: datetime, limit: int) -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(Notification.id, Notification.attempts)
        .where(Notification.status == "pending", Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(limit)
    )
    return [(row.id, row.attempts) for row in rows]


def deliver_due(
    now: datetime,
    commit: Callable[[], None],
    limit: int = 200,
    sender: Callable[[Notification], None] = send,
) -> int:
    """Send what is due. Commits per notification (the claim before the send, the outcome
    after it): a network call never happens inside an open transaction."""
    delivered = 0
    for notification_id, attempts in due_notifications(now, limit):
        claimed = _claim(notification_id, attempts, now)
        commit()
        if not claimed:
            continue
        notification = db.session.get(Notification, notification_id)
        if notification is None:
            continue
        db.session.expunge(notification)
        commit()  # end the read transaction before the network call
        error = None
        try:
            sender(notification)
        except DeliveryFailed as exc:
            error = str(exc)
        except Exception as exc:  # a bug or a misconfiguration: retried, then kept as failed
            error = f"error: {type(exc).__name__}"
        log.info("notification %s attempt %s: %s", notification_id, attempts + 1, error or "sent")
        _record(notification, attempts + 1, error, now)
        commit()
        delivered += error is None
    return delivered
