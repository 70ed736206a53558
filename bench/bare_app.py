"""The baseline: a bare Flask JSON endpoint with Flask-SocketIO attached, served exactly as
`antrean serve` serves the app (app.server.serve_gevent: gevent pywsgi on a TCP_NODELAY
listener, keep-alive connections taking turns).

    python -m bench.bare_app PORT"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

from flask import Flask, jsonify  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

from app.server import serve_gevent  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent")


@app.get("/api/v1/health")
def health() -> object:
    return jsonify({"status": "ok"})


@app.post("/bare")
def bare() -> object:
    return jsonify({"status": "ok"}), 201


def main() -> None:
    port = int(sys.argv[1])
    serve_gevent(app, "127.0.0.1", port)


if __name__ == "__main__":
    main()
