"""Serving the app: gevent with TCP_NODELAY in production, Werkzeug threads otherwise.

gevent's stock server leaves Nagle's algorithm on, which stalls every keep-alive response by
about 40 ms (delayed ACK); sockets accepted from a listener with TCP_NODELAY inherit it.

It also serves a keep-alive connection's next request at once when it has already arrived,
without yielding: under load, a client that answers fast is served again and again while the
others wait (a 5 ms endpoint, 16 clients: p50 5 ms, p99 over 2 s). Each connection therefore
waits its turn before each request (`gevent.idle`: until the ready connections were served)."""

from __future__ import annotations

import gc
import socket
from typing import Any

from flask import Flask

from app.extensions import socketio


def nodelay_listener(host: str, port: int) -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind((host, port))
    listener.listen(1024)
    return listener


def serve_gevent(app: Any, host: str, port: int) -> None:
    """gevent's WSGI server on a TCP_NODELAY listener, connections taking turns."""
    from gevent import idle
    from gevent.pywsgi import WSGIHandler, WSGIServer

    class TakeTurns(WSGIHandler):  # type: ignore[misc]
        def handle_one_request(self) -> Any:
            idle()
            return super().handle_one_request()

        def log_request(self) -> None:
            """No access log is kept (log=None), but gevent would still format each line."""

    listener = nodelay_listener(host, port)
    WSGIServer(listener, app, log=None, handler_class=TakeTurns).serve_forever()


def settle_startup_objects() -> None:
    """Move everything built at start-up (modules, app, mappers) out of the garbage collector's
    reach: otherwise every full collection during a request walks all of it again."""
    gc.collect()
    gc.freeze()


def run_server(app: Flask, host: str, port: int) -> None:
    mode = socketio.server.eio.async_mode if socketio.server else "threading"
    print(f"Antrean on http://{host}:{port}/ ({mode})", flush=True)
    __import__("scheduling.runner").runner.start_in_process(app)  # SCHEDULER_IN_PROCESS
    settle_startup_objects()
    if mode == "gevent":
        serve_gevent(app, host, port)
    else:
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)
