"""The report spider: a short declaration; decisions live in links.py, content.py and jobs.py.

Per submission it fetches the submitted URL, follows redirects itself (so the
safety middleware sees every hop), recognises a report or explores the
landing page's best links, and yields exactly one `SubmissionResult`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import content, hosting
from crawler.jobs import (
    MAX_REQUESTS_PER_SUBMISSION,
    CrawlJob,
    CrawlStopped,
    FetchRecord,
    FoundDocument,
    JobState,
    ReportParts,
    SubmissionResult,
    classify_failure,
)
from crawler.landing import page_is_report
from crawler.links import (
    MAX_REPORT_PARTS,
    LinkCandidate,
    child_sitemaps,
    report_links,
    report_part_candidates,
    sitemap_links,
)
from kb.models import Outcome

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 503}  # "too many requests" / "try again later": asked once more, after Retry-After
RETRY_DELAY, MAX_RETRY_DELAY = 5.0, 30.0  # seconds: without Retry-After / at most (it never holds a connection)
Step = scrapy.Request | SubmissionResult


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def retry_delay(retry_after: str | None, now: datetime | None = None) -> float:
    """Seconds to wait before asking again: Retry-After in seconds or as an HTTP date, kept within bounds."""
    value = (retry_after or "").strip()
    if value.isdigit():
        delay = float(value)
    elif value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return RETRY_DELAY
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        delay = (when - (now or datetime.now(UTC))).total_seconds()
    else:
        return RETRY_DELAY
    return min(MAX_RETRY_DELAY, max(0.0, delay))


class ReportSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, jobs: list[CrawlJob], max_depth: int = 2, max_redirects: int = 10, **kw: Any) -> None:
        super().__init__(**kw)
        self.jobs = jobs
        self.max_depth = max_depth
        self.max_redirects = max_redirects

    async def start(self) -> AsyncIterator[Any]:
        for job in self.jobs:
            state = JobState(job)
            prior = job.prior
            if prior is not None:
                yield self.request(state, prior.url, "recheck", 0, headers=prior.conditional_headers())
            else:
                yield self.request(state, job.url, "submitted", 0)

    # ------------------------------------------------------------------ requests

    def request(self, state: JobState, url: str, role: str, depth: int, chain: tuple[str, ...] = (),
                score: float | None = None, headers: dict[str, str] | None = None,
                recheck_part: bool = False, delay: float | None = None) -> scrapy.Request:
        if not chain:
            state.requests += 1
            state.tried.setdefault(url, "pending")
        hosted = hosting.download_url(url)
        if hosted:  # a shared-file link (Google Drive, Dropbox): its download form, as if the link redirected there
            chain, url = (*chain, url), hosted
        meta = {"state": state, "role": role, "depth": depth, "chain": chain, "score": score,
                "dont_redirect": True, "handle_httpstatus_all": True, "recheck_part": recheck_part}
        if delay is not None:  # a retry: the download handler waits this long before it takes a connection
            meta["kb_delay"] = delay
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta, headers=headers,
                              dont_filter=True, priority=-depth)

    def follow_hop(self, response: Response, target: str) -> Iterator[Step]:
        meta = response.meta
        chain = (*meta["chain"], response.url)
        state: JobState = meta["state"]
        seen = chain.count(target)
        if hosting.is_shared_folder(response.url):  # a folder's short link leads to its listing: named, not followed
            state.folder = state.folder or f"{hosting.service_of(response.url)}: {response.url}"
            self.record(state, meta, response.url, Outcome.OK, f"shared folder, not followed to {target}", response)
            state.landed = True
            yield from self.advance(state)
        # a site that sets a cookie and sends the browser back to the same URL (a cookie check) is no loop, once
        elif seen and not (seen == 1 and response.headers.getlist("Set-Cookie")):
            yield from self.fail(response, Outcome.REDIRECT_LOOP, f"redirect loop: {' -> '.join((*chain, target))}")
        elif len(chain) > self.max_redirects:
            yield from self.fail(response, Outcome.REDIRECT_LOOP, f"more than {self.max_redirects} redirects")
        else:
            yield self.request(state, target, meta["role"], meta["depth"], chain, meta["score"])

    # ------------------------------------------------------------------ callbacks

    def parse(self, response: Response, **_kw: Any) -> Iterator[Step]:
        status = response.status
        location = _header(response, "Location")
        if response.meta["recheck_part"]:
            yield from self.part_rechecked(response)
        elif status in REDIRECT_STATUSES and location:
            yield from self.follow_hop(response, response.urljoin(location))
        elif status == 304 and response.meta["role"] == "recheck":
            yield from self.unchanged(response)
        elif status in RETRY_STATUSES and "kb_delay" not in response.meta:
            yield from self.retry_later(response)
        elif status >= 400 or status in REDIRECT_STATUSES or status == 304:
            login = ": login required" if status == 401 else ""
            yield from self.fail(response, Outcome.HTTP_ERROR, f"HTTP {status}{login}")
        else:
            yield from self.on_body(response)

    def retry_later(self, response: Response) -> Iterator[Step]:
        """429/503: this attempt is a fetch row; the same request goes once more after the delay the site asks."""
        meta = response.meta
        delay = retry_delay(_header(response, "Retry-After"))
        state: JobState = meta["state"]
        self.record(state, meta, response.url, Outcome.HTTP_ERROR, f"HTTP {response.status}: asked again after "
                    f"{delay:g} s", response, None)
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.request.headers.items()
                   if k.lower() in (b"if-none-match", b"if-modified-since")} if response.request else None
        yield self.request(state, response.url, meta["role"], meta["depth"], meta["chain"], meta["score"],
                           headers=headers or None, recheck_part=meta["recheck_part"], delay=delay)

    def failed(self, failure: Failure) -> Iterator[Step]:
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, CrawlStopped):  # Ctrl-C: the submission stays without a result, for the next run
            return
        outcome, detail = classify_failure(failure.value)
        if outcome is Outcome.ROBOTS_DISALLOWED:
            detail = f"forbidden by {robots_url(request.url)}"
        state: JobState = request.meta["state"]
        self.record(state, request.meta, request.url, outcome, detail)
        yield from self.after_failure(state, request.meta, request.url, outcome, detail)

    def on_body(self, response: Response) -> Iterator[Step]:
        if not response.body.strip():
            yield from self.fail(response, Outcome.NO_REPORT_FOUND, f"empty response (HTTP {response.status}, "
                                 f"{len(response.body)} bytes)")
            return
        ctype = _header(response, "Content-Type")
        state: JobState = response.meta["state"]
        if response.meta["role"] == "sitemap":
            yield from self.on_sitemap(response, state)
            return
        media = content.sniff_media_type(response.body, ctype)
        if response.meta["role"] == "part" and media != content.HTML:
            yield from self.fail(response, Outcome.UNSUPPORTED_TYPE, f"report part is not an HTML page ({media})")
        elif media in (content.PDF, content.DOCX):
            yield from self.found(response, media)
        elif media == content.HTML:
            yield from self.on_html(response, state, content.decode_html(response.body, ctype))
        else:
            yield from self.fail(response, Outcome.UNSUPPORTED_TYPE, f"unsupported content ({ctype or 'no type'})")

    def on_html(self, response: Response, state: JobState, html: str) -> Iterator[Step]:
        meta = response.meta
        target = (content.refresh_header_target(response.url, _header(response, "Refresh"))
                  or content.client_redirect(response.url, html))
        target = target or hosting.download_form_target(response.url, html)
        if target:
            yield from self.follow_hop(response, target)
            return
        if meta["role"] == "part":
            yield from self.on_part(response, state, html)
            return
        if self.stopped_by(response, state, html):
            yield from self.advance(state)
            return
        self.record(state, meta, response.url, Outcome.OK, "html page", response, content.HTML)
        state.landed = True
        state.video = state.video or content.first_video(response.url, html)
        depth = meta["depth"]
        links = report_links(response.url, html, state.job.report_year) if depth < self.max_depth else []
        viewers = [c for c in links if c.kind == "viewer"]
        folders = [c for c in links if c.kind == "folder"]
        links = [c for c in links if c.kind not in ("viewer", "folder")]
        if viewers and not state.viewer:
            state.viewer = f"{hosting.viewer_only(viewers[0].url)}: {viewers[0].url}"
        if folders and not state.folder:
            state.folder = f"{hosting.service_of(folders[0].url)}: {folders[0].url}"
        service = hosting.service_of(response.url)
        if service and not links and not state.viewer:  # a file service's page we found no download form for
            state.viewer = f"{service}: {response.url}"
        if not links and hosting.is_cookie_wall(html):
            state.cookie_wall = state.cookie_wall or response.url
        if page_is_report(html, links):
            yield from self.on_report_page(response, state, html)
            return
        if meta["role"] == "recheck":
            yield from self.restart(state)
            return
        state.add_candidates([c for c in links if c.kind != "consent"], depth + 1)
        state.add_candidates([c for c in links if c.kind == "consent"], depth)
        yield from self.advance(state)

    def stopped_by(self, response: Response, state: JobState, html: str) -> bool:
        """A login page, a shared folder or a page of a viewer without a download: recorded and named, not explored."""
        meta = response.meta
        viewer = hosting.viewer_only(response.url)
        folder = next((url for url in (*meta["chain"], response.url) if hosting.is_shared_folder(url)), None)
        if hosting.is_login_page(response.url, html, bool(meta["chain"])):
            state.login = state.login or response.url
            detail = "login page"
        elif folder:
            state.folder = state.folder or f"{hosting.service_of(folder)}: {folder}"
            detail = "shared folder: its files are listed only in a browser"
        elif viewer:
            state.viewer = state.viewer or f"{viewer}: {response.url}"
            detail = f"online viewer without a download ({viewer})"
        else:
            return False
        self.record(state, meta, response.url, Outcome.OK, detail, response, content.HTML)
        state.landed = True
        return True

    # ------------------------------------------------------------------ web reports over several pages

    def on_report_page(self, response: Response, state: JobState, html: str) -> Iterator[Step]:
        """The page is the report: stored as it is, or first its further pages are fetched."""
        parts = report_part_candidates(response.url, response.url, html, MAX_REPORT_PARTS)
        if not parts:
            yield self.result(state, Outcome.OK, "html report", self.document(response, content.HTML))
            return
        state.report = ReportParts(response.url, html, response.meta.get("score"), response.meta["depth"])
        yield from self.request_parts(state, parts)

    def request_parts(self, state: JobState, parts: list[tuple[str, str]]) -> Iterator[Step]:
        report = state.report
        assert report is not None
        for url, kind in parts:
            if url != report.url and url not in report.pages and len(report.order) < MAX_REPORT_PARTS:
                report.order.append(url)
                report.pages[url] = None
                report.kinds[url] = kind
                report.waiting.add(url)
                yield self.request(state, url, "part", report.depth, score=report.score)

    def on_part(self, response: Response, state: JobState, html: str) -> Iterator[Step]:
        """A part arrived; one reached by a "Volgende" link elsewhere on the site must show it continues the report
        (the "Volgende" of the last part leads to the next news item or another section)."""
        report = state.report
        assert report is not None
        part_url = response.meta["chain"][0] if response.meta["chain"] else response.url
        belongs = report.kinds.get(part_url) != "next" or content.continues_report(html)
        detail = "report part" if belongs else "left out: a page after the report, not a part of it"
        self.record(state, response.meta, response.url, Outcome.OK, detail, response, content.HTML)
        state.landed = True
        yield from self.part_arrived(state, part_url, response.url, html if belongs else None)

    def part_arrived(self, state: JobState, part_url: str, final_url: str, html: str | None) -> Iterator[Step]:
        """A part came back (html None: it failed); its own part links are followed; the last one stores."""
        report = state.report
        assert report is not None
        report.waiting.discard(part_url)
        if html is not None:
            report.pages[part_url] = html
            yield from self.request_parts(state, report_part_candidates(report.url, final_url, html))
        if not report.waiting:
            pages = report.fetched()
            body = content.combine_report_pages(pages)
            doc = FoundDocument(url=report.url, body=body, media_type=content.HTML,
                                content_type="text/html; charset=utf-8", filename=content.filename_of(report.url, None),
                                etag=None, last_modified=None, score=report.score)  # no validators: parts may change
            yield self.result(state, Outcome.OK, f"html report in {len(pages)} pages", doc)

    # ------------------------------------------------------------------ outcomes

    def found(self, response: Response, media: str) -> Iterator[Step]:
        state: JobState = response.meta["state"]
        self.record(state, response.meta, response.url, Outcome.OK, "document", response, media)
        state.landed = True
        doc = self.document(response, media)
        yield self.result(state, Outcome.OK, None, doc)

    def unchanged(self, response: Response) -> Iterator[Step]:
        """The stored document answered 304; a web report of several pages re-checks its other pages too."""
        state: JobState = response.meta["state"]
        prior = state.job.prior
        assert prior is not None
        self.record(state, response.meta, response.url, Outcome.OK, "not modified (304)", response, None, True)
        if not prior.parts:
            yield self.result(state, Outcome.OK, "not modified since last crawl", unchanged=prior)
            return
        state.rechecking = {part.url for part in prior.parts}
        for part in prior.parts:
            yield self.request(state, part.url, "part", 0, headers=part.conditional_headers(), recheck_part=True)

    def part_rechecked(self, response: Response) -> Iterator[Step]:
        """A conditional re-check of a stored web report's page came back (no redirects followed)."""
        state: JobState = response.meta["state"]
        status = response.status
        if status == 304:
            self.record(state, response.meta, response.url, Outcome.OK, "report part not modified (304)", response,
                        None, True)
        else:
            outcome = Outcome.HTTP_ERROR if status >= 400 else Outcome.OK
            self.record(state, response.meta, response.url, outcome, f"report part changed (HTTP {status})", response,
                        content.sniff_media_type(response.body, _header(response, "Content-Type")))
            state.recheck_changed = True
        yield from self.after_part_recheck(state, response.url)

    def after_part_recheck(self, state: JobState, url: str) -> Iterator[Step]:
        """All pages 304: unchanged. Otherwise the report is fetched again from its first page and rebuilt."""
        state.rechecking.discard(url)
        if state.rechecking:
            return
        prior = state.job.prior
        assert prior is not None
        if not state.recheck_changed:
            yield self.result(state, Outcome.OK, "not modified since last crawl", unchanged=prior)
        else:
            yield self.request(state, prior.url, "recheck", 0)

    def fail(self, response: Response, outcome: Outcome, detail: str) -> Iterator[Step]:
        state: JobState = response.meta["state"]
        media = content.sniff_media_type(response.body, _header(response, "Content-Type"))
        self.record(state, response.meta, response.url, outcome, detail, response, media)
        yield from self.after_failure(state, response.meta, response.url, outcome, detail)

    def after_failure(self, state: JobState, meta: dict[str, Any], url: str, outcome: Outcome,
                      detail: str) -> Iterator[Step]:
        role, chain = meta["role"], meta["chain"]
        if meta.get("recheck_part"):
            state.recheck_changed = True
            yield from self.after_part_recheck(state, url)
            return
        if role == "part":
            yield from self.part_arrived(state, chain[0] if chain else url, url, None)
            return
        if role == "recheck":
            yield from self.restart(state, (role, outcome, detail))
            return
        state.failures.append((role, outcome, detail))
        yield from self.advance(state)

    def restart(self, state: JobState, failure: tuple[str, Outcome, str] | None = None) -> Iterator[Step]:
        """A conditional re-check did not give the report: crawl from the submitted URL again."""
        if state.job.url in state.tried:
            if failure:
                state.failures.append(failure)
            yield self.result(state, *state.failure_outcome())
        else:
            yield self.request(state, state.job.url, "submitted", 0)

    def advance(self, state: JobState) -> Iterator[Step]:
        nxt = self.next_of(state)
        if nxt is None:
            fallback = self.fallback(state)
            yield fallback if fallback is not None else self.result(state, *state.failure_outcome())
        else:
            cand, depth = nxt
            yield self.request(state, cand.url, "candidate" if cand.kind == "document" else "landing", depth,
                               score=cand.score)

    def fallback(self, state: JobState) -> scrapy.Request | None:
        """When the links ran out without a report (within the request cap): a submitted page that is gone (404,
        410) is replaced by the site's home page; then the site's sitemap.xml (and of a sitemap index its most
        promising sitemaps) is read for a report the pages do not link to. Never on a file or viewer service."""
        root = site_root(state.job.url)
        if state.requests >= MAX_REQUESTS_PER_SUBMISSION or hosting.service_of(root) is not None:
            return None
        gone = state.submitted_gone()
        if gone and root not in state.tried:
            state.notes.append(f"followed the site's home page {root}")
            return self.request(state, root, "landing", 0)
        if not (state.landed or gone):  # the site never answered: nothing more to ask it
            return None
        if not state.sitemap_asked:
            state.sitemap_asked = True
            state.notes.append(f"read the site's sitemap {root}sitemap.xml")
            return self.request(state, f"{root}sitemap.xml", "sitemap", 1)
        while state.sitemaps:
            url = state.sitemaps.pop(0)
            if url not in state.tried:
                return self.request(state, url, "sitemap", 1)
        return None

    def on_sitemap(self, response: Response, state: JobState) -> Iterator[Step]:
        """A sitemap arrived: its report-like addresses join the candidates, an index's sitemaps are read next."""
        pages, sitemaps = content.sitemap_locations(response.body)
        self.record(state, response.meta, response.url, Outcome.OK,
                    f"sitemap: {len(pages)} addresses, {len(sitemaps)} sitemaps", response, None)
        state.add_candidates(sitemap_links(response.url, pages, state.job.report_year), 1)
        state.sitemaps.extend(child_sitemaps(response.url, sitemaps))
        yield from self.advance(state)

    def next_of(self, state: JobState) -> tuple[LinkCandidate, int] | None:
        return state.next_candidate(self.max_depth)

    # ------------------------------------------------------------------ records

    def document(self, response: Response, media: str) -> FoundDocument:
        return FoundDocument(
            url=response.url, body=response.body, media_type=media,
            content_type=_header(response, "Content-Type"),
            filename=content.filename_of(response.url, _header(response, "Content-Disposition")),
            etag=_header(response, "ETag"), last_modified=_header(response, "Last-Modified"),
            score=response.meta.get("score"),
        )

    def record(self, state: JobState, meta: dict[str, Any], url: str, outcome: Outcome, detail: str | None,
               response: Response | None = None, media: str | None = None, not_modified: bool = False) -> None:
        chain: tuple[str, ...] = meta.get("chain", ())
        first = chain[0] if chain else url
        state.tried[first] = outcome.value
        latency = meta.get("download_latency")
        state.fetches.append(FetchRecord(
            url=first, role=meta["role"], depth=meta["depth"], outcome=outcome, detail=detail, final_url=url,
            redirects=chain, status=response.status if response is not None else None,
            content_type=_header(response, "Content-Type") if response is not None else None,
            media_type=media, bytes=len(response.body) if response is not None else 0,
            elapsed_ms=round(latency * 1000, 1) if latency else None,
            etag=_header(response, "ETag") if response is not None else None,
            last_modified=_header(response, "Last-Modified") if response is not None else None,
            not_modified=not_modified,
        ))

    def result(self, state: JobState, outcome: Outcome, detail: str | None, document: FoundDocument | None = None,
               unchanged: Any = None) -> SubmissionResult:
        self.crawler.stats.inc_value(f"kb/outcome/{outcome.value}")
        if outcome is Outcome.OK and state.notes and document is not None:  # found only after the links ran out
            gone = state.submitted_gone()
            detail = "; ".join(filter(None, (detail, f"submitted URL answered {gone}" if gone else None, *state.notes)))
        return SubmissionResult(state.job.submission_id, outcome, detail, tuple(state.fetches), document,
                                unchanged, state.candidate_list())
