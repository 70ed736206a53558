"""What a display is sent: the office's set-up once, and the queue as GET …/queue shows it."""

from __future__ import annotations

from typing import Any

from app.clock import now
from app.models import Office


def snapshot_of(office: Office) -> dict[str, Any]:
    from app.services.queue import queue_snapshot

    return queue_snapshot(office, now())


def office_config(office: Office, board: bool) -> dict[str, Any]:
    """The office as a screen needs it: name and time zone for the clock, the services."""
    return {
        "kind": "board" if board else "display",
        "office": {"slug": office.slug, "name": office.name, "timezone": office.timezone},
        "services": [{"code": s.code, "name": s.name, "prefix": s.prefix} for s in office.services],
    }
