"""What the ticket routes (counters and kiosk) answer, as JSON schemas for the OpenAPI
description (the fuzzer in tests/test_openapi_fuzz.py holds every answer to them)."""

from __future__ import annotations

from typing import Any

from app.api import shape
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
TICKET_ANSWER: dict[str, Any] = {
    **TICKET,
    "required": [*TICKET["required"], "ticket"],
    "properties": {**TICKET["properties"], "ticket": TICKET},
}
