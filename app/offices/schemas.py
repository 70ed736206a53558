"""Request schemas and serialisers for offices, services, counters, closures and devices."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from app.clock import now
from app.models import Closure, Counter, Device, Office, Service
from app.schemas import (
    Code,
    LocalDate,
    Positive,
    Prefix,
    Schema,
    Slug,
    TimeZoneName,
    WeeklyHours,
    ranged,
)
from app.serialize import local_iso
from app.services.devices import is_online
from app.services.offices import capacity_of, counters_serving, service_capacity
from scheduling.capacity import counter_throughput, people_by_area

Percent = Annotated[float, ranged(0, 100)]
Share = Annotated[float, ranged(0, 1)]
Minutes = Annotated[int, ranged(0, 240)]
SlotMinutes = Annotated[int, ranged(5, 480)]
Horizon = Annotated[int, ranged(1, 366)]
SeatCount = Annotated[int, ranged(0, 100000)]
Temperature = Annotated[float, ranged(35, 42)]


class OfficeSettings(Schema):
    """Every setting an office has; all optional, for PATCH. Only the settings that may be
    empty accept null: null for any other would be a database error, so it is a 422."""

    name: Annotated[str, Field(min_length=1, max_length=200)] = Field(default=None)
    timezone: TimeZoneName = Field(default=None)
    address: Annotated[str, Field(max_length=500)] | None = None
    waiting_room_m2: Positive = Field(default=None)
    seats: SeatCount = Field(default=None)
    distancing_m: Positive = Field(default=None)
    capacity_pct: Percent = Field(default=None)
    level: Annotated[str, Field(max_length=40)] | None = None
    slot_minutes: SlotMinutes = Field(default=None)
    cleaning_minutes: Minutes = Field(default=None)
    booking_horizon_days: Horizon = Field(default=None)
    checkin_early_minutes: Minutes = Field(default=None)
    checkin_late_minutes: Minutes = Field(default=None)
    walk_in_share: Share = Field(default=None)
    observe_national_holidays: bool = Field(default=None)
    weekly_hours: WeeklyHours = Field(default=None)
    temperature_limit_c: Temperature | None = None


class OfficeCreate(OfficeSettings):
    slug: Slug
    name: Annotated[str, Field(min_length=1, max_length=200)]
    timezone: TimeZoneName
    waiting_room_m2: Positive
    seats: SeatCount
    weekly_hours: WeeklyHours
    distancing_m: Positive = 1.5
    capacity_pct: Percent = 100
    slot_minutes: SlotMinutes = 30
    cleaning_minutes: Minutes = 0
    booking_horizon_days: Horizon = 60
    checkin_early_minutes: Minutes = 30
    checkin_late_minutes: Minutes = 15
    walk_in_share: Share = 0.2
    observe_national_holidays: bool = True


class ProtocolChange(Schema):
    distancing_m: Positive = Field(default=None)
    capacity_pct: Percent = Field(default=None)
    level: Annotated[str, Field(max_length=40)] | None = None


class ClosureCreate(Schema):
    date: LocalDate
    reason: Annotated[str, Field(max_length=200)] = ""


class ServiceStandard(Schema):
    procedure: Annotated[str, Field(max_length=4000)] | None = None
    completion_time: Annotated[str, Field(max_length=200)] | None = None
    fee: Annotated[str, Field(max_length=200)] | None = None
    complaints: Annotated[str, Field(max_length=1000)] | None = None


class ServiceCreate(Schema):
    code: Code
    name: Annotated[str, Field(min_length=1, max_length=200)]
    prefix: Prefix
    avg_service_minutes: Positive
    online_url: Annotated[str, Field(max_length=500, pattern=r"^https?://")] | None = None
    requirements: list[Annotated[str, Field(max_length=500)]] = []
    standard: ServiceStandard = ServiceStandard()


class CounterCreate(Schema):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    services: Annotated[list[Code], Field(min_length=1)]


class DeviceCreate(Schema):
    kind: Literal["kiosk", "display"]
    name: Annotated[str, Field(min_length=1, max_length=100)]


def office_capacity_json(office: Office) -> dict[str, Any]:
    capacity = capacity_of(office)
    area_people = people_by_area(office.waiting_room_m2, office.distancing_m)
    return {
        "max_occupancy": capacity.max_occupancy,
        "slot_capacity": capacity.slot_capacity,
        "walk_in_places": capacity.max_occupancy - capacity.slot_capacity,
        "from": {
            "people_by_area": round(float(area_people), 2),
            "seats": office.seats,
            "limited_by": capacity.limited_by,
            "capacity_pct": office.capacity_pct,
            "walk_in_share": office.walk_in_share,
        },
        "explanation": (
            f"min({office.seats} seats, {office.waiting_room_m2} m² ÷ {office.distancing_m}² = "
            f"{float(area_people):.2f}) × {office.capacity_pct}% → {capacity.max_occupancy}; "
            f"× (1 − {office.walk_in_share}) → {capacity.slot_capacity} per slot"
        ),
    }


def office_json(office: Office, detail: bool = True) -> dict[str, Any]:
    """The office with its capacity figures and what they came from; `detail` adds its
    services and closures (left out of the list)."""
    capacity = office_capacity_json(office)
    body: dict[str, Any] = {
        "slug": office.slug,
        "name": office.name,
        "timezone": office.timezone,
        "address": office.address,
        "waiting_room_m2": office.waiting_room_m2,
        "seats": office.seats,
        "distancing_m": office.distancing_m,
        "capacity_pct": office.capacity_pct,
        "level": office.level,
        "slot_minutes": office.slot_minutes,
        "cleaning_minutes": office.cleaning_minutes,
        "booking_horizon_days": office.booking_horizon_days,
        "checkin_early_minutes": office.checkin_early_minutes,
        "checkin_late_minutes": office.checkin_late_minutes,
        "walk_in_share": office.walk_in_share,
        "observe_national_holidays": office.observe_national_holidays,
        "weekly_hours": office.weekly_hours,
        "temperature_limit_c": office.temperature_limit_c,
        "max_occupancy": capacity["max_occupancy"],
        "slot_capacity": capacity["slot_capacity"],
        "capacity": capacity,
    }
    if detail:
        body["services"] = [service_json(office, s) for s in office.services]
        body["closures"] = [closure_json(c) for c in office.closures]
    return body


def service_json(office: Office, service: Service) -> dict[str, Any]:
    counters = counters_serving(service.id)
    return {
        "code": service.code,
        "name": service.name,
        "prefix": service.prefix,
        "avg_service_minutes": service.avg_service_minutes,
        "online_url": service.online_url,
        "requirements": service.requirements or [],
        "standard": service.standard or {},
        "counters": counters,
        "counter_throughput": counter_throughput(
            office.slot_minutes, service.avg_service_minutes, counters
        ),
        "slot_capacity": service_capacity(office, service, counters),
    }


def closure_json(closure: Closure) -> dict[str, Any]:
    return {"date": closure.date.isoformat(), "reason": closure.reason}


def counter_json(counter: Counter) -> dict[str, Any]:
    return {
        "id": counter.id,
        "name": counter.name,
        "office": counter.office.slug,
        "services": [s.code for s in counter.services],
        "is_open": counter.is_open,
    }


def device_json(device: Device) -> dict[str, Any]:
    timezone = device.office.timezone
    return {
        "id": device.id,
        "kind": device.kind,
        "name": device.name,
        "office": device.office.slug,
        "created_at": local_iso(device.created_at, timezone),
        "revoked": device.is_revoked,
        "last_seen_at": local_iso(device.last_seen_at, timezone) if device.last_seen_at else None,
        "online": is_online(device.last_seen_at, now()),
    }
