"""Downloader middleware: address safety after DNS resolution, and giving up on failing sites.

Runs for every request, robots.txt and each redirect hop included (redirects
are followed by the spider, not by Scrapy, so every hop passes here).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.resolver import dnscache
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import threads
from twisted.internet.defer import Deferred, DeferredSemaphore

from crawler.jobs import CrawlRefusal, CrawlStopped, FetchRecord, classify_failure
from crawler.urls import site_of
from kb.models import Outcome
from kb.netguard import Resolution, check_host, is_ip_address

SITE_FAILURES = (Outcome.DNS_ERROR, Outcome.TIMEOUT)
# the spider sniffs every body itself; for these types Scrapy would otherwise scan the first 5 kB
# byte by byte in Python (responsetypes.from_body) only to pick the Response class
KNOWN_BINARY_TYPES = ("application/pdf", "application/octet-stream",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class BinaryResponse(Response):
    """A response Scrapy need not guess the class of (PDF, DOCX, octet-stream); the spider sniffs it."""


def register_binary_types() -> None:
    """Let Scrapy take the Response class of KNOWN_BINARY_TYPES from the Content-Type header."""
    from scrapy.responsetypes import responsetypes

    for mime in KNOWN_BINARY_TYPES:
        responsetypes.classes.setdefault(mime, BinaryResponse)


class SiteFailures:
    """DNS/timeout failures per site in this run; after `limit` of them a site gets no more slots."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.failures: dict[str, list[tuple[Outcome, str]]] = {}

    def add(self, site: str, outcome: Outcome, detail: str) -> None:
        self.failures.setdefault(site, []).append((outcome, detail))

    def gave_up(self, site: str) -> tuple[Outcome, str] | None:
        failures = self.failures.get(site, [])
        if self.limit and len(failures) >= self.limit:
            outcome, detail = failures[0]
            return outcome, f"site skipped after {len(failures)} earlier failures in this run ({detail})"
        return None

    def check(self, url: str) -> None:
        given_up = self.gave_up(site_of(url))
        if given_up:
            raise CrawlRefusal(given_up[1], given_up[0])


def pin_checked_address(host: str, resolution: Resolution) -> None:
    """Connect to the address that was checked: put it in Scrapy's DNS cache for `host`.

    Scrapy's resolver (IPv4, `socket.gethostbyname` in a thread) would otherwise look the host up a
    second time: one more thread round trip per host, and a name that resolves differently the
    second time (DNS rebinding) would reach an address nobody checked. Only IPv4 addresses are
    pinned, as that resolver returns nothing else.
    """
    if resolution.blocked or resolution.dns_error:
        return
    ipv4 = next((a for a in resolution.addresses if "." in a and ":" not in a), None)
    if ipv4 is not None:
        dnscache[host] = ipv4


def site_failures(crawler: Crawler) -> SiteFailures:
    """The run's shared failure registry (one per crawler)."""
    registry = getattr(crawler, "kb_site_failures", None)
    if registry is None:
        registry = SiteFailures(crawler.settings.getint("KB_SITE_FAILURE_LIMIT", 2))
        setattr(crawler, "kb_site_failures", registry)  # noqa: B010 - Crawler has no slot for it
    return registry


def stop_downloads(crawler: Crawler) -> None:
    """Ctrl-C: end every download at once (in flight, waiting for a slot or a retry delay), and refuse new ones.

    Scrapy's graceful stop waits for the downloads in flight (up to the download timeout, per slow site);
    the submissions they belonged to get no result and are taken by the next crawl.
    """
    for handler in getattr(crawler, "kb_download_handlers", ()):
        handler.stop()


