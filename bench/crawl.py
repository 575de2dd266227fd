"""Crawl benchmark: N local sites (host aliases 127.0.x.y) with added latency, landing page + ~200 KB PDF.

Run: .venv/bin/python bench/crawl.py [--sites 300] [--latency 0.1] [--concurrency 64]
Reports wall time against the floor (requests x latency / concurrency), requests/s,
peak RSS of the crawl process, and a second --refresh crawl's bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.run import crawl  # noqa: E402
from kb.db import get_engine  # noqa: E402
from kb.settings import load_settings  # noqa: E402
from tests.crawler.helpers import add_submission, make_pdf  # noqa: E402

PDF = make_pdf("Kwaliteitsbeeld 2024", pad=200_000)
LANDING = (b"<html><body><h1>Kwaliteit</h1><a href='/privacy.pdf'>Privacy</a>"
           b"<a href='/docs/Kwaliteitsbeeld-2024.pdf'>Kwaliteitsbeeld 2024</a></body></html>")


def host_of(i: int) -> str:
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def _response(path: str, headers: dict[str, str]) -> bytes:
    if path == "/":
        status, ctype, body, extra = "200 OK", "text/html", LANDING, ""
    elif path.endswith(".pdf") and "privacy" not in path:
        if headers.get("if-none-match") == '"v1"':
            return b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nContent-Length: 0\r\n\r\n'
        status, ctype, body, extra = "200 OK", "application/pdf", PDF, 'ETag: "v1"\r\n'
    else:
        status, ctype, body, extra = "404 Not Found", "text/plain", b"not found", ""
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


class Farm:
    """An asyncio HTTP/1.1 server (keep-alive) on many loopback addresses, in a thread."""

    def __init__(self, hosts: list[str], latency: float) -> None:
        self.hosts, self.latency = hosts, latency
        self.requests = 0
        self.bytes = 0
        self.port = 0
        self.ready = threading.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
                await asyncio.sleep(self.latency)
                data = _response(path, headers)
                self.requests += 1
                self.bytes += len(data)
                writer.write(data)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            writer.close()

    async def main(self) -> None:
        server = await asyncio.start_server(self.handle, host=self.hosts[0], port=0, backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        for host in self.hosts[1:]:
            await asyncio.start_server(self.handle, host=host, port=self.port, backlog=1024)
        self.ready.set()
        await asyncio.Event().wait()

    def start(self) -> None:
        threading.Thread(target=lambda: asyncio.run(self.main()), daemon=True).start()
        self.ready.wait(30)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(sites: int, latency: float, concurrency: int, autothrottle: bool = True) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    settings = load_settings(environ={}, config_file=tmp / "none.toml", data_dir=str(tmp / "store"),
                             allow_private=True, concurrent_requests=concurrency, autothrottle=autothrottle)
    engine = get_engine(settings)
    farm = Farm([host_of(i) for i in range(sites)], latency)
    farm.start()
    for i in range(sites):
        add_submission(engine, f"http://{host_of(i)}:{farm.port}/", name=f"Zorg {i}")
    out: dict[str, object] = {"sites": sites, "latency_s": latency, "concurrency": concurrency,
                              "autothrottle": autothrottle}
    for label, refresh in (("first", False), ("refresh", True)):
        before = farm.requests
        t0, cpu0 = time.perf_counter(), _children_cpu()
        summary = crawl(settings, engine, refresh=refresh, isolate=True)
        wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
        served = farm.requests - before
        floor = served * latency / concurrency
        out[label] = {"wall_s": round(wall, 2), "crawl_run_s": round(summary.seconds, 2),
                      "crawl_cpu_s": round(cpu, 2), "cpu_ms_per_request": round(cpu * 1000 / max(1, served), 2),
                      "requests_served": served, "floor_s": round(floor, 2),
                      "ratio_to_floor": round(summary.seconds / floor, 2) if floor else None,
                      "requests_per_s": round(served / summary.seconds, 1), "body_bytes": summary.bytes,
                      "outcomes": summary.counts}
    first, second = out["first"], out["refresh"]
    assert isinstance(first, dict) and isinstance(second, dict)
    out["refresh_bytes_share"] = round(second["body_bytes"] / max(1, first["body_bytes"]), 4)
    out["peak_rss_mb_crawl_child"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    out["peak_rss_mb_bench_parent"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--no-autothrottle", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.sites, args.latency, args.concurrency, not args.no_autothrottle), indent=2))
