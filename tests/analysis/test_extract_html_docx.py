"""HTML (trafilatura) and DOCX (python-docx) extraction against known text."""

from __future__ import annotations

import pytest

from analysis.extract import ExtractOptions, extract_document
from kb.docmaker import render_docx, render_html, render_pdf, words_of
from kb.models import ExtractionStatus
from tests.support.corpus import report_spec, word_f1

SPEC = report_spec(4, seed=3)
TRUTH = render_pdf(SPEC)[1]


def _html() -> bytes:
    return render_html(SPEC, chrome=True).encode()


def _docx() -> bytes:
    return render_docx(SPEC)


@pytest.mark.parametrize("make", [_html, _docx], ids=["html-with-chrome", "docx"])
def test_body_words_match_ground_truth(make: object) -> None:
    ext = extract_document(make(), None, ExtractOptions())  # type: ignore[operator]
    assert ext.status == ExtractionStatus.OK
    assert word_f1(TRUTH.body_words, ext.text)[2] >= 0.98


@pytest.mark.parametrize("chrome_word", ["cookies", "Privacyverklaring", "Werken", "Accepteren"])
def test_html_site_chrome_is_not_body_text(chrome_word: str) -> None:
    ext = extract_document(_html(), "text/html", ExtractOptions())
    assert chrome_word not in words_of(ext.text)


@pytest.mark.parametrize("make", [_html, _docx], ids=["html", "docx"])
def test_headings_come_from_markup_with_levels(make: object) -> None:
    ext = extract_document(make(), None, ExtractOptions())  # type: ignore[operator]
    found = {text: level for level, text, _ in ext.headings}
    assert all(text in found for _, text, _ in TRUTH.headings)
    subs = [text for level, text, _ in TRUTH.headings if level == 2]
    tops = [text for level, text, _ in TRUTH.headings if level == 1]
    assert found[subs[0]] == found[tops[0]] + 1


@pytest.mark.parametrize("make", [_html, _docx], ids=["html", "docx"])
def test_passages_have_no_page_and_exact_offsets(make: object) -> None:
    ext = extract_document(make(), None, ExtractOptions())  # type: ignore[operator]
    assert all(p.page is None for p in ext.passages)
    assert all(ext.text[p.char_start : p.char_end] == p.text for p in ext.passages)
    assert {p.kind for p in ext.passages} >= {"text", "table"}


def test_docx_running_header_and_footer_are_not_body_text() -> None:
    ext = extract_document(_docx(), None, ExtractOptions())
    assert "Lindelaan" not in ext.text and "Stichting" not in words_of(ext.text)


BODY = ("De cliëntenraad bespreekt het kwaliteitsverbeterplan van de locatie in het afgelopen verslagjaar met de "
        "bestuurder en de teams van de afdelingen wonen, zorg en dagbesteding.")
BOLD_LINES = [
    ("Wat hebben we gedaan", True),
    ("Cliëntervaringen en tevredenheid", True),
    ("een twee drie vier vijf zes zeven acht negen tien elf twaalf", True),  # 12 words
    ("een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien", False),
    ("Dit is een vetgedrukte zin.", False),
    ("Resultaten;", False),
    ("2023 - 2024", False),  # no letters
]


@pytest.mark.parametrize(("line", "heading"), BOLD_LINES, ids=[line[:20] for line, _ in BOLD_LINES])
def test_html_and_docx_read_the_same_bold_line_the_same_way(line: str, heading: bool) -> None:
    import io

    import docx

    page = f"<html><body><main><h1>Kwaliteitsbeeld</h1><p>{BODY}</p><p><strong>{line}</strong></p><p>{BODY}</p></main></body></html>"
    document = docx.Document()
    document.add_heading("Kwaliteitsbeeld", 1)
    document.add_paragraph(BODY)
    document.add_paragraph().add_run(line).bold = True
    document.add_paragraph(BODY)
    buf = io.BytesIO()
    document.save(buf)
    for content in (page.encode(), buf.getvalue()):
        ext = extract_document(content, None, ExtractOptions())
        assert ext.status == ExtractionStatus.OK, ext.error
        assert (line in [h for _, h, _ in ext.headings]) is heading, (ext.media_type, ext.headings)
