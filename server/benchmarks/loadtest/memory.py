"""Resident memory and CPU time of the load test's processes, read from /proc every few
seconds: the servers and nginx (the stack's descendants) and Locust itself."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def label(pid: int) -> str | None:
    """What the process is, or None for one not measured (shells, pipes)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    command = " ".join(part.decode(errors="replace") for part in argv if part)
    if "config.serve" in command or "multiprocessing" in command:
        port = _environ(pid).get("PORT", "?")
        return f"server :{port}" + ("" if "config.serve" in command else f" worker {pid}")
    if command.startswith("nginx: master"):
        return "nginx master"
    if command.startswith("nginx: worker"):
        return f"nginx worker {pid}"
    if "locust" in command:
        return "locust (load generator)"
    return None


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return {}
    return dict(item.decode(errors="replace").partition("=")[::2] for item in raw if b"=" in item)


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


@dataclass
class Sample:
    seconds: float  # since the sampler started
    load_1min: float
    rss_kb: dict[str, int]
    cpu_seconds: dict[str, float]


@dataclass
class Sampler:
    """Samples the processes under ``roots`` (and the roots) every ``interval`` seconds in
    a thread, until stopped."""

    roots: list[int]
    interval: float = 5.0
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="rss-sampler")
        self._started = time.monotonic()

    def start(self) -> Sampler:
        self._started = time.monotonic()
        self.sample()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def add_root(self, pid: int) -> None:
        self.roots.append(pid)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        rss, cpu = {}, {}
        for root in list(self.roots):
            for pid in [root, *descendants(root)]:
                name = label(pid)
                kb, seconds = rss_kb(pid), cpu_seconds(pid)
                if name is not None and kb is not None and seconds is not None:
                    rss[name], cpu[name] = kb, seconds
        elapsed = time.monotonic() - self._started
        self.samples.append(Sample(elapsed, os.getloadavg()[0], rss, cpu))
