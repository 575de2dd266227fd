"""`kb check`: analyse one document (file or URL) without storing anything.

Bytes -> ``analysis.extract.extract_document`` -> passages -> ``predict`` ->
``document_coverage`` + ``analysis.figures.find_figures``.
URLs are fetched with a size cap and a time limit, and only from public addresses unless
``allow_private`` (loopback/private for tests and the demo; link-local never); the connection
goes to exactly the addresses that were checked, on every redirect hop.
The document is read (or fetched) and extracted before the model is loaded, so a bad source
is named at once.
Expected failures come back as a ``CheckOutcome`` with a detail; nothing raises.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urljoin, urlsplit

from analysis.classify import Predictor, predict
from analysis.coverage import document_coverage
from analysis.documents import (
    DocumentRulesError,
    SectorRules,
    assess,
    is_evidence,
    load_rules,
    normalised_headings,
)
from analysis.extract import ExtractOptions, extract_document
from analysis.figures import find_figures
from analysis.sections import apply_sections
from kb import netguard
from kb.models import Extraction, ExtractionStatus
from kb.settings import Settings
from kb.taxonomy import Taxonomy


class CheckOutcome(StrEnum):
    """Why a check ended; the fetch outcomes use the names of the crawl report's vocabulary."""

    OK = "ok"
    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    INVALID_URL = "invalid_url"
    BLOCKED_ADDRESS = "blocked_address"
    DNS_ERROR = "dns_error"
    CONNECTION_ERROR = "connection_error"
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"
    REDIRECT_LOOP = "redirect_loop"
    FETCH_ERROR = "fetch_error"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    EXTRACT_FAILED = "extract_failed"


@dataclass(frozen=True)
class CheckResult:
    outcome: CheckOutcome
    detail: str = ""
    report: dict[str, Any] = field(default_factory=dict)


