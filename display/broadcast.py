"""Domain events → the displays of that office, and only that office.

The receivers run after the change was committed (app.signals.commit). With a message queue
configured, `socketio.emit` goes through it, so displays connected to any server process hear
an event caused in any process (a server, the scheduler, the CLI). Payloads carry ticket numbers,
counter and service names, never a person's name, NIK or phone.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from flask import Flask, after_this_request, current_app, g, has_request_context, request
from socketio import PubSubManager

from app.clock import now
from app.database import read_only_transactions
from app.extensions import db, socketio
from app.models import Office
from app.serialize import local_iso
from app.signals import occupancy_changed, queue_changed, ticket_called
from display.announcements import announcement
from display.rooms import NAMESPACE, DisplayState, office_room
from display.snapshots import snapshot_of

if TYPE_CHECKING:
    from app.services.queue import CalledTicket


def send_to_office(office_id: int, event: str, payload: dict[str, Any]) -> None:
    socketio.emit(event, payload, namespace=NAMESPACE, to=office_room(office_id))


def called_event(called: CalledTicket, recall: bool) -> dict[str, Any]:
    return {
        "id": called.id,
        "number": called.number,
        "counter": called.counter,
        "service": called.service,  # the code, as in the snapshot's waiting list
        "service_name": called.service_name,
        "called_at": local_iso(called.called_at, called.timezone),
        "recall": recall,
        "recall_count": called.recall_count,
        "announcement": announcement(called.number, called.counter),
    }


def broadcast_ticket_called(office_id: int, called: CalledTicket, recall: bool) -> None:
    if called.office_id != office_id:
        return
    send_to_office(office_id, "ticket_called", called_event(called, recall))
    # Under gevent the sockets' writers run only when this request yields; let them send the
    # call now rather than after the rest of the request (the snapshot, the answer).
    socketio.sleep(0)


def broadcast_queue(office_id: int, state: DisplayState) -> None:
    office = db.session.get(Office, office_id)
    if office is None:
        return
    snapshot = snapshot_of(office, state)
    # Two changes committed close together may both read the later state: send it once.
    if state.claim_version(office_id, int(snapshot["version"])):
        send_to_office(office_id, "queue_updated", snapshot)


def broadcast_occupancy(office_id: int) -> None:
    from app.services.queue import occupancy

    office = db.session.get(Office, office_id)
    if office is None:
        return
    present, limit = occupancy(office, now())
    send_to_office(office_id, "occupancy_updated", {"present": present, "limit": limit})


def _safely(action: Any, *args: Any) -> None:
    """The change is committed whatever happens here; a display that misses an event resyncs
    on the next version gap or reconnect, so a failed broadcast must not fail the request."""
    try:
        with read_only_transactions():
            action(*args)
    except Exception:
        current_app.logger.exception("display broadcast failed")


def display_state() -> DisplayState:
    return current_app.extensions["display"]  # type: ignore[no-any-return]


@ticket_called.connect
def on_ticket_called(
    office_id: int, called: CalledTicket | None = None, recall: bool = False, **_: Any
) -> None:
    if called is not None and anyone_watching(office_id):
        _safely(broadcast_ticket_called, office_id, called, bool(recall))


@queue_changed.connect
def on_queue_changed(office_id: int, **_: Any) -> None:
    if not anyone_watching(office_id):
        return
    if has_request_context() and getattr(request, "sid", None) is None:
        defer_to_end_of_request(office_id)
    else:
        _safely(broadcast_queue, office_id, display_state())


def defer_to_end_of_request(office_id: int) -> None:
    """The snapshot goes out once per request, after the request's other events (a call's
    `ticket_called` is not held up by the snapshot's queries)."""
    pending: set[int] | None = g.get("display_pending_offices")
    if pending is None:
        pending = g.display_pending_offices = set()
        after_this_request(_send_pending_snapshots)
    pending.add(office_id)


def _send_pending_snapshots(response: Any) -> Any:
    for office_id in sorted(g.pop("display_pending_offices", ())):
        if socketio.server.eio.async_mode == "gevent":
            # Greenlets switch only where one yields, and a request does not yield between
            # its commit and its own events: a background snapshot never overtakes a call.
            snapshot_sender().request(office_id)
        else:
            # Threads could read a change before its `ticket_called` is out: each request
            # sends its snapshot itself, after its own events.
            _safely(broadcast_queue, office_id, display_state())
    return response


@occupancy_changed.connect
def on_occupancy_changed(office_id: int, **_: Any) -> None:
    if anyone_watching(office_id):
        _safely(broadcast_occupancy, office_id)


def anyone_watching(office_id: int) -> bool:
    """Whether an event for the office can reach a screen. Through a message queue, screens
    of other processes may be listening; otherwise only this process's viewers count, and an
    office nobody watches needs no snapshot built."""
    if "display" not in current_app.extensions or socketio.server is None:
        return False
    if isinstance(socketio.server.manager, PubSubManager):
        return True
    return display_state().viewers.watching(office_id)


# The call goes out first; the snapshot a moment later, once the call's frames are on their way
# (and with any change made meanwhile in the same snapshot).
SNAPSHOT_DELAY_SECONDS = 0.02


class SnapshotSender:
    """Sends the queue snapshot of an office after the HTTP request that changed it, in the
    background and coalesced: while one office's snapshot is being built, further changes
    only mark it stale, and one more snapshot follows with all of them. A burst of N changes
    costs two snapshot builds, not N, and the answers to the requests never wait for them."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.building: set[int] = set()
        self.stale: set[int] = set()

    def request(self, office_id: int) -> None:
        with self.lock:
            if office_id in self.building:
                self.stale.add(office_id)
                return
            self.building.add(office_id)
        socketio.start_background_task(self._send_until_current, office_id)

    def _send_until_current(self, office_id: int) -> None:
        while True:
            socketio.sleep(SNAPSHOT_DELAY_SECONDS)
            with self.app.app_context():
                _safely(broadcast_queue, office_id, display_state())
            with self.lock:
                if office_id not in self.stale:
                    self.building.discard(office_id)
                    return
                self.stale.discard(office_id)


_senders_lock = threading.Lock()


def snapshot_sender() -> SnapshotSender:
    with _senders_lock:
        sender = current_app.extensions.get("display_snapshots")
        if sender is None:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            sender = current_app.extensions["display_snapshots"] = SnapshotSender(app)
        return sender  # type: ignore[no-any-return]
