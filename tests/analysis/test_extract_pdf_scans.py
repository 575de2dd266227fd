"""PDFs that mix text pages, scanned pages and blank pages: scans are OCRed or named, blanks are no scans."""

from __future__ import annotations

import io
from functools import cache

import pypdfium2 as pdfium
import pytest
from sqlalchemy import Engine, select

from analysis.extract import ExtractOptions, extract_document
from analysis.ocr import ocr_status
from analysis.pdf import page_ranges
from analysis.pipeline import analyse
from kb.docmaker import Block, DocSpec, render_pdf
from kb.models import ExtractionStatus
from kb.schema import Document
from kb.schema import Extraction as ExtractionRow
from kb.settings import Settings
from kb.storage import store_bytes
from tests.support.corpus import blank_pages_pdf, report_spec

SCANNED_SENTENCE = "De tuinploeg van locatie Zonnehof plant elke lente tomaten in de moestuin."


@cache
def _text_pdf() -> bytes:
    return render_pdf(report_spec(3, seed=11))[0]


@cache
def _scan_pdf() -> bytes:
    spec = DocSpec("Bijlage", (Block("paragraph", SCANNED_SENTENCE),), scanned=True, page_numbers=False)
    return render_pdf(spec)[0]


def _combine(parts: list[str], as_form: bool = False) -> bytes:
    """A PDF of 'text' (the text report's pages), 'scan' and 'blank' pages in this order. With
    `as_form` a scanned page is wrapped in a form XObject, as imposition and stamping tools do."""
    out = pdfium.PdfDocument.new()
    text, scan = pdfium.PdfDocument(_text_pdf()), pdfium.PdfDocument(_scan_pdf())
    for part in parts:
        if part == "text":
            out.import_pages(text)
        elif part == "blank":
            out.new_page(595, 842)
        elif as_form:
            xobject = scan.page_as_xobject(0, out)
            page = out.new_page(595, 842)
            page.insert_obj(xobject.as_pageobject())
            page.gen_content()
        else:
            out.import_pages(scan)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_page_ranges_are_written_as_runs() -> None:
    assert page_ranges([3, 4, 5, 9, 11, 12]) == "3-5, 9, 11-12"


def test_scanned_pages_in_a_text_pdf_are_named_when_ocr_is_off() -> None:
    text_pages = len(pdfium.PdfDocument(_text_pdf()))
    pdf = _combine(["text", "scan", "blank", "scan"])
    ext = extract_document(pdf, None, ExtractOptions(ocr=False))
    scans = (text_pages + 1, text_pages + 3)
    assert ext.status is ExtractionStatus.OK and ext.passages
    assert (ext.needs_ocr, ext.ocr_used, ext.pages_without_text) == (True, False, scans)
    assert ext.note and f"pages {scans[0]}, {scans[1]} of {text_pages + 3} have no text layer" in ext.note
    assert "OCR is off" in ext.note


def test_scanned_pages_in_a_text_pdf_are_read_by_ocr_in_page_order() -> None:
    if ocr_status():
        pytest.skip(ocr_status() or "")
    text_pages = len(pdfium.PdfDocument(_text_pdf()))
    ext = extract_document(_combine(["text", "scan"]), None, ExtractOptions(ocr=True))
    assert (ext.status, ext.ocr_used, ext.needs_ocr) == (ExtractionStatus.OK, True, False)
    assert "plant elke lente tomaten" in ext.text
    assert ext.text.index("plant elke lente tomaten") > len(ext.text) // 2  # after the text pages
    assert ext.note == f"page {text_pages + 1} of {text_pages + 1} has no text layer (scanned) and were read by OCR"


def test_a_scan_wrapped_in_a_form_xobject_is_still_a_scan() -> None:
    ext = extract_document(_combine(["text", "scan"], as_form=True), None, ExtractOptions(ocr=False))
    assert ext.status is ExtractionStatus.OK
    assert ext.pages_without_text == (len(pdfium.PdfDocument(_text_pdf())) + 1,)


def test_blank_pages_are_not_scans() -> None:
    ext = extract_document(_combine(["blank", "text", "blank"]), None, ExtractOptions(ocr=False))
    assert (ext.status, ext.needs_ocr, ext.pages_without_text, ext.note) == (ExtractionStatus.OK, False, (), None)


def test_a_pdf_of_blank_pages_is_empty_not_a_scan() -> None:
    ext = extract_document(blank_pages_pdf(3), None, ExtractOptions(ocr=True))
    assert (ext.status, ext.needs_ocr, ext.ocr_used) == (ExtractionStatus.EMPTY_TEXT, False, False)
    assert ext.error and "all 3 pages are blank" in ext.error


def test_a_scanned_pdf_with_a_blank_back_page_names_only_the_scans() -> None:
    ext = extract_document(_combine(["scan", "scan", "blank"]), None, ExtractOptions(ocr=False))
    assert (ext.status, ext.needs_ocr, ext.pages_without_text) == (ExtractionStatus.NEEDS_OCR, True, (1, 2))


def test_a_cover_with_a_title_and_a_small_logo_is_no_scan() -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    logo = pdfium.PdfDocument(_scan_pdf())[0].render(scale=0.3).to_pil()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842))
    c.setFont("Helvetica-Bold", 24)
    c.drawString(60, 700, "Kwaliteitsbeeld 2024")
    c.drawImage(ImageReader(logo), 60, 60, width=120, height=170)  # about 4 % of the page
    c.showPage()
    c.save()
    cover = pdfium.PdfDocument(buf.getvalue())
    out = pdfium.PdfDocument.new()
    out.import_pages(cover)
    out.import_pages(pdfium.PdfDocument(_text_pdf()))
    pdf = io.BytesIO()
    out.save(pdf)
    ext = extract_document(pdf.getvalue(), None, ExtractOptions(ocr=False))
    assert (ext.status, ext.pages_without_text, ext.needs_ocr) == (ExtractionStatus.OK, (), False)


def test_the_stored_extraction_row_names_the_scanned_pages(settings: Settings, engine: Engine) -> None:
    pdf = _combine(["text", "scan"])
    sha, path = store_bytes(settings, pdf)
    from kb.db import session_scope

    with session_scope(engine) as session:
        session.add(Document(sha256=sha, media_type="application/pdf", size=len(pdf), storage_path=str(path)))
    analyse(settings.with_overrides(workers=1, ocr=False), engine, classify=False)
    with session_scope(engine) as session:
        row = session.scalars(select(ExtractionRow)).one()
        assert (row.status, row.needs_ocr) == ("ok", True)
        assert row.structure["pages_without_text"] == [len(pdfium.PdfDocument(_text_pdf())) + 1]
        assert "no text layer" in row.structure["note"]
