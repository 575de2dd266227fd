"""Downloader middleware: address safety after DNS resolution, and giving up on failing sites.

Runs for every request, robots.txt and each redirect hop included (redirects
are followed by the spider, not by Scrapy, so every hop passes here).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.jobs import CrawlRefusal, classify_failure
from crawler.netguard import Resolution, check_host
from crawler.urls import site_of
from kb.models import Outcome

SITE_FAILURES = (Outcome.DNS_ERROR, Outcome.TIMEOUT)


class SafetyMiddleware:
    """Refuse blocked addresses before connecting; stop giving slots to sites that keep failing."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("KB_ALLOW_PRIVATE")
        self.failure_limit = crawler.settings.getint("KB_SITE_FAILURE_LIMIT", 2)
        self.resolved: dict[tuple[str, int], Resolution] = {}
        self.site_failures: dict[str, list[tuple[Outcome, str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafetyMiddleware:
        return cls(crawler)

    def gave_up(self, site: str) -> tuple[Outcome, str] | None:
        failures = self.site_failures.get(site, [])
        if self.failure_limit and len(failures) >= self.failure_limit:
            outcome, detail = failures[0]
            return outcome, f"site skipped after {len(failures)} earlier failures in this run ({detail})"
        return None

    async def _resolve(self, host: str, port: int) -> Resolution:
        key = (host, port)
        if key not in self.resolved:
            loop = asyncio.get_running_loop()
            self.resolved[key] = await loop.run_in_executor(None, check_host, host, port, self.allow_private)
        return self.resolved[key]

    async def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlsplit(request.url)
        host = parts.hostname or ""
        given_up = self.gave_up(site_of(request.url))
        if given_up:
            raise CrawlRefusal(given_up[1], given_up[0])
        port = parts.port or (443 if parts.scheme == "https" else 80)
        resolution = await self._resolve(host, port)
        if resolution.dns_error:
            raise CrawlRefusal(resolution.dns_error, Outcome.DNS_ERROR)
        if resolution.blocked:
            raise CrawlRefusal(f"refused address {resolution.blocked}", Outcome.BLOCKED_ADDRESS)

    def process_exception(self, request: Request, exception: BaseException, spider: Any = None) -> None:
        outcome, detail = classify_failure(exception)
        refused_early = isinstance(exception, CrawlRefusal) and "site skipped" in exception.detail
        if outcome in SITE_FAILURES and not refused_early:
            self.site_failures.setdefault(site_of(request.url), []).append((outcome, detail))


class RobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, fixed for several requests waiting on one site's robots.txt.

    Awaiting the shared Deferred through `asFuture` consumes its result, so a second
    waiter got None and was allowed everything; each waiter gets its own relay here.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred[RobotParser | None] = Deferred()

            def relay(result: Any) -> Any:
                waiter.callback(result)
                return result

            pending.addBoth(relay)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)
