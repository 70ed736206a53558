"""Who watches which office, in this process: Socket.IO rooms and the connected screens."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

NAMESPACE = "/display"

# A queue snapshot shows one version of the queue of one local day (the day turns at midnight
# without a change of version).
SnapshotKey = tuple[int, str]


def snapshot_key(snapshot: dict[str, Any]) -> SnapshotKey:
    return int(snapshot["version"]), str(snapshot["date"])


def office_room(office_id: int) -> str:
    return f"office-{office_id}"


@dataclass(frozen=True)
class Viewer:
    office_id: int
    device_id: int | None  # None for the public board


@dataclass
class Viewers:
    """The viewers connected to this process (per app), by Socket.IO session id."""

    by_sid: dict[str, Viewer] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sid: str, viewer: Viewer) -> None:
        with self.lock:
            self.by_sid[sid] = viewer

    def remove(self, sid: str) -> Viewer | None:
        with self.lock:
            return self.by_sid.pop(sid, None)

    def get(self, sid: str) -> Viewer | None:
        with self.lock:
            return self.by_sid.get(sid)

    def watching(self, office_id: int) -> bool:
        """Whether any screen connected to this process shows the office."""
        with self.lock:
            return any(v.office_id == office_id for v in self.by_sid.values())

    def devices(self) -> dict[str, int]:
        """sid → device id, for the connected display devices."""
        with self.lock:
            return {sid: v.device_id for sid, v in self.by_sid.items() if v.device_id is not None}


@dataclass
class DisplayState:
    """Per app and process: the viewers, the last queue version broadcast per office (so this
    process never sends a version twice or backwards), the last snapshot built per office, and
    whether the heartbeat runs."""

    viewers: Viewers = field(default_factory=Viewers)
    sent_versions: dict[int, int] = field(default_factory=dict)
    snapshots: dict[int, tuple[SnapshotKey, float, dict[str, Any]]] = field(default_factory=dict)
    heartbeat_running: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remember_snapshot(self, office_id: int, snapshot: dict[str, Any]) -> None:
        with self.lock:
            self.snapshots[office_id] = (snapshot_key(snapshot), time.monotonic(), snapshot)

    def recent_snapshot(
        self, office_id: int, key: SnapshotKey, max_age: float
    ) -> dict[str, Any] | None:
        """The snapshot built last for the office, if it shows this version of this day and
        is at most `max_age` seconds old (a snapshot also shows what changes no version: the
        protocol's limit, counter names, the estimated waits)."""
        with self.lock:
            known = self.snapshots.get(office_id)
        if known is None or known[0] != key or time.monotonic() - known[1] > max_age:
            return None
        return known[2]

    def claim_version(self, office_id: int, version: int) -> bool:
        """True if `version` is newer than any this process sent for the office."""
        with self.lock:
            if version <= self.sent_versions.get(office_id, -1):
                return False
            self.sent_versions[office_id] = version
            return True

    def start_heartbeat(self) -> bool:
        with self.lock:
            if self.heartbeat_running:
                return False
            self.heartbeat_running = True
            return True

    def stop_heartbeat_if_idle(self) -> bool:
        with self.lock:
            if self.viewers.devices():
                return False
            self.heartbeat_running = False
            return True
