"""Start `kb portal` as a subprocess for the demo, wait until it answers, stop it cleanly."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

PORTAL_READY_TIMEOUT = 90.0
_KB_MAIN = "from kb.cli import main; main()"


def free_port(preferred: int) -> int:
    """`preferred` when nothing listens on it on 127.0.0.1, else a free port."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            pass
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def portal_command(global_args: list[str], port: int) -> list[str]:
    """The subprocess command line of `kb portal` (headless when the command supports it)."""
    from kb.cli import cli

    args = [sys.executable, "-c", _KB_MAIN, *global_args, "portal", "--port", str(port)]
    command = cli.commands.get("portal")
    names = {p.name for p in command.params} if command else set()
    if "headless" in names:
        args.append("--headless")
    elif "browser" in names:
        args.append("--no-browser")
    return args


def start_portal(global_args: list[str], port: int) -> subprocess.Popen[bytes]:
    """Start the portal; Streamlit is told not to open a browser itself (`kb demo` does)."""
    # Passing the environment through to the child, plus one Streamlit switch; no setting is read here.
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true"}
    # Own session: `kb portal` runs Streamlit as its child; stopping the group stops both.
    return subprocess.Popen(portal_command(global_args, port), env=env, start_new_session=True)


def wait_until_ready(proc: subprocess.Popen[bytes], url: str, timeout: float = PORTAL_READY_TIMEOUT) -> bool:
    """True once `url` answers; False when the process died or the timeout passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status < 500:
                    return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    return False


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal the process group started with the portal (its id is the portal's pid)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def stop_portal(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the portal and its Streamlit child (SIGTERM, SIGKILL after 10 s)."""
    _signal_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _signal_group(proc, signal.SIGKILL)
        proc.wait(timeout=5)
