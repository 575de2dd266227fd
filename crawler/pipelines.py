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
from typing import Any, cast

from scrapy.crawler import Crawler
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy import Engine, Table, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session
from twisted.internet import threads
from twisted.internet.defer import Deferred
from twisted.python.threadpool import ThreadPool

from crawler.jobs import FetchRecord, FoundDocument, SubmissionResult
from kb.db import make_engine, session_scope
from kb.models import Outcome
from kb.schema import Base, CrawlResult, Document, Fetch, Submission, SubmissionDocument, utcnow
from kb.settings import Settings
from kb.storage import store_bytes

BATCH_SIZE = 100
BATCH_BYTES = 32 * 1024 * 1024  # document bodies wait in the buffer: flush before they add up
logger = logging.getLogger(__name__)
FLUSH_SECONDS = 0.5
MAX_WAITING_BATCHES = 2  # more batches than this waiting for the writer: process_item waits


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """One Core executemany INSERT (the ORM's bulk path costs more per row and is not needed here)."""
    if rows:
        session.connection().execute(insert(cast(Table, model.__table__)), rows)


def _update_by_id(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """One Core executemany UPDATE ... WHERE id = :row_id; every row sets the same columns."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    columns = [c for c in rows[0] if c != "id"]
    stmt = (update(table).where(table.c.id == bindparam("row_id"))
            .values({c: bindparam(f"new_{c}") for c in columns}))
    session.connection().execute(stmt, [{"row_id": r["id"], **{f"new_{c}": r[c] for c in columns}} for r in rows])


def _document_rows(session: Session, items: list[SubmissionResult],
                   stored: list[tuple[str, str] | None]) -> dict[str, dict[str, Any]]:
    """Upsert the `document` rows of the batch's bodies by sha256 (`stored`: (sha256, path) in item order).

    Returns sha256 -> {id, size} for every document of the batch, found and unchanged ones alike
    (one SELECT for the known ones, one bulk INSERT for the new ones).
    """
    found: dict[str, FoundDocument] = {}
    paths: dict[str, str] = {}
    for item, sha_path in zip(items, stored, strict=True):
        if item.document is not None and sha_path is not None:
            found.setdefault(sha_path[0], item.document)
            paths[sha_path[0]] = sha_path[1]
    prior_ids = {item.unchanged.document_id for item in items if item.unchanged is not None}
    rows: dict[str, dict[str, Any]] = {}
    known = select(Document.id, Document.sha256, Document.size, Document.etag, Document.last_modified)
    conditions = ([Document.sha256.in_(found)] if found else []) + ([Document.id.in_(prior_ids)] if prior_ids else [])
    if conditions:
        for row in session.execute(known.where(or_(*conditions))):
            rows[row.sha256] = {"id": row.id, "size": row.size, "etag": row.etag, "last_modified": row.last_modified}
    new = {sha for sha in found if sha not in rows}
    if new:
        _insert(session, Document, [
            {"sha256": sha, "media_type": found[sha].media_type, "size": len(found[sha].body),
             "storage_path": paths[sha], "url": found[sha].url, "filename": found[sha].filename,
             "etag": found[sha].etag, "last_modified": found[sha].last_modified} for sha in new])
        added = select(Document.id, Document.sha256, Document.size).where(Document.sha256.in_(new))
        for doc_id, sha, size in session.execute(added).tuples():
            rows[sha] = {"id": doc_id, "size": size}
    refreshed = []  # validators of a known document found again: the newest win
    for sha, doc in found.items():
        old = rows[sha]
        if sha not in new and (doc.etag or doc.last_modified):
            etag, modified = doc.etag or old.get("etag"), doc.last_modified or old.get("last_modified")
            if (etag, modified) != (old.get("etag"), old.get("last_modified")):
                refreshed.append({"id": old["id"], "etag": etag, "last_modified": modified})
    _update_by_id(session, Document, refreshed)
    return rows


def _link_rows(session: Session, run_id: int, links: dict[int, tuple[int, str | None, float | None]]) -> None:
    """Link submission -> document; a new document becomes current, older links stay (not current).

    `links`: submission id -> (document id, url, score). One SELECT of the submissions' links, then bulk
    UPDATEs (links no longer current, links seen again) and one bulk INSERT (new links).
    """
    if not links:
        return
    now = utcnow()
    existing = session.execute(select(SubmissionDocument.id, SubmissionDocument.submission_id,
                                      SubmissionDocument.document_id, SubmissionDocument.is_current)
                               .where(SubmissionDocument.submission_id.in_(links))).all()
    seen_again, not_current, linked = [], [], set()
    for row in existing:
        doc_id = links[row.submission_id][0]
        if row.document_id == doc_id:
            linked.add(row.submission_id)
            seen_again.append({"id": row.id, "is_current": True, "last_seen_at": now, "run_id": run_id})
        elif row.is_current:
            not_current.append({"id": row.id, "is_current": False})
    _update_by_id(session, SubmissionDocument, not_current)
    _update_by_id(session, SubmissionDocument, seen_again)
    new = [{"submission_id": sid, "document_id": doc_id, "url": url, "score": score, "run_id": run_id,
            "is_current": True, "first_linked_at": now, "last_seen_at": now}
           for sid, (doc_id, url, score) in links.items() if sid not in linked]
    _insert(session, SubmissionDocument, new)


def _fetch_row(record: FetchRecord, run_id: int, submission_id: int, doc_url: str | None,
               sha: str | None) -> dict[str, Any]:
    values = asdict(record)
    is_doc = record.outcome is Outcome.OK and doc_url is not None and record.final_url == doc_url
    values.update(outcome=record.outcome.value, redirects=list(record.redirects), run_id=run_id,
                  submission_id=submission_id, sha256=sha if is_doc else None)
    return values


def _stored_body(settings: Settings, document: FoundDocument | None) -> tuple[str, str] | None:
    if document is None:
        return None
    sha, path = store_bytes(settings, document.body)
    return sha, str(path)


def store_results(engine: Engine, settings: Settings, run_id: int, items: list[SubmissionResult]) -> None:
    """Store submission results in one transaction: documents, links, every fetch, crawl_result, outcome.

    Bulk statements per table, not one ORM round trip per row: the writer thread shares the
    crawl process (and its CPU) with the reactor.
    """
    if not items:
        return
    now = utcnow()
    fetches: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    stored = [_stored_body(settings, item.document) for item in items]
    with session_scope(engine) as session:
        docs = _document_rows(session, items, stored)
        by_id = {row["id"]: sha for sha, row in docs.items()}
        links: dict[int, tuple[int, str | None, float | None]] = {}
        for item, sha_path in zip(items, stored, strict=True):
            sha = url = content_type = None
            if item.document is not None and sha_path is not None:
                sha = sha_path[0]
                url, content_type = item.document.url, item.document.content_type
                links[item.submission_id] = (docs[sha]["id"], url, item.document.score)
            elif item.unchanged is not None:
                sha = by_id.get(item.unchanged.document_id)
                url, content_type = item.unchanged.url, item.unchanged.media_type
                if sha is not None:
                    links[item.submission_id] = (item.unchanged.document_id, url, None)
            doc = docs[sha] if sha is not None else None
            fetches += [_fetch_row(f, run_id, item.submission_id, url, sha) for f in item.fetches]
            results.append({"run_id": run_id, "submission_id": item.submission_id, "outcome": item.outcome.value,
                            "detail": item.detail, "document_url": url, "document_id": doc["id"] if doc else None,
                            "content_type": content_type, "bytes": doc["size"] if doc else 0, "sha256": sha,
                            "candidates": list(item.candidates), "finished_at": now})
            outcomes.append({"id": item.submission_id, "outcome": item.outcome.value,
                             "outcome_detail": item.detail, "last_crawled_at": now})
        _link_rows(session, run_id, links)
        _insert(session, Fetch, fetches)
        _insert(session, CrawlResult, results)
        known = set(session.scalars(select(Submission.id).where(Submission.id.in_([r["id"] for r in outcomes]))))
        _update_by_id(session, Submission, [r for r in outcomes if r["id"] in known])


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
