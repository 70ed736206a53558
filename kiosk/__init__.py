"""The kiosk: QR check-in, health screening, walk-ins and its full-screen page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.messages import register_messages
    from kiosk.messages import MESSAGES
    from kiosk.pages import register_pages
    from kiosk.routes import bp

    register_messages(MESSAGES)
    app.register_blueprint(bp)
    register_pages(app)
