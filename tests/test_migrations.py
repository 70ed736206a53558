"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app.extensions import db
from tests.conftest import make_app


def schema_differences(app):
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)


def test_migrations_match_the_models_on_sqlite(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'migrated.sqlite3'}", None)
    assert schema_differences(app) == []


@pytest.mark.postgres
def test_migrations_match_the_models_on_postgresql(pg_url):
    app = make_app(pg_url, None)
    assert schema_differences(app) == []
    with app.app_context():
        db.engine.dispose()


def test_init_db_command_creates_the_schema(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'cli.sqlite3'}", None)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    demo = app.test_cli_runner().invoke(args=["demo"])
    assert demo.exit_code == 0, demo.output
    assert "admin-demo-2026" in demo.output
    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_every_migration_steps_down_and_up_again(database, tmp_path, request):
    """Downgrading to the first revision and upgrading again ends where the models are."""
    from flask_migrate import downgrade

    if database == "postgres":
        url = request.getfixturevalue("pg_url")
    else:
        url = f"sqlite:///{tmp_path / 'steps.sqlite3'}"
    app = make_app(url, None)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory)
        downgrade(directory=directory, revision="0001")
    assert schema_differences(app) == []
    with app.app_context():
        db.engine.dispose()
