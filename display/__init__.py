"""Live displays: the /display Socket.IO namespace, the waiting-room screen, the public board."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from display.pages import bp

    app.register_blueprint(bp)
