"""What a display is sent: the office's set-up once, and the queue as GET …/queue shows it."""

from __future__ import annotations

from typing import Any

from app.clock import now
from app.models import Office
from display.rooms import DisplayState


def snapshot_of(office: Office, state: DisplayState) -> dict[str, Any]:
    """The office's queue now, built once per version and day in this process: when every
    screen resyncs on the same version gap, or all reconnect after a restart, one build serves
    them all. The caller's read of the office row gives the version."""
    from app.services.queue import queue_snapshot, today

    instant = now()
    key = (office.queue_version, today(office, instant).isoformat())
    known = state.snapshot_for(office.id, key)
    if known is not None:
        return known
    snapshot = queue_snapshot(office, instant)
    state.remember_snapshot(office.id, snapshot)
    return snapshot


def office_config(office: Office, board: bool) -> dict[str, Any]:
    """The office as a screen needs it: name and time zone for the clock, the services."""
    return {
        "kind": "board" if board else "display",
        "office": {"slug": office.slug, "name": office.name, "timezone": office.timezone},
        "services": [{"code": s.code, "name": s.name, "prefix": s.prefix} for s in office.services],
    }
