"""A crawl run: pick the submissions, run Scrapy in-process, record the run.

Scrapy's settings are built from `kb.settings.Settings`. `crawl(..., isolate=True)`
runs the same crawl in a forked child process (Twisted's reactor cannot be
restarted, so tests and long-lived callers that crawl more than once use it).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, or_, select

from crawler import content
from crawler.jobs import CrawlJob, PriorDocument, PriorPage
from kb.db import session_scope
from kb.models import Outcome
from kb.schema import CrawlResult, CrawlRun, Document, Fetch, Submission, SubmissionDocument, utcnow
from kb.settings import Settings

AUTOTHROTTLE_START_DELAY = 0.1  # seconds; AutoThrottle then follows the site's latency
AUTOTHROTTLE_MAX_DELAY = 30.0
CONCURRENT_ITEMS = 1  # outputs of a callback handled one by one: one asyncio worker task per response, not two
SCHEDULING_HEADROOM = 4  # Scrapy's active-request limit as a multiple of the real in-flight limit
# Scrapy components a report crawl does without: not built, not even imported (RemoteControl alone
# imports aiohttp, ~0.4 s per crawl), and their per-request or per-output work is not done
SWITCHED_OFF = frozenset({
    # extensions: remote control and telnet (ports), memory checks, feeds, job state, periodic log lines
    "scrapy.extensions.remote_control.RemoteControl", "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.memusage.MemoryUsage", "scrapy.extensions.memdebug.MemoryDebugger",
    "scrapy.extensions.feedexport.FeedExporter", "scrapy.extensions.spiderstate.SpiderState",
    "scrapy.extensions.logstats.LogStats",
    # downloader middlewares: the spider follows redirects (every hop address-checked) and does not retry;
    # robots.txt is crawler.middlewares.RobotsMiddleware; no allowed_domains, no HTTP auth, no HTTP cache;
    # DownloaderStats rebuilt every request's raw bytes for a statistic nobody reads
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware",
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware",
    "scrapy.downloadermiddlewares.retry.RetryMiddleware",
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware",
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware",
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware",
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware",
    "scrapy.downloadermiddlewares.stats.DownloaderStats",
    # spider middlewares: the spider keeps its own depth (DepthMiddleware overwrote it with "parent + 1",
    # also for redirect hops and report parts), no Referer, no URL-length filter, no meta-copy warnings
    "scrapy.spidermiddlewares.depth.DepthMiddleware",
    "scrapy.spidermiddlewares.referer.RefererMiddleware",
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware",
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware",
})
COMPONENT_TABLES = ("EXTENSIONS_BASE", "DOWNLOADER_MIDDLEWARES_BASE", "SPIDER_MIDDLEWARES_BASE")


def component_tables() -> dict[str, dict[str, int]]:
    """Scrapy's base component tables without the switched-off components.

    Switching a component off with None in EXTENSIONS etc. still imports it (Scrapy resolves every key
    of the merged table), so the *_BASE tables themselves are replaced.
    """
    from scrapy.settings import default_settings

    return {name: {path: prio for path, prio in getattr(default_settings, name).items() if path not in SWITCHED_OFF}
            for name in COMPONENT_TABLES}


@dataclass
class CrawlSummary:
    """What a crawl run did (also stored on its crawl_run row)."""

    run_id: int
    status: str
    submissions: int
    counts: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0


def scrapy_settings(settings: Settings, run_id: int) -> dict[str, Any]:
    """Scrapy settings derived from kb settings (the one place they are translated)."""
    return {
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": settings.obey_robots,
        # Scrapy counts requests waiting for robots.txt or their site's turn as active; the download
        # handler bounds the real connections to settings.concurrent_requests (KB_IN_FLIGHT)
        "CONCURRENT_REQUESTS": settings.concurrent_requests * SCHEDULING_HEADROOM,
        "KB_IN_FLIGHT": settings.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.concurrent_per_site,
        "DOWNLOAD_TIMEOUT": settings.download_timeout,
        "DOWNLOAD_MAXSIZE": settings.max_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "AUTOTHROTTLE_ENABLED": settings.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": settings.autothrottle_target,
        "AUTOTHROTTLE_START_DELAY": AUTOTHROTTLE_START_DELAY,
        "AUTOTHROTTLE_MAX_DELAY": AUTOTHROTTLE_MAX_DELAY,
        "DOWNLOAD_DELAY": 0,
        # a callback yields one or two steps; Scrapy's default (100) starts 100 asyncio tasks per response
        "CONCURRENT_ITEMS": CONCURRENT_ITEMS,
        # Scrapy re-reads and parses a generator callback's source (inspect + ast) on every call to warn
        # about `return value` in generators: ~5 % of the crawl's CPU; the spider's callbacks return None
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        "REDIRECT_ENABLED": False,  # the spider follows redirects so every hop is address-checked
        "METAREFRESH_ENABLED": False,
        "RETRY_ENABLED": False,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        "MEMUSAGE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,
        "REACTOR_THREADPOOL_MAXSIZE": 20,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        **component_tables(),
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.SafetyMiddleware": 50,
            "crawler.middlewares.RobotsMiddleware": 100,
        },
        "DOWNLOAD_HANDLERS": {
            "http": "crawler.middlewares.GuardedDownloadHandler",
            "https": "crawler.middlewares.GuardedDownloadHandler",
        },
        "ITEM_PIPELINES": {"crawler.pipelines.StoreResultPipeline": 100},
        "KB_SETTINGS": settings,
        "KB_RUN_ID": run_id,
        "KB_ALLOW_PRIVATE": settings.allow_private,
        "KB_SITE_FAILURE_LIMIT": settings.site_failure_limit,
    }


def store_interrupted_runs(engine: Engine) -> None:
    """Runs still 'running' when a new one starts were killed: mark them interrupted."""
    with session_scope(engine) as session:
        for run in session.scalars(select(CrawlRun).where(CrawlRun.status == "running")):
            run.status = "interrupted"


def _latest_validators(session: Any, submission_id: int, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """The ETag and Last-Modified each URL was last served with to this submission (from its fetch rows)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    rows = session.execute(
        select(Fetch.url, Fetch.final_url, Fetch.etag, Fetch.last_modified)
        .where(Fetch.submission_id == submission_id, Fetch.outcome == Outcome.OK.value,
               or_(Fetch.url.in_(urls), Fetch.final_url.in_(urls)),
               or_(Fetch.etag.is_not(None), Fetch.last_modified.is_not(None)))
        .order_by(Fetch.id)).all()
    for url, final_url, etag, modified in rows:  # oldest first: the latest validators win
        for key in {url, final_url} & set(urls):
            old_etag, old_modified = found.get(key, (None, None))
            found[key] = (etag or old_etag, modified or old_modified)
    return found


