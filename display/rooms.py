"""Who watches which office, in this process: Socket.IO rooms and the connected screens."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

NAMESPACE = "/display"


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
    process never sends a version twice or backwards), and whether the heartbeat runs."""

    viewers: Viewers = field(default_factory=Viewers)
    sent_versions: dict[int, int] = field(default_factory=dict)
    heartbeat_running: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

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
