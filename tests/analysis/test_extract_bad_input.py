"""Bad input never raises: each case comes back with a status and a reason."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from analysis.extract import ExtractOptions, extract_document
from kb.docmaker import render_pdf
from kb.models import ExtractionStatus
from tests.support.corpus import (
    blank_pages_pdf,
    encrypted_pdf,
    junk_bytes,
    one_paragraph_html,
    report_spec,
    zero_page_pdf,
)


def _truncated_pdf() -> bytes:
    pdf, _ = render_pdf(report_spec(2))
    return pdf[: len(pdf) // 3]


def _broken_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document>not really</w:document")
    return buf.getvalue()


def _compound_file(stream: str) -> bytes:
    """A minimal OLE compound file (the container of .doc and of password-protected .docx) holding one
    empty stream: header, one FAT sector, one directory sector with the root entry and the stream."""
    import struct

    def entry(name: str, kind: int, child: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(raw), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child)
            + bytes(36)
            + struct.pack("<IQ", 0xFFFFFFFE, 0)
        )

    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
        + struct.pack("<H", 6)
        + bytes(10)
        + struct.pack("<IIIIIIII", 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    )
    header += struct.pack("<I", 0) + struct.pack("<108I", *[0xFFFFFFFF] * 108)  # DIFAT: FAT in sector 0
    fat = struct.pack("<2I", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * (512 - 8)
    directory = entry("Root Entry", 5, 1) + entry(stream, 2, 0xFFFFFFFF) + bytes(256)
    return header + fat + directory


CASES = [
    pytest.param(encrypted_pdf, ExtractionStatus.ENCRYPTED, id="encrypted-pdf"),
    pytest.param(_truncated_pdf, ExtractionStatus.CORRUPT, id="truncated-pdf"),
    pytest.param(zero_page_pdf, ExtractionStatus.CORRUPT, id="zero-page-pdf"),
    pytest.param(
        lambda: b"%PDF-1.7\n" + junk_bytes(5000), ExtractionStatus.CORRUPT, id="pdf-header-then-junk"
    ),
    pytest.param(junk_bytes, ExtractionStatus.UNSUPPORTED, id="binary-junk"),
    pytest.param(
        lambda: b"<html><body>" + junk_bytes(50_000) + b"</body></html>",
        ExtractionStatus.UNSUPPORTED,
        id="junk-served-as-html",
    ),
    pytest.param(lambda: b"", ExtractionStatus.UNSUPPORTED, id="empty-bytes"),
    pytest.param(
        lambda: b"<html><body><nav>Home</nav></body></html>",
        ExtractionStatus.EMPTY_TEXT,
        id="html-without-content",
    ),
    pytest.param(_broken_docx, ExtractionStatus.CORRUPT, id="broken-docx"),
    pytest.param(lambda: blank_pages_pdf(3), ExtractionStatus.EMPTY_TEXT, id="blank-pages"),
    pytest.param(lambda: _compound_file("WordDocument"), ExtractionStatus.UNSUPPORTED, id="word-97-doc"),
    pytest.param(lambda: _compound_file("EncryptedPackage"), ExtractionStatus.ENCRYPTED, id="password-docx"),
]


@pytest.mark.parametrize(("make", "status"), CASES)
def test_bad_input_gets_a_status_and_a_reason(make: object, status: ExtractionStatus) -> None:
    ext = extract_document(make(), None, ExtractOptions())  # type: ignore[operator]
    assert ext.status == status
    assert ext.error


def test_pdf_with_more_pages_than_the_cap_is_refused_without_reading_pages() -> None:
    pdf = blank_pages_pdf(5000)
    started = time.monotonic()
    ext = extract_document(pdf, None, ExtractOptions(max_pages=100))
    assert (ext.status, ext.pages) == (ExtractionStatus.TOO_MANY_PAGES, 5000)
    assert time.monotonic() - started < 5


def test_hundred_megabytes_of_one_paragraph_is_refused_quickly() -> None:
    started = time.monotonic()
    ext = extract_document(one_paragraph_html(100), "text/html", ExtractOptions())
    assert ext.status == ExtractionStatus.TOO_LARGE
    assert time.monotonic() - started < 5


def test_long_single_paragraph_below_the_cap_is_split_into_passages() -> None:
    ext = extract_document(one_paragraph_html(1)[:200_000] + b"</p>", "text/html", ExtractOptions())
    assert ext.status == ExtractionStatus.OK
    assert max(p.words for p in ext.passages) <= 300


def test_time_limit_stops_a_long_pdf() -> None:
    pdf, _ = render_pdf(report_spec(60))
    ext = extract_document(pdf, None, ExtractOptions(timeout=0.000001))
    assert ext.status == ExtractionStatus.TIMEOUT


@pytest.mark.parametrize(
    ("stream", "reason"), [("WordDocument", "Word 97-2003"), ("EncryptedPackage", "password-protected")]
)
def test_office_compound_files_are_named_in_the_reason(stream: str, reason: str) -> None:
    ext = extract_document(_compound_file(stream), "application/octet-stream", ExtractOptions())
    assert reason in (ext.error or "")
