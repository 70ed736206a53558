"""The 07:00 surge on the production set-up: PostgreSQL, Redis as the Socket.IO message queue,
and one or two `antrean serve` processes (gevent, TCP_NODELAY) with clients spread over them as
a sticky load balancer would. For each set-up it measures, in the same run and with the same
client, a bare Flask+SocketIO endpoint served by as many processes, then the booking surge, and
checks afterwards that no slot was overbooked.

    python -m bench.production_surge [--clients 64] [--requests 3000] [--processes 1,2]
"""

from __future__ import annotations

import argparse
import functools
from contextlib import ExitStack

from bench.booking_surge import (
    booking_factory,
    create_office,
    report_audit,
    report_plain,
    report_surge,
    throughput,
)
from bench.common import (
    antrean_server,
    bare_server,
    database,
    header,
    line,
    local_day,
    run_load,
    setup_app,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


def measure(url: str, workdir, processes: int, clients: int, requests: int, level: int) -> float:
    with ExitStack() as stack:
        bare_ports = tuple(stack.enter_context(bare_server(workdir)) for _ in range(processes))
        servers = [
            stack.enter_context(antrean_server(url, workdir, REDIS_URL, name=f"web{n}"))
            for n in range(processes)
        ]
        ports = tuple(server.port for server in servers)
        header(f"{processes} process(es), {clients} concurrent clients")
        bare = report_plain(
            "bare Flask+SocketIO JSON (baseline)",
            throughput(bare_ports, "/api/v1/health", clients, 4.0),  # type: ignore[arg-type]
        )
        day = local_day(level + 1).isoformat()
        surge = run_load(
            ports,
            functools.partial(booking_factory, day),
            clients,
            per_client=max(requests // clients, 1),
            seconds=30,
            first_index=level * 10**6,
        )
        rate = report_surge(surge)
        line("ratio booking answers/s ÷ bare req/s", f"{rate / bare:8.3f}")
        return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--places", type=int, default=60)
    args = parser.parse_args()
    counts = [int(n) for n in args.processes.split(",")]
    with database(True) as (url, workdir):
        app = setup_app(url)
        create_office(app, args.places)
        print("antrean serve on PostgreSQL with Redis as the message queue")
        rates = {
            n: measure(url, workdir, n, args.clients, args.requests, level)
            for level, n in enumerate(counts)
        }
        header("after the runs")
        for n, rate in rates.items():
            line(f"booking answers/s with {n} process(es)", f"{rate:8.0f}")
        sound = report_audit(app)
    if not sound:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
