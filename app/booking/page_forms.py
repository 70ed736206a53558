"""The HTML forms of the booking pages: CSRF tokens and reading the booking form through the
API's own schema, so the pages and the JSON API validate alike."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from typing import Any

from flask import request, session
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from app.api import validation_error
from app.booking.schemas import BookingCreate
from app.models import Office, Service

SYMPTOMS = ("demam", "batuk", "pilek", "sakit_tenggorokan", "sesak_napas")
PRIORITIES = ("none", "elderly", "disability", "pregnant", "child")
FORM_FIELDS = ("name", "nik", "phone", "email", "companions", "priority", "consent")
_CSRF_KEY = "csrf"


def csrf_token() -> str:
    """The session's form token, made on first use."""
    token = session.get(_CSRF_KEY)
    if not token:
        token = session[_CSRF_KEY] = secrets.token_urlsafe(32)
    return str(token)


def csrf_ok() -> bool:
    expected = str(session.get(_CSRF_KEY, ""))
    sent = request.form.get("csrf_token", "")
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())


def form_key() -> str:
    """One key per filled-in form: a double tap on a slow network books once, not twice."""
    sent = request.form.get("form_key", "")
    if 16 <= len(sent) <= 64 and sent.replace("-", "").replace("_", "").isalnum():
        return sent
    return secrets.token_urlsafe(18)


def _companions(raw: str) -> Any:
    return int(raw) if raw.strip().isdigit() else raw


def booking_payload(
    form: MultiDict[str, str], office: Office, service: Service, start: datetime
) -> dict[str, Any]:
    """The form as the JSON API's booking body."""
    return {
        "office": office.slug,
        "service": service.code,
        "start": start.isoformat(),
        "name": form.get("name", ""),
        "nik": form.get("nik", ""),
        "phone": form.get("phone", ""),
        "email": form.get("email", "") or None,
        "companions": _companions(form.get("companions", "0")),
        "priority": form.get("priority", "none"),
        "health": {
            "symptoms": [s for s in form.getlist("symptoms") if s in SYMPTOMS],
            "close_contact": form.get("close_contact") == "yes",
        },
        "consent": form.get("consent") == "yes",
    }


def parse_booking(payload: dict[str, Any]) -> tuple[BookingCreate | None, dict[str, str]]:
    """The validated booking, or the message for each bad field (in the request's language)."""
    try:
        return BookingCreate.model_validate(payload), {}
    except ValidationError as exc:
        return None, validation_error(exc).fields or {}


def form_values(form: MultiDict[str, str]) -> dict[str, Any]:
    """What the user typed, to put back into a re-rendered form (never into a URL)."""
    values: dict[str, Any] = {name: form.get(name, "") for name in FORM_FIELDS}
    values["symptoms"] = [s for s in form.getlist("symptoms") if s in SYMPTOMS]
    values["close_contact"] = form.get("close_contact") == "yes"
    return values


def blank_values() -> dict[str, Any]:
    return {**dict.fromkeys(FORM_FIELDS, ""), "companions": "0", "priority": "none"} | {
        "symptoms": [],
        "close_contact": False,
    }