# a web address typed without scheme: "www.example.nl[/...]", or "example.nl/..." (a host with a dot and a
# letter TLD, then a path); "kwaliteitsbeeld.pdf" and "map/verslag.pdf" stay file names
_BARE_WEB_ADDRESS = re.compile(
    r"^(?:www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?(?:[/?#]\S*)?"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?[/?#]\S*)$", re.I)

def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def as_source(source: str) -> str:
    """`source` as given, or with https:// when it is no existing file but reads as a web address."""
    source = source.strip()
    if is_url(source) or Path(source).exists() or not _BARE_WEB_ADDRESS.match(source):
        return source
    return f"https://{source}"


def _refusal(address: str, allow_private: bool) -> str | None:
    """Why `address` may not be contacted, or None (the crawler's rules, kb.netguard), in check's wording."""
    why = netguard.refusal(address, allow_private)
    if why is None:
        return None
    if why.kind == "invalid":
        return f"{address!r}, which is not an IP address"
    if why.kind == "never":
        return f"{why.ip}, which is never allowed (link-local, metadata, multicast or unspecified)"
    return f"{why.kind} address {why.ip} (use --allow-private for tests)"


def resolve_checked(host: str, port: int, allow_private: bool) -> tuple[CheckOutcome, tuple[str, ...], str]:
    """(OK, every address of `host`, "") when ALL of them may be contacted; else DNS_ERROR or BLOCKED_ADDRESS.

    The addresses returned are the ones the connection must go to: resolving again when connecting
    could give an address nobody checked (DNS rebinding).
    """
    host = host.strip("[]")
    if netguard.is_ip_address(host):
        addresses: tuple[str, ...] = (host,)
    else:
        try:
            addresses = netguard.resolve_host(host, port)
        except (OSError, UnicodeError) as exc:
            return CheckOutcome.DNS_ERROR, (), f"cannot resolve {host}: {exc}"
        if not addresses:
            return CheckOutcome.DNS_ERROR, (), f"cannot resolve {host}: no addresses"
    for address in addresses:
        why = _refusal(address, allow_private)
        if why:
            return CheckOutcome.BLOCKED_ADDRESS, addresses, f"{host} resolves to {why}"
    return CheckOutcome.OK, addresses, ""


def address_allowed(host: str, allow_private: bool) -> tuple[CheckOutcome, str]:
    """OK when every address of `host` may be contacted; else DNS_ERROR or BLOCKED_ADDRESS with why."""
    outcome, _addresses, why = resolve_checked(host, 0, allow_private)
    return outcome, why


def _connect_checked(addresses: tuple[str, ...], port: int, timeout: float | None) -> socket.socket:
    """A TCP connection to the first of the checked `addresses` that answers (never a new lookup)."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as exc:
            error = exc
    raise error or OSError(f"no address to connect to for port {port}")


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to the checked addresses; `host` still names the site in the Host header."""

    def __init__(self, host: str, port: int, addresses: tuple[str, ...], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect_checked(self.addresses, self.port, self.timeout or None)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked addresses; SNI, certificate check and Host header use the host name."""

    def __init__(self, host: str, port: int, addresses: tuple[str, ...], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.addresses = addresses

    def connect(self) -> None:
        sock = _connect_checked(self.addresses, self.port, self.timeout or None)
        try:
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]
        except BaseException:
            sock.close()
            raise


@dataclass(frozen=True)
class _Target:
    """A URL split into what a request needs: host in ASCII (IDNA), port, and a percent-encoded path."""

    scheme: str
    host: str
    port: int
    path: str


# characters left as they are when a path or query is percent-encoded (what a browser leaves too)
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def _target(url: str) -> tuple[_Target | None, str]:
    """The request target of `url`, or None and why it cannot be requested."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        return None, f"{url!r}: {exc}"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return None, f"{url!r} is not an http(s) address"
    host = parts.hostname or ""
    if not host:
        return None, f"{url!r} has no host"
    if not netguard.is_ip_address(host):
        try:
            host = host.rstrip(".").encode("idna").decode("ascii")
        except UnicodeError as exc:
            return None, f"{url!r}: the host name cannot be encoded ({exc})"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_QUERY_SAFE)
    if any(ord(c) < 33 for c in host + path):
        return None, f"{url!r} contains control characters"
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path), ""


# a body whose declared type is one of these (and whose first bytes are no document) is no kwaliteitsbeeld
_NOT_A_DOCUMENT = ("image/", "audio/", "video/", "font/", "model/", "text/css", "text/javascript",
                   "application/javascript", "application/x-msdownload", "application/vnd.microsoft.portable-executable")
_DOCUMENT_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_SNIFF_BYTES = 4096
_ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def _unwanted_type(media_type: str, head: bytes) -> bool:
    """Whether a body declared as `media_type` that starts with `head` is surely no document."""
    if any(magic in head[:1024] for magic in _DOCUMENT_MAGIC) or b"<html" in head.lower():
        return False
    return media_type.startswith(_NOT_A_DOCUMENT)


@dataclass
class _Answer:
    outcome: CheckOutcome
    content: bytes = b""
    info: str = ""  # media type when OK, else the detail
    location: str | None = None  # a redirect's target (outcome OK)


class _Deadline:
    """Closes the connection when the time is up, whatever it is waiting for (a slow trickle included)."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float) -> None:
        self.conn, self.passed = conn, False
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def _expire(self) -> None:
        self.passed = True
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


def _request_once(target: _Target, addresses: tuple[str, ...], settings: Settings) -> _Answer:
    """One GET to the checked addresses, read within the size cap and the time limit."""
    timeout = settings.download_timeout
    cls = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    conn = cls(target.host, target.port, addresses, timeout)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate",
               "Accept": "application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document, "
                         "text/html;q=0.9, */*;q=0.5"}
    deadline = _Deadline(conn, timeout)
    try:
        with deadline:
            conn.request("GET", target.path, headers=headers)
            resp = conn.getresponse()
            answer = _read_answer(resp, settings, deadline)
        if deadline.passed:
            return _Answer(CheckOutcome.TIMEOUT, info=f"no complete answer within {timeout:g} s")
        return answer
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if deadline.passed:
            return _Answer(CheckOutcome.TIMEOUT, info=f"no complete answer within {timeout:g} s")
        outcome, detail = _fetch_failure(exc)
        return _Answer(outcome, info=detail)
    finally:
        conn.close()


def _header_text(value: str) -> str:
    """A header value as sent: raw UTF-8 (a Location with "café" in it) is read as UTF-8, not Latin-1."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _read_answer(resp: http.client.HTTPResponse, settings: Settings, deadline: _Deadline) -> _Answer:
    status = resp.status
    if 300 <= status < 400 and status != 304:
        location = _header_text(resp.getheader("Location") or "").strip()
        if location:
            return _Answer(CheckOutcome.OK, location=location)
        return _Answer(CheckOutcome.HTTP_ERROR, info=f"status {status} {resp.reason} without a Location".strip())
    if not 200 <= status < 300:
        return _Answer(CheckOutcome.HTTP_ERROR, info=f"status {status} {resp.reason}".strip())
    cap = settings.max_bytes
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > cap:
        return _Answer(CheckOutcome.TOO_LARGE, info=f"announced {int(length)} bytes, more than the cap of {cap}")
    media_type = resp.headers.get_content_type()
    encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in _ENCODINGS and encoding != "identity":
        return _Answer(CheckOutcome.UNSUPPORTED_TYPE, info=f"{media_type} sent with content encoding {encoding!r}")
    inflate = zlib.decompressobj(_ENCODINGS[encoding]) if encoding in _ENCODINGS else None
    body = bytearray()
    sniffed = False
    while not deadline.passed:
        chunk = resp.read1(64 * 1024)  # what has arrived: the deadline is checked between reads
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, cap + 1 - len(body)) if chunk else inflate.flush()
            except zlib.error as exc:
                return _Answer(CheckOutcome.CONNECTION_ERROR, info=f"{encoding} body cannot be decoded: {exc}")
        body += chunk
        if len(body) > cap:
            return _Answer(CheckOutcome.TOO_LARGE, info=f"larger than {cap} bytes")
        if not sniffed and (len(body) >= _SNIFF_BYTES or not chunk):
            sniffed = True
            if _unwanted_type(media_type, bytes(body[:_SNIFF_BYTES])):
                return _Answer(CheckOutcome.UNSUPPORTED_TYPE,
                               info=f"{media_type}: not a document (PDF, Word or web page)")
        if not chunk:
            return _Answer(CheckOutcome.OK, bytes(body), media_type)
    return _Answer(CheckOutcome.TIMEOUT, info=f"download not finished within {settings.download_timeout:g} s")


