"""`antrean scheduler` and `antrean run-job NAME`: the background jobs from the command line."""

from __future__ import annotations

import contextlib
import signal

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("scheduler")
@with_appcontext
def scheduler() -> None:
    """Run the background jobs (one active scheduler at a time: a lease in the database)."""
    from scheduling.runner import SchedulerRunner

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    runner = SchedulerRunner(app)

    # The handler only asks the loop to end (under gevent it runs in the event loop, where
    # nothing may block); the main loop then gives the lease up cleanly.
    signal.signal(signal.SIGTERM, lambda *_: runner.request_stop())
    click.echo(f"Antrean scheduler {runner.owner}", err=True)
    runner.start()
    with contextlib.suppress(KeyboardInterrupt):
        runner.keep_lease()
    runner.stop()


@click.command("run-job")
@click.argument(
    "name", type=click.Choice(["no_shows", "waitlist", "reminders", "notifications", "retention"])
)
@with_appcontext
def run_job(name: str) -> None:
    """Run one background job once, now (for an operator)."""
    from scheduling.runner import new_owner_id
    from scheduling.runner import run_job as run

    result = run(name, new_owner_id("run-job"))
    click.echo(f"{name}: {result.outcome}, {result.handled} handled")
    if result.outcome != "ok":
        raise SystemExit(1)
