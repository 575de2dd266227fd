"""Web reports over several pages: parts found, fetched, stored as one HTML document; re-built when a part changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from crawler.content import combine_report_pages, continues_report
from crawler.links import report_part_links
from crawler.run import crawl
from kb.db import get_engine, session_scope
from kb.schema import CrawlResult, Document, Fetch, SubmissionDocument
from kb.settings import Settings, load_settings
from tests.crawler.helpers import add_submission, crawl_settings, make_pdf, report_html, results
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


NEWS = ('<html><head><title>Open dag</title></head><body><h1>Open dag bij De Linde</h1><p>'
        + "Kom langs op zaterdag. " * 40 + '</p><a href="/nieuws/kerstmarkt">Volgende</a></body></html>')
WEB_REPORT = {  # every page with an ETag; the last part's "Volgende" leads to a news item
    "/kb-2024": Reply.html(report_html("Kwaliteitsbeeld 2024").replace(
        "</body>", '<a href="/kb-2024/deel-2">Volgende</a></body>'), etag='"p1"'),
    "/kb-2024/deel-2": Reply.html(_part("Kwaliteitsbeeld 2024, deel 2", "TWEE",
                                        '<a href="/kb-2024/deel-3">Volgende</a>'), etag='"p2"'),
    "/kb-2024/deel-3": Reply.html(_part("Kwaliteitsbeeld 2024, deel 3", "DRIE",
                                        '<a href="/nieuws/open-dag">Volgende</a>'), etag='"p3"'),
    "/nieuws/open-dag": Reply.html(NEWS),
}


def test_web_report_refresh_is_conditional_per_page_and_next_link_after_last_part_is_left_out(
        settings: Settings, engine: Engine) -> None:
    s = crawl_settings(settings)
    with WebFarm(dict(WEB_REPORT)) as farm:
        sid = add_submission(engine, farm.url("/kb-2024"))
        first = crawl(s, engine, isolate=True)
        hits, sent = len(farm.hits), farm.bytes_sent
        unchanged = crawl(s, engine, refresh=True, isolate=True)
        rechecks = {path: headers.get("If-None-Match") for _m, path, headers in farm.hits[hits:]}
        unchanged_bytes = farm.bytes_sent - sent
        farm.routes["/kb-2024/deel-3"] = Reply.html(_part("Kwaliteitsbeeld 2024, deel 3", "DRIE-NIEUW"), etag='"p3b"')
        changed = crawl(s, engine, refresh=True, isolate=True)
    r1, r2, r3 = (results(engine, run.run_id)[sid] for run in (first, unchanged, changed))
    with session_scope(engine) as session:
        text = Path(session.get(Document, r1.document_id).storage_path).read_text("utf-8")  # type: ignore[union-attr]
        news = session.scalars(select(Fetch).where(Fetch.run_id == first.run_id,
                                                   Fetch.url == farm.url("/nieuws/open-dag"))).one()
        documents = session.scalar(select(func.count(Document.id)))
        links = session.execute(select(SubmissionDocument.document_id, SubmissionDocument.is_current)
                                .where(SubmissionDocument.submission_id == sid)
                                .order_by(SubmissionDocument.id)).tuples().all()
    # (b) the news item after the last part is fetched, recorded as left out, and not in the report
    assert text.count("<section data-source-url=") == 3 and "Open dag" not in text
    assert (news.outcome, news.detail) == ("ok", "left out: a page after the report, not a part of it")
    assert "/nieuws/kerstmarkt" not in farm.paths_hit()  # its own "Volgende" is not followed
    # (a) unchanged: every page re-checked with its own validator, all 304, nothing downloaded, same document
    assert rechecks == {"/robots.txt": None, "/kb-2024": '"p1"', "/kb-2024/deel-2": '"p2"', "/kb-2024/deel-3": '"p3"'}
    assert unchanged_bytes < 100 and unchanged.bytes < 100  # only robots.txt's 404 page
    assert (r2.outcome, r2.detail, r2.document_id, r2.sha256) == ("ok", "not modified since last crawl",
                                                                  r1.document_id, r1.sha256)
    # a changed part: the report is fetched again and stored as a new document
    assert r3.outcome == "ok" and r3.sha256 != r1.sha256 and documents == 2
    assert links == [(r1.document_id, False), (r3.document_id, True)]


@pytest.mark.parametrize(("html", "continues"), [
    (_part("Deel 3", "x"), True),  # numbered part
    ("<html><head><title>Kwaliteitsbeeld 2024 (vervolg)</title></head><body><p>tekst</p></body></html>", True),
    ("<html><body><h1>Wonen</h1><h2>Kwaliteit van zorg</h2><h2>Veiligheid</h2></body></html>", True),
    (NEWS, False),
    ("<html><body><h1>Over ons</h1><h2>Onze missie</h2><h2>Contact</h2></body></html>", False),
], ids=["numbered_part", "report_title", "quality_headings", "news_item", "other_section"])
def test_page_after_a_volgende_link_continues_the_report(html: str, continues: bool) -> None:
    assert continues_report(html) is continues


@pytest.mark.parametrize(("page", "html", "expected"), [
    ("/kb", '<a href="/kb/deel-2">x</a><a href="/contact">Contact</a>', ["/kb/deel-2"]),
    ("/kb", '<a href="/over-ons">Volgende: Leren en ontwikkelen</a>', ["/over-ons"]),
    ("/kb", '<a href="/nieuws/b">Volgend bericht</a><a href="/blog/c">Next post</a>', []),
    ("/kb", '<a href="/kb-b">Deel 2</a><a href="/kb-c">3</a>', ["/kb-b", "/kb-c"]),
    ("/kb", '<a href="/kb/bijlage.pdf">Deel 2</a><a href="http://other.example/kb/2">Deel 2</a>', []),
    ("/", '<a href="/kwaliteit">Kwaliteit</a><a href="/nieuws">Nieuws</a>', []),
], ids=["child_path", "volgende_anchor", "next_news_item_or_post", "numbered_parts", "no_documents_or_other_sites", "root_has_no_children"])
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
