"""The background jobs: plain functions of `now`, run inside an app context.

Each job is a boundary like a route: it calls services, then commits once (the outbox
delivery commits per message, see app/services/notifications.py). Every job decides from `now`
and the data only, so running it late, twice, or from `antrean run-job` is harmless.

- `no_shows`      bookings not checked in by the end of their check-in window → no_show, places
                  freed (and offered to the waitlist); called tickets not answered after the
                  recalls allowed → no_show.
- `waitlist`      expired offers give their places back and pass to the next in line; free
                  places of future slots are offered to the first in line who fits.
- `reminders`     the day-before and hour-before reminders; "your turn is near".
- `notifications` sends what is due in the outbox, with retries and backoff.
- `retention`     anonymises finished visits, erases contact-tracing data after its period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Office, WaitlistEntry
from app.signals import commit


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[datetime], int]
    interval_seconds: int


def offer_waitlist_places(now: datetime, offices: list[Office] | None = None) -> int:
    from app.services import waitlist

    if offices is None:
        ids = db.session.scalars(
            select(WaitlistEntry.office_id)
            .where(WaitlistEntry.status == "waiting", WaitlistEntry.start > now)
            .distinct()
        )
        offices = [db.session.get(Office, office_id) for office_id in list(ids)]
    return sum(
        len(waitlist.offer_free_places(o, now, waitlist.hold_minutes())) for o in offices if o
    )


def no_shows(now: datetime) -> int:
    from app.services.no_shows import mark_booking_no_shows
    from app.services.queue import expire_unanswered_calls

    config = current_app.config
    marked = mark_booking_no_shows(now)
    tickets = expire_unanswered_calls(
        now,
        max_recalls=int(config.get("NOSHOW_RECALLS", 2)),
        grace_minutes=float(config.get("NOSHOW_CALL_MINUTES", 5)),
    )
    offer_waitlist_places(now, list(marked))
    commit()
    return sum(len(b) for b in marked.values()) + len(tickets)


def waitlist(now: datetime) -> int:
    from app.services.waitlist import expire_offers

    expired = expire_offers(now)
    offered = offer_waitlist_places(now)
    commit()
    return len(expired) + offered


def reminders(now: datetime) -> int:
    from app.services.reminders import notify_turn_near, send_reminders

    added = send_reminders(now)
    added += notify_turn_near(now, int(current_app.config.get("TURN_NEAR_PLACES", 3)))
    commit()
    return added


def notifications(now: datetime) -> int:
    from app.services.notifications import deliver_due

    sent = deliver_due(now, commit)
    commit()
    return sent


def retention(now: datetime) -> int:
    from app.services.retention import apply_retention

    config = current_app.config
    result = apply_retention(
        now, int(config["RETENTION_DAYS"]), int(config["TRACE_RETENTION_DAYS"])
    )
    commit()
    return result.total


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("no_shows", no_shows, 60),
        Job("waitlist", waitlist, 60),
        Job("reminders", reminders, 60),
        Job("notifications", notifications, 15),
        Job("retention", retention, 3600),
    )
}