class SafetyMiddleware:
    """Refuse blocked addresses before connecting; stop giving slots to sites that keep failing."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("KB_ALLOW_PRIVATE")
        self.resolved: dict[tuple[str, int], Resolution] = {}
        self.sites = site_failures(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafetyMiddleware:
        return cls(crawler)

    async def _resolve(self, host: str, port: int) -> Resolution:
        """The host's checked addresses, resolved once per run (an IP address needs no lookup thread)."""
        key = (host, port)
        if key not in self.resolved:
            if is_ip_address(host):
                resolution = check_host(host, port, self.allow_private)
            else:
                lookup = threads.deferToThread(check_host, host, port, self.allow_private)
                resolution = await maybe_deferred_to_future(lookup)
            self.resolved[key] = resolution
            pin_checked_address(host, resolution)
        return self.resolved[key]

    async def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlsplit(request.url)
        host = parts.hostname or ""
        self.sites.check(request.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        resolution = await self._resolve(host, port)
        if resolution.dns_error:
            self.sites.add(site_of(request.url), Outcome.DNS_ERROR, resolution.dns_error)
            raise CrawlRefusal(resolution.dns_error, Outcome.DNS_ERROR)
        if resolution.blocked:
            raise CrawlRefusal(f"refused address {resolution.blocked}", Outcome.BLOCKED_ADDRESS)


class RobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, fixed for several requests waiting on one site's robots.txt,
    and recording each robots.txt fetch.

    Awaiting the shared Deferred through `asFuture` consumes its result, so a second
    waiter got None and was allowed everything; each waiter gets its own relay here.
    A site's robots.txt fetch becomes a fetch row (role "robots") of the submission
    whose request made the middleware fetch it.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.fetching_for: dict[str, Request] = {}  # netloc -> the request that made us fetch its robots.txt

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred[RobotParser | None] = Deferred()

            def relay(result: Any) -> Any:
                waiter.callback(result)
                return result

            pending.addBoth(relay)
            return await maybe_deferred_to_future(waiter)
        if netloc not in self._parsers:
            self.fetching_for[netloc] = request
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if status < 400:
            outcome, detail = Outcome.OK, "robots.txt"
        else:
            outcome, detail = Outcome.HTTP_ERROR, f"HTTP {status}: no robots.txt, everything allowed"
        self._record(netloc, response.url, outcome, detail, response)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        request = self.fetching_for.get(netloc)
        outcome, detail = classify_failure(exc)
        if request is not None:
            self._record(netloc, f"{urlparse_cached(request).scheme}://{netloc}/robots.txt", outcome,
                         f"robots.txt not fetched, everything allowed: {detail}")
        super()._robots_error(exc, netloc)

    def _record(self, netloc: str, url: str, outcome: Outcome, detail: str, response: Response | None = None) -> None:
        request = self.fetching_for.pop(netloc, None)
        state = request.meta.get("state") if request is not None else None
        if state is None or request is None:
            return
        latency = response.meta.get("download_latency") if response is not None else None
        ctype = response.headers.get("Content-Type") if response is not None else None
        state.fetches.append(FetchRecord(
            url=url, role="robots", depth=request.meta.get("depth", 0), outcome=outcome, detail=detail, final_url=url,
            status=response.status if response is not None else None,
            content_type=ctype.decode("latin-1") if ctype else None,
            bytes=len(response.body) if response is not None else 0,
            elapsed_ms=round(latency * 1000, 1) if latency else None))


class GuardedDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler with a per-site and a global connection limit and the site give-up check.

    Scrapy 2.19's slot marks a request as transferring only once its download
    coroutine runs, so without a download delay a slot dispatches its whole queue
    at once; the per-site semaphore here enforces the per-site limit for real.
    Scrapy's CONCURRENT_REQUESTS counts every request inside the downloader,
    also those waiting for robots.txt or their site's turn, so it is set above
    the real limit (see run.py) and `KB_IN_FLIGHT` bounds the connections
    actually transferring. A request takes its site's slot first, then a global
    one, so it never holds a global slot while waiting for its site. Sites given
    up on while their requests waited are refused before connecting.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        register_binary_types()
        self.sites = site_failures(crawler)
        self.per_site = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2))
        self.gates: dict[str, DeferredSemaphore] = {}
        in_flight = crawler.settings.getint("KB_IN_FLIGHT") or crawler.settings.getint("CONCURRENT_REQUESTS", 16)
        self.in_flight = DeferredSemaphore(max(1, in_flight))
        self.stopping = False
        self.running: set[asyncio.Future[Response]] = set()
        # one handler per scheme (http, https); stop_downloads finds them on the crawler, which has no slot for them
        setattr(crawler, "kb_download_handlers", [*getattr(crawler, "kb_download_handlers", ()), self])  # noqa: B010

    def stop(self) -> None:
        self.stopping = True
        for work in list(self.running):
            work.cancel()

    async def download_request(self, request: Request) -> Response:
        """The download as a task of its own, so that `stop` can end it wherever it waits."""
        if self.stopping:
            raise CrawlStopped(request.url)
        work = asyncio.ensure_future(self._download(request))
        self.running.add(work)
        try:
            return await work
        except asyncio.CancelledError:
            if self.stopping:
                raise CrawlStopped(request.url) from None
            raise
        finally:
            self.running.discard(work)

    async def _download(self, request: Request) -> Response:
        delay = request.meta.get("kb_delay")
        if delay:  # a retry the site asked for later: wait without holding the site's or a global slot
            from twisted.internet import reactor, task

            await maybe_deferred_to_future(task.deferLater(reactor, delay))
        site = site_of(request.url)
        gate = self.gates.get(site)
        if gate is None:
            gate = self.gates[site] = DeferredSemaphore(self.per_site)
        if gate.tokens:
            gate.acquire()  # fires at once
        else:
            await maybe_deferred_to_future(gate.acquire())
        try:
            if self.in_flight.tokens:
                self.in_flight.acquire()
            else:
                await maybe_deferred_to_future(self.in_flight.acquire())
            try:
                return await self._guarded(request)
            finally:
                self.in_flight.release()
        finally:
            gate.release()

    async def _guarded(self, request: Request) -> Response:
        self.sites.check(request.url)
        try:
            return await super().download_request(request)
        except Exception as exc:  # counted here, before the slot takes the site's next request
            outcome, detail = classify_failure(exc)
            if outcome in SITE_FAILURES:
                self.sites.add(site_of(request.url), outcome, detail)
            raise
