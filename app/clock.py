"""The current instant. Tests and benchmarks may pin it with the `CLOCK` config entry
(a callable returning an aware datetime); everything else reads the real time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app, has_app_context


def now() -> datetime:
    if has_app_context():
        clock: Callable[[], datetime] | None = current_app.config.get("CLOCK")
        if clock is not None:
            return clock()
    return datetime.now(UTC)
