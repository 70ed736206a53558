"""Rows read straight from the driver as snapshots or as loaded state (app.direct_rows), and the
token checks built on them (app.auth), on an SQLite file and on PostgreSQL: nothing is left to
flush; a revoked, expired or deactivated token locks out at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.auth import device_from_token, staff_from_token
from app.direct_rows import Snapshot, column_keys, set_loaded, snapshots
from app.extensions import db
from app.models import ApiToken, Device, Office, Staff
from app.services.tokens import hash_token
from tests.conftest import Api, create_schema, either_database_url, make_app

SLUG = "rows"


@pytest.fixture(params=["sqlite", "postgres"])
def rows_app(request: Any, tmp_path: Any, clock: Any) -> Iterator[tuple[Flask, Api]]:
    url = either_database_url(request, tmp_path, "rows")
    application = make_app(url, clock)
    create_schema(application)
    api = Api(application.test_client(), application)
    api.setup_office(slug=SLUG)
    yield application, api
    with application.app_context():
        db.engine.dispose()


def test_written_values_are_loaded_state_on_models_and_attributes_on_snapshots(rows_app):
    app, _ = rows_app
    with app.test_request_context(method="POST"):
        office = db.session.scalar(select(Office).where(Office.slug == SLUG))
        set_loaded(office, queue_version=41)
        assert office.queue_version == 41 and office not in db.session.dirty
        snapshot = Snapshot(id=office.id)
        set_loaded(snapshot, queue_version=42)
        assert snapshot.queue_version == 42
    assert column_keys(Office.__table__, leave_out=("id",))[0] == "slug"


def test_staff_tokens_lock_out_at_once(rows_app, clock):
    app, api = rows_app
    token = api.token_for("officer", SLUG)
    with app.test_request_context(method="POST"):
        staff = staff_from_token(token)
        assert staff is not None and staff.role == "officer" and staff.office.slug == SLUG
        assert staff.can_work_at(staff.office.id) and not staff.can_manage_office(staff.office.id)
        assert not db.session.new and not db.session.dirty  # read, not loaded into the session
        assert staff_from_token("not-a-token") is None and staff_from_token(None) is None
    stored = _token_row(app, token)
    clock.set(stored.expires_at)
    with app.test_request_context():
        assert staff_from_token(token) is None  # expired
    clock.set(stored.expires_at - timedelta(hours=1))
    with app.app_context():
        db.session.get(Staff, stored.staff_id).is_active = False
        db.session.commit()
    with app.test_request_context():
        assert staff_from_token(token) is None  # deactivated
    with app.app_context():
        db.session.get(Staff, stored.staff_id).is_active = True
        db.session.get(ApiToken, stored.id).revoked_at = clock()
        db.session.commit()
    with app.test_request_context():
        assert staff_from_token(token) is None  # revoked


def _token_row(app: Flask, token: str) -> ApiToken:
    with app.app_context():
        row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
        assert row is not None
        db.session.expunge(row)
        return row


def test_device_tokens_answer_their_kind_and_lock_out_at_once(rows_app, clock):
    app, api = rows_app
    made = api.call("POST", f"/offices/{SLUG}/devices", json={"kind": "kiosk", "name": "K"})
    token = made.get_json()["token"]
    with app.test_request_context(method="POST"):
        device = device_from_token(token, "kiosk")
        assert device is not None and device.id == made.get_json()["id"]
        assert device_from_token(token, "display") is None
        assert device_from_token(token) is not None  # any kind
        assert not db.session.new and not db.session.dirty  # a snapshot: nothing to flush
    with app.app_context():
        db.session.get(Device, made.get_json()["id"]).revoked_at = clock()
        db.session.commit()
    with app.test_request_context(method="POST"):
        assert device_from_token(token, "kiosk") is None


def test_a_row_of_several_tables_splits_into_one_snapshot_each():
    office, service = snapshots((1, "Asia/Jakarta", 7, "ktp"), ("id", "timezone"), ("id", "code"))
    assert (office.id, office.timezone) == (1, "Asia/Jakarta")
    assert (service.id, service.code) == (7, "ktp")
    with pytest.raises(ValueError):
        snapshots((1, "Asia/Jakarta", 7), ("id", "timezone"))  # a column no key names