def _prior(session: Any, submission_id: int) -> PriorDocument | None:
    row = session.execute(
        select(SubmissionDocument, Document).join(Document, Document.id == SubmissionDocument.document_id)
        .where(SubmissionDocument.submission_id == submission_id, SubmissionDocument.is_current.is_(True))
    ).first()
    if row is None:
        return None
    link, doc = row
    prior = PriorDocument(doc.id, link.url or doc.url or "", doc.etag, doc.last_modified, doc.sha256,
                          doc.media_type, doc.size)
    pages = _report_pages(doc) if doc.media_type == content.HTML and not (doc.etag or doc.last_modified) else []
    if pages:  # a web report of several pages: each page is re-checked with its own validators
        validators = _latest_validators(session, submission_id, pages)
        etag, modified = validators.get(pages[0], (None, None))
        prior = replace(prior, url=pages[0], etag=etag, last_modified=modified,
                        parts=tuple(PriorPage(url, *validators.get(url, (None, None))) for url in pages[1:]))
    return prior


def _report_pages(doc: Document) -> list[str]:
    try:
        return content.report_page_urls(Path(doc.storage_path).read_bytes())
    except OSError:
        return []


def load_jobs(engine: Engine, refresh: bool) -> list[CrawlJob]:
    """Submissions to crawl: without a result yet, or all crawlable ones on --refresh."""
    with session_scope(engine) as session:
        stmt = select(Submission).where(Submission.status == "pending", Submission.submitted_url.is_not(None))
        if not refresh:
            stmt = stmt.where(Submission.outcome.is_(None))
        subs = list(session.scalars(stmt.order_by(Submission.id)))
        return [CrawlJob(s.id, s.submitted_url or "", s.report_year, _prior(session, s.id) if refresh else None)
                for s in subs]