def _fetch_failure(exc: BaseException) -> tuple[CheckOutcome, str]:
    """The outcome and a one-line detail for an exception while fetching."""
    if isinstance(exc, TimeoutError | socket.timeout):
        return CheckOutcome.TIMEOUT, f"no answer within the timeout ({exc})"
    if isinstance(exc, socket.gaierror):
        return CheckOutcome.DNS_ERROR, str(exc)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return CheckOutcome.CONNECTION_ERROR, f"TLS certificate not accepted: {exc.verify_message or exc}"
    if isinstance(exc, OSError | http.client.HTTPException):
        return CheckOutcome.CONNECTION_ERROR, str(exc) or type(exc).__name__
    return CheckOutcome.FETCH_ERROR, str(exc) or type(exc).__name__


def fetch_url(url: str, settings: Settings, allow_private: bool) -> tuple[CheckOutcome, bytes, str]:
    """GET `url` with the size cap, time limit and address rules; (outcome, content, media type or detail).

    Every hop (the first request and each redirect) resolves its host once, checks ALL its addresses
    against the crawler's rules and connects to exactly those addresses; HTTPS still verifies the
    certificate for the host name (SNI) and the Host header names the site.
    """
    outcome, content, info, _final = fetch_url_final(url, settings, allow_private)
    return outcome, content, info


def fetch_url_final(url: str, settings: Settings, allow_private: bool) -> tuple[CheckOutcome, bytes, str, str]:
    """`fetch_url`, with the URL that answered last (after redirects): links on a page are relative to it."""
    seen: set[str] = set()
    current = url
    for hop in range(settings.max_redirects + 1):
        target, why = _target(current)
        if target is None:
            return CheckOutcome.INVALID_URL, b"", why if hop == 0 else f"redirect refused: {why}", current
        outcome, addresses, why = resolve_checked(target.host, target.port, allow_private)
        if outcome is not CheckOutcome.OK:
            return outcome, b"", why if hop == 0 else f"redirect refused: {why}", current
        seen.add(current)
        answer = _request_once(target, addresses, settings)
        if answer.location is None:
            return answer.outcome, answer.content, answer.info, current
        following = urljoin(current, answer.location)
        if following in seen:
            return CheckOutcome.REDIRECT_LOOP, b"", f"{current} redirects back to {following}", current
        current = following
    return CheckOutcome.REDIRECT_LOOP, b"", f"more than {settings.max_redirects} redirects (last: {current})", current


