"""One crawl over local web farms covering every outcome of the vocabulary and the landing-page cases."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from crawler.run import crawl
from kb.db import get_engine, session_scope
from kb.models import Outcome
from kb.schema import CrawlResult, Document, Fetch
from kb.settings import Settings, load_settings
from tests.crawler.helpers import add_submission, crawl_settings, make_docx, make_pdf, report_html
from tests.support.webfarm import Reply, Route, WebFarm

PDF_2022, PDF_2023, PDF_2024 = make_pdf("Kwaliteitsbeeld 2022"), make_pdf("Kwaliteitsbeeld 2023"), make_pdf("KB 2024")
LANDING = """<html><body><h1>Kwaliteit</h1><ul>
<li><a href="/docs/Kwaliteitsbeeld-2022.pdf">Kwaliteitsbeeld 2022</a></li>
<li><a href="/docs/Kwaliteitsbeeld-2024.pdf">Kwaliteitsbeeld 2024</a></li>
<li><a href="/docs/Kwaliteitsbeeld-2023.pdf">Kwaliteitsbeeld 2023</a></li>
<li><a href="/docs/privacyverklaring.pdf">Privacyverklaring kwaliteit</a></li>
<li><a href="/docs/jaarrekening-2024.pdf">Jaarrekening 2024</a></li>
<li><a href="/docs/vacatures.pdf">Vacatures</a></li></ul></body></html>"""
CONSENT_OVERLAY = """<html><body><div id="cookie-consent" class="overlay"><p>Wij gebruiken cookies.</p>
<button>Accepteer</button><p>Lees ook ons <a href="/docs/Kwaliteitsbeeld-2024.pdf">kwaliteitsbeeld 2024</a></p>
</div></body></html>"""


def _cookie_check(handler: BaseHTTPRequestHandler) -> Reply:
    """A site that sets a cookie and sends the visitor back to the same URL; with the cookie it answers."""
    if "kb_check=1" in (handler.headers.get("Cookie") or ""):
        return Reply.html(LANDING)
    return Reply(status=302, content_type=None, headers={"Location": "/cookie-check", "Set-Cookie": "kb_check=1; Path=/"})


_BUSY_HITS: list[str] = []


def _busy_once(handler: BaseHTTPRequestHandler) -> Reply:
    """A site that answers 429 to the first request and serves the report when asked again."""
    _BUSY_HITS.append(handler.path)
    if len(_BUSY_HITS) == 1:
        return Reply(b"te veel verzoeken", status=429, headers={"Retry-After": "0"})
    return Reply.pdf(make_pdf("busy"))


ROUTES: dict[str, Route] = {
    "/robots.txt": Reply(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
    "/landing": Reply.html(LANDING),
    "/docs/Kwaliteitsbeeld-2022.pdf": Reply.pdf(PDF_2022),
    "/docs/Kwaliteitsbeeld-2023.pdf": Reply.pdf(PDF_2023),
    "/docs/Kwaliteitsbeeld-2024.pdf": Reply.pdf(PDF_2024),
    "/docs/privacyverklaring.pdf": Reply.pdf(make_pdf("privacy")),
    "/docs/jaarrekening-2024.pdf": Reply.pdf(make_pdf("jaarrekening")),
    "/direct": Reply.pdf(make_pdf("octet"), content_type="application/octet-stream"),
    "/kb.docx": Reply(make_docx(), content_type="application/octet-stream"),
    "/html-report": Reply.html(report_html()),
    "/meta": Reply.html('<html><head><meta http-equiv="refresh" content="0; url=/landing"></head></html>'),
    "/noscript": Reply.html('<html><head><noscript><meta http-equiv="refresh" content="0;URL=\'/landing\'">'
                            "</noscript><script>init()</script></head><body>Even geduld</body></html>"),
    "/js": Reply.html("<html><script>window.location = '/landing';</script></html>"),
    "/refresh-header": Reply.html("<html><body>U wordt doorgestuurd</body></html>", headers={"Refresh": "0; url=/landing"}),
    "/empty.pdf": Reply(b"", content_type="application/pdf"),
    "/empty-link": Reply.html('<a href="/empty.pdf">Kwaliteitsbeeld 2024</a>'),
    "/consent": Reply.html('<html><body><p>Deze site gebruikt cookies.</p><a href="/consent/ok">Accepteer</a></body></html>'),
    "/consent/ok": Reply.html(LANDING),
    "/overlay": Reply.html(CONSENT_OVERLAY),
    "/download": Reply(make_pdf("disposition"), content_type="application/octet-stream",
                       headers={"Content-Disposition": 'attachment; filename="Kwaliteitsbeeld 2024.pdf"'}),
    "/private/report.pdf": Reply.pdf(make_pdf("private")),
    "/fake.pdf": Reply.html("<html><body>Pagina niet gevonden</body></html>", content_type="application/pdf"),
    "/only-privacy": Reply.html('<a href="/docs/privacyverklaring.pdf">Privacy</a>'),
    "/video": Reply.html('<html><body><h1>Ons kwaliteitsbeeld</h1><p>Bekijk de film.</p>'
                         '<iframe src="https://www.youtube-nocookie.com/embed/abc123" allowfullscreen></iframe>'
                         '<footer><a href="https://www.youtube.com/channel/UCxyz">YouTube</a></footer></body></html>'),
    "/gone": Reply(b"weg", status=404),
    "/loop": Reply.redirect("/loop2"),
    "/loop2": Reply.redirect("/loop"),
    "/cookie-check": _cookie_check,
    "/busy-once.pdf": _busy_once,
    "/unavailable": Reply(b"onderhoud", status=503, headers={"Retry-After": "1"}),
    "/cookie-loop": Reply(status=302, content_type=None, headers={"Location": "/cookie-loop", "Set-Cookie": "x=1"}),
    "/huge": Reply(stream_bytes=3_000_000, content_type="application/pdf"),
    "/gzip-bomb": Reply(gzip.compress(b"%PDF-1.4\n" + b"0" * 3_000_000), content_type="application/pdf",
                        headers={"Content-Encoding": "gzip"}),
    "/image": Reply(b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png"),
    "/metadata-hop": Reply.redirect("http://169.254.169.254/latest/meta-data/"),
    # a CMS download: no .pdf in the URL, generic anchors, the year and 'kwaliteitsbeeld' only in the headings
    "/documenten": Reply.html('<main><h2>Jaarrekening 2024</h2><p><a href="/media/4410">Download</a></p>'
                              '<h2>Kwaliteitsbeeld 2024</h2><p><a href="/media/4411">Download</a></p></main>'),
    "/media/4410": Reply(make_pdf("jaarrekening"), content_type="application/octet-stream"),
    "/media/4411": Reply(make_pdf("media"), content_type="application/octet-stream"),
    # a site entered by its home page: home -> over ons -> kwaliteit -> the report
    "/home": Reply.html('<nav><a href="/home/over-ons">Over ons</a><a href="/home/werken-bij">Werken bij</a></nav>'
                        '<h1>Welkom bij De Linde</h1>'),
    "/home/over-ons": Reply.html('<h1>Over ons</h1><ul><li><a href="/home/over-ons/kwaliteit">Kwaliteit</a></li>'
                                 '<li><a href="/home/over-ons/bestuur">Bestuur</a></li></ul>'),
    "/home/over-ons/kwaliteit": Reply.html('<h1>Kwaliteit</h1><p>Lees ons <a href="/home/files/kb-2024.pdf">'
                                           'kwaliteitsbeeld 2024</a>.</p>'),
    "/home/files/kb-2024.pdf": Reply.pdf(make_pdf("home")),
    # the report shown in a pdf.js viewer, whose page holds no link to it
    "/viewer-page": Reply.html('<h1>Ons kwaliteitsbeeld</h1><iframe src="/pdfjs/web/viewer.html?file='
                               '%2Fuploads%2Fkb-2024.pdf" width="100%"></iframe>'),
    "/pdfjs/web/viewer.html": Reply.html('<div id="viewerContainer"></div><script src="viewer.mjs"></script>'),
    "/uploads/kb-2024.pdf": Reply.pdf(make_pdf("viewer")),
}


@dataclass(frozen=True)
class Case:
    path: str  # on the main farm; "hang:/x", "dns", "closed" for the special ones
    outcome: Outcome
    document_path: str | None = None
    media_type: str | None = None


CASES = {
    "octet_stream_pdf": Case("/direct", Outcome.OK, "/direct", "application/pdf"),
    "year_selection": Case("/landing", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf", "application/pdf"),
    "docx": Case("/kb.docx", Outcome.OK, "/kb.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "html_report": Case("/html-report", Outcome.OK, "/html-report", "text/html"),
    "meta_refresh": Case("/meta", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf"),
    "noscript_meta_refresh": Case("/noscript", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf"),
    "js_redirect": Case("/js", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf"),
    "refresh_header": Case("/refresh-header", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf"),
    "empty_report_file": Case("/empty-link", Outcome.NO_REPORT_FOUND),
    "consent_interstitial": Case("/consent", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf"),
    "link_inside_consent_overlay": Case("/overlay", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf"),
    "content_disposition": Case("/download", Outcome.OK, "/download"),
    "download_under_its_heading": Case("/documenten", Outcome.OK, "/media/4411", "application/pdf"),
    "report_behind_two_landing_pages": Case("/home", Outcome.OK, "/home/files/kb-2024.pdf"),
    "pdf_viewer_iframe": Case("/viewer-page", Outcome.OK, "/uploads/kb-2024.pdf", "application/pdf"),
    "robots_disallowed": Case("/private/report.pdf", Outcome.ROBOTS_DISALLOWED),
    "html_served_as_pdf": Case("/fake.pdf", Outcome.NO_REPORT_FOUND),
    "only_privacy_pdf": Case("/only-privacy", Outcome.NO_REPORT_FOUND),
    "video_only": Case("/video", Outcome.NO_REPORT_FOUND),
    "http_404": Case("/gone", Outcome.HTTP_ERROR),
    "http_429_then_ok": Case("/busy-once.pdf", Outcome.OK, "/busy-once.pdf"),
    "http_503_twice": Case("/unavailable", Outcome.HTTP_ERROR),
    "redirect_loop": Case("/loop", Outcome.REDIRECT_LOOP),
    "cookie_check_redirect_to_itself": Case("/cookie-check", Outcome.OK, "/docs/Kwaliteitsbeeld-2024.pdf"),
    "cookie_set_but_redirecting_forever": Case("/cookie-loop", Outcome.REDIRECT_LOOP),
    "streamed_over_size": Case("/huge", Outcome.TOO_LARGE),
    "compressed_over_size": Case("/gzip-bomb", Outcome.TOO_LARGE),
    "image": Case("/image", Outcome.UNSUPPORTED_TYPE),
    "metadata_redirect_hop": Case("/metadata-hop", Outcome.BLOCKED_ADDRESS),
    "never_answers": Case("hang:/a", Outcome.TIMEOUT),
    "never_answers_2": Case("hang:/b", Outcome.TIMEOUT),
    "never_answers_3": Case("hang:/c", Outcome.TIMEOUT),
    "never_answers_4": Case("hang:/d", Outcome.TIMEOUT),
    "dns_error": Case("dns", Outcome.DNS_ERROR),
    "connection_refused": Case("closed", Outcome.CONNECTION_ERROR),
}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Crawled:
    engine: Engine
    farm: WebFarm
    results: dict[str, CrawlResult]
    urls: dict[str, str]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp: Path = tmp_path_factory.mktemp("crawl")
    settings = crawl_settings(load_settings(environ={}, config_file=tmp / "none.toml", data_dir=str(tmp / "store")),
                              max_bytes=1_000_000)
    engine = get_engine(settings)
    with WebFarm(ROUTES) as farm, WebFarm({"/a": Reply(hang=True), "/b": Reply(hang=True), "/c": Reply(hang=True),
                                           "/d": Reply(hang=True)},
                                          host="127.0.0.3") as hang:
        special = {"dns": "http://kwaliteitsbeeld-test.invalid/", "closed": f"http://127.0.0.1:{_closed_port()}/"}
        urls = {name: special.get(c.path) or (hang.url(c.path[5:]) if c.path.startswith("hang:") else farm.url(c.path))
                for name, c in CASES.items()}
        ids = {name: add_submission(engine, url, name=name) for name, url in urls.items()}
        summary = crawl(settings, engine, isolate=True)
        with session_scope(engine) as session:
            rows = session.scalars(select(CrawlResult).where(CrawlResult.run_id == summary.run_id))
            by_id = {r.submission_id: r for r in rows}
        yield Crawled(engine, farm, {name: by_id[i] for name, i in ids.items()}, urls)
    engine.dispose()


def test_video_kwaliteitsbeeld_is_named_in_the_detail_and_never_fetched(crawled: Crawled) -> None:
    """The handreikingen allow a kwaliteitsbeeld as a video: the outcome says so, for a person to look."""
    detail = crawled.results["video_only"].detail or ""
    assert "video" in detail and "https://www.youtube-nocookie.com/embed/abc123" in detail
    assert "channel" not in detail  # a channel link in the footer is no embedded video
    assert "video" not in (crawled.results["only_privacy_pdf"].detail or "")
    with session_scope(crawled.engine) as session:
        urls = session.scalars(select(Fetch.url).where(Fetch.submission_id == crawled.results["video_only"].submission_id)).all()
    assert urls and not any("youtube" in u for u in urls)


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_each_case_ends_with_its_outcome(crawled: Crawled, name: str) -> None:
    case, result = CASES[name], crawled.results[name]
    assert (result.outcome, name) == (case.outcome.value, name), result.detail
    if case.document_path:
        assert result.document_url == crawled.farm.url(case.document_path)
        assert result.sha256 and result.document_id


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.media_type], ids=lambda n: n)
def test_stored_document_has_sniffed_media_type(crawled: Crawled, name: str) -> None:
    with session_scope(crawled.engine) as session:
        doc = session.get(Document, crawled.results[name].document_id)
        assert doc is not None and doc.media_type == CASES[name].media_type


def test_year_selection_stores_the_report_year_and_keeps_runners_up(crawled: Crawled) -> None:
    result = crawled.results["year_selection"]
    assert result.sha256 is not None
    urls = [c["url"] for c in result.candidates]
    assert urls[0].endswith("Kwaliteitsbeeld-2024.pdf") and any(u.endswith("2023.pdf") for u in urls[1:])


@pytest.mark.parametrize("path", ["/docs/privacyverklaring.pdf", "/docs/jaarrekening-2024.pdf", "/docs/vacatures.pdf",
                                  "/docs/Kwaliteitsbeeld-2022.pdf", "/private/report.pdf", "/media/4410",
                                  "/pdfjs/web/viewer.html"])
def test_losing_and_forbidden_documents_are_never_downloaded(crawled: Crawled, path: str) -> None:
    assert path not in crawled.farm.paths_hit()


def test_content_disposition_gives_the_file_name(crawled: Crawled) -> None:
    with session_scope(crawled.engine) as session:
        doc = session.get(Document, crawled.results["content_disposition"].document_id)
        assert doc is not None and doc.filename == "Kwaliteitsbeeld 2024.pdf"


def test_failing_site_stops_taking_slots_after_its_first_failures(crawled: Crawled) -> None:
    names = ("never_answers", "never_answers_2", "never_answers_3", "never_answers_4")
    details = [crawled.results[n].detail or "" for n in names]
    assert any("site skipped" in d for d in details), details


def test_every_attempt_is_a_fetch_row_with_redirect_chain(crawled: Crawled) -> None:
    with session_scope(crawled.engine) as session:
        pages = select(Fetch).where(Fetch.role != "robots")  # robots.txt rows go to whichever submission came first
        loop = session.scalars(pages.where(Fetch.submission_id == crawled.results["redirect_loop"].submission_id)).one()
        meta = session.scalars(pages.where(Fetch.submission_id == crawled.results["meta_refresh"].submission_id)).all()
    assert loop.outcome == "redirect_loop" and loop.redirects == [crawled.urls["redirect_loop"]]
    assert (loop.final_url or "").endswith("/loop2")
    assert [f.role for f in meta] == ["submitted", "candidate"] and meta[0].redirects == [crawled.urls["meta_refresh"]]


def test_each_robots_txt_fetch_is_a_fetch_row(crawled: Crawled) -> None:
    run_id = crawled.results["robots_disallowed"].run_id
    with session_scope(crawled.engine) as session:
        rows = session.scalars(select(Fetch).where(Fetch.run_id == run_id, Fetch.role == "robots")).all()
        by_url = {r.url: (r.outcome, r.status, r.submission_id is not None) for r in rows}
    hang_robots = crawled.urls["never_answers"].replace("/a", "/robots.txt")
    closed_robots = crawled.urls["connection_refused"] + "robots.txt"
    assert by_url[crawled.farm.url("/robots.txt")] == ("ok", 200, True)
    assert by_url[hang_robots] == ("http_error", 404, True)  # no robots.txt: everything allowed
    assert by_url[closed_robots] == ("connection_error", None, True)
    assert "http://kwaliteitsbeeld-test.invalid/robots.txt" not in by_url  # the address guard comes first
    assert len(rows) == len(by_url)  # once per site, not per request


def test_empty_report_file_is_named_in_the_detail(crawled: Crawled) -> None:
    """A 0-byte answer is no unsupported type: the detail says it was empty."""
    assert "empty response (HTTP 200, 0 bytes)" in (crawled.results["empty_report_file"].detail or "")


def test_busy_site_is_asked_once_more_and_both_attempts_are_fetch_rows(crawled: Crawled) -> None:
    """429/503 ask the client to come back later: once, after Retry-After; the second 503 is the outcome."""
    assert crawled.farm.paths_hit().count("/unavailable") == 2
    assert crawled.results["http_503_twice"].detail == "HTTP 503"
    with session_scope(crawled.engine) as session:
        rows = session.execute(select(Fetch.status, Fetch.detail).where(
            Fetch.submission_id == crawled.results["http_429_then_ok"].submission_id, Fetch.role != "robots")
            .order_by(Fetch.id)).all()
    assert [tuple(r) for r in rows] == [(429, "HTTP 429: asked again after 0 s"), (200, "document")]


def test_robots_disallowed_names_the_robots_txt(crawled: Crawled) -> None:
    assert crawled.results["robots_disallowed"].detail == f"forbidden by {crawled.farm.url('/robots.txt')}"


def test_loopback_is_blocked_without_allow_private(settings: Settings, engine: Engine) -> None:
    with WebFarm({"/": Reply.pdf(make_pdf())}) as farm:
        sid = add_submission(engine, farm.url("/"))
        summary = crawl(crawl_settings(settings, allow_private=False), engine, isolate=True)
        assert farm.hits == []
    with session_scope(engine) as session:
        result = session.scalars(select(CrawlResult).where(CrawlResult.run_id == summary.run_id)).one()
    assert (result.submission_id, result.outcome) == (sid, "blocked_address")


def test_crawl_connects_to_the_checked_address_when_a_second_lookup_differs(
        settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the guard resolves `localhost` (loopback, allowed here); Scrapy's own resolver would now get
    the metadata address, so the crawl must connect to the address the guard checked."""
    monkeypatch.setattr(socket, "gethostbyname", lambda _name: "169.254.169.254")
    with WebFarm({"/kb.pdf": Reply.pdf(make_pdf())}) as farm:
        sid = add_submission(engine, f"http://localhost:{farm.port}/kb.pdf")
        summary = crawl(crawl_settings(settings), engine, isolate=True)
        assert "/kb.pdf" in farm.paths_hit()
    with session_scope(engine) as session:
        result = session.scalars(select(CrawlResult).where(CrawlResult.run_id == summary.run_id)).one()
    assert (result.submission_id, result.outcome) == (sid, "ok"), result.detail
