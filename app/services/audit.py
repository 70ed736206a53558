"""Writing to the audit log (configuration changes, access to personal data)."""

from __future__ import annotations

from typing import Any

from app.clock import now
from app.extensions import db
from app.models import AuditEntry


def record(actor: str, action: str, office_id: int | None, **detail: Any) -> AuditEntry:
    entry = AuditEntry(at=now(), actor=actor, action=action, office_id=office_id, detail=detail)
    db.session.add(entry)
    return entry
