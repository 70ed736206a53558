"""Kiosks and displays: registration (the token is shown once, only its hash is kept) and
revocation (the device is locked out at once)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update

from app.direct_rows import Snapshot, set_loaded
from app.direct_sql import DirectStatement, session_lane
from app.errors import NotFound
from app.extensions import db
from app.models import Device, Office
from app.models.base import UTCDateTime
from app.services.tokens import hash_token, new_token

# A device is online when it was seen within this window: displays refresh `last_seen_at`
# every 30 s while connected (display/presence.py), kiosks when they act (app.auth).
ONLINE_WINDOW = timedelta(minutes=2)


def is_online(last_seen_at: datetime | None, moment: datetime) -> bool:
    return last_seen_at is not None and moment - last_seen_at <= ONLINE_WINDOW


def register_device(office: Office, kind: str, name: str, now: datetime) -> tuple[Device, str]:
    token = new_token()
    device = Device(
        office=office, kind=kind, name=name, token_hash=hash_token(token), created_at=now
    )
    db.session.add(device)
    db.session.flush()
    return device, token


def get_device(device_id: int) -> Device:
    device = db.session.get(Device, device_id)
    if device is None:
        raise NotFound()
    return device


def list_devices(office: Office) -> list[Device]:
    return list(
        db.session.scalars(select(Device).where(Device.office_id == office.id).order_by(Device.id))
    )


def revoke_device(device: Device, now: datetime) -> Device:
    if device.revoked_at is None:
        device.revoked_at = now
        db.session.flush()
    return device


_DEVICES = Device.__table__
_MARK_SEEN = DirectStatement(
    update(_DEVICES)
    .where(_DEVICES.c.id == bindparam("p_device"))
    .values(last_seen_at=bindparam("p_now", type_=UTCDateTime()))
)


def office_of(device: Device | Snapshot) -> Office:
    office = db.session.get(Office, device.office_id)
    assert office is not None  # a device goes with its office
    return office


def mark_seen(device: Device | Snapshot, now: datetime) -> None:
    session_lane().run(_MARK_SEEN, {"p_device": device.id, "p_now": now})
    set_loaded(device, last_seen_at=now)
