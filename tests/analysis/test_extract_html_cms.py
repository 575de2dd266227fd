"""A kwaliteitsbeeld published as a web page is read whole, in order and with its headings, whatever
CMS built the page; site chrome stays out (pages: tests/analysis/cms_pages.py)."""

from __future__ import annotations

from html import escape

import pytest

from analysis.extract import ExtractOptions, extract_document
from kb.docmaker import words_of
from kb.models import Extraction, ExtractionStatus
from tests.analysis import cms_pages as cp

MIN_RECALL = 0.98  # Next.js glues a label <span> to its value <span> ("bewoners236"), as a browser does


def _extract(page: str) -> Extraction:
    ext = extract_document(page.encode(), "text/html", ExtractOptions())
    assert ext.status is ExtractionStatus.OK, ext.error
    return ext


def _heading_of(ext: Extraction, words: str) -> str:
    return next(p.heading_path[-1] for p in ext.passages if words in p.text)


@pytest.mark.parametrize("name", list(cp.PAGES))
def test_report_page_is_read_whole_in_order_under_its_headings(name: str) -> None:
    ext = _extract(cp.PAGES[name]())
    assert cp.recall(ext.text) >= MIN_RECALL
    assert not cp.chrome_leaks(ext.text)
    headings = [h for _, h, _ in ext.headings]
    wanted = [s.heading for s in cp.SECTIONS] + [cp.TABLE_CAPTION, cp.STORY_TITLE]
    assert all(h in headings for h in wanted), set(wanted) - set(headings)
    for s in cp.SECTIONS:
        assert _heading_of(ext, s.paragraphs[-1][:60]) == s.heading
    assert _heading_of(ext, cp.STORY[:60]) == cp.STORY_TITLE
    assert _heading_of(ext, cp.FAQ[0][1][:60]) == cp.FAQ[0][0]
    order = [ext.text.index(t) for t in (cp.INTRO[:50], *(s.heading for s in cp.SECTIONS), cp.STORY[:50])]
    assert order == sorted(order)


S = cp.SECTIONS
REPORT = "".join(f"<h2>{escape(s.heading)}</h2>{cp._ps(s.paragraphs)}" for s in S)


def _page(body: str) -> str:
    return cp._page(cp.TITLE, f"{cp.COOKIE}<header>{cp.MEGA_MENU}</header>{body}{cp.FOOTER}")


def test_a_sidebar_between_report_columns_keeps_the_headings_and_stays_out() -> None:
    """trafilatura keeps each layout column as a <div> around its blocks; its headings stay headings
    and the sidebar's heading over its link list is not put back."""
    half = len(S) // 2
    first = "".join(f"<h2>{escape(s.heading)}</h2>{cp._ps(s.paragraphs)}" for s in S[:half])
    rest = "".join(f"<h2>{escape(s.heading)}</h2>{cp._ps(s.paragraphs)}" for s in S[half:])
    ext = _extract(_page(
        f'<div class="container"><div class="col-main">{first}</div><div class="col-side"><div class="widget">'
        f'{cp.SIDEBAR_LINKS}</div></div><div class="col-main">{rest}</div></div>'
    ))
    assert [h for _, h, _ in ext.headings] == [s.heading for s in S]
    assert _heading_of(ext, S[5].paragraphs[1][:60]) == S[5].heading
    assert not cp.chrome_leaks(ext.text)


def test_text_marked_up_as_heading_by_role_is_a_heading() -> None:
    blocks = "".join(
        f'<div class="block"><div class="block__title" role="heading" aria-level="2">{escape(s.heading)}</div></div>'
        + "".join(f'<div class="block"><div class="block__text">{escape(p)}</div></div>' for p in s.paragraphs)
        for s in S
    )
    ext = _extract(_page(f'<div id="content">{blocks}</div>'))
    assert ext.headings == tuple((2, s.heading, None) for s in S)
    assert _heading_of(ext, S[2].paragraphs[1][:60]) == S[2].heading


def test_related_posts_comments_and_share_bar_in_main_stay_out() -> None:
    related = (
        '<section class="related-posts"><h2>Lees ook</h2><div class="card"><h3><a href="/x">Nieuw Dagbestedingsaanbod</a></h3>'
        "<p>Vanaf maart bieden wij een nieuw Dagbestedingsaanbod aan voor thuiswonende ouderen in de regio.</p></div></section>"
        '<div id="comments" class="comments-area"><h2>2 reacties</h2><ol class="comment-list"><li><p>Mooi verslag, '
        "dank aan alle medewerkers en de Vacatures die zijn ingevuld!</p></li></ol></div>"
        '<div class="share-buttons"><span>Deel deze pagina</span> <a href="#">Volg ons</a></div>'
    )
    ext = _extract(_page(f"<main><article><h1>{escape(cp.TITLE)}</h1>{REPORT}</article>{related}</main>"))
    assert not cp.chrome_leaks(ext.text) and not {"Lees", "reacties", "Deel"} & set(words_of(ext.text))
    assert [h for _, h, _ in ext.headings] == [cp.TITLE, *(s.heading for s in S)]


def test_header_and_footer_divs_of_a_flat_page_stay_out() -> None:
    ext = _extract(cp._page(
        cp.TITLE,
        '<div class="site-header"><div class="logo">Zorggroep De Wadden</div><p class="tagline">Inloggen voor '
        "Vacatures: altijd dichtbij, ook als het er echt op aankomt in uw leven en dat van uw naasten.</p></div>"
        f"<h1>{escape(cp.TITLE)}</h1>{REPORT}"
        '<div class="site-footer"><p>Zorggroep De Wadden, Postbus 100, 8860 AA Harlingen. Bel voor Ziekenhuisbezoek '
        "en opnames met ons centrale nummer tijdens kantooruren.</p><h3>Nieuwsbrief</h3><p>Schrijf u in voor onze "
        "Nieuwsbrief en ontvang elk kwartaal het laatste nieuws over wonen en zorg bij ons.</p></div>",
    ))
    assert not cp.chrome_leaks(ext.text)
    assert [h for _, h, _ in ext.headings] == [cp.TITLE, *(s.heading for s in S)]
