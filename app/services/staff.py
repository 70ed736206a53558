"""Staff accounts and their API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.errors import Conflict, Unauthorized
from app.extensions import db
from app.i18n import translate
from app.models import ApiToken, Office, Staff
from app.services.tokens import hash_token, new_token

# A well-formed hash to check against when the user does not exist, so that a wrong username
# takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def create_staff(username: str, password: str, role: str, office: Office | None) -> Staff:
    if db.session.scalar(select(Staff.id).where(Staff.username == username)):
        raise Conflict("username_taken", fields={"username": translate("username_taken")})
    staff = Staff(
        username=username,
        password_hash=generate_password_hash(password),
        role=role,
        office=office,
        is_active=True,
    )
    db.session.add(staff)
    db.session.flush()
    return staff


def authenticate(username: str, password: str) -> Staff:
    staff = db.session.scalar(select(Staff).where(Staff.username == username))
    if staff is None or not staff.is_active:
        check_password_hash(_DUMMY_HASH, password)
        raise Unauthorized("bad_credentials")
    if not check_password_hash(staff.password_hash, password):
        raise Unauthorized("bad_credentials")
    return staff


def issue_token(staff: Staff, now: datetime, hours: int) -> tuple[str, ApiToken]:
    token = new_token()
    api_token = ApiToken(
        staff=staff,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    db.session.add(api_token)
    db.session.flush()
    return token, api_token
