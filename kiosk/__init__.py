"""The kiosk: QR check-in, health screening, walk-ins and its full-screen page."""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def init_app(app: Flask) -> None:
    from app.i18n import add_translation_directory
    from kiosk.pages import register_pages
    from kiosk.routes import bp

    add_translation_directory(app, Path(__file__).resolve().parent / "translations")
    app.register_blueprint(bp)
    register_pages(app)
