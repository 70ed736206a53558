"""The production server (gevent) lets keep-alive connections take turns.

gevent's stock WSGI handler serves a connection's next request at once when it has already
arrived, without yielding: a client that answers fast keeps the server to itself while the
others wait. Here connection A has two requests waiting and B one, arrived while A's first was
being served: B must be served before A's second."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.live import ROOT, free_port

SERVER = """
from gevent import monkey

monkey.patch_all()

import itertools, os, sys, time

from app.server import serve_gevent

started, go = sys.argv[2], sys.argv[3]
served = itertools.count(1)


def app(environ, start_response):
    if environ["PATH_INFO"] == "/a1":
        open(started, "w").close()
        while not os.path.exists(go):  # busy, as a request is: nothing else runs meanwhile
            pass
    body = f"{environ['PATH_INFO']} {next(served)}".encode()
    start_response("200 OK", [("Content-Length", str(len(body)))])
    return [body]


serve_gevent(app, "127.0.0.1", int(sys.argv[1]))
"""


def request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode()


def read_answers(sock: socket.socket, count: int) -> list[str]:
    """The bodies of `count` answers (each "<path> <order in which it was served>")."""
    data, bodies = b"", []
    sock.settimeout(10)
    while len(bodies) < count:
        head, sep, rest = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(h.split(b":")[1])
                for h in head.split(b"\r\n")
                if h.lower().startswith(b"content-length")
            ),
            None,
        )
        if sep and length is not None and len(rest) >= length:
            bodies.append(rest[:length].decode())
            data = rest[length:]
            continue
        chunk = sock.recv(4096)
        assert chunk, "the server closed the connection"
        data += chunk
    return bodies


def wait_for(path: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.01)


def test_a_waiting_connection_is_served_before_another_ones_next_request(tmp_path: Path) -> None:
    port = free_port()
    started, go = tmp_path / "started", tmp_path / "go"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(started), str(go)], cwd=ROOT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                b = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
        a = socket.create_connection(("127.0.0.1", port))
        a.sendall(request("/a1") + request("/a2"))  # A's second request waits in its buffer
        wait_for(started)  # A's first is being served
        b.sendall(request("/b1"))
        time.sleep(0.2)  # B's request has arrived, while A's first still runs
        go.touch()
        [a1, a2] = read_answers(a, 2)
        [b1] = read_answers(b, 1)
        order = {answer.split()[0]: int(answer.split()[1]) for answer in (a1, a2, b1)}
        assert order["/a1"] < order["/b1"] < order["/a2"], order
    finally:
        server.terminate()
        server.wait(timeout=10)
