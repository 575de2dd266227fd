"""A threaded HTTP server on 127.0.0.1 serving the built demo sites.

The builder writes ``routes.json`` next to the site files: one entry per URL path with
status, body file, content type and extra headers (Location, Content-Disposition). The
server only looks routes up, so every behaviour of orgs.yaml (301, meta refresh, JS
redirect, wrong content type, attachment download, 404) is decided at build time and
served exactly. It answers conditional requests (ETag / Last-Modified) with 304.
"""

from __future__ import annotations

import errno
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

ROUTES_FILE = "routes.json"
LAST_MODIFIED = "Mon, 03 Mar 2025 09:00:00 GMT"
ROBOTS = b"User-agent: *\nAllow: /\n"
NOT_FOUND = (
    b"<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Pagina niet gevonden</title>"
    b"</head><body><h1>404 - Pagina niet gevonden</h1><p>Deze pagina bestaat niet (meer).</p></body></html>"
)


@dataclass(frozen=True)
class Route:
    """What one URL path answers."""

    status: int = 200
    file: str | None = None  # relative to the site dir
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def save_routes(site_dir: Path, routes: dict[str, Route]) -> None:
    data = {path: route.__dict__ for path, route in sorted(routes.items())}
    (site_dir / ROUTES_FILE).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def load_routes(site_dir: Path) -> dict[str, Route]:
    data = json.loads((site_dir / ROUTES_FILE).read_text(encoding="utf-8"))
    return {path: Route(**value) for path, value in data.items()}


def normalise_path(raw: str) -> str:
    """URL path as a route key: decoded, no query, no trailing slash (except the root)."""
    path = unquote(urlsplit(raw).path) or "/"
    return path.rstrip("/") or "/"


def _handler_class(site_dir: Path, routes: dict[str, Route]) -> type[BaseHTTPRequestHandler]:
    class DemoHandler(BaseHTTPRequestHandler):
        server_version = "kb-demo/1.0"
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._answer(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
            self._answer(send_body=False)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
            return  # quiet: the crawler reports what it fetched

        def _answer(self, send_body: bool) -> None:
            path = normalise_path(self.path)
            if path == "/robots.txt":
                self._send(200, ROBOTS, "text/plain; charset=utf-8", {}, send_body)
                return
            route = routes.get(path)
            if route is None:
                self._send(404, NOT_FOUND, "text/html; charset=utf-8", {}, send_body)
                return
            body = (site_dir / route.file).read_bytes() if route.file else b""
            if route.status == 404 and not body:
                body = NOT_FOUND
            headers = dict(route.headers)
            if route.status == 200:
                etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
                headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
                if self.headers.get("If-None-Match") == etag or (
                    self.headers.get("If-Modified-Since") == LAST_MODIFIED and "If-None-Match" not in self.headers
                ):
                    self._send(304, b"", route.content_type, headers, send_body=False)
                    return
            self._send(route.status, body, route.content_type, headers, send_body)

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str], send_body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)

    return DemoHandler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class DemoServer:
    """Serve `site_dir` on 127.0.0.1; use as a context manager. `port=0` picks a free port;
    with `fallback`, a busy port is replaced by a free one (see `base_url`)."""

    def __init__(self, site_dir: Path, port: int = 0, fallback: bool = True) -> None:
        self.site_dir = site_dir
        self.requested_port = port
        self.fallback = fallback
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> str:
        """Bind, start `serve_forever` in a daemon thread and return the base URL."""
        handler = _handler_class(self.site_dir, load_routes(self.site_dir))
        try:
            self._server = _Server(("127.0.0.1", self.requested_port), handler)
        except OSError as exc:
            if not self.fallback or exc.errno != errno.EADDRINUSE:
                raise
            self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="kb-demo-sites", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> DemoServer:
        if self._server is None:
            self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
