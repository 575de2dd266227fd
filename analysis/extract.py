"""Bytes in, clean passages out: the one extraction entry point (CLI, pipeline, `kb check`).

The media type is sniffed from the bytes (the name or Content-Type is only a
hint for plain text). Expected failures (encrypted, corrupt, no text layer, too
many pages, too large, time limit) come back as an `Extraction` with a status
and a detail; `extract_document` never raises on bad input.
"""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass

from analysis import docfacts
from analysis.clean import normalise_unicode, printable_share
from analysis.segment import TextBlock, split_into_passages
from kb.models import Extraction, ExtractionStatus
from kb.settings import Settings

EXTRACTOR_VERSION = "pdfium-1.3"  # 1.1: contents lists, chapter running headers, accordions, DOCX controls; 1.2: scanned pages named/OCRed, blank PDFs empty, JavaScript shells, DOCX text boxes; 1.3: web-page text trafilatura judged boilerplate put back (page-builder headings, article titles, story boxes), cookie banners dropped, every page of a joined multi-page web report read
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"
OCTET = "application/octet-stream"
DOC = "application/msword"  # Word 97-2003
OLE = "application/x-ole-storage"  # another OLE compound file: an older Office format or an encrypted OOXML
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected .docx/.xlsx
_OLE_WORD = "WordDocument".encode("utf-16-le")


@dataclass(frozen=True)
class ExtractOptions:
    """Limits and switches of one extraction; thresholds are named, not literals."""

    max_pages: int = 2000
    timeout: float | None = None  # seconds for the whole document (cooperative, checked per page)
    ocr: bool = False
    max_html_bytes: int = 30 * 1024 * 1024
    max_text_chars: int = 20_000_000
    min_chars_per_page: int = 40  # fewer characters per page on average: no text layer

    @classmethod
    def from_settings(cls, settings: Settings) -> ExtractOptions:
        return cls(max_pages=settings.max_pages, timeout=settings.doc_timeout, ocr=settings.ocr)


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def sniff_media_type(content: bytes, hint: str | None = None) -> str:
    """The media type from the bytes: PDF, DOCX, HTML, plain text, else octet-stream."""
    head = content[:2048]
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(_OLE_MAGIC):
        return DOC if _OLE_WORD in content and _OLE_ENCRYPTED not in content else OLE
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(content) else "application/zip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte order mark ("Unicode" web page)
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
        content = head
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markers = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--", b"<div", b"<p>", b"<title")
    if sample.startswith(markers) or any(m in head.lower() for m in (b"<html", b"<body", b"<p>", b"<div")):
        return HTML
    if b"\x00" in head:
        return OCTET
    if hint and hint.split(";")[0].strip().lower() in {HTML, "application/xhtml+xml"}:
        return HTML
    if content and b"\x00" not in head and printable_share(head.decode("utf-8", errors="replace")) > 0.9:
        return TEXT
    return OCTET


def _failed(status: ExtractionStatus, media_type: str, error: str | None, **facts: object) -> Extraction:
    return Extraction(status=status, media_type=media_type, error=error, **facts)  # type: ignore[arg-type]


def _plain_blocks(content: bytes) -> list[TextBlock]:
    from analysis.html import decode_text

    text = normalise_unicode(decode_text(content))
    return [TextBlock("text", " ".join(p.split())) for p in text.split("\n\n") if p.strip()]


def _finish(
    blocks: list[TextBlock], media_type: str, opts: ExtractOptions, meta_title: str | None, **facts: object
) -> Extraction:
    if sum(len(b.text) for b in blocks) > opts.max_text_chars:
        return _failed(ExtractionStatus.TOO_LARGE, media_type, f"more than {opts.max_text_chars} characters")
    seg = split_into_passages(blocks)
    if not seg.text.strip():  # no word at all (strip, unlike split, makes no list of the words)
        return _failed(ExtractionStatus.EMPTY_TEXT, media_type, "no text found", **facts)
    title = docfacts.guess_title(meta_title, seg.headings, seg.text)
    return Extraction(
        status=ExtractionStatus.OK,
        media_type=media_type,
        title=title,
        language=docfacts.detect_language(seg.text),
        doc_type=docfacts.guess_doc_type(title, seg.text, [h for _, h, _ in seg.headings]),
        years=docfacts.years_mentioned(seg.text),
        text=seg.text,
        passages=seg.passages,
        headings=seg.headings,
        **facts,  # type: ignore[arg-type]
    )


def _extract_pdf(content: bytes, opts: ExtractOptions, started: float) -> Extraction:
    from analysis.pdf import PdfOptions, read_pdf

    deadline = started + opts.timeout if opts.timeout else None
    pdf_opts = PdfOptions(opts.max_pages, deadline, opts.min_chars_per_page, opts.ocr)
    read = read_pdf(content, pdf_opts)
    facts = {
        "pages": read.pages or None,
        "needs_ocr": read.needs_ocr,
        "ocr_used": read.ocr_used,
        "pages_without_text": read.pages_without_text,
    }
    if read.status != ExtractionStatus.OK:
        return _failed(read.status, PDF, read.error, title=read.title, **facts)
    return _finish(read.blocks, PDF, opts, read.title, note=read.note, **facts)


def _extract(content: bytes, media_type: str, opts: ExtractOptions, started: float) -> Extraction:
    if media_type == PDF:
        return _extract_pdf(content, opts, started)
    if media_type == DOCX:
        from analysis.docx import read_docx

        docx_read = read_docx(content)
        if docx_read.status != ExtractionStatus.OK:
            return _failed(docx_read.status, DOCX, docx_read.error)
        return _finish(docx_read.blocks, DOCX, opts, docx_read.title)
    if media_type == DOC:
        return _failed(ExtractionStatus.UNSUPPORTED, DOC, "Word 97-2003 document (.doc); only .docx, PDF and HTML are read")
    if media_type == OLE:
        if _OLE_ENCRYPTED in content:
            return _failed(ExtractionStatus.ENCRYPTED, OLE, "password-protected Office document (encrypted package)")
        return _failed(ExtractionStatus.UNSUPPORTED, OLE, "Office 97-2003 file (OLE compound document), not a Word document")
    if media_type in {HTML, TEXT} and len(content) > opts.max_html_bytes:
        return _failed(
            ExtractionStatus.TOO_LARGE, media_type, f"{len(content)} bytes > {opts.max_html_bytes}"
        )
    if media_type == HTML:
        from analysis.html import read_html

        html_read = read_html(content)
        if html_read.status != ExtractionStatus.OK:
            return _failed(html_read.status, HTML, html_read.error)
        return _finish(html_read.blocks, HTML, opts, html_read.title)
    if media_type == TEXT:
        return _finish(_plain_blocks(content), TEXT, opts, None)
    return _failed(ExtractionStatus.UNSUPPORTED, media_type, "not a PDF, DOCX, HTML or text document")


def extract_document(content: bytes, media_type: str | None, opts: ExtractOptions) -> Extraction:
    """Bytes in; an Extraction with passages, or a status saying why not. Never raises on bad input."""
    started = time.monotonic()
    sniffed = sniff_media_type(content, media_type)
    try:
        return _extract(content, sniffed, opts, started)
    except MemoryError:
        return _failed(ExtractionStatus.TOO_LARGE, sniffed, "memory limit reached")
    except RecursionError:
        return _failed(ExtractionStatus.CORRUPT, sniffed, "document structure too deep")
    except Exception as exc:  # noqa: BLE001 - bad input must never stop a batch; the reason is recorded
        return _failed(ExtractionStatus.ERROR, sniffed, f"{type(exc).__name__}: {exc}"[:500])
