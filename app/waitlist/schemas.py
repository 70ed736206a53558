"""Request schemas and serialisers of the waitlist and the protocol levels."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.booking.schemas import BookingCreate
from app.models import ProtocolLevel, WaitlistEntry
from app.offices.schemas import Percent
from app.schemas import Schema
from app.serialize import local_iso


class WaitlistJoin(BookingCreate):
    """Exactly the fields and rules of a booking."""


class OfferConfirm(Schema):
    token: str | None = Field(default=None, max_length=100)


class LevelSet(Schema):
    capacity_pct: Percent


def entry_json(
    entry: WaitlistEntry, position: int | None, token: str | None = None
) -> dict[str, Any]:
    tz = entry.office.timezone
    body: dict[str, Any] = {
        "code": entry.code,
        "status": entry.status,
        "office": entry.office.slug,
        "service": entry.service.code,
        "start": local_iso(entry.start, tz),
        "end": local_iso(entry.end, tz),
        "companions": entry.companions,
        "priority": entry.priority,
        "position": position,
        "offer_expires_at": local_iso(entry.offer_expires_at, tz)
        if entry.status == "offered"
        else None,
        "booking": entry.booking.code if entry.booking is not None else None,
    }
    if token:
        body["token"] = token
    return body


def level_json(level: ProtocolLevel) -> dict[str, Any]:
    return {"name": level.name, "capacity_pct": level.capacity_pct}
