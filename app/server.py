"""Serving the app: gevent with TCP_NODELAY in production, Werkzeug threads otherwise.

gevent's stock server leaves Nagle's algorithm on, which stalls every keep-alive response by
about 40 ms (delayed ACK); sockets accepted from a listener with TCP_NODELAY inherit it."""

from __future__ import annotations

import gc
import socket

from flask import Flask

from app.extensions import socketio


def nodelay_listener(host: str, port: int) -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind((host, port))
    listener.listen(1024)
    return listener


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
        from gevent.pywsgi import WSGIServer

        WSGIServer(nodelay_listener(host, port), app, log=None).serve_forever()
    else:
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)
