"""Reports, contact tracing, the SKM survey and the IKM."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/api/v1")
