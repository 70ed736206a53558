"""What the ticket routes (counters and kiosk) answer, as JSON schemas for the OpenAPI
description (the fuzzer in tests/test_openapi_fuzz.py holds every answer to them)."""

from __future__ import annotations

from app.api import extended, shape
from app.booking.shapes import LOCAL_TIME, PRIORITY
from app.models.queue import TICKET_SOURCES, TICKET_STATUSES

NULLABLE_TIME = {**LOCAL_TIME, "nullable": True}

TICKET = shape(
    id="integer",
    number="string",
    service="string",
    status={"type": "string", "enum": list(TICKET_STATUSES)},
    position="integer?",
    estimated_wait_minutes="integer?",
    booking_code="string?",
    source={"type": "string", "enum": list(TICKET_SOURCES)},
    priority=PRIORITY,
    party_size="integer",
    counter="string?",
    counter_id="integer?",
    recall_count="integer",
    date={"type": "string", "format": "date"},
    issued_at=LOCAL_TIME,
    called_at=NULLABLE_TIME,
    started_at=NULLABLE_TIME,
    completed_at=NULLABLE_TIME,
)
# The kiosk's answers: {"ticket": …}.
IN_TICKET = shape(ticket=TICKET)
# The counters' answers: the ticket's fields, and the same under "ticket" (see ticket_answer).
TICKET_ANSWER = extended(TICKET, ticket=TICKET)
# GET /counters/{id}/ticket: the counter's open ticket, or null.
OPEN_TICKET = shape(ticket={**TICKET, "nullable": True})

OCCUPANCY = shape(present="integer", limit="integer")
# GET /offices/{slug}/queue (public: numbers only, never names).
QUEUE = shape(
    date={"type": "string", "format": "date"},
    version="integer",
    waiting={
        "type": "array",
        "items": shape(
            number="string",
            service="string",
            priority=PRIORITY,
            source={"type": "string", "enum": list(TICKET_SOURCES)},
            estimated_wait_minutes="integer?",
        ),
    },
    called={
        "type": "array",
        "items": shape(number="string", counter="string?", called_at=LOCAL_TIME),
    },
    occupancy=OCCUPANCY,
)
# GET /kiosk/office: what the kiosk page needs to greet a visitor.
KIOSK_OFFICE = shape(
    office="string",
    name="string",
    timezone="string",
    open="boolean",
    closed_message="string?",
    temperature_limit_c="number",
    occupancy=OCCUPANCY,
    services={
        "type": "array",
        "items": shape(code="string", name="string", prefix="string", online_url="string?"),
    },
)
