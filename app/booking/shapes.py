"""What the slot, booking and waitlist routes answer, as JSON schemas for the OpenAPI
description (the fuzzer in tests/test_openapi_fuzz.py holds every answer to them)."""

from __future__ import annotations

from typing import Any

from app.api import extended, shape

LOCAL_TIME = {"type": "string", "format": "date-time"}
PRIORITY = {"type": "string", "enum": ["none", "elderly", "disability", "pregnant", "child"]}

SLOT = shape(
    start=LOCAL_TIME,
    end=LOCAL_TIME,
    capacity="integer",
    booked="integer",
    available="integer",
    state={"type": "string", "enum": ["open", "full", "past", "closed"]},
)
SLOTS = shape(office="string", service="string", slots={"type": "array", "items": SLOT})

QR = shape(payload="string")

# What a booking and a waitlist entry both say of the visit.
VISIT: dict[str, Any] = {
    "office": "string",
    "service": "string",
    "start": LOCAL_TIME,
    "end": LOCAL_TIME,
    "companions": "integer",
    "priority": PRIORITY,
}
BOOKING_STATUS = {
    "type": "string",
    "enum": ["booked", "checked_in", "cancelled", "no_show", "needs_rebooking", "done"],
}
BOOKING = shape(code="string", status=BOOKING_STATUS, **VISIT, qr=QR)


# What the citizen holding the manage token sees: their name and the private links too.
PRIVATE_LINKS = {"ics_url": "string", "manage_url": "string"}
MANAGED_BOOKING = extended(BOOKING, name="string", **PRIVATE_LINKS)
CANCELLED_BOOKING = extended(BOOKING, name="string")
# (Token fields are given as a dict: field names, not secrets, whatever the linter's S106 says.)
NEW_BOOKING = extended(BOOKING, **{"manage_token": "string", **PRIVATE_LINKS})

WAITLIST_ENTRY = shape(
    code="string",
    status="string",
    **VISIT,
    position="integer?",
    offer_expires_at={"type": "string", "format": "date-time", "nullable": True},
    booking="string?",
)
NEW_WAITLIST_ENTRY = extended(WAITLIST_ENTRY, **{"token": "string"})
