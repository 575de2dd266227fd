"""`kb demo`'s process handling: the portal's process group stops whole, the sites port is remembered."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from kb.demo.pipeline import start_server
from kb.demo.portal import stop_portal, wait_until_ready
from kb.demo.server import DemoServer, Route, save_routes
from kb.settings import Settings

PARENT_WITH_CHILD = (
    "import subprocess, sys, time;"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
    "print(child.pid, flush=True); time.sleep(60)"
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is gone for our purpose
        return fh.read().split()[2] != "Z"


def test_stopping_the_portal_also_stops_its_child_process() -> None:
    proc = subprocess.Popen([sys.executable, "-c", PARENT_WITH_CHILD], stdout=subprocess.PIPE, start_new_session=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    stop_portal(proc)
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def test_a_portal_that_exits_is_not_waited_for() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    started = time.monotonic()
    assert not wait_until_ready(proc, "http://127.0.0.1:9/", timeout=20)
    assert time.monotonic() - started < 10


def test_busy_sites_port_falls_back_to_the_port_of_the_previous_run(settings: Settings, tmp_path: Path) -> None:
    save_routes(tmp_path, {"/": Route()})
    previous = _unused_port()
    with start_server(settings, tmp_path, previous):
        pass  # remembers `previous`
    with DemoServer(tmp_path, port=0) as busy, start_server(settings, tmp_path, busy.port) as server:
        assert server.port == previous


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
