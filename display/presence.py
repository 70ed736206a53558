"""Device health: when each display was last seen, kept fresh while it is connected.

A display's `last_seen_at` is written when it connects, when it disconnects, and
every HEARTBEAT seconds while it stays connected (by a background task in the process it is
connected to). So, whatever the number of server processes, a device is online when its
`last_seen_at` is within ONLINE_WINDOW of now (app.services.devices). The heartbeat also drops
displays whose token was revoked while they were connected.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update

from app.extensions import db
from app.models import Device

HEARTBEAT_SECONDS = 30


def touch_devices(device_ids: Iterable[int], now: datetime) -> set[int]:
    """Mark the devices seen now; answer the ids of those that were revoked meanwhile."""
    ids = sorted(set(device_ids))
    if not ids:
        return set()
    db.session.execute(update(Device).where(Device.id.in_(ids)).values(last_seen_at=now))
    revoked = db.session.scalars(
        select(Device.id).where(Device.id.in_(ids), Device.revoked_at.is_not(None))
    )
    return set(revoked)


def is_revoked(device_id: int) -> bool:
    """Read only: a resync must not write (every screen of an office resyncs at once)."""
    revoked_at = db.session.scalar(select(Device.revoked_at).where(Device.id == device_id))
    return revoked_at is not None
