"""`antrean run-job NAME` and the in-process scheduler of `antrean serve`."""

import time

from sqlalchemy import select

from app.extensions import db
from app.models import JobRun
from scheduling.runner import SchedulerRunner, start_in_process


def test_run_job_runs_one_job_once_now(runner, app):
    result = runner.invoke(args=["run-job", "waitlist"])
    assert result.exit_code == 0, result.output
    assert "waitlist: ok" in result.output
    with app.app_context():
        runs = db.session.scalars(select(JobRun)).all()
    assert [(r.job, r.outcome) for r in runs] == [("waitlist", "ok")]
    assert runner.invoke(args=["run-job", "nonsense"]).exit_code != 0


def test_the_in_process_scheduler_runs_jobs_only_when_configured(app):
    assert start_in_process(app) is None  # tests (and multi-process set-ups) say no
    app.config.update(SCHEDULER_IN_PROCESS=True, SCHEDULER_INTERVAL_SECONDS=1)
    scheduler = start_in_process(app)
    try:
        assert isinstance(scheduler, SchedulerRunner) and scheduler.holds_lease()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with app.app_context():
                jobs = set(db.session.scalars(select(JobRun.job)))
            if {"no_shows", "waitlist", "reminders", "notifications", "retention"} <= jobs:
                break
            time.sleep(0.2)
        assert {"no_shows", "waitlist", "reminders", "notifications", "retention"} <= jobs
    finally:
        scheduler.stop()


def test_a_second_scheduler_stays_idle_while_the_first_holds_the_lease(app):
    first, second = SchedulerRunner(app, "first"), SchedulerRunner(app, "second")
    assert first.renew() is True
    assert second.renew() is False
    second.run("waitlist")
    with app.app_context():
        assert db.session.scalars(select(JobRun)).all() == []
    first.run("waitlist")
    with app.app_context():
        assert [r.owner for r in db.session.scalars(select(JobRun))] == ["first"]


def test_another_scheduler_takes_over_once_the_lease_expires(app, clock):
    from datetime import timedelta

    first, second = SchedulerRunner(app, "first"), SchedulerRunner(app, "second")
    assert first.renew() and not second.renew()
    clock.set(clock() + timedelta(seconds=first.lease_seconds - 1))
    assert not second.renew()
    clock.set(clock() + timedelta(seconds=2))  # the first stopped renewing: expired
    assert second.renew() is True
    assert first.renew() is False and not first.holds_lease()
