"""Named protocol levels (PPKM 1–4…) and their capacity percentages: data an admin edits."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from app.api import documented, parse_body
from app.auth import actor_name, staff_required
from app.clock import now
from app.errors import NotFound
from app.extensions import db
from app.models import ProtocolLevel
from app.offices import shapes
from app.services import audit, protocol_levels
from app.signals import commit
from app.waitlist.schemas import LevelSet, level_json

bp = Blueprint("protocol_levels", __name__, url_prefix="/api/v1")


@bp.get("/protocol-levels")
@documented(
    "The named protocol levels and their capacity",
    auth="staff",
    tag="offices",
    response=shapes.LEVELS,
)
@staff_required("supervisor", "officer")
def list_levels() -> Any:
    return jsonify({"levels": [level_json(level) for level in protocol_levels.list_levels()]})


@bp.get("/protocol-levels/<name>")
@documented("One protocol level", auth="staff", tag="offices", response=shapes.LEVEL)
@staff_required("supervisor", "officer")
def get_level(name: str) -> Any:
    level = db.session.get(ProtocolLevel, name)
    if level is None:
        raise NotFound()
    return jsonify(level_json(level))


@bp.put("/protocol-levels/<name>")
@documented(
    "Define (201) or change (200) a protocol level (admin)",
    body=LevelSet,
    status=(200, 201),
    auth="staff",
    tag="offices",
    response=shapes.LEVEL,
)
@staff_required("admin")
def set_level(name: str) -> Any:
    data = parse_body(LevelSet)
    level, created = protocol_levels.set_level(name[:40], data.capacity_pct, now())
    audit.record(actor_name(), "protocol_level.set", None, name=level.name, pct=data.capacity_pct)
    commit()
    return jsonify(level_json(level)), 201 if created else 200
