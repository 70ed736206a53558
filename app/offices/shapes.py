"""What the office routes answer, as JSON schemas for the OpenAPI description (the fuzzer in
tests/test_openapi_fuzz.py holds every answer to them)."""

from __future__ import annotations

from app.api import listing, shape

OFFICE = shape(
    slug="string",
    name="string",
    timezone="string",
    address="string?",
    waiting_room_m2="number",
    seats="integer",
    distancing_m="number",
    capacity_pct="number",
    level="string?",
    slot_minutes="integer",
    cleaning_minutes="integer",
    booking_horizon_days="integer",
    checkin_early_minutes="integer",
    checkin_late_minutes="integer",
    walk_in_share="number",
    observe_national_holidays="boolean",
    weekly_hours="object",
    temperature_limit_c="number?",
    max_occupancy="integer",
    slot_capacity="integer",
    capacity="object",  # the figures and what they came from
)
OFFICES = listing("offices", OFFICE)

SERVICE = shape(
    code="string",
    name="string",
    prefix="string",
    avg_service_minutes="number",
    online_url="string?",
    requirements={"type": "array", "items": {"type": "string"}},
    standard="object",
)
SERVICES = listing("services", SERVICE)

COUNTER = shape(
    id="integer",
    name="string",
    office="string",
    services={"type": "array", "items": {"type": "string"}},
    is_open="boolean",
)
COUNTERS = listing("counters", COUNTER)

CLOSURE = shape(date={"type": "string", "format": "date"}, reason="string")
CLOSURES = listing("closures", CLOSURE)

DEVICE = shape(
    id="integer",
    kind={"type": "string", "enum": ["kiosk", "display"]},
    name="string",
    office="string",
    created_at={"type": "string", "format": "date-time"},
    revoked="boolean",
    online="boolean",
)
DEVICES = listing("devices", DEVICE)

LEVEL = shape(name="string", capacity_pct="number")
LEVELS = listing("levels", LEVEL)