class FoundLink(Protocol):
    """A link a page reader found that may lead to the report (the crawler's `LinkCandidate`)."""

    @property
    def url(self) -> str: ...
    @property
    def anchor(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def kind(self) -> str: ...  # "document" or "page"


class PageView(Protocol):
    """What a page reader says about a fetched body (the crawler's `landing.PageReading`)."""

    @property
    def is_html(self) -> bool: ...
    @property
    def is_report(self) -> bool: ...
    @property
    def redirect(self) -> str | None: ...
    @property
    def links(self) -> Sequence[FoundLink]: ...
    @property
    def viewers(self) -> Sequence[FoundLink]: ...


@dataclass(frozen=True)
class ReportFinder:
    """How to find the report behind a landing page, given by the caller (the kb CLI passes the crawler's
    link scoring and shared-file download forms; analysis does not import the crawler)."""

    read_page: Callable[[str, bytes, str | None], PageView]  # (final URL, body, media type) -> reading
    download_form: Callable[[str], str | None]  # a shared-file link's download form, or None
    # a web report over several pages: (report URL, page URL, body, media type) -> [(part URL, kind)], whether a
    # fetched part (kind, body, media type) belongs to the report, and the pages (url, body, type) as one document
    part_links: Callable[[str, str, bytes, str | None], Sequence[tuple[str, str]]] | None = None
    part_belongs: Callable[[str, bytes, str | None], bool] | None = None
    combine_parts: Callable[[list[tuple[str, bytes, str | None]]], bytes] | None = None
    max_parts: int = 10


MAX_SEARCH_FETCHES = 8  # pages and documents fetched after the given page while looking for the report
MAX_SEARCH_DEPTH = 2  # as the crawl: the given page's links, and the links of the pages they lead to
MAX_CLIENT_REDIRECTS = 3  # meta refresh / script redirects followed from the given page
KEPT_OTHERS = 8  # other candidates named in the report
REASON_GIVEN = "het opgegeven adres"
REASON_REPORT_PAGE = "de opgegeven pagina is zelf het verslag"
REASON_NO_LINK = "op de opgegeven pagina is geen link naar een verslag gevonden; de pagina zelf is getoetst"


@dataclass
class Located:
    """The document a URL check reads, and how it was found (the `found` block of `kb check --json`)."""

    url: str
    content: bytes
    media_type: str
    reason: str
    link_text: str = ""
    found_on: str | None = None
    others: list[dict[str, Any]] = field(default_factory=list)
    viewers: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # the further pages of a web report, checked with it

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "reason": self.reason, "link_text": self.link_text, "found_on": self.found_on,
                "others": self.others, "viewers": self.viewers, "parts": self.parts}


def _is_document(content: bytes) -> bool:
    return any(magic in content[:1024] for magic in _DOCUMENT_MAGIC)


def _link_text(link: FoundLink) -> str:
    return " ".join(link.anchor.split()) or urlsplit(link.url).path.rsplit("/", 1)[-1] or link.url


def _fetch_link(url: str, settings: Settings, allow_private: bool,
                finder: ReportFinder) -> tuple[CheckOutcome, bytes, str, str]:
    """`fetch_url_final` of a link, or of its file service's download form (a shared Google Drive link)."""
    return fetch_url_final(finder.download_form(url) or url, settings, allow_private)


def locate_report(url: str, settings: Settings, allow_private: bool,
                  finder: ReportFinder | None) -> tuple[CheckOutcome, str, Located | None]:
    """The document to check for `url`: (OK, "", located) or (failure, detail, None).

    The URL itself when it gives a document or a page that is the report; else the best report the page
    links to, found as the crawl finds it (the finder's link scoring; pages one level further), fetched with
    the same guarded fetcher. The given page itself when it links to no report. A report link that cannot
    be fetched is the outcome, with the link named: the care provider's link is broken.
    """
    outcome, content, info, final = _fetch_link(url, settings, allow_private, finder) if finder \
        else fetch_url_final(url, settings, allow_private)
    if outcome is not CheckOutcome.OK:
        return outcome, info, None
    given = Located(final, content, info, REASON_GIVEN)
    if finder is None:
        return CheckOutcome.OK, "", given
    page = finder.read_page(final, content, info)
    for _hop in range(MAX_CLIENT_REDIRECTS):
        if not page.redirect:
            break
        outcome, content, info, final = _fetch_link(page.redirect, settings, allow_private, finder)
        if outcome is not CheckOutcome.OK:
            return outcome, f"the page sends the browser on to {page.redirect}: {info}", None
        given = Located(final, content, info, REASON_GIVEN)
        page = finder.read_page(final, content, info)
    if not page.is_html or page.redirect:
        return CheckOutcome.OK, "", given
    if page.is_report:
        given.reason = REASON_REPORT_PAGE
        return CheckOutcome.OK, "", _with_parts(given, settings, allow_private, finder)
    outcome, detail, found = _search(given, page, settings, allow_private, finder)
    if found is not None and found is not given and not _is_document(found.content):
        found = _with_parts(found, settings, allow_private, finder)
    return outcome, detail, found


