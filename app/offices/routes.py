"""Offices and their configuration: protocol, closures, services, counters, devices."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from app.api import documented, parse_body
from app.auth import (
    actor_name,
    require_office_manager,
    require_office_staff,
    staff_required,
)
from app.clock import now
from app.offices import shapes
from app.offices.schemas import (
    ClosureCreate,
    CounterCreate,
    DeviceCreate,
    OfficeCreate,
    OfficeSettings,
    ProtocolChange,
    ServiceCreate,
    closure_json,
    counter_json,
    device_json,
    office_json,
    service_json,
)
from app.services import audit, devices, offices, protocol
from app.signals import commit

bp = Blueprint("offices", __name__, url_prefix="/api/v1")


@bp.post("/offices")
@documented(
    "Create an office with its health protocol",
    body=OfficeCreate,
    status=201,
    auth="staff",
    tag="offices",
    response=shapes.OFFICE,
)
@staff_required("admin")
def create_office() -> Any:
    data = parse_body(OfficeCreate)
    office = offices.create_office(data.model_dump())
    audit.record(actor_name(), "office.create", office.id, slug=office.slug)
    commit()
    return jsonify(office_json(office)), 201


@bp.get("/offices")
@documented("List offices", tag="offices", response=shapes.OFFICES)
def list_offices() -> Any:
    return jsonify({"offices": [office_json(o, detail=False) for o in offices.list_offices()]})


@bp.get("/offices/<slug>")
@documented(
    "An office, its capacity figures and what they came from",
    tag="offices",
    response=shapes.OFFICE,
)
def get_office(slug: str) -> Any:
    return jsonify(office_json(offices.get_office(slug)))


@bp.patch("/offices/<slug>")
@documented(
    "Change an office's settings",
    body=OfficeSettings,
    auth="staff",
    tag="offices",
    response=shapes.OFFICE,
)
@staff_required("supervisor")
def update_office(slug: str) -> Any:
    office = offices.get_office(slug)
    require_office_manager(office)
    changes = parse_body(OfficeSettings).model_dump(exclude_unset=True)
    outcome = protocol.apply_settings(office, changes, now())
    audit.record(
        actor_name(),
        "office.update",
        office.id,
        changes=_jsonable(changes),
        bookings=[{"code": c, "outcome": o} for c, o, _ in outcome.bookings],
    )
    commit()
    return jsonify(office_json(office))


@bp.put("/offices/<slug>/protocol")
@documented(
    "Change the health protocol; bookings over the new capacity are moved or flagged",
    body=ProtocolChange,
    auth="staff",
    tag="offices",
)
@staff_required("supervisor")
def set_protocol(slug: str) -> Any:
    office = offices.get_office(slug)
    require_office_manager(office)
    changes = parse_body(ProtocolChange).model_dump(exclude_unset=True)
    outcome = protocol.apply_settings(office, changes, now())
    audit.record(
        actor_name(),
        "office.protocol",
        office.id,
        changes=changes,
        before=outcome.before,
        after=outcome.after,
        bookings=[{"code": c, "outcome": o} for c, o, _ in outcome.bookings],
    )
    commit()
    return jsonify(protocol.outcome_json(office, outcome))


@bp.post("/offices/<slug>/closures")
@documented(
    "Close the office on an extra day",
    body=ClosureCreate,
    status=201,
    auth="staff",
    tag="offices",
    response=shapes.CLOSURE,
)
@staff_required("supervisor")
def add_closure(slug: str) -> Any:
    office = offices.get_office(slug)
    require_office_manager(office)
    data = parse_body(ClosureCreate)
    closure = offices.add_closure(office, data.date, data.reason)
    audit.record(actor_name(), "office.closure", office.id, date=data.date.isoformat())
    commit()
    return jsonify(closure_json(closure)), 201


@bp.get("/offices/<slug>/closures")
@documented("Extra closed days", tag="offices", response=shapes.CLOSURES)
def list_closures(slug: str) -> Any:
    office = offices.get_office(slug)
    return jsonify({"closures": [closure_json(c) for c in office.closures]})


@bp.post("/offices/<slug>/services")
@documented(
    "Add a service with its published standard",
    body=ServiceCreate,
    status=201,
    auth="staff",
    tag="services",
    response=shapes.SERVICE,
)
@staff_required("supervisor")
def create_service(slug: str) -> Any:
    office = offices.get_office(slug)
    require_office_manager(office)
    data = parse_body(ServiceCreate)
    service = offices.create_service(office, data.model_dump())
    audit.record(actor_name(), "service.create", office.id, code=service.code)
    commit()
    return jsonify(service_json(office, service)), 201


@bp.get("/offices/<slug>/services")
@documented(
    "The office's services and their service standards", tag="services", response=shapes.SERVICES
)
def list_services(slug: str) -> Any:
    office = offices.get_office(slug)
    return jsonify({"services": [service_json(office, s) for s in office.services]})


@bp.post("/offices/<slug>/counters")
@documented(
    "Add a counter serving some services",
    body=CounterCreate,
    status=201,
    auth="staff",
    tag="counters",
    response=shapes.COUNTER,
)
@staff_required("supervisor")
def create_counter(slug: str) -> Any:
    office = offices.get_office(slug)
    require_office_manager(office)
    data = parse_body(CounterCreate)
    counter = offices.create_counter(office, data.name, data.services)
    audit.record(actor_name(), "counter.create", office.id, name=counter.name)
    commit()
    return jsonify(counter_json(counter)), 201


@bp.get("/offices/<slug>/counters")
@documented("The office's counters", tag="counters", response=shapes.COUNTERS)
def list_counters(slug: str) -> Any:
    office = offices.get_office(slug)
    return jsonify({"counters": [counter_json(c) for c in office.counters]})


def _set_counter(counter_id: int, is_open: bool) -> Any:
    counter = offices.get_counter(counter_id)
    require_office_staff(counter.office_id)
    offices.set_counter_open(counter, is_open)
    commit()
    return jsonify(counter_json(counter))


@bp.post("/counters/<int:counter_id>/open")
@documented("Open a counter", auth="staff", tag="counters", response=shapes.COUNTER)
@staff_required("officer", "supervisor")
def open_counter(counter_id: int) -> Any:
    return _set_counter(counter_id, True)


@bp.post("/counters/<int:counter_id>/close")
@documented("Close a counter", auth="staff", tag="counters", response=shapes.COUNTER)
@staff_required("officer", "supervisor")
def close_counter(counter_id: int) -> Any:
    return _set_counter(counter_id, False)


@bp.post("/offices/<slug>/devices")
@documented(
    "Register a kiosk or display; its token is shown only in this answer",
    body=DeviceCreate,
    status=201,
    auth="staff",
    tag="devices",
    response=shapes.DEVICE,
)
@staff_required("supervisor")
def register_device(slug: str) -> Any:
    office = offices.get_office(slug)
    require_office_manager(office)
    data = parse_body(DeviceCreate)
    device, token = devices.register_device(office, data.kind, data.name, now())
    audit.record(actor_name(), "device.register", office.id, device=device.id, kind=data.kind)
    commit()
    return jsonify({**device_json(device), "token": token}), 201


@bp.get("/offices/<slug>/devices")
@documented(
    "The office's devices, with when each was last seen",
    auth="staff",
    tag="devices",
    response=shapes.DEVICES,
)
@staff_required("supervisor")
def list_devices(slug: str) -> Any:
    office = offices.get_office(slug)
    require_office_manager(office)
    return jsonify({"devices": [device_json(d) for d in devices.list_devices(office)]})


@bp.delete("/devices/<int:device_id>")
@documented(
    "Revoke a device: it is locked out at once", auth="staff", tag="devices", response=shapes.DEVICE
)
@staff_required("supervisor")
def revoke_device(device_id: int) -> Any:
    device = devices.get_device(device_id)
    require_office_manager(device.office)
    devices.revoke_device(device, now())
    audit.record(actor_name(), "device.revoke", device.office_id, device=device.id)
    commit()
    return jsonify(device_json(device))


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changes.items()}
