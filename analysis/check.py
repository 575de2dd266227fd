"""`kb check`: analyse one document (file or URL) without storing anything.

Bytes -> ``analysis.extract.extract_document`` -> passages -> ``predict`` ->
``document_coverage`` + ``analysis.figures.find_figures``.
URLs are fetched with a size cap, and only from public addresses unless
``allow_private`` (loopback/private for tests and the demo; link-local never).
Expected failures come back as a ``CheckOutcome`` with a detail; nothing raises.
"""

from __future__ import annotations

import ipaddress
import socket
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
    OK = "ok"
    NOT_FOUND = "not_found"
    BLOCKED_ADDRESS = "blocked_address"
    FETCH_ERROR = "fetch_error"
    TOO_LARGE = "too_large"
    EXTRACT_FAILED = "extract_failed"


@dataclass(frozen=True)
class CheckResult:
    outcome: CheckOutcome
    detail: str = ""
    report: dict[str, Any] = field(default_factory=dict)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def address_allowed(host: str, allow_private: bool) -> tuple[bool, str]:
    """Whether every address of `host` may be contacted (link-local never)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        return False, f"cannot resolve {host}: {exc}"
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
            return False, f"{host} resolves to {ip}, which is never allowed"
        if (ip.is_private or ip.is_loopback) and not allow_private:
            return False, f"{host} resolves to private address {ip} (use --allow-private for tests)"
    return True, ""


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        ok, why = address_allowed(urlsplit(newurl).hostname or "", self.allow_private)
        if not ok:
            raise urllib.error.URLError(f"blocked redirect: {why}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url: str, settings: Settings, allow_private: bool) -> tuple[CheckOutcome, bytes, str]:
    """GET `url` with the size cap and address rules; (outcome, content, media type or detail)."""
    ok, why = address_allowed(urlsplit(url).hostname or "", allow_private)
    if not ok:
        return CheckOutcome.BLOCKED_ADDRESS, b"", why
    opener = urllib.request.build_opener(_SafeRedirects(allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": settings.user_agent})
    try:
        with opener.open(request, timeout=settings.download_timeout) as resp:
            content = resp.read(settings.max_bytes + 1)
            media_type = resp.headers.get_content_type()
    except (OSError, ValueError) as exc:
        blocked = "blocked redirect" in str(exc)
        return (CheckOutcome.BLOCKED_ADDRESS if blocked else CheckOutcome.FETCH_ERROR), b"", str(exc)
    if len(content) > settings.max_bytes:
        return CheckOutcome.TOO_LARGE, b"", f"larger than {settings.max_bytes} bytes"
    return CheckOutcome.OK, content, media_type


def extract(content: bytes, media_type: str | None) -> Extraction:
    """The same extractor (and limits) as `kb analyse`."""
    return extract_document(content, media_type=media_type, opts=ExtractOptions())


def check_document(
    source: str, sector: str, settings: Settings, model: Predictor, taxonomy: Taxonomy, allow_private: bool = False
) -> CheckResult:
    """Fetch or read `source`, extract, classify and score coverage; nothing is stored."""
    if is_url(source):
        outcome, content, info = fetch_url(source, settings, allow_private)
        if outcome is not CheckOutcome.OK:
            return CheckResult(outcome, info)
        media_type: str | None = info
    else:
        path = Path(source)
        if not path.is_file():
            return CheckResult(CheckOutcome.NOT_FOUND, f"no such file: {source}")
        content, media_type = path.read_bytes(), None
    extraction = extract(content, media_type)
    if extraction.status is not ExtractionStatus.OK or not extraction.passages:
        return CheckResult(CheckOutcome.EXTRACT_FAILED, f"{extraction.status}: {extraction.error or 'no text'}")
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
                     "language": extraction.language, "doc_type": extraction.doc_type},
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