def _with_parts(report: Located, settings: Settings, allow_private: bool, finder: ReportFinder) -> Located:
    """A web report with its further pages ("Deel 2", pages under its path) fetched and joined, as the crawl
    stores it; a part that cannot be fetched or does not continue the report is left out."""
    if finder.part_links is None or finder.part_belongs is None or finder.combine_parts is None:
        return report
    queue = list(finder.part_links(report.url, report.url, report.content, report.media_type))
    seen = {report.url}
    pages: list[tuple[str, bytes, str | None]] = [(report.url, report.content, report.media_type)]
    fetches = 0
    while queue and len(pages) <= finder.max_parts and fetches < 2 * finder.max_parts:
        url, kind = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        fetches += 1
        outcome, body, info, final = fetch_url_final(url, settings, allow_private)
        if outcome is not CheckOutcome.OK or not finder.part_belongs(kind, body, info):
            continue
        seen.add(final)
        pages.append((url, body, info))
        queue += finder.part_links(report.url, final, body, info)
    if len(pages) > 1:
        report.content, report.media_type = finder.combine_parts(pages), "text/html"
        report.parts = [url for url, _body, _type in pages[1:]]
    return report


def _search(given: Located, page: PageView, settings: Settings, allow_private: bool,
            finder: ReportFinder) -> tuple[CheckOutcome, str, Located | None]:
    """The best report reachable from the given landing page (see `locate_report`)."""
    pool: dict[str, tuple[FoundLink, int, str]] = {c.url: (c, 1, given.url) for c in page.links}
    viewers = [c.url for c in page.viewers]
    tried: dict[str, str] = {}  # link URL -> what its fetch gave
    failures: list[tuple[FoundLink, str, CheckOutcome, str]] = []
    chosen: Located | None = None
    chosen_link = ""
    for _fetch in range(MAX_SEARCH_FETCHES):
        open_ = [entry for u, entry in pool.items() if u not in tried and u != given.url]
        if not open_:
            break
        link, depth, on = min(open_, key=lambda e: (-e[0].score, e[0].kind != "document", e[1]))
        outcome, body, info, final = _fetch_link(link.url, settings, allow_private, finder)
        if outcome is not CheckOutcome.OK:
            tried[link.url] = f"{outcome.value}: {info}"
            failures.append((link, on, outcome, info))
            continue
        reading = finder.read_page(final, body, info)
        if reading.is_report or (not reading.is_html and _is_document(body)):
            tried[link.url] = "getoetst"
            where = "de opgegeven pagina" if on == given.url else on
            chosen = Located(final, body, info, f"gevonden op {where}: {_link_text(link)}", _link_text(link), on)
            chosen_link = link.url
            break
        if not reading.is_html:
            tried[link.url] = f"{CheckOutcome.UNSUPPORTED_TYPE.value}: {info or 'no type'}: not a PDF or Word document"
            continue
        tried[link.url] = "pagina zonder verslag"
        viewers += [c.url for c in reading.viewers if c.url not in viewers]
        if depth < MAX_SEARCH_DEPTH:
            for c in reading.links:
                if c.url not in pool:
                    pool[c.url] = (c, depth + 1, final)
    ranked = sorted(pool.values(), key=lambda e: (-e[0].score, e[0].kind != "document", e[1]))
    others = [{"url": c.url, "link_text": _link_text(c), "kind": c.kind, "score": c.score, "found_on": on,
               "tried": tried.get(c.url)}
              for c, _depth, on in ranked if c.url != chosen_link][:KEPT_OTHERS]
    if chosen is None:
        broken = next(((link, on, o, d) for link, on, o, d in failures if link.kind == "document"), None)
        if broken is not None:
            link, on, outcome, detail = broken
            return outcome, (f"the report linked from {on} ({_link_text(link)!r}) cannot be fetched: "
                             f"{link.url}: {detail}"), None
        given.reason, given.others, given.viewers = REASON_NO_LINK, others, viewers
        return CheckOutcome.OK, "", given
    chosen.others, chosen.viewers = others, viewers
    return CheckOutcome.OK, "", chosen


