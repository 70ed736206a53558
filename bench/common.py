"""Shared parts of the benchmarks: servers as production runs them, a lean load generator,
percentiles and printing.

The load generator shares the machine's cores with the server, so it is kept cheap: a few
processes, each with a pool of threads, each thread holding one keep-alive `http.client`
connection. The baseline and the endpoint under test are always measured with the SAME client,
in the same run, and only their ratio is compared with the targets."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.live import ServerProcess, free_port, wait_until_up  # noqa: E402

PG_ADMIN = "host=127.0.0.1 user=postgres dbname=postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432"
SECRET = "bench-secret"
JAKARTA = ZoneInfo("Asia/Jakarta")


# --- requests and results --------------------------------------------------------------------

# A request factory: (global request index) -> (method, path, body bytes or None).
RequestFactory = Callable[[int], tuple[str, str, bytes | None]]
# Classifies an answer: (status, body bytes) -> outcome name ("ok", "slot_full", …).
Classifier = Callable[[int, bytes], str]


def classify_plain(status: int, _body: bytes) -> str:
    return "ok" if status == 200 else f"http_{status}"


@dataclass
class LoadResult:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    started: float = 0.0
    finished: float = 0.0
    failures: int = 0

    @property
    def seconds(self) -> float:
        return max(self.finished - self.started, 1e-9)

    def count(self, outcome: str | None = None) -> int:
        if outcome is None:
            return sum(len(v) for v in self.latencies.values())
        return len(self.latencies.get(outcome, []))

    def rate(self, outcome: str | None = None) -> float:
        return self.count(outcome) / self.seconds

    def merge(self, other: LoadResult) -> None:
        for outcome, values in other.latencies.items():
            self.latencies[outcome].extend(values)
        self.started = min(self.started or other.started, other.started)
        self.finished = max(self.finished, other.finished)
        self.failures += other.failures


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


# --- the load generator ----------------------------------------------------------------------


def _client_thread(
    port: int,
    indices: range,
    make_request: RequestFactory,
    classify: Classifier,
    deadline: float,
    result: LoadResult,
    lock: threading.Lock,
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    local: dict[str, list[float]] = defaultdict(list)
    failures = 0
    for index in indices:
        if time.monotonic() > deadline:
            break
        method, path, body = make_request(index)
        began = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            failures += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        local[classify(response.status, payload)].append(time.perf_counter() - began)
    connection.close()
    with lock:
        for outcome, values in local.items():
            result.latencies[outcome].extend(values)
        result.failures += failures


def _worker(
    port: int | tuple[int, ...],
    first: int,
    threads: int,
    per_client: int,
    factory: Callable[[], tuple[RequestFactory, Classifier]],
    seconds: float,
    start: Any,
    out: Any,
) -> None:
    make_request, classify = factory()
    result, lock = LoadResult(), threading.Lock()
    start.wait()
    result.started = time.time()
    deadline = time.monotonic() + seconds
    ports = port if isinstance(port, tuple) else (port,)
    pool = [
        threading.Thread(
            target=_client_thread,
            args=(
                ports[(first // max(per_client, 1) + n) % len(ports)],
                range(first + n * per_client, first + (n + 1) * per_client),
                make_request,
                classify,
                deadline,
                result,
                lock,
            ),
        )
        for n in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    result.finished = time.time()
    out.put((dict(result.latencies), result.started, result.finished, result.failures))


def run_load(
    port: int | tuple[int, ...],
    factory: Callable[[], tuple[RequestFactory, Classifier]],
    clients: int,
    per_client: int,
    seconds: float,
    processes: int = 2,
    first_index: int = 0,
) -> LoadResult:
    """`clients` keep-alive connections spread over `processes` (and round-robin over the
    server ports given, as a sticky load balancer would), each sending at most
    `per_client` requests back to back, all stopping at `seconds`. `factory` (a picklable,
    module-level function) builds the request factory and classifier inside each process."""
    context = multiprocessing.get_context("spawn")
    start, out = context.Event(), context.Queue()
    per_process = [clients // processes + (n < clients % processes) for n in range(processes)]
    workers, first = [], first_index
    for threads in per_process:
        args = (port, first, threads, per_client, factory, seconds, start, out)
        workers.append(context.Process(target=_worker, args=args))
        first += threads * per_client
    for process in workers:
        process.start()
    time.sleep(1.5)  # let the workers import and wait at the start line
    start.set()
    total = LoadResult()
    for _ in workers:
        latencies, began, finished, failures = out.get(timeout=seconds + 120)
        part = LoadResult(defaultdict(list, latencies), began, finished, failures)
        total.merge(part)
    for process in workers:
        process.join(timeout=30)
    return total


# --- servers ---------------------------------------------------------------------------------


def server_env(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    """`antrean serve` as production runs it (gevent, TCP_NODELAY), rate limits off; with a
    Redis URL, Redis is the Socket.IO message queue between processes."""
    extra = (
        {"ANTREAN_REDIS_URL": redis_url, "ANTREAN_SOCKETIO_CHANNEL": "bench"} if redis_url else {}
    )
    return extra | {
        "ANTREAN_DATABASE_URL": database_url,
        "ANTREAN_SECRET_KEY": SECRET,
        "ANTREAN_RATELIMIT_ENABLED": "0",
        "ANTREAN_SCHEDULER_IN_PROCESS": "0",
        "ANTREAN_ASYNC_MODE": "gevent",
    }


@contextmanager
def antrean_server(
    database_url: str, workdir: Path, redis_url: str | None = None, name: str = "antrean"
) -> Iterator[ServerProcess]:
    server = ServerProcess(server_env(database_url, redis_url), workdir / f"{name}.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def bare_server(workdir: Path) -> Iterator[int]:
    """bench/bare_app.py: a Flask JSON endpoint with Flask-SocketIO attached, served the same
    way (gevent, TCP_NODELAY)."""
    import subprocess

    port = free_port()
    log = open(workdir / "bare.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.bare_app", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process=process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@contextmanager
def database(postgres: bool) -> Iterator[tuple[str, Path]]:
    """A fresh database (an SQLite file in a temp dir, or a new PostgreSQL database)."""
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as tmp:
        workdir = Path(tmp)
        if not postgres:
            yield f"sqlite:///{workdir / 'bench.sqlite3'}", workdir
            return
        import psycopg

        name = f"antrean_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{PG_URL}/{name}", workdir
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_app(database_url: str) -> Any:
    """An app on the benchmark's database with its schema, for setting up and checking."""
    os.environ.setdefault("ANTREAN_SECRET_KEY", SECRET)
    from tests.conftest import create_schema, make_app

    app = make_app(database_url, None, SECRET_KEY=SECRET)
    create_schema(app)
    return app


def admin_api(app: Any) -> Any:
    from tests.conftest import Api

    return Api(app.test_client(), app)


# --- data ------------------------------------------------------------------------------------


def nik(serial: int) -> str:
    """A valid NIK per serial (Jakarta Pusat; birth day, month and year vary)."""
    rest, number = divmod(serial, 9999)
    rest, day = divmod(rest, 28)
    month = rest % 12
    return f"317101{day + 1:02d}{month + 1:02d}90{number + 1:04d}"


def local_day(days_ahead: int) -> datetime:
    """Midnight in Jakarta, `days_ahead` days from today on the real clock."""
    today = datetime.now(JAKARTA).date() + timedelta(days=days_ahead)
    return datetime(today.year, today.month, today.day, tzinfo=JAKARTA)


def dumps(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def header(title: str) -> None:
    print(f"\n== {title}", flush=True)


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}", flush=True)
