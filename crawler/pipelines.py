"""Item pipeline: store submission results in batches (documents, links, fetches, results) off the reactor.

Results are buffered and written in one transaction per batch by a single
writer thread: a batch is flushed when it holds `BATCH_SIZE` results or
`BATCH_BYTES` of document bodies, when its oldest result is `FLUSH_SECONDS` old,
and when the spider closes. A killed run
therefore loses at most the last `FLUSH_SECONDS` of results, which the next
crawl fetches again (they have no outcome yet).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session
from twisted.internet import threads
from twisted.internet.defer import Deferred
from twisted.python.threadpool import ThreadPool

from crawler.jobs import FetchRecord, FoundDocument, SubmissionResult
from kb.db import make_engine, session_scope
from kb.models import Outcome
from kb.schema import CrawlResult, Document, Fetch, Submission, SubmissionDocument, utcnow
from kb.settings import Settings
from kb.storage import store_bytes

BATCH_SIZE = 100
BATCH_BYTES = 32 * 1024 * 1024  # document bodies wait in the buffer: flush before they add up
logger = logging.getLogger(__name__)
FLUSH_SECONDS = 0.5
MAX_WAITING_BATCHES = 2  # more batches than this waiting for the writer: process_item waits


def store_document(session: Session, settings: Settings, found: FoundDocument) -> Document:
    """Store the bytes content-addressed and upsert the `document` row by sha256."""
    sha, path = store_bytes(settings, found.body)
    doc = session.scalars(select(Document).where(Document.sha256 == sha)).first()
    if doc is None:
        doc = Document(sha256=sha, media_type=found.media_type, size=len(found.body), storage_path=str(path),
                       url=found.url, filename=found.filename, etag=found.etag, last_modified=found.last_modified)
        session.add(doc)
        session.flush()
    elif found.etag or found.last_modified:
        doc.etag, doc.last_modified = found.etag or doc.etag, found.last_modified or doc.last_modified
    return doc


def store_link(session: Session, submission_id: int, doc: Document, url: str | None, score: float | None,
               run_id: int) -> None:
    """Link submission -> document; a new document becomes current, older links stay (not current)."""
    session.execute(update(SubmissionDocument)
                    .where(SubmissionDocument.submission_id == submission_id, SubmissionDocument.document_id != doc.id)
                    .values(is_current=False), execution_options={"synchronize_session": False})
    link = session.scalars(select(SubmissionDocument).where(
        SubmissionDocument.submission_id == submission_id, SubmissionDocument.document_id == doc.id)).first()
    if link is None:
        session.add(SubmissionDocument(submission_id=submission_id, document_id=doc.id, url=url, score=score,
                                       run_id=run_id, is_current=True))
    else:
        link.is_current, link.last_seen_at, link.run_id = True, utcnow(), run_id


def _fetch_row(record: FetchRecord, run_id: int, submission_id: int, doc_url: str | None,
               sha: str | None) -> dict[str, Any]:
    values = asdict(record)
    is_doc = record.outcome is Outcome.OK and doc_url is not None and record.final_url == doc_url
    values.update(outcome=record.outcome.value, redirects=list(record.redirects), run_id=run_id,
                  submission_id=submission_id, sha256=sha if is_doc else None)
    return values


def _store_one(session: Session, settings: Settings, run_id: int, item: SubmissionResult,
               rows: dict[str, list[dict[str, Any]]]) -> None:
    """Document and link of one result (ORM: they need ids); its plain rows go to `rows` for bulk insert."""
    doc: Document | None = None
    url = content_type = None
    if item.document is not None:
        doc = store_document(session, settings, item.document)
        url, content_type = item.document.url, item.document.content_type
        store_link(session, item.submission_id, doc, url, item.document.score, run_id)
    elif item.unchanged is not None:
        doc = session.get(Document, item.unchanged.document_id)
        url, content_type = item.unchanged.url, item.unchanged.media_type
        if doc is not None:
            store_link(session, item.submission_id, doc, url, None, run_id)
    sha = doc.sha256 if doc is not None else None
    rows["fetch"] += [_fetch_row(f, run_id, item.submission_id, url, sha) for f in item.fetches]
    rows["result"].append({"run_id": run_id, "submission_id": item.submission_id, "outcome": item.outcome.value,
                           "detail": item.detail, "document_url": url, "document_id": doc.id if doc else None,
                           "content_type": content_type, "bytes": doc.size if doc else 0, "sha256": sha,
                           "candidates": list(item.candidates), "finished_at": utcnow()})
    rows["submission"].append({"id": item.submission_id, "outcome": item.outcome.value,
                               "outcome_detail": item.detail, "last_crawled_at": utcnow()})


def store_results(engine: Engine, settings: Settings, run_id: int, items: list[SubmissionResult]) -> None:
    """Store submission results in one transaction: documents, links, every fetch, crawl_result, outcome."""
    if not items:
        return
    rows: dict[str, list[dict[str, Any]]] = {"fetch": [], "result": [], "submission": []}
    with session_scope(engine) as session:
        for item in items:
            _store_one(session, settings, run_id, item, rows)
        session.flush()
        if rows["fetch"]:
            session.execute(insert(Fetch), rows["fetch"])
        session.execute(insert(CrawlResult), rows["result"])
        known = set(session.scalars(select(Submission.id).where(
            Submission.id.in_([r["id"] for r in rows["submission"]]))))
        updates = [r for r in rows["submission"] if r["id"] in known]
        if updates:
            session.execute(update(Submission), updates)


def store_batch(engine: Engine, settings: Settings, run_id: int, items: list[SubmissionResult]) -> int:
    """Store a batch in one transaction; if that fails, result by result, so one bad result loses only itself.

    Returns how many results were stored; the others are logged and keep no outcome (the next crawl retries them).
    """
    try:
        store_results(engine, settings, run_id, items)
        return len(items)
    except Exception:  # noqa: BLE001 - a bug in one result must not lose the whole batch
        logger.exception("storing a batch of %d results failed; storing them one by one", len(items))
    stored = 0
    for item in items:
        try:
            store_results(engine, settings, run_id, [item])
            stored += 1
        except Exception:  # noqa: BLE001 - logged with the submission; the crawl goes on
            logger.exception("result of submission %s not stored", item.submission_id)
    return stored


def store_result(engine: Engine, settings: Settings, run_id: int, item: SubmissionResult) -> None:
    """Store one submission's result (see `store_results`)."""
    store_results(engine, settings, run_id, [item])


