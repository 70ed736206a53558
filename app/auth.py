"""Who is calling: staff (roles admin, supervisor, officer) by bearer token or by the pages'
sign-in session, and devices by their tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import g, request
from sqlalchemy import bindparam, select

from app.clock import now
from app.direct_rows import Snapshot, column_keys
from app.direct_sql import DirectStatement, session_lane
from app.errors import Forbidden, Unauthorized
from app.extensions import db
from app.models import ApiToken, Device, Office, Staff
from app.models.staff import StaffRules
from app.services.devices import mark_seen
from app.services.tokens import hash_token
from app.staff import session as staff_session

F = TypeVar("F", bound=Callable[..., Any])


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@dataclass(frozen=True)
class StaffMember(StaffRules):
    """The signed-in staff member as this request read them with their token: what the checks
    and pages need, without building an ORM instance on every request (nor reading the
    password hash)."""

    id: int
    username: str
    role: str
    office_id: int | None

    @property
    def office(self) -> Office | None:
        return db.session.get(Office, self.office_id) if self.office_id is not None else None


# Tokens are checked on every request (a revoked one locks out at once), each with one
# statement straight to the driver.
_TOKENS, _STAFF, _DEVICES = ApiToken.__table__, Staff.__table__, Device.__table__
_STAFF_BY_TOKEN = DirectStatement(
    select(
        _TOKENS.c.revoked_at,
        _TOKENS.c.expires_at,
        _STAFF.c.is_active,
        _STAFF.c.id,
        _STAFF.c.username,
        _STAFF.c.role,
        _STAFF.c.office_id,
    )
    .join(_STAFF, _STAFF.c.id == _TOKENS.c.staff_id)
    .where(_TOKENS.c.token_hash == bindparam("p_hash"))
)
_DEVICE_KEYS = column_keys(_DEVICES)
_DEVICE_BY_TOKEN = DirectStatement(
    select(_DEVICES).where(_DEVICES.c.token_hash == bindparam("p_hash"))
)


def staff_from_token(token: str | None) -> StaffMember | None:
    if not token:
        return None
    row = session_lane().first(_STAFF_BY_TOKEN, {"p_hash": hash_token(token)})
    if row is None:
        return None
    revoked_at, expires_at, is_active, staff_id, username, role, office_id = row
    if revoked_at or expires_at <= now() or not is_active:
        return None
    return StaffMember(id=staff_id, username=username, role=role, office_id=office_id)


def device_from_token(token: str | None, kind: str | None = None) -> Snapshot | None:
    """The device as a snapshot of its row (its office: app.services.devices.office_of)."""
    if not token:
        return None
    row = session_lane().first(_DEVICE_BY_TOKEN, {"p_hash": hash_token(token)})
    if row is None:
        return None
    device = dict(zip(_DEVICE_KEYS, row, strict=True))
    if device["revoked_at"] is not None or (kind and device["kind"] != kind):
        return None
    return Snapshot(**device)


def current_staff() -> StaffMember | None:
    """The calling staff member, looked up once per request. An Authorization header makes the
    call an API client's (its bearer token alone counts); otherwise the sign-in session does."""
    if "staff" not in g:
        if "Authorization" in request.headers:
            g.staff = staff_from_token(bearer_token())
        else:
            g.staff = staff_from_session()
    return g.staff  # type: ignore[no-any-return]


def staff_from_session() -> StaffMember | None:
    """The session's token is checked like a bearer token on every request (expired, revoked
    or deactivated: locked out at once). An unsafe request it authenticates must carry the
    session's CSRF token, or nothing happens: 403 csrf_invalid."""
    staff = staff_from_token(staff_session.session_token())
    if staff is not None and staff_session.is_unsafe_request() and not staff_session.csrf_sent_ok():
        raise Forbidden("csrf_invalid")
    return staff


def staff_required(*roles: str) -> Callable[[F], F]:
    """401 without a valid staff token or session; 403 for a role not in `roles` (admin always
    passes)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            staff = current_staff()
            if staff is None:
                raise Unauthorized()
            if staff.role != "admin" and staff.role not in roles:
                raise Forbidden()
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def device_required(kind: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            device = device_from_token(bearer_token(), kind)
            if device is None:
                raise Unauthorized()
            g.device = device
            note_seen(device)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


SEEN_REFRESH = timedelta(seconds=30)


def note_seen(device: Snapshot) -> None:
    """Keep `last_seen_at` fresh for device health, writing at most every 30 seconds."""
    if request.method in ("GET", "HEAD"):
        return  # read-only requests take no write lock
    moment = now()
    if device.last_seen_at is None or moment - device.last_seen_at > SEEN_REFRESH:
        mark_seen(device, moment)


def require_office_manager(office: Office) -> StaffMember:
    """Admin, or the supervisor of this office."""
    staff = current_staff()
    if staff is None:
        raise Unauthorized()
    if not staff.can_manage_office(office.id):
        raise Forbidden()
    return staff


def require_office_staff(office_id: int) -> StaffMember:
    """Admin, or a supervisor or officer of this office."""
    staff = current_staff()
    if staff is None:
        raise Unauthorized()
    if not staff.can_work_at(office_id):
        raise Forbidden()
    return staff


def actor_name() -> str:
    staff = g.get("staff")
    if staff is not None:
        return f"staff:{staff.username}"
    device = g.get("device")
    if device is not None:
        return f"device:{device.id}"
    return "public"
