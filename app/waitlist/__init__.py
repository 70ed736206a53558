"""The waitlist of full slots (citizens) and the named protocol levels (admins)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.waitlist.levels import bp as levels_bp
    from app.waitlist.receivers import connect_receivers
    from app.waitlist.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(levels_bp)
    connect_receivers()
