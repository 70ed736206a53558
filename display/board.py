"""The public board's first view, rendered by the server: what a phone shows before its socket
connects (a slow network) or without JavaScript at all. board.js keeps it live afterwards and
finds a citizen's own number the same way (`describe` there)."""

from __future__ import annotations

import re
from typing import Any

from app.i18n import translate

RECENT_CALLS = 5  # as the script's HISTORY - 1, besides the call now shown
_NUMBER = re.compile(r"^\s*([A-Za-z]*)[\s-]*0*(\d+)\s*$")


def _parsed(number: str) -> tuple[str, int] | None:
    """ "a12", "A 012", "A-12" → ("A", 12)."""
    match = _NUMBER.match(number or "")
    return (match.group(1).upper(), int(match.group(2))) if match else None


def own_ticket(snapshot: dict[str, Any], number: str) -> dict[str, Any]:
    """Where the ticket a citizen typed stands: called (at which counter), waiting (its place
    among its service's waiting tickets, and the estimated wait), absent, or not a number."""
    wanted = _parsed(number)
    if wanted is None:
        return {"state": "invalid"}
    for call in snapshot["called"]:
        if _parsed(call["number"]) == wanted:
            return {"state": "called", "number": call["number"], "counter": call["counter"]}
    ahead: dict[str, int] = {}
    for ticket in snapshot["waiting"]:
        if _parsed(ticket["number"]) == wanted:
            return {
                "state": "waiting",
                "number": ticket["number"],
                "position": ahead.get(ticket["service"], 0) + 1,
                "minutes": ticket["estimated_wait_minutes"],
            }
        ahead[ticket["service"]] = ahead.get(ticket["service"], 0) + 1
    return {"state": "absent"}


def own_ticket_texts(result: dict[str, Any]) -> dict[str, str]:
    """The answer in both languages, from the texts the script uses."""
    key = f"display_mine_{result['state']}"
    if result["state"] == "waiting" and result["minutes"] is not None:
        key = "display_mine_waiting_minutes"
    values = {name: value for name, value in result.items() if name != "state"}
    return {lang: translate(key, lang, **values) for lang in ("id", "en")}


def waiting_per_service(snapshot: dict[str, Any], services: list[Any]) -> list[tuple[str, int]]:
    """(service name, tickets waiting) for each service of the office, in its order."""
    counts = {service.code: 0 for service in services}
    for ticket in snapshot["waiting"]:
        counts[ticket["service"]] = counts.get(ticket["service"], 0) + 1
    names = {service.code: service.name for service in services}
    return [(names.get(code, code), count) for code, count in counts.items()]
