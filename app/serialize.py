"""Times as the contract writes them: ISO 8601 with the office's own UTC offset."""

from __future__ import annotations

from datetime import datetime

from scheduling.slots import zone


def local_iso(instant: datetime | None, timezone: str) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(zone(timezone)).isoformat()
