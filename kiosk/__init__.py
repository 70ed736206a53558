"""The kiosk: QR check-in, health screening, walk-ins and its full-screen page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from kiosk.routes import bp

    app.register_blueprint(bp)
