"""The crawl on whole sites of shapes the landing-page tests do not have (tests/crawler/site_shapes.py): it must
store, per submission, the document a kompaspartij would pick."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from crawler.run import crawl
from kb.db import get_engine
from kb.settings import load_settings
from tests.crawler.helpers import add_submission, crawl_settings, make_pdf, results
from tests.crawler.site_shapes import SITES, page
from tests.support.webfarm import Reply, WebFarm


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, str]]]:
    """Per site: the path of the document the crawl stored (or "outcome: detail") and the result's detail."""
    tmp: Path = tmp_path_factory.mktemp("shapes")
    settings = crawl_settings(load_settings(environ={}, config_file=tmp / "none.toml", data_dir=str(tmp / "store")))
    engine = get_engine(settings)
    with ExitStack() as stack:
        farms, ids = {}, {}
        for name, site in SITES.items():
            farm = stack.enter_context(WebFarm())
            base = farm.url("").rstrip("/")
            farm.routes.update({path: Reply.html(html) for path, html in site.pages.items()})
            farm.routes.update({path: Reply.pdf(make_pdf(path)) for path in site.documents})
            farm.routes.update({path: Reply(body.replace("{base}", base).encode(), content_type=ctype)
                                for path, (ctype, body) in site.extra.items()})
            farms[name] = farm
            ids[name] = add_submission(engine, farm.url(site.start), name=site.org, year=site.year, sector=site.sector)
        summary = crawl(settings, engine, isolate=True)
        rows = results(engine, summary.run_id)
        out = {}
        for name, farm in farms.items():
            row = rows[ids[name]]
            base = farm.url("").rstrip("/")
            got = (row.document_url or "").removeprefix(base) or f"{row.outcome}: {row.detail}"
            out[name] = (got, row.detail or "")
        yield out
    engine.dispose()


@pytest.mark.parametrize("name", list(SITES))
def test_crawl_stores_the_document_a_kompaspartij_expects(stored: dict[str, tuple[str, str]], name: str) -> None:
    assert stored[name][0] == SITES[name].expected


def test_a_report_found_after_the_links_ran_out_says_how(stored: dict[str, tuple[str, str]]) -> None:
    assert "submitted URL answered HTTP 404; followed the site's home page" in \
        stored["submitted_file_gone_after_a_relaunch"][1]
    assert "read the site's sitemap" in stored["report_named_only_in_the_sitemap"][1]
    assert stored["report_three_clicks_from_the_home_page"][1] == ""  # found by its links: nothing to say


def _gzip(text: str) -> bytes:
    return gzip.compress(text.encode())


def test_home_page_and_sitemap_only_when_the_site_answered_and_the_links_ran_out(tmp_path: Path) -> None:
    """A dead link on a site without the report stays http_error, naming what else was tried; a sitemap index is
    read through its most promising (gzipped) sitemap; a site in trouble (HTTP 500) is asked nothing more."""
    settings = crawl_settings(load_settings(environ={}, config_file=tmp_path / "none.toml",
                                            data_dir=str(tmp_path / "store")))
    engine = get_engine(settings)
    index = ('<sitemapindex><sitemap><loc>{b}/wp-sitemap-users-1.xml</loc></sitemap><sitemap><loc>{b}/wp-sitemap-'
             'posts-attachment-1.xml.gz</loc></sitemap><sitemap><loc>{b}/wp-sitemap-taxonomies-1.xml</loc></sitemap>'
             '</sitemapindex>')
    with WebFarm() as dead, WebFarm() as indexed, WebFarm() as broken:
        dead.routes["/"] = Reply.html(page("Zorg Noord", "Welkom", "<p>Welkom bij ons.</p>"))
        b = indexed.url("").rstrip("/")
        indexed.routes.update({
            "/kwaliteit": Reply.html(page("Zorg Zuid", "Kwaliteit", "<p>Ons kwaliteitsbeeld volgt.</p>")),
            "/sitemap.xml": Reply.redirect("/wp-sitemap.xml", 301),
            "/wp-sitemap.xml": Reply(index.format(b=b).encode(), content_type="application/xml"),
            "/wp-sitemap-posts-attachment-1.xml.gz": Reply(_gzip(
                f"<urlset><url><loc>{b}/wp-content/uploads/2025/03/kwaliteitsbeeld-2024.pdf</loc></url></urlset>"),
                content_type="application/x-gzip"),
            "/wp-content/uploads/2025/03/kwaliteitsbeeld-2024.pdf": Reply.pdf(make_pdf("kb")),
        })
        broken.routes["/kwaliteit"] = Reply(b"storing", status=500)
        ids = [add_submission(engine, dead.url("/media/kb-2024.pdf"), name="Zorg Noord"),
               add_submission(engine, indexed.url("/kwaliteit"), name="Zorg Zuid"),
               add_submission(engine, broken.url("/kwaliteit"), name="Zorg West")]
        rows = results(engine, crawl(settings, engine, isolate=True).run_id)
        gone, found, failed = (rows[i] for i in ids)
        assert (gone.outcome, gone.detail) == ("http_error", f"HTTP 404; followed the site's home page "
                                               f"{dead.url('/')}; read the site's sitemap {dead.url('/')}sitemap.xml: "
                                               "no report found there either")
        assert found.document_url == f"{b}/wp-content/uploads/2025/03/kwaliteitsbeeld-2024.pdf", found.detail
        assert "/wp-sitemap-users-1.xml" not in indexed.paths_hit()
        assert (failed.outcome, failed.detail) == ("http_error", "HTTP 500")
        assert set(broken.paths_hit()) <= {"/kwaliteit", "/robots.txt"}
    engine.dispose()
