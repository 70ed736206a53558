"""Live displays: the /display Socket.IO namespace, the waiting-room screen, the public board."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.extensions import socketio
    from app.messages import register_messages
    from display import broadcast  # noqa: F401  (connects the signal receivers, once)
    from display.messages import DISPLAY_MESSAGES
    from display.namespace import DisplayNamespace
    from display.pages import bp
    from display.rooms import DisplayState

    register_messages(DISPLAY_MESSAGES)
    app.register_blueprint(bp)
    state = DisplayState()
    app.extensions["display"] = state
    socketio.on_namespace(DisplayNamespace(state))
