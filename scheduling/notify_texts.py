"""How times read in a message to a citizen: local wall time and the zone Indonesians use."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
DAY_NAMES = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def local_time_text(instant: datetime, timezone: str, language: str = "id") -> str:
    """E.g. "Selasa 08-12-2026 08.00 WIB" / "Tuesday 08-12-2026 08:00 WIB"."""
    local = instant.astimezone(ZoneInfo(timezone))
    day = DAY_NAMES.get(language, DAY_NAMES["id"])[local.weekday()]
    clock = local.strftime("%H.%M" if language == "id" else "%H:%M")
    zone_name = ZONE_NAMES.get(timezone) or local.strftime("%Z")
    return f"{day} {local:%d-%m-%Y} {clock} {zone_name}"
