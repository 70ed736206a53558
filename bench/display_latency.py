"""From an officer's call-next to the `ticket_called` event at every connected display.

    python -m bench.display_latency [--iterations 30] [--displays 50,200] [--pause 0.1] [--sqlite]

For 50 and 200 displays, on one server process and across two processes through Redis (displays
on one, the officer on the other), it measures, per call, the time from sending the HTTP request
until each display has the event (p50/p99 of every delivery) and until the last display has it
(p50/p99 per call). Beside each, in the same run and mode, a bare Flask-SocketIO app that on a
POST emits a payload of the same size to a room. Every server is gevent pywsgi on a TCP_NODELAY
listener, as `antrean serve` runs. Target: p99 ≤ 1.5 × bare.

The displays are WebSockets in this process under gevent (a greenlet each) that recognise the
`ticket_called` frame without decoding anything (see `Displays`), so 200 displays cost little;
both sides are measured with the same clients, both connected at once, their calls taking turns
(one of ours, one bare, …) so that both meet the same moments of a noisy machine. Calls are
`--pause` seconds apart (10 a second by default, far more than an office's counters make): back
to back, each call would be measured while the previous call's `queue_updated` snapshot was
still being built and read by every display, which the bare broadcast has no counterpart of.

    python -m bench.display_latency --bare-server PORT [REDIS_URL CHANNEL]   (internal)
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REDIS_URL = "redis://127.0.0.1:6379/0"
WARM_UP = 3
EVENT_TIMEOUT = 15.0
# A ticket_called payload of the size Antrean sends.
BARE_PAYLOAD = {
    "id": 1,
    "number": "A-001",
    "counter": "Loket 1",
    "service": "ktp",
    "service_name": "KTP-el",
    "called_at": "2026-12-07T08:00:00.000000+07:00",
    "recall": False,
    "recall_count": 0,
    "announcement": {
        "id": "Nomor antrean A satu, silakan menuju Loket 1",
        "en": "Queue number A one, please go to counter 1",
        "speech": {
            "id": "Nomor antrean A satu, silakan menuju Loket satu",
            "en": "Queue number A one, please go to counter one",
        },
    },
}


# --- the bare baseline server ----------------------------------------------------------------


def serve_bare(port: int, redis_url: str | None, channel: str | None) -> None:
    """POST /emit → socketio.emit to the room the displays joined; nothing else."""
    from flask import Flask, jsonify
    from flask_socketio import SocketIO, join_room

    from app.server import serve_gevent

    app = Flask(__name__)
    socketio = SocketIO(
        app, async_mode="gevent", message_queue=redis_url, channel=channel or "flask-socketio"
    )

    @app.get("/api/v1/health")
    def health() -> Any:
        return jsonify({"status": "ok"})

    @app.post("/emit")
    def emit() -> Any:
        socketio.emit("ticket_called", BARE_PAYLOAD, namespace="/display", to="office-1")
        return jsonify({"ticket": BARE_PAYLOAD})

    @socketio.on("connect", namespace="/display")
    def connect(auth: Any = None) -> None:
        join_room("office-1")

    serve_gevent(app, "127.0.0.1", port)


def start_bare(workdir: Path, redis_url: str | None, channel: str | None) -> Any:
    from tests.live import free_port, wait_until_up

    port = free_port()
    args = [sys.executable, "-m", "bench.display_latency", "--bare-server", str(port)]
    if redis_url:
        args += [redis_url, channel or ""]
    log = open(workdir / f"bare-{port}.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, timeout=90, process=process)
    return process, url


# --- displays --------------------------------------------------------------------------------


@dataclass
class Round:
    """One call: when it was sent, and when each display had it."""

    sent: float = 0.0
    answered: float = 0.0
    arrivals: list[float] = field(default_factory=list)


CALLED_FRAME = b'42/display,["ticket_called"'  # a Socket.IO event on /display, as sent


class Displays:
    """N displays on /display, each a plain WebSocket that speaks just enough Engine.IO and
    Socket.IO (open, join the namespace with its credentials, answer pings) to recognise the
    `ticket_called` frames by their first bytes. A full Socket.IO client would decode every
    event (each `queue_updated` snapshot too) for every display in this one process, and
    websocket-client checks the UTF-8 of each text frame byte by byte in Python (about 1 ms for
    a snapshot): that work of the load generator, not the server, would become the measurement
    (at 200 displays, a few hundred ms after every call)."""

    def __init__(self, url: str, auth: dict[str, Any], count: int) -> None:
        import gevent
        from gevent.event import Event

        self.rounds: list[Round] = []
        self.expected = count
        self.done = Event()
        address = url.replace("http://", "ws://", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.sockets = [self._join(address, auth) for _ in range(count)]
        self.readers = [gevent.spawn(self._read, ws) for ws in self.sockets]

    @staticmethod
    def _join(address: str, auth: dict[str, Any]) -> Any:
        import json

        import websocket

        ws = websocket.create_connection(address, timeout=30, skip_utf8_validation=True)
        opened = ws.recv()
        if not opened.startswith("0"):
            raise RuntimeError(f"no Engine.IO open packet: {opened[:80]!r}")
        ws.send("40/display," + json.dumps(auth))
        while True:
            frame = ws.recv()
            if frame.startswith("40/display"):
                ws.settimeout(None)
                return ws
            if frame.startswith("44/display"):
                raise RuntimeError(f"display refused: {frame[:200]}")
            if frame == "2":
                ws.send("3")

    def _read(self, ws: Any) -> None:
        import websocket

        try:
            while True:
                _, frame = ws.recv_data()  # bytes, not decoded
                if frame.startswith(CALLED_FRAME):
                    self._arrived()
                elif frame == b"2":  # Engine.IO ping
                    ws.send("3")
        except (websocket.WebSocketException, OSError):
            return

    def _arrived(self) -> None:
        now = time.perf_counter()
        current = self.rounds[-1]
        current.arrivals.append(now)
        if len(current.arrivals) == self.expected:
            self.done.set()

    def measure(self, act: Callable[[], None]) -> Round:
        self.done.clear()
        current = Round()
        self.rounds.append(current)
        current.sent = time.perf_counter()
        act()
        current.answered = time.perf_counter()
        if not self.done.wait(EVENT_TIMEOUT):
            raise TimeoutError(f"{len(current.arrivals)}/{self.expected} displays had the event")
        return current

    def close(self) -> None:
        import gevent

        gevent.killall(self.readers)  # close() reads the server's close frame itself
        gevent.joinall([gevent.spawn(ws.close, timeout=2) for ws in self.sockets], timeout=30)


def run_alternating(
    sides: list[tuple[Displays, Callable[[], None]]], iterations: int, pause: float
) -> list[list[Round]]:
    """One call on each side in turn, so that both sides meet the same moments of the machine
    (its noise moves a p99 by half from one minute to the next); each side calls every `pause`
    seconds, as it would alone."""
    rounds: list[list[Round]] = [[] for _ in sides]
    for _ in range(WARM_UP + iterations):
        for (displays, act), kept in zip(sides, rounds, strict=True):
            kept.append(displays.measure(act))
            # gevent's sleep: the displays take in what followed the call meanwhile
            time.sleep(pause / len(sides))
    return [kept[WARM_UP:] for kept in rounds]


# --- the two sides ---------------------------------------------------------------------------


class AntreanOffice:
    """An office with one counter and a queue of walk-ins, driven over HTTP."""

    def __init__(self, app: Any, url: str, slug: str) -> None:
        import requests

        from bench.common import admin_api
        from tests.conftest import ALWAYS_OPEN, office_body

        self.url = url
        self.http = requests.Session()
        api = admin_api(app)
        api.create_office(
            **office_body(slug=slug, weekly_hours=ALWAYS_OPEN, seats=5000, waiting_room_m2=20000),
        )
        api.create_service(slug)
        self.counter = api.create_counter(slug)["id"]
        self.display_token = self._device(api, slug, "display")
        self.kiosk_token = self._device(api, slug, "kiosk")
        officer = api.token_for("officer", slug)
        self.officer = {"Authorization": f"Bearer {officer}"}

    @staticmethod
    def _device(api: Any, slug: str, kind: str) -> str:
        response = api.call("POST", f"/offices/{slug}/devices", json={"kind": kind, "name": kind})
        return str(response.get_json()["token"])

    def queue_walk_ins(self, count: int) -> None:
        headers = {"Authorization": f"Bearer {self.kiosk_token}"}
        for _ in range(count):
            response = self.http.post(
                f"{self.url}/api/v1/kiosk/walk-in", json={"service": "ktp"}, headers=headers
            )
            assert response.status_code == 201, response.text

    def call_next_via(self, url: str) -> Callable[[], None]:
        path = f"{url}/api/v1/counters/{self.counter}/call-next"

        def act() -> None:
            response = self.http.post(path, json={}, headers=self.officer)
            assert response.status_code == 200, response.text

        return act


def bare_emit_via(url: str) -> Callable[[], None]:
    import requests

    http = requests.Session()

    def act() -> None:
        assert http.post(f"{url}/emit", json={}).status_code == 200

    return act


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Figures:
    p50: float
    p99: float
    last_p50: float
    last_p99: float
    answer_p50: float


def figures(rounds: list[Round]) -> Figures:
    from bench.common import percentile

    each = [arrival - r.sent for r in rounds for arrival in r.arrivals]
    last = [max(r.arrivals) - r.sent for r in rounds]
    answers = [r.answered - r.sent for r in rounds]
    return Figures(
        percentile(each, 50),
        percentile(each, 99),
        percentile(last, 50),
        percentile(last, 99),
        percentile(answers, 50),
    )


def report(label: str, ours: Figures, bare: Figures) -> bool:
    from bench.common import line, ms

    ratio = ours.p99 / bare.p99
    ok = ratio <= 1.5
    line(f"{label} antrean  p50 / p99", f"{ms(ours.p50)} / {ms(ours.p99)}")
    line(f"{label} bare     p50 / p99", f"{ms(bare.p50)} / {ms(bare.p99)}")
    line(f"{label} last display p99 antrean / bare", f"{ms(ours.last_p99)} / {ms(bare.last_p99)}")
    line(
        f"{label} HTTP answer p50 antrean / bare", f"{ms(ours.answer_p50)} / {ms(bare.answer_p50)}"
    )
    line(f"{label} p99 ratio (target ≤ 1.5)", f"{ratio:5.2f} {'OK' if ok else 'OVER'}")
    return ok


# --- the run ---------------------------------------------------------------------------------


def measure_mode(
    mode: str,
    display_url: str,
    act_url: str,
    bare_display_url: str,
    bare_act_url: str,
    office: AntreanOffice,
    sizes: list[int],
    iterations: int,
    pause: float,
) -> bool:
    from bench.common import header

    header(f"{mode}: call-next → ticket_called at every display")
    ok = True
    for size in sizes:
        office.queue_walk_ins(WARM_UP + iterations)
        ours_displays = Displays(display_url, {"token": office.display_token}, size)
        bare_displays = Displays(bare_display_url, {}, size)
        try:
            ours, bare = run_alternating(
                [
                    (ours_displays, office.call_next_via(act_url)),
                    (bare_displays, bare_emit_via(bare_act_url)),
                ],
                iterations,
                pause,
            )
        finally:
            ours_displays.close()
            bare_displays.close()
        ok = report(f"{size:>3} displays", figures(ours), figures(bare)) and ok
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between two calls")
    parser.add_argument("--displays", default="50,200")
    parser.add_argument("--sqlite", action="store_true", help="SQLite (one process only)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.displays.split(",")]

    from bench.common import database, server_env, setup_app
    from tests.live import ServerProcess

    started = time.monotonic()
    with database(postgres=not args.sqlite) as (database_url, workdir):
        app = setup_app(database_url)
        channel = f"antrean-bench-{uuid.uuid4().hex[:8]}"
        redis_env = {"ANTREAN_REDIS_URL": REDIS_URL, "ANTREAN_SOCKETIO_CHANNEL": channel}
        env = server_env(database_url)
        servers = [ServerProcess(env, workdir / "single.log")]
        if not args.sqlite:
            servers += [ServerProcess({**env, **redis_env}, workdir / f"mq{n}.log") for n in (1, 2)]
        bares = []
        try:
            for server in servers:
                server.start()
            bares.append(start_bare(workdir, None, None))
            if not args.sqlite:
                bare_channel = f"bare-{channel}"
                bares += [start_bare(workdir, REDIS_URL, bare_channel) for _ in (1, 2)]
            print(
                f"servers up in {time.monotonic() - started:.0f} s ({database_url.split(':')[0]})"
            )
            ok = measure_mode(
                "one process",
                servers[0].url,
                servers[0].url,
                bares[0][1],
                bares[0][1],
                AntreanOffice(app, servers[0].url, "bench-single"),
                sizes,
                args.iterations,
                args.pause,
            )
            if not args.sqlite:
                ok = (
                    measure_mode(
                        "two processes through Redis (displays on one, officer on the other)",
                        servers[1].url,
                        servers[2].url,
                        bares[1][1],
                        bares[2][1],
                        AntreanOffice(app, servers[1].url, "bench-redis"),
                        sizes[:1],
                        args.iterations,
                        args.pause,
                    )
                    and ok
                )
        finally:
            for server in servers:
                server.stop()
            for process, _ in bares:
                process.terminate()
                process.wait(timeout=10)
            from app.extensions import db

            with app.app_context():
                db.engine.dispose()
    print(f"\n{'all within target' if ok else 'OVER TARGET'} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bare-server"]:
        serve_bare(int(sys.argv[2]), *(sys.argv[3:5] or [None, None]))
    else:
        os.environ.setdefault("ANTREAN_RATELIMIT_ENABLED", "0")
        main()
