"""`kb check`: analyse one document (file or URL) without storing anything.

Bytes -> ``analysis.extract.extract_document`` -> passages -> ``predict`` ->
``document_coverage`` + ``analysis.figures.find_figures``.
URLs are fetched with a size cap, and only from public addresses unless
``allow_private`` (loopback/private for tests and the demo; link-local never).
Expected failures come back as a ``CheckOutcome`` with a detail; nothing raises.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from analysis.classify import Predictor, predict
from analysis.coverage import document_coverage
from analysis.extract import ExtractOptions, extract_document
from analysis.figures import find_figures
from analysis.sections import apply_sections
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
# never contacted, also with allow_private: link-local (cloud metadata), multicast, unspecified
_ALWAYS_BLOCKED = tuple(ipaddress.ip_network(n) for n in (
    "169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32", "0.0.0.0/8", "224.0.0.0/4",
    "ff00::/8", "::/128",
))


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def as_source(source: str) -> str:
    """`source` as given, or with https:// when it is no existing file but reads as a web address."""
    source = source.strip()
    if is_url(source) or Path(source).exists() or not _BARE_WEB_ADDRESS.match(source):
        return source
    return f"https://{source}"


def _refusal(address: str, allow_private: bool) -> str | None:
    """Why `address` may not be contacted, or None (the crawler's rules: crawler/netguard.py)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip.version == net.version and ip in net for net in _ALWAYS_BLOCKED):
        return f"{ip}, which is never allowed (link-local, metadata, multicast or unspecified)"
    if ip.is_global or (allow_private and (ip.is_loopback or ip.is_private)):
        return None
    kind = "loopback" if ip.is_loopback else "private"
    return f"{kind} address {ip} (use --allow-private for tests)"


def address_allowed(host: str, allow_private: bool) -> tuple[CheckOutcome, str]:
    """OK when every address of `host` may be contacted; else DNS_ERROR or BLOCKED_ADDRESS with why."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None)
    except (OSError, UnicodeError) as exc:
        return CheckOutcome.DNS_ERROR, f"cannot resolve {host}: {exc}"
    for info in infos:
        why = _refusal(str(info[4][0]), allow_private)
        if why:
            return CheckOutcome.BLOCKED_ADDRESS, f"{host} resolves to {why}"
    return CheckOutcome.OK, ""


class _BlockedRedirect(urllib.error.URLError):
    def __init__(self, outcome: CheckOutcome, why: str) -> None:
        super().__init__(f"redirect refused: {why}")
        self.outcome = outcome


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        parts = urlsplit(newurl)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _BlockedRedirect(CheckOutcome.INVALID_URL, f"redirect to {newurl!r}")
        outcome, why = address_allowed(parts.hostname, self.allow_private)
        if outcome is not CheckOutcome.OK:
            raise _BlockedRedirect(outcome, why)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch_failure(exc: BaseException) -> tuple[CheckOutcome, str]:
    """The outcome and a one-line detail for an exception of urllib while fetching."""
    if isinstance(exc, _BlockedRedirect):
        return exc.outcome, str(exc.reason)
    if isinstance(exc, urllib.error.HTTPError):
        if 300 <= exc.code < 400:
            return CheckOutcome.REDIRECT_LOOP, f"status {exc.code}: {exc.reason}"
        return CheckOutcome.HTTP_ERROR, f"status {exc.code} {exc.reason}".strip()
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError | socket.timeout):
        return CheckOutcome.TIMEOUT, f"no answer within the timeout ({reason})"
    if isinstance(reason, socket.gaierror):
        return CheckOutcome.DNS_ERROR, str(reason)
    if isinstance(reason, OSError | http.client.HTTPException):
        return CheckOutcome.CONNECTION_ERROR, str(reason) or type(reason).__name__
    return CheckOutcome.FETCH_ERROR, str(reason)