def store_new_run(engine: Engine, settings: Settings, refresh: bool) -> int:
    public = {k: v for k, v in asdict(settings).items() if k not in {"database_url"}}
    with session_scope(engine) as session:
        run = CrawlRun(refresh=refresh, settings=public, status="running")
        session.add(run)
        session.flush()
        return run.id


def store_run_end(engine: Engine, run_id: int, status: str) -> CrawlSummary:
    """Count outcomes, requests and bytes of the run and close it."""
    with session_scope(engine) as session:
        counts = dict(session.execute(select(CrawlResult.outcome, func.count()).where(CrawlResult.run_id == run_id)
                                      .group_by(CrawlResult.outcome)).tuples().all())
        requests, nbytes = session.execute(select(func.count(Fetch.id), func.coalesce(func.sum(Fetch.bytes), 0))
                                           .where(Fetch.run_id == run_id)).one()
        run = session.get(CrawlRun, run_id)
        assert run is not None
        run.finished_at, run.status, run.counts = utcnow(), status, counts
        run.requests, run.bytes = int(requests), int(nbytes)
        seconds = (run.finished_at - run.started_at).total_seconds()
        return CrawlSummary(run_id, status, sum(counts.values()), counts, int(requests), int(nbytes), seconds)


def run_scrapy(settings: Settings, run_id: int, jobs: list[CrawlJob]) -> str:
    """Run the spider in this process; returns the close reason."""
    from scrapy.crawler import CrawlerProcess

    from crawler.middlewares import stop_downloads
    from crawler.spider import ReportSpider

    class PromptStopProcess(CrawlerProcess):
        """Ctrl-C / SIGTERM stop the crawl at once: Scrapy's graceful stop alone waits for every download in
        flight (up to the download timeout on a slow site); finished results are stored, the rest is left."""

        def _signal_shutdown(self, signum: int, frame: Any) -> None:
            from twisted.internet import reactor

            for crawler in self.crawlers:
                reactor.callFromThread(stop_downloads, crawler)
            super()._signal_shutdown(signum, frame)

    process = PromptStopProcess(scrapy_settings(settings, run_id))
    crawler = process.create_crawler(ReportSpider)
    process.crawl(crawler, jobs=jobs, max_depth=settings.max_depth, max_redirects=settings.max_redirects)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return str(stats.get("finish_reason", "finished"))


def _child(settings: Settings, run_id: int, jobs: list[CrawlJob]) -> None:
    reason = run_scrapy(settings, run_id, jobs)
    raise SystemExit(0 if reason == "finished" else 3)


def preload_scrapy() -> None:
    """Import Scrapy's components once in the parent so forked children start fast."""
    from scrapy.settings import default_settings as ds
    from scrapy.utils.misc import load_object

    import crawler.middlewares  # noqa: F401
    import crawler.pipelines  # noqa: F401
    import crawler.spider  # noqa: F401

    tables: list[dict[str, Any]] = [*component_tables().values(), ds.DOWNLOAD_HANDLERS_BASE]
    for table in tables:
        for path in [*table.keys(), *table.values()]:
            if not isinstance(path, str) or "." not in path:
                continue
            try:
                load_object(path)
            except Exception:  # noqa: BLE001 - optional components (h2, boto) may be missing
                continue


def run_isolated(settings: Settings, run_id: int, jobs: list[CrawlJob]) -> str:
    """Run the spider in a forked child; a killed child leaves the run to be marked interrupted."""
    preload_scrapy()
    proc = multiprocessing.get_context("fork").Process(target=_child, args=(settings, run_id, jobs))
    proc.start()
    proc.join()
    return "finished" if proc.exitcode == 0 else f"exit {proc.exitcode}"


def crawl(settings: Settings, engine: Engine, refresh: bool = False, isolate: bool = False,
          progress: Callable[[str], None] | None = None) -> CrawlSummary:
    """Crawl the submissions that have no result yet (all of them on `refresh`) as one recorded run."""
    store_interrupted_runs(engine)
    jobs = load_jobs(engine, refresh)
    run_id = store_new_run(engine, settings, refresh)
    if progress:
        progress(f"crawl run {run_id}: {len(jobs)} submissions")
    reason = "finished"
    if jobs:
        runner = run_isolated if isolate else run_scrapy
        reason = runner(settings, run_id, jobs)
    status = "done" if reason == "finished" else "interrupted"
    return store_run_end(engine, run_id, status)
