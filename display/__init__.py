"""Live displays: the /display Socket.IO namespace, the waiting-room screen, the public board."""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def init_app(app: Flask) -> None:
    from app.extensions import socketio
    from app.i18n import add_translation_directory
    from display import broadcast  # noqa: F401  (connects the signal receivers, once)
    from display.namespace import DisplayNamespace
    from display.pages import bp
    from display.rooms import DisplayState

    add_translation_directory(app, Path(__file__).resolve().parent / "translations")
    app.register_blueprint(bp)
    state = DisplayState()
    app.extensions["display"] = state
    socketio.on_namespace(DisplayNamespace(state))
