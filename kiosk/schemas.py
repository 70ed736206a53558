"""Request bodies of the kiosk's JSON endpoints."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from app.booking.schemas import BookingCreate, Priority
from app.schemas import Code, Companions, MobilePhone, Schema, Slug

Symptom = Annotated[str, Field(max_length=100)]


class HealthScreening(Schema):
    temperature_c: Annotated[float, Field(ge=30, le=45)] | None = None
    symptoms: Annotated[list[Symptom], Field(max_length=20)] = []
    close_contact: bool = False


class ScanBody(Schema):
    qr: Annotated[str, Field(max_length=500)]


class CheckinBody(ScanBody):
    health: HealthScreening = HealthScreening()


class WalkInBody(Schema):
    service: Code
    companions: Companions = 0
    priority: Priority = "none"
    health: HealthScreening = HealthScreening()
    # Optional, for contact tracing only.
    phone: MobilePhone | None = None


class KioskBookingCreate(BookingCreate):
    """The citizen's booking body; the office is the kiosk's own, so it may be left out."""

    office: Slug | None = None  # type: ignore[assignment]
