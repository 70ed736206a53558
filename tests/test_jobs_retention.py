"""Retention: finished visits anonymised after RETENTION_DAYS, contact tracing after its own."""

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Booking, Notification, Ticket, WaitlistEntry
from scheduling.runner import run_job
from tests.conftest import NOW, booking_body, make_nik


def run(app):
    with app.app_context():
        return run_job("retention", "test")


def bookings(app):
    with app.app_context():
        return db.session.scalars(select(Booking).order_by(Booking.id)).all()


def test_finished_visits_are_anonymised_after_the_retention_period_keeping_counts(api, app, clock):
    app.config.update(RETENTION_DAYS=90, TRACE_RETENTION_DAYS=30, SMTP_HOST="127.0.0.1")
    api.setup_office()
    kept = api.book(start="2026-12-08T08:00:00+07:00", email="a@example.id").get_json()
    old = api.book(start="2026-12-07T08:00:00+07:00", email="b@example.id").get_json()
    api.client.post(
        f"/api/v1/bookings/{old['code']}/cancel", headers={"X-Manage-Token": old["manage_token"]}
    )
    clock.set(NOW + timedelta(days=90, hours=1, minutes=30))  # 90 days after the old one ended
    run(app)
    by_code = {b.code: b for b in bookings(app)}
    gone, still = by_code[old["code"]], by_code[kept["code"]]
    assert (gone.name, gone.phone, gone.email, gone.nik_masked) == (None, None, None, None)
    assert gone.anonymised_at == clock() and gone.status == "cancelled"
    assert len(gone.nik_hash) == 64
    assert still.name == "Siti Rahayu" and still.anonymised_at is None
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id))) == 2  # counts stay for reports


def test_waitlist_entries_and_idempotency_keys_are_forgotten_with_the_visit(api, app, clock):
    app.config.update(RETENTION_DAYS=90)
    api.setup_office()
    start = "2026-12-08T08:00:00+07:00"
    retried = api.book(start=start, headers={"Idempotency-Key": "retry-1"}).get_json()
    for _ in range(2):  # the slot holds 3
        api.book(start=start)
    body = booking_body(start=start, nik=make_nik(700), email="w@example.id")
    assert api.client.post("/api/v1/waitlist", json=body).status_code == 201
    clock.set(NOW + timedelta(days=91, hours=2))
    run(app)
    with app.app_context():
        entry = db.session.scalar(select(WaitlistEntry))
        assert (entry.name, entry.phone, entry.email, entry.nik_masked) == (None,) * 4
        assert entry.anonymised_at == clock() and len(entry.nik_hash) == 64
        booking = db.session.scalar(select(Booking).where(Booking.code == retried["code"]))
        assert booking.idempotency_key is None and booking.request_fingerprint is None
        assert booking.anonymised_at == clock()


def test_contact_tracing_data_lives_only_its_own_period(api, app, clock):
    app.config.update(RETENTION_DAYS=90, TRACE_RETENTION_DAYS=30)
    api.setup_office()
    with app.app_context():
        from app.models import Office, Service

        office = db.session.scalar(select(Office))
        service = db.session.scalar(select(Service))
        db.session.add(
            Ticket(
                office_id=office.id,
                service_id=service.id,
                local_date=NOW.date(),
                prefix="A",
                seq=1,
                number="A-001",
                source="walk_in",
                queue_at=NOW,
                issued_at=NOW,
                contact_phone="+6281234567890",
            )
        )
        db.session.commit()
    clock.set(NOW + timedelta(days=29))
    run(app)
    with app.app_context():
        assert db.session.scalar(select(Ticket.contact_phone)) == "+6281234567890"
    clock.set(NOW + timedelta(days=30))
    run(app)
    with app.app_context():
        assert db.session.scalar(select(Ticket.contact_phone)) is None
        assert db.session.scalar(select(func.count(Ticket.id))) == 1


def test_sent_notifications_lose_their_recipient_and_text(app, clock):
    app.config.update(RETENTION_DAYS=90)
    with app.app_context():
        from app.services.notifications import Message, enqueue
        from app.signals import commit

        enqueue("k", "email", "w@example.id", Message("t", "S", "Body", "id"), NOW)
        db.session.execute(Notification.__table__.update().values(status="sent"))
        commit()
    clock.set(NOW + timedelta(days=91))
    run(app)
    with app.app_context():
        row = db.session.scalar(select(Notification))
        assert (row.recipient, row.body, row.status) == (None, "", "sent")