def read_file(path: Path, settings: Settings) -> tuple[CheckOutcome, bytes, str]:
    """The bytes of a local document, with the same size cap as a download."""
    if path.is_dir():
        return CheckOutcome.NOT_FOUND, b"", f"{path} is a directory, not a document"
    if not path.exists():
        return CheckOutcome.NOT_FOUND, b"", f"no such file: {path}"
    cap = settings.max_bytes
    try:
        size = path.stat().st_size
        if size > cap:
            return CheckOutcome.TOO_LARGE, b"", f"{path} has {size} bytes, more than the cap of {cap}"
        with path.open("rb") as handle:  # capped: a pipe or device reports no size
            content = handle.read(cap + 1)
        if len(content) > cap:
            return CheckOutcome.TOO_LARGE, b"", f"{path} gives more than the cap of {cap} bytes"
        return CheckOutcome.OK, content, ""
    except OSError as exc:
        return CheckOutcome.UNREADABLE, b"", f"{path}: {exc.strerror or exc}"


def extract(content: bytes, media_type: str | None, settings: Settings | None = None) -> Extraction:
    """The same extractor and limits as `kb analyse` (page cap, time limit per document, OCR switch)."""
    opts = ExtractOptions.from_settings(settings) if settings is not None else ExtractOptions()
    return extract_document(content, media_type=media_type, opts=opts)


def check_document(
    source: str, sector: str, settings: Settings, model: Predictor | Callable[[], Predictor], taxonomy: Taxonomy,
    allow_private: bool = False, doc_type: str | None = None, finder: ReportFinder | None = None,
) -> CheckResult:
    """Fetch or read `source`, extract, classify and score coverage; nothing is stored.

    `model` may be a function that loads it: it is called only once the document has text, so a
    missing file or a refused URL is reported without waiting for the model. `doc_type` overrides
    the document type read from the text (it decides which elements are required). With a `finder`, a
    URL of a landing page is checked as the report it links to (`locate_report`); the report then says
    which URL was checked and why (`document.url`, `found`).
    """
    source = as_source(source)
    media_type: str | None = None
    located: Located | None = None
    if is_url(source):
        outcome, info, located = locate_report(source, settings, allow_private, finder)
        content, media_type = (located.content, located.media_type) if located else (b"", None)
    else:
        outcome, content, info = read_file(Path(source), settings)
    if outcome is not CheckOutcome.OK:
        return CheckResult(outcome, info)
    extraction = extract(content, media_type, settings)
    if extraction.status is not ExtractionStatus.OK or not extraction.passages:
        status = extraction.status.value if extraction.status is not ExtractionStatus.OK else "empty_text"
        where = f"{located.url} ({located.reason}): " if located and located.reason != REASON_GIVEN else ""
        return CheckResult(CheckOutcome.EXTRACT_FAILED, f"{where}{status}: {extraction.error or 'no text found'}")
    rules = load_rules(settings.taxonomy_path, taxonomy)
    predictor = model if hasattr(model, "predict_labels") else model()
    report = build_report(source, sector, extraction, predictor, taxonomy, rules=rules, doc_type=doc_type)
    if located is not None:
        report["document"]["url"] = located.url
        report["found"] = located.as_dict()
        if located.reason == REASON_NO_LINK:
            report["warnings"].append({"code": "no_report_link", "text": _no_link_warning(located)})
    return CheckResult(CheckOutcome.OK, report=report)


def _no_link_warning(located: Located) -> str:
    """The Dutch warning for a page checked itself because it links to no report."""
    text = ("Op de opgegeven pagina staat geen link naar een kwaliteitsbeeld of -verslag (PDF, Word of webpagina); "
            "alleen de tekst van de pagina zelf is getoetst.")
    if located.viewers:
        text += f" Het verslag staat mogelijk in een online viewer zonder download: {located.viewers[0]}"
    return text


