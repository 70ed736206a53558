"""Two `antrean scheduler` processes on one PostgreSQL database: each job run happens once
(only the lease holder works), and killing the active one hands over to the other."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import JobRun
from scheduling.runner import lease_holder
from tests.conftest import create_schema, make_app

ROOT = Path(__file__).resolve().parent.parent
LEASE, RENEW, INTERVAL = 4, 1, 1

pytestmark = pytest.mark.postgres


def start_scheduler(pg_url, log_path):
    env = {
        **os.environ,
        "ANTREAN_DATABASE_URL": pg_url,
        "ANTREAN_SCHEDULER_INTERVAL_SECONDS": str(INTERVAL),
        "ANTREAN_SCHEDULER_LEASE_SECONDS": str(LEASE),
        "ANTREAN_SCHEDULER_RENEW_SECONDS": str(RENEW),
        "ANTREAN_RATELIMIT_ENABLED": "0",
    }
    log = open(log_path, "ab")  # noqa: SIM115 (closed with the test)
    return subprocess.Popen(
        [sys.executable, "-m", "app.main", "scheduler"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def runs(app, job="notifications"):
    with app.app_context():
        rows = db.session.execute(
            select(JobRun.owner, JobRun.started_at).where(JobRun.job == job).order_by(JobRun.id)
        ).all()
        db.session.rollback()
        return rows


def pid_of(owner):
    return int(owner.split(":")[2])


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def holder(app):
    from app.clock import now

    with app.app_context():
        owner = lease_holder(now())
        db.session.rollback()
        return owner


def test_one_active_scheduler_and_a_takeover_after_sigkill(pg_url, tmp_path):
    app = make_app(pg_url, None)
    create_schema(app)
    first = start_scheduler(pg_url, tmp_path / "first.log")
    second = None
    try:
        owner = wait_for(lambda: holder(app), 30, "the first scheduler to take the lease")
        assert pid_of(owner) == first.pid
        second = start_scheduler(pg_url, tmp_path / "second.log")
        wait_for(lambda: len(runs(app)) >= 6, 40, "six runs of the notifications job")
        time.sleep(2 * RENEW)  # the second is up and renewing by now
        before = runs(app)
        assert {pid_of(o) for o, _ in before} == {first.pid}, "only the lease holder runs jobs"
        span = (before[-1][1] - before[0][1]).total_seconds()
        assert len(before) - 1 <= span / INTERVAL + 1, "a firing ran more than once"

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        taken = wait_for(
            lambda: [o for o, _ in runs(app) if pid_of(o) == second.pid],
            60,
            "the second scheduler to take over",
        )
        assert taken
        assert time.monotonic() - killed_at < LEASE + 2 * RENEW + 5
        wait_for(lambda: pid_of(holder(app) or "::0") == second.pid, 10, "the lease row")
        count = len(runs(app))
        wait_for(lambda: len(runs(app)) >= count + 3, 20, "the second to keep running jobs")
        after = runs(app)[len(before) :]
        assert {pid_of(o) for o, _ in after} == {second.pid}
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
        with app.app_context():
            db.engine.dispose()
