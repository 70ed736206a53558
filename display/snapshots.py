"""What a display is sent: the office's set-up once, and the queue as GET …/queue shows it."""

from __future__ import annotations

from typing import Any

from app.clock import now
from app.models import Office
from display.rooms import DisplayState

# How long a snapshot answers resyncs: every screen of an office resyncs within moments of the
# same version gap, and the snapshot also shows what changes no version (the protocol's limit).
RESYNC_REUSE_SECONDS = 2.0


def snapshot_of(office: Office, state: DisplayState) -> dict[str, Any]:
    """The office's queue now (remembered for the resyncs that may follow)."""
    from app.services.queue import queue_snapshot

    snapshot = queue_snapshot(office, now())
    state.remember_snapshot(office.id, snapshot)
    return snapshot


def resync_snapshot(office: Office, state: DisplayState) -> dict[str, Any]:
    """The snapshot built moments ago for the same version and day, else a new one: when every
    screen resyncs on the same version gap, one build serves them all. The caller's read of the
    office row gives the version."""
    from app.services.queue import today

    key = (office.queue_version, today(office, now()).isoformat())
    known = state.recent_snapshot(office.id, key, RESYNC_REUSE_SECONDS)
    return known if known is not None else snapshot_of(office, state)


def office_config(office: Office, board: bool) -> dict[str, Any]:
    """The office as a screen needs it: name and time zone for the clock, the services."""
    return {
        "kind": "board" if board else "display",
        "office": {"slug": office.slug, "name": office.name, "timezone": office.timezone},
        "services": [{"code": s.code, "name": s.name, "prefix": s.prefix} for s in office.services],
    }
