"""Pure reading of a fetched page: is it the report itself, does it send the browser on, which links lead on.

One decision for the spider and for `kb check URL` (which reaches it through the kb CLI: analysis does not
import the crawler). Links are scored by `links.report_links`; a page is the report itself when it looks
like one (`content.looks_like_report`) and no strong document link beats it.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler import content, hosting
from crawler.links import LinkCandidate, report_links, report_part_candidates

STRONG_DOCUMENT_SCORE = 12.0  # a document link this good beats "this page itself is the report"


@dataclass(frozen=True)
class PageReading:
    """What a fetched body says about where the report is."""

    is_html: bool  # False: the body is no web page (a PDF or Word document, or something unsupported)
    is_report: bool = False  # the page itself is the report
    redirect: str | None = None  # a meta refresh / script redirect, or a file service's "download anyway" form
    links: tuple[LinkCandidate, ...] = ()  # documents and pages worth fetching, best first
    viewers: tuple[LinkCandidate, ...] = ()  # links into online viewers without a download, for a person to look


def page_is_report(html: str, links: list[LinkCandidate]) -> bool:
    """Whether the page is the report itself: it looks like one and links to no strong report document."""
    strong = any(c.kind == "document" and c.score >= STRONG_DOCUMENT_SCORE for c in links)
    return not strong and content.looks_like_report(html)


def read_page(page_url: str, body: bytes, content_type: str | None, report_year: int | None = None) -> PageReading:
    """`body` fetched from `page_url` (after redirects) read as a landing page."""
    if content.sniff_media_type(body, content_type) != content.HTML:
        return PageReading(is_html=False)
    html = content.decode_html(body, content_type)
    redirect = content.client_redirect(page_url, html) or hosting.download_form_target(page_url, html)
    if redirect:
        return PageReading(is_html=True, redirect=redirect)
    found = report_links(page_url, html, report_year)
    return PageReading(
        is_html=True, is_report=page_is_report(html, found),
        links=tuple(c for c in found if c.kind in ("document", "page")),
        viewers=tuple(c for c in found if c.kind == "viewer"),
    )


def report_part_links(report_url: str, page_url: str, body: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """Further pages of a web report that starts at `report_url`, as linked from the page `body` of `page_url`:
    (url, "child" or "next"), as `links.report_part_candidates`."""
    return report_part_candidates(report_url, page_url, content.decode_html(body, content_type))


def part_belongs(kind: str, body: bytes, content_type: str | None) -> bool:
    """Whether a fetched part is part of the report: a child page is; a page reached by a "Volgende" link must
    show it continues the report (`content.continues_report`)."""
    if content.sniff_media_type(body, content_type) != content.HTML:
        return False
    return kind != "next" or content.continues_report(content.decode_html(body, content_type))


def combine_parts(pages: list[tuple[str, bytes, str | None]]) -> bytes:
    """One HTML document of a web report's pages (url, body, content type), as the crawl stores it."""
    return content.combine_report_pages([(url, content.decode_html(body, ctype)) for url, body, ctype in pages])
