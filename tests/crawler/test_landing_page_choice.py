"""The crawl picks the document a kompaspartij would expect from landing pages full of other documents.

Each landing page of `landing_pages.py` is served on the local web farm with every document it links to; one crawl
over all of them must store, per submission, the newest kwaliteitsbeeld / -rapport / -verslag of its year.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.links import RawLink, extract_links, named_years, normal_text, report_links, score_report_link
from crawler.run import crawl
from kb.db import get_engine, session_scope
from kb.schema import CrawlResult
from kb.settings import load_settings
from tests.crawler.helpers import add_submission, crawl_settings, make_pdf
from tests.crawler.landing_pages import LANDINGS
from tests.support.webfarm import Reply, WebFarm


@pytest.fixture(scope="module")
def picked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    """Per landing page: the path of the document the crawl stored (None: none, or "outcome: detail")."""
    tmp: Path = tmp_path_factory.mktemp("landing")
    settings = crawl_settings(load_settings(environ={}, config_file=tmp / "none.toml", data_dir=str(tmp / "store")))
    engine = get_engine(settings)
    with WebFarm() as farm:
        ids = {}
        for name, landing in LANDINGS.items():
            farm.routes[f"/{landing.site}/kwaliteit-en-verantwoording"] = Reply.html(landing.html())
            for path in landing.documents():  # the farm routes by path: "/Download?id=1" and "?id=2" share one
                farm.routes[path.split("?")[0]] = Reply.pdf(make_pdf(path))
            ids[name] = add_submission(engine, farm.url(f"/{landing.site}/kwaliteit-en-verantwoording"), name=name,
                                       year=landing.year, sector=landing.sector)
        summary = crawl(settings, engine, isolate=True)
        base = farm.url("").rstrip("/")
        with session_scope(engine) as session:
            rows = {r.submission_id: r for r in session.scalars(
                select(CrawlResult).where(CrawlResult.run_id == summary.run_id))}
            yield {name: (rows[i].document_url or "").removeprefix(base) or f"{rows[i].outcome}: {rows[i].detail}"
                   for name, i in ids.items()}
    engine.dispose()


@pytest.mark.parametrize("name", list(LANDINGS))
def test_crawl_stores_the_report_of_the_submission_year(picked: dict[str, str | None], name: str) -> None:
    assert picked[name] == LANDINGS[name].expected


@pytest.mark.parametrize("name", list(LANDINGS))
def test_the_expected_report_is_the_best_link(name: str) -> None:
    landing = LANDINGS[name]
    page = f"https://zorg.example/{landing.site}/kwaliteit-en-verantwoording"
    best = report_links(page, landing.html(), landing.year)[0]
    assert best.url == "https://zorg.example" + landing.expected, best


@pytest.mark.parametrize(("text", "normal"), [
    ("Kwaliteits-verslag 2024", "kwaliteitsverslag 2024"),
    ("Kwaliteits\u00adbeeld 2024", "kwaliteitsbeeld 2024"),
    ("KWALITEITS BEELD_2024", "kwaliteitsbeeld 2024"),
    ("Kwaliteits- en veiligheidsbeleid", "kwaliteits en veiligheidsbeleid"),  # no compound to join
    ("Werken-bij", "werken bij"),
])
def test_report_words_are_read_however_they_are_written(text: str, normal: str) -> None:
    assert normal_text(text) == normal


@pytest.mark.parametrize(("texts", "years", "published"), [
    (("Kwaliteitsbeeld", "Kwaliteitsbeeld 30 juni 2025"), {2024}, True),
    (("Kwaliteitsbeeld", "Kwaliteitsverslag 01-07-2025 Download"), {2024}, True),
    (("Kwaliteitsbeeld 2024", "gepubliceerd 30 juni 2025"), {2024}, False),  # the anchor's year comes first
    (("Kwaliteitsbeeld 1 januari 2024 t/m 31 december 2024", ""), {2024}, False),  # a period, not a publication
    (("Kwaliteitsbeeld", ""), set(), False),
])
def test_a_publication_date_names_the_year_before(texts: tuple[str, ...], years: set[int], published: bool) -> None:
    assert named_years(texts) == (years, published)


@pytest.mark.parametrize(("anchor", "whole", "part"), [
    ("Locatie De Waalhof - kwaliteitsbeeld 2024", "Kwaliteitsbeeld 2024", True),
    ("Kwaliteitsbeeld 2024 (alle locaties)", "Kwaliteitsbeeld 2024", False),
    ("Locatieoverstijgend kwaliteitsbeeld 2024", "Kwaliteitsbeeld 2024", False),
    ("Reactie cliëntenraad op kwaliteitsrapport 2024", "Kwaliteitsrapport 2024", True),
    ("Kwaliteitsrapport 2024 (redactie: team kwaliteit)", "Kwaliteitsrapport 2024", False),
    ("Kwaliteitsbeeld 2024 in het kort", "Kwaliteitsbeeld 2024", True),
])
def test_a_part_of_the_report_scores_below_the_whole(anchor: str, whole: str, part: bool) -> None:
    def score(text: str) -> float:
        return score_report_link(RawLink("https://zorg.example/a.pdf", text, ""), 2024).score
    assert (score(anchor) < score(whole)) is part


def test_only_an_anonymous_link_borrows_the_title_of_a_page_titled_as_the_report() -> None:
    """"Lees het volledige verslag (pdf)" on the page "Kwaliteitsverslag 2024" is that report; a "PDF" link in the
    row "Jaarverslag 2024" on the same page stays the jaarverslag (the page itself may be the report)."""
    html = ('<h1>Kwaliteitsverslag 2024</h1><h2>Terugblik</h2><p><a href="/m/1.pdf">Lees het volledige verslag (pdf)'
            '</a></p><table><tr><td>Jaarverslag 2024</td><td><a href="/m/2.pdf">PDF</a></td></tr></table>')
    links = {link.url.rsplit("/", 1)[1]: link for link in extract_links("https://zorg.example/kv", html)}
    assert links["1.pdf"].heading == "Kwaliteitsverslag 2024"
    assert links["2.pdf"].heading == "Terugblik"
