"""Web reports over several pages: parts found, fetched, stored as one HTML document; re-built when a part changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from crawler.content import combine_report_pages
from crawler.links import report_part_links
from crawler.run import crawl
from kb.db import get_engine, session_scope
from kb.schema import CrawlResult, Document, Fetch
from kb.settings import load_settings
from tests.crawler.helpers import add_submission, crawl_settings, make_pdf, report_html
from tests.support.webfarm import Reply, Route, WebFarm

NAV = '<nav><a href="/">Home</a> <a href="/contact">Contact</a></nav>'


def _part(title: str, marker: str, links: str = "") -> str:
    return (f"<html><head><title>{title}</title></head><body>{NAV}<h1>{title}</h1>"
            f"<h2>Leren en ontwikkelen</h2><p>{marker} " + "De zorg staat centraal. " * 30 + f"</p>{links}</body></html>")


FIRST = report_html("Kwaliteitsbeeld 2024").replace(
    "</body>", '<p id="m">DEEL-EEN-TEKST</p><a href="/kwaliteitsbeeld-2024/deel-2">Deel 2: Cliëntervaringen</a>'
    f'<a href="/kwaliteitsbeeld-2024/bijlage">Bijlage</a>{NAV}</body>')
ROUTES: dict[str, Route] = {
    "/kwaliteitsbeeld-2024": Reply.html(FIRST),
    "/kwaliteitsbeeld-2024/deel-2": Reply.html(_part("Deel 2", "DEEL-TWEE-TEKST",
                                                     '<a href="/kwaliteitsbeeld-2024">Vorige</a>'
                                                     '<a href="/leren">Volgende: Leren en ontwikkelen</a>')),
    "/leren": Reply.html(_part("Deel 3", "DEEL-DRIE-TEKST")),
    "/kwaliteitsbeeld-2024/bijlage": Reply.pdf(make_pdf("bijlage")),  # a part link that is no page
    "/enkel": Reply.html(report_html("Kwaliteitsbeeld 2024").replace("</body>", f"{NAV}</body>")),
}


@dataclass
class Crawled:
    engine: Engine
    first: dict[str, CrawlResult]
    refresh: dict[str, CrawlResult]
    ids: dict[str, int]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp: Path = tmp_path_factory.mktemp("parts")
    settings = crawl_settings(load_settings(environ={}, config_file=tmp / "none.toml", data_dir=str(tmp / "store")))
    engine = get_engine(settings)
    with WebFarm(ROUTES) as farm:
        ids = {"parts": add_submission(engine, farm.url("/kwaliteitsbeeld-2024"), name="Delen"),
               "single": add_submission(engine, farm.url("/enkel"), name="Enkel")}
        first = crawl(settings, engine, isolate=True)
        farm.routes["/leren"] = Reply.html(_part("Deel 3", "DEEL-DRIE-NIEUW"))
        refresh = crawl(settings, engine, refresh=True, isolate=True)
    with session_scope(engine) as session:
        by_run = {run: {r.submission_id: r for r in session.scalars(select(CrawlResult).where(CrawlResult.run_id == run))}
                  for run in (first.run_id, refresh.run_id)}
    yield Crawled(engine, {n: by_run[first.run_id][i] for n, i in ids.items()},
                  {n: by_run[refresh.run_id][i] for n, i in ids.items()}, ids)
    engine.dispose()


def _stored_text(crawled: Crawled, result: CrawlResult) -> str:
    with session_scope(crawled.engine) as session:
        doc = session.get(Document, result.document_id)
        assert doc is not None and doc.media_type == "text/html"
        return Path(doc.storage_path).read_bytes().decode("utf-8")


def test_three_part_report_is_one_document_with_every_part_in_order(crawled: Crawled) -> None:
    result = crawled.first["parts"]
    text = _stored_text(crawled, result)
    assert result.outcome == "ok" and (result.document_url or "").endswith("/kwaliteitsbeeld-2024")
    positions = [text.find(m) for m in ("DEEL-EEN-TEKST", "DEEL-TWEE-TEKST", "DEEL-DRIE-TEKST")]
    assert -1 not in positions and positions == sorted(positions), positions
    assert text.count("<section data-source-url=") == 3


def test_every_part_fetch_is_recorded_and_a_part_that_is_no_page_is_left_out(crawled: Crawled) -> None:
    with session_scope(crawled.engine) as session:
        rows = session.scalars(select(Fetch).where(Fetch.run_id == crawled.first["parts"].run_id,
                                                   Fetch.submission_id == crawled.ids["parts"])).all()
        parts = sorted((f.url.rsplit("/", 1)[-1], f.outcome) for f in rows if f.role == "part")  # arrival order varies
    assert parts == [("bijlage", "unsupported_type"), ("deel-2", "ok"), ("leren", "ok")]


def test_report_page_without_parts_is_stored_as_before(crawled: Crawled) -> None:
    result = crawled.first["single"]
    single = ROUTES["/enkel"]
    assert isinstance(single, Reply)
    assert result.outcome == "ok" and _stored_text(crawled, result) == single.body.decode("utf-8")


def test_changed_part_rebuilds_the_document_on_refresh(crawled: Crawled) -> None:
    old, new = crawled.first["parts"], crawled.refresh["parts"]
    assert new.outcome == "ok" and new.sha256 != old.sha256
    assert "DEEL-DRIE-NIEUW" in _stored_text(crawled, new)
    assert crawled.refresh["single"].sha256 == crawled.first["single"].sha256


@pytest.mark.parametrize(("page", "html", "expected"), [
    ("/kb", '<a href="/kb/deel-2">x</a><a href="/contact">Contact</a>', ["/kb/deel-2"]),
    ("/kb", '<a href="/over-ons">Volgende: Leren en ontwikkelen</a>', ["/over-ons"]),
    ("/kb", '<a href="/kb-b">Deel 2</a><a href="/kb-c">3</a>', ["/kb-b", "/kb-c"]),
    ("/kb", '<a href="/kb/bijlage.pdf">Deel 2</a><a href="http://other.example/kb/2">Deel 2</a>', []),
    ("/", '<a href="/kwaliteit">Kwaliteit</a><a href="/nieuws">Nieuws</a>', []),
], ids=["child_path", "volgende_anchor", "numbered_parts", "no_documents_or_other_sites", "root_has_no_children"])
def test_report_part_links(page: str, html: str, expected: list[str]) -> None:
    base = "http://zorg.example"
    assert report_part_links(base + page, base + page, html) == [base + e for e in expected]


def test_report_part_links_stop_at_the_limit() -> None:
    html = "".join(f'<a href="/kb/{i}">x</a>' for i in range(20))
    assert len(report_part_links("http://z.example/kb", "http://z.example/kb", html)) == 10


def test_combined_html_keeps_first_head_and_declares_utf8() -> None:
    out = combine_report_pages([("http://z/a", '<html><head><title>Kwaliteitsbeeld</title>'
                                 '<meta charset="windows-1252"></head><body>één</body></html>'),
                                ("http://z/a/2", "<html><head><title>Anders</title></head><body><p>twee</p></body></html>")])
    text = out.decode("utf-8")
    assert text.count("<title>") == 1 and '<meta charset="utf-8">' in text and "windows-1252" not in text
    assert '<section data-source-url="http://z/a">één</section><section data-source-url="http://z/a/2"><p>twee</p>' in text
