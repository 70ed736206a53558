"""The `antrean` command line: a Flask CLI group, so `antrean routes` and `antrean shell` work."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app() -> Flask:
    from app.factory import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """Antrean: appointments and queues for public-service offices."""


def register_cli(app: Flask) -> None:
    for command in (init_db, create_user, demo, serve):
        app.cli.add_command(command)
    from app.jobs_cli import run_job, scheduler

    for command in (scheduler, run_job):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (migrations)."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("Database schema is up to date.")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "supervisor", "officer"]), required=True)
@click.option("--office", "office_slug", help="Office slug (required for supervisor/officer).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user(username: str, role: str, office_slug: str | None, password_stdin: bool) -> None:
    """Create a staff account."""
    from app.errors import DomainError
    from app.services import offices, staff
    from app.signals import commit

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.UsageError("The password must have at least 10 characters.")
    if role != "admin" and not office_slug:
        raise click.UsageError("--office is required for supervisors and officers.")
    try:
        office = offices.get_office(office_slug) if office_slug else None
        staff.create_staff(username, password, role, office)
    except DomainError as error:
        raise click.ClickException(error.message()) from error
    commit()
    click.echo(f"Created {role} {username}" + (f" at {office_slug}." if office_slug else "."))


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Create (or refresh) a demo office with services, counters, devices and staff."""
    from app.demo import create_demo

    lines = create_demo()
    click.echo("\n".join(lines))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Run the web app with its Socket.IO endpoint in this process."""
    from app.server import run_server

    run_server(current_app._get_current_object(), host, port)  # type: ignore[attr-defined]
