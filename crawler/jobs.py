"""What crosses the crawler: fetch records, found documents, per-submission state and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from twisted.internet import defer, error

from crawler.links import LinkCandidate
from kb.models import Outcome

MAX_REQUESTS_PER_SUBMISSION = 12
KEPT_CANDIDATES = 8


class CrawlRefusal(Exception):
    """Raised by the safety middleware: the request is refused before connecting."""

    outcome = Outcome.BLOCKED_ADDRESS

    def __init__(self, detail: str, outcome: Outcome | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if outcome is not None:
            self.outcome = outcome


class CrawlStopped(Exception):
    """A download ended because the crawl was stopped (Ctrl-C): its submission stays without a result."""


@dataclass(frozen=True)
class FetchRecord:
    """One HTTP attempt (redirect hops included in `redirects`)."""

    url: str
    role: str
    depth: int
    outcome: Outcome
    detail: str | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    status: int | None = None
    content_type: str | None = None
    media_type: str | None = None
    bytes: int = 0
    elapsed_ms: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    sha256: str | None = None


@dataclass(frozen=True)
class FoundDocument:
    """A report found by the crawl, with its bytes."""

    url: str
    body: bytes
    media_type: str
    content_type: str | None
    filename: str | None
    etag: str | None
    last_modified: str | None
    score: float | None


@dataclass(frozen=True)
class PriorPage:
    """A further page of a stored web report, with the validators it was last served with."""

    url: str
    etag: str | None = None
    last_modified: str | None = None

    def conditional_headers(self) -> dict[str, str]:
        headers = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {k: v for k, v in headers.items() if v}


@dataclass(frozen=True)
class PriorDocument:
    """The submission's current stored document: re-checked with a conditional request on --refresh.

    A web report stored from several pages has the validators of its first page here and its
    further pages in `parts`: unchanged only when every page answers 304.
    """

    document_id: int
    url: str
    etag: str | None
    last_modified: str | None
    sha256: str
    media_type: str
    size: int
    parts: tuple[PriorPage, ...] = ()

    def conditional_headers(self) -> dict[str, str]:
        return PriorPage(self.url, self.etag, self.last_modified).conditional_headers()


@dataclass(frozen=True)
class SubmissionResult:
    """The one outcome of one submission in this run (the item the pipeline stores)."""

    submission_id: int
    outcome: Outcome
    detail: str | None
    fetches: tuple[FetchRecord, ...]
    document: FoundDocument | None = None
    unchanged: PriorDocument | None = None
    candidates: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class CrawlJob:
    """A submission to crawl."""

    submission_id: int
    url: str
    report_year: int | None
    prior: PriorDocument | None = None


@dataclass
class ReportParts:
    """A web report spread over pages, while its parts are fetched: first page plus parts in link order."""

    url: str
    html: str
    score: float | None
    depth: int = 0  # of the first page; parts are fetched at this depth
    order: list[str] = field(default_factory=list)
    pages: dict[str, str | None] = field(default_factory=dict)  # part url -> html; None: failed or left out
    waiting: set[str] = field(default_factory=set)
    kinds: dict[str, str] = field(default_factory=dict)  # part url -> "child" (path under the report) / "next"

    def fetched(self) -> list[tuple[str, str]]:
        """(url, html) of the first page and every part that arrived, in link order."""
        return [(self.url, self.html)] + [(u, h) for u in self.order if (h := self.pages.get(u))]


@dataclass
class JobState:
    """Mutable state of one submission while the spider works on it."""

    job: CrawlJob
    pool: dict[str, tuple[LinkCandidate, int]] = field(default_factory=dict)  # url -> (candidate, depth)
    tried: dict[str, str] = field(default_factory=dict)  # url -> outcome
    fetches: list[FetchRecord] = field(default_factory=list)
    failures: list[tuple[str, Outcome, str]] = field(default_factory=list)  # (role, outcome, detail)
    requests: int = 0
    landed: bool = False  # some page or document of the site answered
    report: ReportParts | None = None  # a web report whose further pages are being fetched
    rechecking: set[str] = field(default_factory=set)  # parts of a stored web report awaiting their 304
    recheck_changed: bool = False  # a part of the stored web report did not answer 304
    video: str | None = None  # the first video player a fetched page embeds
    viewer: str | None = None  # "issuu: <url>": the report in an online viewer that offers no download
    folder: str | None = None  # "SharePoint: <url>": a shared folder, whose files only a browser lists
    notes: list[str] = field(default_factory=list)  # the ways tried after the links ran out (home page, sitemap)
    sitemaps: list[str] = field(default_factory=list)  # sitemaps still to read (of a sitemap index)
    sitemap_asked: bool = False
    login: str | None = None  # a login page the crawl was sent to
    cookie_wall: str | None = None  # a page whose only way on is a consent form sent by POST

    def add_candidates(self, candidates: list[LinkCandidate], depth: int) -> None:
        for cand in candidates:
            known = self.pool.get(cand.url)
            if known is None or known[0].score < cand.score:
                self.pool[cand.url] = (cand, depth)

    def next_candidate(self, max_depth: int) -> tuple[LinkCandidate, int] | None:
        if self.requests >= MAX_REQUESTS_PER_SUBMISSION:
            return None
        open_ = [(c, d) for url, (c, d) in self.pool.items() if url not in self.tried and d <= max_depth]
        open_.sort(key=lambda cd: (-cd[0].score, cd[0].kind != "document", cd[1], -(cd[0].year or 0), cd[0].url))
        return open_[0] if open_ else None

    def candidate_list(self) -> tuple[dict[str, Any], ...]:
        ranked = sorted(self.pool.values(), key=lambda cd: -cd[0].score)[:KEPT_CANDIDATES]
        return tuple(
            {"url": c.url, "score": c.score, "kind": c.kind, "depth": d, "anchor": c.anchor,
             "reasons": list(c.reasons), "tried": self.tried.get(c.url)}
            for c, d in ranked
        )

    def submitted_gone(self) -> str | None:
        """The detail of the submitted URL's answer when that said the page is gone (HTTP 404 or 410)."""
        return next((detail for role, outcome, detail in self.failures if role == "submitted"
                     and outcome is Outcome.HTTP_ERROR and detail.startswith(("HTTP 404", "HTTP 410"))), None)

    def failure_outcome(self) -> tuple[Outcome, str]:
        """The outcome when no report was stored."""
        if not self.landed and self.failures:
            _role, outcome, detail = self.failures[0]
            return outcome, detail
        gone = self.submitted_gone()
        if gone:  # the submitted link is dead: that is the outcome, whatever the rest of the site gave
            return Outcome.HTTP_ERROR, f"{gone}; {'; '.join(self.notes)}: no report found there either"
        for role, outcome, detail in self.failures:
            if role == "candidate" and outcome is not Outcome.HTTP_ERROR:
                return outcome, f"best report candidate failed: {detail}"
        tried = len(self.tried)
        best = max((c.score for c, _d in self.pool.values()), default=None)
        detail = f"no report among {tried} fetched URLs (best link score {best})"
        # what stopped the crawl, first: a person can look there (the crawl never logs in or posts forms)
        if self.login:
            detail = f"login required at {self.login}; {detail}"
        elif self.cookie_wall:
            detail = f"cookie wall at {self.cookie_wall} that needs a consent form sent by POST (not sent); {detail}"
        if self.viewer:
            detail += f"; the report may be in an online viewer without a download, for a person to look: {self.viewer}"
        if self.folder:
            detail += ("; the report may be in a shared folder, whose files the crawl cannot list (a browser shows "
                       f"them), for a person to look: {self.folder}")
        if self.video:  # the handreikingen allow a kwaliteitsbeeld in video form: say so, for a person to look
            detail += f"; the site embeds a video, possibly the kwaliteitsbeeld itself: {self.video}"
        return Outcome.NO_REPORT_FOUND, detail


