"""A local test web farm: a threaded HTTP server on a loopback address with a route table.

    with WebFarm({"/": Reply(body=b"<a href='/r.pdf'>Kwaliteitsbeeld</a>"), "/r.pdf": Reply.pdf(data)}) as farm:
        url = farm.url("/")

Routes map a path (without query) to a `Reply` or to a callable taking the
request handler and returning a `Reply`. Unknown paths answer 404. The farm
records every hit (method, path, headers) and the body bytes it sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Reply:
    """What a route answers."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    hang: bool = False  # never answer (until the farm stops)
    stream_bytes: int = 0  # stream this many bytes without Content-Length, then close
    etag: str | None = None  # answers If-None-Match with 304
    last_modified: str | None = None  # answers If-Modified-Since (exact match) with 304

    @classmethod
    def html(cls, text: str, **kw: Any) -> Reply:
        return cls(body=text.encode("utf-8"), **kw)

    @classmethod
    def pdf(cls, data: bytes, **kw: Any) -> Reply:
        kw.setdefault("content_type", "application/pdf")
        return cls(body=data, **kw)

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status=status, headers={"Location": location}, content_type=None)


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


class _Handler(BaseHTTPRequestHandler):
    farm: WebFarm
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
        return

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        farm = self.farm
        path = urlsplit(self.path).path
        farm.record(self.command, path, dict(self.headers.items()))
        route = farm.routes.get(path)
        reply = Reply(b"not found", status=404) if route is None else route if isinstance(route, Reply) else route(self)
        if reply.hang:
            farm.stopping.wait(60)
            return
        if reply.delay:
            time.sleep(reply.delay)
        if self._not_modified(reply):
            self.send_response(304)
            self._validators(reply)
            self.end_headers()
            return
        self._send(reply)

    def _not_modified(self, reply: Reply) -> bool:
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        return bool((reply.etag and inm == reply.etag) or (reply.last_modified and ims == reply.last_modified))

    def _validators(self, reply: Reply) -> None:
        if reply.etag:
            self.send_header("ETag", reply.etag)
        if reply.last_modified:
            self.send_header("Last-Modified", reply.last_modified)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self._validators(reply)
        if not reply.stream_bytes:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            self._write_body(reply)
        except (BrokenPipeError, ConnectionResetError):
            return

    def _write_body(self, reply: Reply) -> None:
        if not reply.stream_bytes:
            self.wfile.write(reply.body)
            self.farm.add_bytes(len(reply.body))
            return
        chunk = b"%PDF-1.4\n" + b"0" * 65527
        sent = 0
        while sent < reply.stream_bytes and not self.farm.stopping.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)
            self.farm.add_bytes(len(chunk))


class WebFarm:
    """Context manager serving `routes` on `host` (a loopback address) and a free port."""

    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        assert host.startswith("127."), "the web farm only binds loopback addresses"
        self.routes: dict[str, Route] = dict(routes or {})
        self.host = host
        self._port = port  # 0: a free one (a fixed one lets two farms share a port on two loopback addresses)
        self.hits: list[tuple[str, str, dict[str, str]]] = []
        self.bytes_sent = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def record(self, method: str, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.hits.append((method, path, headers))

    def add_bytes(self, n: int) -> None:
        with self._lock:
            self.bytes_sent += n

    def paths_hit(self) -> list[str]:
        return [path for _m, path, _h in self.hits]

    @property
    def port(self) -> int:
        assert self._server is not None, "farm not started"
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def __enter__(self) -> WebFarm:
        handler = type("FarmHandler", (_Handler,), {"farm": self})
        self._server = ThreadingHTTPServer((self.host, self._port), handler)
        self._server.daemon_threads = True
        self._server.request_queue_size = 256
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
