"""The APScheduler boundary: one active scheduler, whatever the deployment.

Every process that may run jobs (`antrean serve` with SCHEDULER_IN_PROCESS, or `antrean
scheduler`) starts an APScheduler, but a job only does work in the process holding the database
lease: a `scheduler_lease` row taken and renewed every SCHEDULER_RENEW_SECONDS with one
conditional UPDATE (`… WHERE owner = me OR expires_at < now`). Start two by mistake and one
idles; kill the active one and another takes over once the lease expires (lease 45 s + renew
15 s: within a minute). The jobs themselves are idempotent scans of `now`, so even a run at a
hand-over instant is harmless. Each run is logged in `job_run`.

APScheduler settings, deliberately:
- `coalesce=True`: runs missed while the process was busy or suspended collapse into ONE run;
  a job catches up everything due from `now`, so repeating it would only repeat work.
- `misfire_grace_time=MISFIRE_GRACE_SECONDS` (the 3.x default is 1 s, which silently skips a
  run that is a second late): a run up to 5 minutes late still happens; later than that the next
  regular run does the same work anyway.
- `max_instances=1`: a slow run is never overlapped by the next one of the same job.
- fixed job ids with `replace_existing=True`: a restart never adds a second copy.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.clock import now as clock_now
from app.extensions import db
from app.models import JobRun, SchedulerLease
from app.signals import commit
from scheduling.jobs import JOBS

log = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
MISFIRE_GRACE_SECONDS = 300


def new_owner_id(kind: str = "scheduler") -> str:
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# --- the lease --------------------------------------------------------------------------


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def acquire_lease(owner: str, now: datetime, ttl_seconds: int, name: str = LEASE_NAME) -> bool:
    """Take or renew the lease; True if `owner` holds it until now + ttl. Commits."""
    expires = now + timedelta(seconds=ttl_seconds)
    result = db.session.execute(
        update(SchedulerLease)
        .where(
            SchedulerLease.name == name,
            (SchedulerLease.owner == owner) | (SchedulerLease.expires_at < now),
        )
        .values(
            owner=owner,
            expires_at=expires,
            acquired_at=case(
                (SchedulerLease.owner == owner, SchedulerLease.acquired_at), else_=now
            ),
        )
        .execution_options(synchronize_session=False)
    )
    held = bool(result.rowcount)  # type: ignore[attr-defined]
    if not held:
        insert = _insert(db.session.get_bind().dialect.name)
        inserted = db.session.execute(
            insert(SchedulerLease.__table__)
            .values(name=name, owner=owner, expires_at=expires, acquired_at=now)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(SchedulerLease.__table__.c.name)
        ).all()
        held = bool(inserted)
    commit()
    return held


def release_lease(owner: str, name: str = LEASE_NAME) -> None:
    """Give the lease up at a clean shutdown, so another scheduler need not wait."""
    db.session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name, SchedulerLease.owner == owner)
        .values(expires_at=datetime(2000, 1, 1, tzinfo=UTC))
        .execution_options(synchronize_session=False)
    )
    commit()


def lease_holder(now: datetime, name: str = LEASE_NAME) -> str | None:
    lease = db.session.scalar(select(SchedulerLease).where(SchedulerLease.name == name))
    return lease.owner if lease is not None and lease.expires_at >= now else None


# --- one run of one job -----------------------------------------------------------------


def run_job(name: str, owner: str, now: datetime | None = None) -> JobRun:
    """Run job `name` once, now, and log it in `job_run` (inside an app context)."""
    job = JOBS[name]
    now = now or clock_now()
    run = JobRun(job=name, owner=owner, started_at=now, outcome="running")
    db.session.add(run)
    commit()
    try:
        handled = job.run(now)
    except Exception:
        db.session.rollback()
        log.exception("job %s failed", name)
        run.outcome, handled = "error", 0
    else:
        run.outcome = "ok"
    run = db.session.merge(run)
    run.handled, run.finished_at = handled, clock_now()
    commit()
    return run


# --- the scheduler ----------------------------------------------------------------------


def _make_scheduler() -> Any:
    from apscheduler.executors.pool import ThreadPoolExecutor

    job_defaults = {
        "coalesce": True,
        "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        "max_instances": 1,
    }
    if _gevent_patched():
        from apscheduler.schedulers.gevent import GeventScheduler

        return GeventScheduler(timezone=UTC, job_defaults=job_defaults)
    from apscheduler.schedulers.background import BackgroundScheduler

    return BackgroundScheduler(
        timezone=UTC,
        job_defaults=job_defaults,
        executors={"default": ThreadPoolExecutor(max_workers=2)},
    )


def _gevent_patched() -> bool:
    try:
        from gevent import monkey
    except ImportError:
        return False
    return bool(monkey.is_module_patched("threading"))


class SchedulerRunner:
    """An APScheduler whose jobs act only while this process holds the lease."""

    def __init__(self, app: Flask, owner: str | None = None) -> None:
        self.app = app
        self.owner = owner or new_owner_id()
        config = app.config
        self.lease_seconds = int(config.get("SCHEDULER_LEASE_SECONDS") or 45)
        self.renew_seconds = int(config.get("SCHEDULER_RENEW_SECONDS") or 15)
        self.interval_override = int(config.get("SCHEDULER_INTERVAL_SECONDS") or 0)
        self._held_until = 0.0  # time.monotonic() until which this process may run jobs
        self._stop = threading.Event()
        self.scheduler = _make_scheduler()

    def holds_lease(self) -> bool:
        return time.monotonic() < self._held_until

    def renew(self) -> bool:
        """Take or renew the lease. The local validity is counted from before the UPDATE and
        ends one renewal period early, so this process stops before another may start."""
        started = time.monotonic()
        try:
            with self.app.app_context():
                held = acquire_lease(self.owner, clock_now(), self.lease_seconds)
        except Exception:
            log.exception("scheduler lease renewal failed")
            held = False
        was_held = self.holds_lease()
        self._held_until = started + self.lease_seconds - self.renew_seconds if held else 0.0
        if held != was_held:
            log.warning("scheduler %s %s the lease", self.owner, "took" if held else "lost")
        return held

    def run(self, name: str) -> None:
        if not self.holds_lease():
            return
        with self.app.app_context():
            # A fence against a process that stalled past its local validity: the row in the
            # database must still name this process.
            if lease_holder(clock_now()) != self.owner:
                db.session.rollback()
                self._held_until = 0.0
                return
            run_job(name, self.owner)

    def add_jobs(self) -> None:
        for job in JOBS.values():
            self.scheduler.add_job(
                self.run,
                "interval",
                args=[job.name],
                seconds=self.interval_override or job.interval_seconds,
                id=f"antrean.{job.name}",
                name=job.name,
                replace_existing=True,
            )

    def start(self) -> SchedulerRunner:
        self.renew()
        self.add_jobs()
        self.scheduler.start()
        return self

    def keep_lease(self) -> None:
        """Renew the lease until stopped (the main loop of `antrean scheduler`)."""
        while not self._stop.wait(self.renew_seconds):
            self.renew()

    def start_in_background(self) -> SchedulerRunner:
        self.start()
        threading.Thread(target=self.keep_lease, name="antrean-lease", daemon=True).start()
        return self

    def request_stop(self) -> None:
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        self.scheduler.shutdown(wait=False)
        if self.holds_lease():
            with self.app.app_context():
                release_lease(self.owner)
        self._held_until = 0.0


def start_in_process(app: Flask) -> SchedulerRunner | None:
    """For `antrean serve`: run the jobs in the web process when so configured."""
    if not app.config.get("SCHEDULER_IN_PROCESS"):
        return None
    return SchedulerRunner(app, new_owner_id("serve")).start_in_background()
