"""PDF extraction against documents with exactly known text (tests/support/corpus.py)."""

from __future__ import annotations

from functools import cache

import pytest

from analysis.extract import ExtractOptions, extract_document
from kb.docmaker import Block, DocSpec, GroundTruth, render_pdf
from kb.models import Extraction, ExtractionStatus
from tests.support.corpus import chrome_share, report_spec, word_f1


@cache
def extracted(
    pages: int, columns: int = 1, hyphenate: bool = True, outline: bool = True, style: str = "pagina"
) -> tuple[Extraction, GroundTruth]:
    spec = report_spec(
        pages,
        seed=pages + columns,
        columns=columns,
        hyphenate=hyphenate,
        outline=outline,
        page_number_style=style,
    )
    pdf, truth = render_pdf(spec)
    return extract_document(pdf, None, ExtractOptions()), truth


LAYOUTS = [
    pytest.param(dict(pages=8), id="one-column-hyphenated"),
    pytest.param(dict(pages=8, hyphenate=False), id="one-column-plain"),
    pytest.param(dict(pages=8, columns=2), id="two-column-brochure"),
    pytest.param(dict(pages=8, outline=False), id="no-outline"),
    pytest.param(dict(pages=6, style="plain"), id="bare-page-numbers"),
    pytest.param(dict(pages=6, style="dash"), id="dashed-page-numbers"),
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_body_words_match_ground_truth(layout: dict[str, object]) -> None:
    ext, truth = extracted(**layout)  # type: ignore[arg-type]
    assert ext.status == ExtractionStatus.OK
    assert word_f1(truth.body_words, ext.text)[2] >= 0.98


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_passages_carry_no_running_headers_footers_or_page_numbers(layout: dict[str, object]) -> None:
    ext, _ = extracted(**layout)  # type: ignore[arg-type]
    passage_text = "\n".join(p.text for p in ext.passages)
    assert chrome_share(passage_text) <= 0.01
    assert not any(
        line.strip().isdigit() for p in ext.passages if p.kind != "table" for line in p.text.split("\n")
    )


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_headings_are_found_on_their_pages(layout: dict[str, object]) -> None:
    ext, truth = extracted(**layout)  # type: ignore[arg-type]
    found = {(text, page) for _, text, page in ext.headings}
    recall = sum((text, page) in found for _, text, page in truth.headings) / len(truth.headings)
    assert recall >= 0.9


def test_pdf_heading_levels_follow_the_outline() -> None:
    ext, truth = extracted(pages=8)
    levels = {text: level for level, text, _ in ext.headings}
    assert all(levels[text] == level for level, text, _ in truth.headings)


def test_pdf_hyphenated_line_ends_are_joined() -> None:
    ext, truth = extracted(pages=8)
    assert "kwaliteitsverbeterplan" in ext.text
    assert "-\n" not in ext.text
    assert word_f1(truth.body_words, ext.text)[0] >= 0.995  # no word halves


@pytest.mark.parametrize("layout", LAYOUTS[:3])
def test_pdf_passage_offsets_point_into_the_clean_text(layout: dict[str, object]) -> None:
    ext, _ = extracted(**layout)  # type: ignore[arg-type]
    assert ext.passages
    assert all(ext.text[p.char_start : p.char_end] == p.text for p in ext.passages)


def test_pdf_passages_start_on_the_page_of_their_first_paragraph() -> None:
    ext, truth = extracted(pages=8)
    pages: dict[str, set[int]] = {}
    for text, page in truth.paragraphs:
        pages.setdefault(text, set()).add(page)
    starts = {text: found.pop() for text, found in pages.items() if len(found) == 1}
    firsts = [(p.text.split("\n\n")[0], p.page) for p in ext.passages]
    checked = [(first, page) for first, page in firsts if first in starts]
    assert len(checked) > 10
    assert all(starts[key] == page for key, page in checked)


def test_pdf_tables_become_table_passages() -> None:
    ext, _ = extracted(pages=8)
    tables = [p for p in ext.passages if p.kind == "table"]
    assert tables and all("Rapportcijfer" in p.text for p in tables)


def test_two_column_page_reads_column_by_column() -> None:
    ext, truth = extracted(pages=8, columns=2)
    first_para = truth.paragraphs[0][0]
    assert first_para in ext.text


def test_pdf_facts_title_language_years_type() -> None:
    ext, truth = extracted(pages=8)
    assert (ext.pages, ext.title, ext.language, ext.doc_type) == (
        truth.pages,
        "Kwaliteitsbeeld 2023 Zorggroep De Linde",
        "nl",
        "kwaliteitsbeeld",
    )
    assert 2023 in ext.years


def test_scanned_pdf_is_flagged_needs_ocr_when_ocr_is_off() -> None:
    spec = DocSpec(
        "Kwaliteitsbeeld", (Block("paragraph", "Tekst die alleen als beeld bestaat."),), scanned=True
    )
    ext = extract_document(render_pdf(spec)[0], None, ExtractOptions(ocr=False))
    assert (ext.status, ext.needs_ocr, ext.pages) == (ExtractionStatus.NEEDS_OCR, True, 1)


def test_scanned_pdf_is_read_by_tesseract_when_ocr_is_on() -> None:
    from analysis.ocr import ocr_status

    if ocr_status():
        pytest.skip(ocr_status() or "")
    text = "De cliëntenraad bespreekt het kwaliteitsverbeterplan van de locatie in het verslagjaar."
    spec = DocSpec("Kwaliteitsbeeld", (Block("paragraph", text),), scanned=True, page_numbers=False)
    pdf, truth = render_pdf(spec)
    ext = extract_document(pdf, None, ExtractOptions(ocr=True))
    assert (ext.status, ext.ocr_used) == (ExtractionStatus.OK, True)
    assert word_f1(truth.body_words, ext.text)[2] >= 0.9
