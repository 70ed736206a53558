"""The /display Socket.IO namespace: screens and public boards connect, and only listen.

A display device connects with `auth={"token": …}`, the public board with `auth={"office": slug}`.
Each joins its office's room and gets `display_config` and `queue_snapshot`; `resync` sends the
snapshot again. Nothing else a client emits reaches a handler.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import Namespace, emit, join_room
from socketio.exceptions import ConnectionRefusedError
from sqlalchemy import select

from app.auth import device_from_token
from app.clock import now
from app.database import read_only_transactions
from app.extensions import db
from app.i18n import translate
from app.models import Office
from app.services.devices import mark_seen
from app.signals import commit
from display import presence
from display.rooms import NAMESPACE, DisplayState, Viewer, office_room
from display.snapshots import office_config, resync_snapshot, snapshot_of

# Client events with a handler. `connect`/`disconnect` are also names a client could send as
# plain events: those are let through only while the session is (dis)connecting for real.
CLIENT_EVENTS = frozenset({"resync"})
LIFECYCLE_EVENTS = frozenset({"connect", "disconnect"})


class DisplayNamespace(Namespace):
    def __init__(self, state: DisplayState) -> None:
        super().__init__(NAMESPACE)
        self.state = state

    def trigger_event(self, event: str, *args: Any) -> Any:
        if event in LIFECYCLE_EVENTS:
            sid = args[0] if args else None
            if self.socketio.server.manager.is_connected(sid, self.namespace):
                return None  # a client posing as the server's own lifecycle events
        elif event not in CLIENT_EVENTS:
            return None
        return super().trigger_event(event, *args)

    def on_connect(self, auth: Any = None) -> None:
        viewer = authenticate(auth)
        self.state.viewers.add(request.sid, viewer)
        join_room(office_room(viewer.office_id))
        if viewer.device_id is not None and self.state.start_heartbeat():
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            self.socketio.start_background_task(heartbeat, app, self.state)
        send_setup(viewer, self.state)

    def on_resync(self, *_: Any) -> None:
        """Every screen of an office sees the same version gap at once: each resync only reads
        (is the device revoked?) and most are answered from the snapshot built moments ago."""
        viewer = self.state.viewers.get(request.sid)
        if viewer is None:
            return
        with read_only_transactions():
            if viewer.device_id is not None and presence.is_revoked(viewer.device_id):
                self.socketio.server.disconnect(request.sid, namespace=self.namespace)
                return
            office = db.session.get(Office, viewer.office_id)
            if office is not None:
                emit("queue_snapshot", resync_snapshot(office, self.state))

    def on_disconnect(self, *_: Any) -> None:
        viewer = self.state.viewers.remove(request.sid)
        if viewer is not None and viewer.device_id is not None:
            presence.touch_devices([viewer.device_id], now())
            commit()


def authenticate(auth: Any) -> Viewer:
    """The viewer for these credentials, or ConnectionRefusedError (the client's connect_error)."""
    if not isinstance(auth, dict):
        raise refused("display_credentials_missing")
    if auth.get("token"):
        device = device_from_token(str(auth["token"]), "display")
        if device is None:
            raise refused("unauthorized", "display_unauthorized")
        mark_seen(device, now())
        viewer = Viewer(office_id=device.office_id, device_id=device.id)
        commit()
        return viewer
    if auth.get("office"):
        office_id = db.session.scalar(select(Office.id).where(Office.slug == str(auth["office"])))
        if office_id is None:
            raise refused("not_found", "display_office_unknown")
        return Viewer(office_id=office_id, device_id=None)
    raise refused("unauthorized", "display_credentials_missing")


def refused(code: str, message_key: str | None = None) -> ConnectionRefusedError:
    key = message_key or code
    return ConnectionRefusedError(
        code, {"code": code, "message": translate(key, "id"), "message_en": translate(key, "en")}
    )


def send_setup(viewer: Viewer, state: DisplayState) -> None:
    """What a screen gets when it connects: the office's set-up and a fresh snapshot."""
    with read_only_transactions():
        office = db.session.get(Office, viewer.office_id)
        if office is None:
            return
        emit("display_config", office_config(office, board=viewer.device_id is None))
        emit("queue_snapshot", snapshot_of(office, state))


def heartbeat(app: Any, state: DisplayState) -> None:
    """While display devices are connected here, keep their last_seen_at fresh."""
    from app.extensions import socketio

    interval = app.config.get("DISPLAY_HEARTBEAT_SECONDS", presence.HEARTBEAT_SECONDS)
    while True:
        socketio.sleep(interval)
        if state.stop_heartbeat_if_idle():
            return
        devices = state.viewers.devices()
        try:
            with app.app_context():
                revoked = presence.touch_devices(devices.values(), now())
                commit()
        except Exception:  # a database hiccup must not stop the heartbeat for good
            app.logger.exception("display heartbeat failed")
            continue
        for sid, device_id in devices.items():
            if device_id in revoked:
                socketio.server.disconnect(sid, namespace=NAMESPACE)
