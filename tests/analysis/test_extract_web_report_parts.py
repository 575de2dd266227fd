"""A web report the crawl stored as one document (its pages joined, crawler.content.combine_report_pages):
every page's text is read, each page's menu and footer left out, as when each page is read alone."""

from __future__ import annotations

import pytest

from analysis.extract import ExtractOptions, extract_document
from crawler.content import combine_report_pages

CHROME = ("<header><nav><a href='/'>Home</a> <a href='/over-ons'>Over ons</a> <a href='/contact'>MENUTEKST"
          "</a></nav></header>")
FOOTER = "<footer><p>VOETTEKST Stichting De Proeftuin, Dorpsstraat 1</p></footer>"


def _page(title: str, marker: str, wrap: str) -> str:
    text = f"<h2>{marker} hoofdstuk</h2><p>{marker} " + "Wij leren van wat cliënten ons vertellen. " * 12 + "</p>"
    main = f"<{wrap}><h1>{title}</h1>{text}</{wrap}>" if wrap else f"<h1>{title}</h1>{text}"
    return f"<html><head><title>{title}</title></head><body>{CHROME}{main}{FOOTER}</body></html>"


@pytest.mark.parametrize("wrap", ["main", "article", ""], ids=["main", "article", "no-main-element"])
def test_every_page_of_a_joined_web_report_is_read(wrap: str) -> None:
    pages = [(f"http://zorg.example/kb/{i}", _page(f"Kwaliteitsbeeld 2024 deel {i}", f"PART{i}", wrap))
             for i in (1, 2, 3)]
    extraction = extract_document(combine_report_pages(pages), "text/html", ExtractOptions())
    text = " ".join(p.text for p in extraction.passages)
    assert all(f"PART{i}" in text for i in (1, 2, 3)), text[:300]
    assert "MENUTEKST" not in text and "VOETTEKST" not in text
    assert [p.heading_path[-1] for p in extraction.passages if p.heading_path][-1] == "PART3 hoofdstuk"


def test_text_between_a_joined_page_s_elements_stays_text() -> None:
    pages = [("http://z/a", _page("Kwaliteitsbeeld", "PARTA", "main")),
             ("http://z/b", "<html><body>losse tekst &lt;met&gt; tekens &amp; meer<p>PARTB "
                            + "De zorg staat centraal. " * 12 + "</p></body></html>")]
    extraction = extract_document(combine_report_pages(pages), "text/html", ExtractOptions())
    text = " ".join(p.text for p in extraction.passages)
    assert "PARTA" in text and "PARTB" in text
