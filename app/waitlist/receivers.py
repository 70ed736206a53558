"""After a cancellation is committed, offer its places to the waitlist at once.

Runs after the request's commit, in its own transaction. If it fails, nothing is lost: the
`waitlist` job offers every free place on its next run."""

from __future__ import annotations

import logging
from typing import Any

from app.clock import now
from app.extensions import db
from app.models import Office
from app.signals import bookings_changed, commit

log = logging.getLogger(__name__)
FREEING = ("cancelled", "no_show")


def offer_freed_places(office_id: int, changes: Any = (), **_: Any) -> None:
    if not any(what in FREEING for _code, what in changes or ()):
        return
    from app.services import waitlist

    try:
        office = db.session.get(Office, office_id)
        if office is not None:
            waitlist.offer_free_places(office, now(), waitlist.hold_minutes())
            commit()
    except Exception:
        db.session.rollback()
        log.exception("waitlist offer after a cancellation failed (the job will retry)")


def connect_receivers() -> None:
    # A strong reference: blinker keys receivers by identity, so connecting again (one app
    # per test) does not add a second copy.
    bookings_changed.connect(offer_freed_places, weak=False)
