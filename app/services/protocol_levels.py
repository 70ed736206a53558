"""Named protocol levels (e.g. PPKM 1–4) and the capacity percentage each allows: data an
admin edits, looked up when an office's protocol is set by level."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.errors import ValidationFailed
from app.extensions import db
from app.i18n import translate
from app.models import ProtocolLevel


def list_levels() -> list[ProtocolLevel]:
    return list(db.session.scalars(select(ProtocolLevel).order_by(ProtocolLevel.name)))


def set_level(name: str, capacity_pct: float, now: datetime) -> tuple[ProtocolLevel, bool]:
    """Create or change a level; answers it and whether it was created."""
    level = db.session.get(ProtocolLevel, name)
    created = level is None
    if level is None:
        level = ProtocolLevel(name=name, capacity_pct=capacity_pct, updated_at=now)
        db.session.add(level)
    level.capacity_pct, level.updated_at = capacity_pct, now
    db.session.flush()
    return level, created


def level_pct(name: str) -> float:
    level = db.session.get(ProtocolLevel, name)
    if level is None:
        raise ValidationFailed(fields={"level": translate("level_unknown")})
    return level.capacity_pct
