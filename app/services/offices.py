"""Offices and their configuration: protocol, hours, closures, services, counters."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select

from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.i18n import translate
from app.models import Closure, Counter, Office, Service, counter_services
from scheduling.capacity import OfficeCapacity, Protocol, office_capacity, service_slot_capacity

PROTOCOL_FIELDS = ("waiting_room_m2", "seats", "distancing_m", "capacity_pct", "walk_in_share")


def get_office(slug: str) -> Office:
    office = db.session.scalar(select(Office).where(Office.slug == slug))
    if office is None:
        raise NotFound("office_unknown", status=404)
    return office


def list_offices() -> list[Office]:
    return list(db.session.scalars(select(Office).order_by(Office.name)))


def protocol_of(office: Office) -> Protocol:
    return Protocol(**{name: getattr(office, name) for name in PROTOCOL_FIELDS})


def capacity_of(office: Office) -> OfficeCapacity:
    return _capacity_for(protocol_of(office))


@lru_cache(maxsize=256)
def _capacity_for(protocol: Protocol) -> OfficeCapacity:
    """Exact (fraction) arithmetic is dear on the hot paths; a protocol's answer never changes."""
    return office_capacity(protocol)


# How many counters serve a service (bound as `p_service`); the booking rules read it too.
COUNTERS_SERVING = (
    select(func.count())
    .select_from(counter_services)
    .where(counter_services.c.service_id == bindparam("p_service"))
)


def counters_serving(service_id: int) -> int:
    return db.session.scalar(COUNTERS_SERVING, {"p_service": service_id}) or 0


def service_capacity(office: Office, service: Service, counters: int | None = None) -> int:
    """People (companions included) one slot admits for this service."""
    if counters is None:
        counters = counters_serving(service.id)
    return _service_capacity_for(
        capacity_of(office).slot_capacity,
        office.slot_minutes,
        service.avg_service_minutes,
        counters,
    )


# Cached like `_capacity_for`: exact arithmetic on every booking would cost more than its SQL.
_service_capacity_for = lru_cache(maxsize=1024)(service_slot_capacity)


def create_office(fields: dict[str, Any]) -> Office:
    if db.session.scalar(select(Office.id).where(Office.slug == fields["slug"])):
        raise Conflict("slug_taken", fields={"slug": translate("slug_taken")})
    office = Office(queue_version=0, **fields)
    db.session.add(office)
    db.session.flush()
    return office


def update_office(office: Office, changes: dict[str, Any]) -> dict[str, Any]:
    """Apply the changes; answer what they were, for the audit log."""
    before = {name: getattr(office, name) for name in changes}
    for name, value in changes.items():
        setattr(office, name, value)
    db.session.flush()
    return before


def add_closure(office: Office, day: date, reason: str) -> Closure:
    exists = db.session.scalar(
        select(Closure.id).where(Closure.office_id == office.id, Closure.date == day)
    )
    if exists:
        raise Conflict("closure_exists", fields={"date": translate("closure_exists")})
    closure = Closure(office=office, date=day, reason=reason)
    db.session.add(closure)
    db.session.flush()
    return closure


def get_service(office: Office, code: str) -> Service:
    service = db.session.scalar(
        select(Service).where(Service.office_id == office.id, Service.code == code)
    )
    if service is None:
        raise NotFound("service_unknown")
    return service


def create_service(office: Office, fields: dict[str, Any]) -> Service:
    exists = db.session.scalar(
        select(Service.id).where(Service.office_id == office.id, Service.code == fields["code"])
    )
    if exists:
        raise Conflict("service_code_taken", fields={"code": translate("service_code_taken")})
    service = Service(office=office, **fields)
    db.session.add(service)
    db.session.flush()
    return service


def services_by_code(office: Office, codes: list[str]) -> list[Service]:
    services = list(
        db.session.scalars(
            select(Service).where(Service.office_id == office.id, Service.code.in_(codes))
        )
    )
    if len(services) != len(set(codes)):
        raise ValidationFailed(fields={"services": translate("service_unknown")})
    return services


def create_counter(office: Office, name: str, service_codes: list[str]) -> Counter:
    """A counter's name is what the displays call out ("silakan menuju Loket 3"): two of one
    office with the same name would send citizens to either."""
    taken = select(Counter.id).where(
        Counter.office_id == office.id, func.lower(func.trim(Counter.name)) == name.strip().lower()
    )
    if db.session.scalar(taken):
        raise Conflict("counter_name_taken", fields={"name": translate("counter_name_taken")})
    services = services_by_code(office, service_codes)
    counter = Counter(office=office, name=name, is_open=True, services=services)
    db.session.add(counter)
    db.session.flush()
    return counter


def get_counter(counter_id: int) -> Counter:
    counter = db.session.get(Counter, counter_id)
    if counter is None:
        raise NotFound()
    return counter


def set_counter_open(counter: Counter, is_open: bool) -> Counter:
    counter.is_open = is_open
    db.session.flush()
    return counter
