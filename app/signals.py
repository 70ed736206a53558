"""Domain events, sent only after the change that caused them is committed.

Services call `emit_after_commit(signal, **payload)`; the request or job boundary calls
`commit()`, which commits and then sends what was queued. A rollback drops the queue, so no
display or notification ever hears of a change that did not happen. Receivers run after the
commit and may read the database.

Signals (sender: the office id):
- `queue_changed` — tickets were issued, called, moved or closed; payload `reason`.
- `ticket_called` — a ticket was called or recalled; payload `ticket_id`, `recall` and `called`,
  the call as displays show it (app.services.queue.CalledTicket: numbers and names of the
  counter and the service, never a person's), made before the commit.
- `occupancy_changed` — the people inside changed.
- `bookings_changed` — bookings were created, moved, flagged or cancelled; payload `changes`,
  a list of (booking id, what happened).
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace, Signal
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

_signals = Namespace()
queue_changed = _signals.signal("queue-changed")
ticket_called = _signals.signal("ticket-called")
occupancy_changed = _signals.signal("occupancy-changed")
bookings_changed = _signals.signal("bookings-changed")

_PENDING = "antrean_pending_events"


def emit_after_commit(signal: Signal, sender: Any, **payload: Any) -> None:
    db.session.info.setdefault(_PENDING, []).append((signal, sender, payload))


def commit() -> None:
    db.session.commit()
    pending = db.session.info.pop(_PENDING, [])
    for signal, sender, payload in pending:
        signal.send(sender, **payload)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING, None)
