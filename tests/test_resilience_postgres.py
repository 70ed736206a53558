"""PostgreSQL restarts: requests fail cleanly (503, the contract's shape, quickly) during the
outage and work again after. The test runs its own PostgreSQL cluster on a free port."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import make_app
from tests.live import ServerProcess, free_port

pytestmark = pytest.mark.postgres


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def as_postgres(*args: str) -> list[str]:
    """PostgreSQL refuses to run as root; CI runs as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return list(args)


class Cluster:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="antrean-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            as_postgres(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"),
            check=True,
            capture_output=True,
        )

    def ctl(self, *args: str) -> None:
        subprocess.run(
            as_postgres(
                pg_bin("pg_ctl"),
                "-D",
                str(self.data),
                "-w",
                "-t",
                "30",
                "-o",
                f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
                "-l",
                str(self.dir / "log"),
                *args,
            ),
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster():
    if pg_bin("initdb") is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are not installed")
        pytest.skip("PostgreSQL server binaries are not installed")
    instance = Cluster()
    instance.ctl("start")
    yield instance
    subprocess.run(
        as_postgres(pg_bin("pg_ctl"), "-D", str(instance.data), "-m", "immediate", "stop"),
        capture_output=True,
    )
    shutil.rmtree(instance.dir, ignore_errors=True)


def test_requests_fail_cleanly_while_postgresql_is_down_and_work_after(cluster, tmp_path):
    from tests.conftest import create_schema

    app = make_app(cluster.url, None)
    create_schema(app)
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
    env = {"ANTREAN_DATABASE_URL": cluster.url, "ANTREAN_SCHEDULER_IN_PROCESS": "0"}
    server = ServerProcess(env, tmp_path / "web.log").start()
    try:
        assert requests.get(f"{server.url}/api/v1/offices", timeout=10).status_code == 200
        cluster.ctl("-m", "fast", "stop")
        started = time.monotonic()
        during = requests.get(
            f"{server.url}/api/v1/offices", timeout=30, headers={"Accept-Language": "en"}
        )
        assert time.monotonic() - started < 10
        assert during.status_code == 503
        assert during.json()["error"]["code"] == "service_unavailable"
        assert during.headers["Retry-After"]
        cluster.ctl("start")
        deadline = time.monotonic() + 20
        status = None
        while time.monotonic() < deadline and status != 200:
            status = requests.get(f"{server.url}/api/v1/offices", timeout=10).status_code
            time.sleep(0.2)
        assert status == 200
    finally:
        server.stop()