def _located(passage_ids: list[str], label_id: str, rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Where each evidencing passage is (page, heading) and its score for `label_id`, in the given order."""
    return [{"passage": pid, "page": rows[pid]["page"], "heading": rows[pid]["heading"],
             "score": round(float(rows[pid]["scores"].get(label_id, 0.0)), 4)} for pid in passage_ids]


def build_report(source: str, sector: str, extraction: Extraction, model: Predictor, taxonomy: Taxonomy,
                 rules: dict[str, SectorRules] | None = None, doc_type: str | None = None) -> dict[str, Any]:
    """The `kb check --json` document of cli.md, with what the framework asks of the document type.

    A passage that is a table of contents, or only the document's title, keeps its labels but
    evidences nothing (`"counted": false`): a contents list names every chapter by design. Each coverage entry also says where its passages are
    (`evidence`: page and heading) and, for elements, whether the document type requires it.
    """
    passages = list(extraction.passages)
    labels = apply_sections(predict(model, [p.text for p in passages], sector), [p.heading_path for p in passages], taxonomy, sector)
    headings = normalised_headings(extraction)
    counts = [is_evidence(p, extraction.title, headings) for p in passages]
    rows: list[dict[str, Any]] = [
        {"id": p.id, "page": p.page, "heading": p.heading, "text": p.text, "bouwstenen": list(pl.bouwstenen),
         "elements": list(pl.elements), "facets": list(pl.facets), "scores": pl.scores, "explanations": pl.explanations,
         "counted": counted}
        for p, pl, counted in zip(passages, labels, counts, strict=True)
    ]
    counted = [(p, pl) for p, pl, ok in zip(passages, labels, counts, strict=True) if ok]
    coverage = document_coverage([(p.id, pl) for p, pl in counted], taxonomy, sector)
    assessment = assess(extraction, sector, taxonomy, rules or {}, coverage, [p for p, _ in counted], doc_type)
    required = set(assessment["requirements"]["required"])
    by_id = {r["id"]: r for r in rows}
    for kind in ("bouwstenen", "elements"):
        for label_id, entry in coverage[kind].items():
            entry["name"] = taxonomy.label(label_id).name
            entry["evidence"] = _located(entry["passages"], label_id, by_id)
            if kind == "elements":
                entry["required"] = label_id in required
    return {
        "sector": sector,
        "document": {"source": source, "pages": extraction.pages, "title": extraction.title,
                     "language": extraction.language, "doc_type": extraction.doc_type,
                     "note": extraction.note, "pages_without_text": list(extraction.pages_without_text),
                     "words": assessment["words"], "sector_guess": assessment["sector_guess"]},
        "model": getattr(model, "model_id", ""),
        "passages": rows,
        "coverage": coverage,
        "requirements": assessment["requirements"],
        "missing": assessment["missing"],
        "warnings": assessment["warnings"],
        "figures": find_figures([(p.id, p.text, p.heading_path) for p in passages]),
    }


EXTRACTION_ERRORS_NL = {
    "needs_ocr": "Het document heeft geen tekstlaag (gescand). Sla het op als PDF met tekst en probeer opnieuw.",
    "encrypted": "Het document is beveiligd met een wachtwoord.",
    "corrupt": "Het document is beschadigd of geen geldig PDF/Word-bestand.",
    "empty_text": "Er is geen tekst in het document gevonden.",
    "unsupported": "Dit bestandstype wordt niet ondersteund (alleen PDF en Word).",
    "too_many_pages": "Het document heeft te veel pagina's.",
}


def check_bytes(content: bytes, sector: str, settings: Settings) -> dict[str, Any]:
    """Self-check of an uploaded draft: the `kb check --json` report, or {"error": Dutch message}.

    Nothing is stored; the same size cap and extraction limits apply as to crawled documents.
    """
    from analysis.classify import load_model
    from kb.taxonomy import load_taxonomy

    if len(content) > settings.upload_max_mb * 1024 * 1024:
        return {"error": f"Bestand te groot (maximaal {settings.upload_max_mb} MB)."}
    extraction = extract(content, None, settings)
    if extraction.status is not ExtractionStatus.OK or not extraction.passages:
        status = str(extraction.status)
        return {"error": EXTRACTION_ERRORS_NL.get(status, "Het document kon niet worden gelezen."), "status": status}
    taxonomy = load_taxonomy(settings.taxonomy_path)
    try:
        rules = load_rules(settings.taxonomy_path, taxonomy)
    except DocumentRulesError as exc:
        return {"error": f"De zelfcheck is niet goed ingesteld ({exc}).", "status": "config"}
    model = load_model(settings)
    return build_report("upload", sector, extraction, model, taxonomy, rules=rules)