class StoreResultPipeline:
    """Stores `SubmissionResult` items in batches in a writer thread; counts them in the crawler stats."""

    def __init__(self, crawler: Crawler, settings: Settings, run_id: int) -> None:
        self.stats = crawler.stats
        self.settings = settings
        self.run_id = run_id
        self.engine = make_engine(settings.db_url)
        self.buffer: list[SubmissionResult] = []
        self.buffered_bytes = 0
        self.writing = 0  # batches handed to the writer and not yet stored
        self.writer = ThreadPool(1, 1, name="kb-store")  # one writer: SQLite takes one at a time
        self.pending: Deferred[None] | None = None  # the latest flush; flushes run in order
        self.timer: CallLaterResult | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreResultPipeline:
        return cls(crawler, crawler.settings["KB_SETTINGS"], crawler.settings.getint("KB_RUN_ID"))

    def open_spider(self) -> None:
        self.writer.start()

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, SubmissionResult):
            self.buffer.append(item)
            self.buffered_bytes += len(item.document.body) if item.document is not None else 0
            if len(self.buffer) >= BATCH_SIZE or self.buffered_bytes >= BATCH_BYTES:
                self.flush()
            elif self.timer is None:
                self.timer = call_later(FLUSH_SECONDS, self._timed_flush)
            if self.writing > MAX_WAITING_BATCHES and self.pending is not None:
                await maybe_deferred_to_future(self.pending)  # the writer is behind: hold the spider back
        return item

    def flush(self) -> Deferred[None] | None:
        """Hand the buffered results to the writer thread; returns the Deferred of that write."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.buffer:
            return self.pending
        batch, self.buffer, self.buffered_bytes = self.buffer, [], 0
        from twisted.internet import reactor

        d: Deferred[int] = threads.deferToThreadPool(reactor, self.writer, store_batch, self.engine,
                                                     self.settings, self.run_id, batch)
        self.writing += 1
        self.pending = d.addCallback(self._stored)
        return self.pending

    def _timed_flush(self) -> None:
        self.timer = None  # fired: nothing to cancel any more
        self.flush()

    def _stored(self, count: int) -> None:
        self.writing -= 1
        assert self.stats is not None
        self.stats.inc_value("kb/stored", count)

    async def close_spider(self) -> None:
        self.flush()
        try:
            while self.pending is not None and not self.pending.called:
                await maybe_deferred_to_future(self.pending)
        finally:
            self.writer.stop()
            self.engine.dispose()
