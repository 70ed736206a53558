"""Counters and the queue: call-next, recall, start, complete, no-show, transfer; the queue."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("counters", __name__, url_prefix="/api/v1")
