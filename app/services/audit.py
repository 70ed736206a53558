"""Writing to the audit log (configuration changes, access to personal data)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.clock import now
from app.extensions import db
from app.models import AuditEntry


def record(actor: str, action: str, office_id: int | None, **detail: Any) -> AuditEntry:
    entry = AuditEntry(at=now(), actor=actor, action=action, office_id=office_id, detail=detail)
    db.session.add(entry)
    return entry


def list_entries(
    office_id: int | None,
    start: datetime | None,
    end: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[AuditEntry], int]:
    """Entries newest first (one office's, or all with None), within [start, end), and how
    many match in all."""
    conditions = []
    if office_id is not None:
        conditions.append(AuditEntry.office_id == office_id)
    if start is not None:
        conditions.append(AuditEntry.at >= start)
    if end is not None:
        conditions.append(AuditEntry.at < end)
    total = db.session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0
    entries = db.session.scalars(
        select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(entries), total