def fetch_url(url: str, settings: Settings, allow_private: bool) -> tuple[CheckOutcome, bytes, str]:
    """GET `url` with the size cap and address rules; (outcome, content, media type or detail)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        return CheckOutcome.INVALID_URL, b"", f"{url!r}: {exc}"
    if not parts.hostname:
        return CheckOutcome.INVALID_URL, b"", f"{url!r} has no host"
    outcome, why = address_allowed(parts.hostname, allow_private)
    if outcome is not CheckOutcome.OK:
        return outcome, b"", why
    opener = urllib.request.build_opener(_SafeRedirects(allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": settings.user_agent})
    try:
        with opener.open(request, timeout=settings.download_timeout) as resp:
            content = resp.read(settings.max_bytes + 1)
            media_type = resp.headers.get_content_type()
    except (OSError, ValueError, http.client.HTTPException) as exc:
        outcome, detail = _fetch_failure(exc)
        return outcome, b"", detail
    if len(content) > settings.max_bytes:
        return CheckOutcome.TOO_LARGE, b"", f"larger than {settings.max_bytes} bytes"
    return CheckOutcome.OK, content, media_type


def read_file(path: Path, settings: Settings) -> tuple[CheckOutcome, bytes, str]:
    """The bytes of a local document, with the same size cap as a download."""
    if path.is_dir():
        return CheckOutcome.NOT_FOUND, b"", f"{path} is a directory, not a document"
    if not path.exists():
        return CheckOutcome.NOT_FOUND, b"", f"no such file: {path}"
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            return CheckOutcome.TOO_LARGE, b"", f"{path} has {size} bytes, more than the cap of {settings.max_bytes}"
        return CheckOutcome.OK, path.read_bytes(), ""
    except OSError as exc:
        return CheckOutcome.UNREADABLE, b"", f"{path}: {exc.strerror or exc}"


def extract(content: bytes, media_type: str | None) -> Extraction:
    """The same extractor (and limits) as `kb analyse`."""
    return extract_document(content, media_type=media_type, opts=ExtractOptions())


def check_document(
    source: str, sector: str, settings: Settings, model: Predictor, taxonomy: Taxonomy, allow_private: bool = False
) -> CheckResult:
    """Fetch or read `source`, extract, classify and score coverage; nothing is stored."""
    source = as_source(source)
    media_type: str | None = None
    if is_url(source):
        outcome, content, info = fetch_url(source, settings, allow_private)
        media_type = info
    else:
        outcome, content, info = read_file(Path(source), settings)
    if outcome is not CheckOutcome.OK:
        return CheckResult(outcome, info)
    extraction = extract(content, media_type)
    if extraction.status is not ExtractionStatus.OK or not extraction.passages:
        status = extraction.status.value if extraction.status is not ExtractionStatus.OK else "empty_text"
        return CheckResult(CheckOutcome.EXTRACT_FAILED, f"{status}: {extraction.error or 'no text found'}")
    return CheckResult(CheckOutcome.OK, report=build_report(source, sector, extraction, model, taxonomy))


def build_report(source: str, sector: str, extraction: Extraction, model: Predictor, taxonomy: Taxonomy) -> dict[str, Any]:
    """The `kb check --json` document of cli.md."""
    passages = list(extraction.passages)
    labels = apply_sections(predict(model, [p.text for p in passages], sector), [p.heading_path for p in passages], taxonomy, sector)
    rows = [
        {"id": p.id, "page": p.page, "heading": p.heading, "text": p.text, "bouwstenen": list(pl.bouwstenen),
         "elements": list(pl.elements), "facets": list(pl.facets), "scores": pl.scores, "explanations": pl.explanations}
        for p, pl in zip(passages, labels, strict=True)
    ]
    return {
        "sector": sector,
        "document": {"source": source, "pages": extraction.pages, "title": extraction.title,
                     "language": extraction.language, "doc_type": extraction.doc_type,
                     "note": extraction.note, "pages_without_text": list(extraction.pages_without_text)},
        "model": getattr(model, "model_id", ""),
        "passages": rows,
        "coverage": document_coverage([(p.id, pl) for p, pl in zip(passages, labels, strict=True)], taxonomy, sector),
        "figures": find_figures([(p.id, p.text) for p in passages]),
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
    extraction = extract(content, None)
    if extraction.status is not ExtractionStatus.OK or not extraction.passages:
        status = str(extraction.status)
        return {"error": EXTRACTION_ERRORS_NL.get(status, "Het document kon niet worden gelezen."), "status": status}
    model = load_model(settings)
    return build_report("upload", sector, extraction, model, load_taxonomy(settings.taxonomy_path))