def classify_failure(exc: BaseException) -> tuple[Outcome, str]:
    """Map a download failure to an outcome (never raises)."""
    from scrapy import exceptions as sx

    name = type(exc).__name__
    text = str(exc) or name
    if isinstance(exc, CrawlRefusal):
        return exc.outcome, exc.detail
    if isinstance(exc, sx.IgnoreRequest) and "robots" in text.lower():
        return Outcome.ROBOTS_DISALLOWED, "forbidden by robots.txt"
    if isinstance(exc, sx.IgnoreRequest) and "DOWNLOAD_MAXSIZE" in text:  # a compressed body that unpacks too big
        return Outcome.TOO_LARGE, f"stopped at the size cap while decompressing: {text}"
    if isinstance(exc, sx.CannotResolveHostError | error.DNSLookupError):
        return Outcome.DNS_ERROR, f"DNS lookup failed: {text}"
    if isinstance(exc, sx.DownloadTimeoutError | error.TimeoutError | error.TCPTimedOutError | defer.TimeoutError):
        return Outcome.TIMEOUT, text
    if isinstance(exc, sx.DownloadCancelledError | defer.CancelledError):
        return Outcome.TOO_LARGE, f"download stopped at the size cap: {text}"
    return Outcome.CONNECTION_ERROR, f"{name}: {text}"
