"""Staff sign-in for the API (bearer tokens; the pages sign in with a session, see
app/staff/session.py) and staff accounts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import Blueprint, current_app, jsonify
from pydantic import Field

from app.api import documented, parse_body
from app.auth import actor_name, current_staff, staff_required
from app.clock import now
from app.errors import Forbidden, ValidationFailed
from app.i18n import translate
from app.schemas import Schema, Slug
from app.services import audit, offices, staff
from app.signals import commit
from app.staff.session import sign_in_limited, upgrade_password_hash

bp = Blueprint("staff", __name__, url_prefix="/api/v1")


class Credentials(Schema):
    username: Annotated[str, Field(min_length=1, max_length=80)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


class StaffCreate(Schema):
    username: Annotated[str, Field(min_length=3, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")]
    password: Annotated[str, Field(min_length=10, max_length=200)]
    role: Literal["admin", "supervisor", "officer"]
    office: Slug | None = None


@bp.post("/auth/token")
@documented("Sign in: a bearer token for the API", body=Credentials, tag="auth")
@sign_in_limited
def issue_token() -> Any:
    data = parse_body(Credentials)
    account = staff.authenticate(data.username, data.password)
    upgrade_password_hash(account, data.password)
    token, api_token = staff.issue_token(account, now(), current_app.config["STAFF_TOKEN_HOURS"])
    commit()
    return jsonify(
        {
            "token": token,
            "expires_at": api_token.expires_at.isoformat(),
            "role": account.role,
            "office": account.office.slug if account.office else None,
        }
    )


@bp.post("/staff")
@documented(
    "Create a staff account (admin; a supervisor adds officers of their office)",
    body=StaffCreate,
    status=201,
    auth="staff",
    tag="auth",
)
@staff_required("supervisor")
def create_staff() -> Any:
    me = current_staff()
    assert me is not None
    data = parse_body(StaffCreate)
    office = offices.get_office(data.office) if data.office else None
    if data.role != "admin" and office is None:
        raise ValidationFailed(fields={"office": translate("field_required")})
    if me.role != "admin" and (
        data.role != "officer" or office is None or office.id != me.office_id
    ):
        raise Forbidden()
    account = staff.create_staff(data.username, data.password, data.role, office)
    audit.record(
        actor_name(),
        "staff.create",
        office.id if office else None,
        username=account.username,
        role=account.role,
    )
    commit()
    return jsonify(
        {
            "id": account.id,
            "username": account.username,
            "role": account.role,
            "office": office.slug if office else None,
        }
    ), 201
