"""Item pipeline: store each submission's result in one transaction (documents, links, fetches, result)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from crawler.jobs import FetchRecord, FoundDocument, SubmissionResult
from kb.db import make_engine, session_scope
from kb.models import Outcome
from kb.schema import CrawlResult, Document, Fetch, Submission, SubmissionDocument, utcnow
from kb.settings import Settings
from kb.storage import store_bytes


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
                    .values(is_current=False))
    link = session.scalars(select(SubmissionDocument).where(
        SubmissionDocument.submission_id == submission_id, SubmissionDocument.document_id == doc.id)).first()
    if link is None:
        session.add(SubmissionDocument(submission_id=submission_id, document_id=doc.id, url=url, score=score,
                                       run_id=run_id, is_current=True))
    else:
        link.is_current, link.last_seen_at, link.run_id = True, utcnow(), run_id


def _fetch_row(record: FetchRecord, run_id: int, submission_id: int, doc_url: str | None, sha: str | None) -> Fetch:
    values = asdict(record)
    is_doc = record.outcome is Outcome.OK and doc_url is not None and record.final_url == doc_url
    values.update(outcome=record.outcome.value, redirects=list(record.redirects), run_id=run_id,
                  submission_id=submission_id, sha256=sha if is_doc else None)
    return Fetch(**values)


def store_result(engine: Engine, settings: Settings, run_id: int, item: SubmissionResult) -> None:
    """Store one submission's result: document, link, every fetch, the crawl_result, the submission outcome."""
    with session_scope(engine) as session:
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
        session.add_all(_fetch_row(f, run_id, item.submission_id, url, sha) for f in item.fetches)
        session.add(CrawlResult(run_id=run_id, submission_id=item.submission_id, outcome=item.outcome.value,
                                detail=item.detail, document_url=url, document_id=doc.id if doc else None,
                                content_type=content_type, bytes=doc.size if doc else 0, sha256=sha,
                                candidates=list(item.candidates)))
        sub = session.get(Submission, item.submission_id)
        if sub is not None:
            sub.outcome, sub.outcome_detail, sub.last_crawled_at = item.outcome.value, item.detail, utcnow()


class StoreResultPipeline:
    """Stores `SubmissionResult` items; counts outcomes in the crawler stats."""

    def __init__(self, crawler: Crawler, settings: Settings, run_id: int) -> None:
        self.stats = crawler.stats
        self.settings = settings
        self.run_id = run_id
        self.engine = make_engine(settings.db_url)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreResultPipeline:
        return cls(crawler, crawler.settings["KB_SETTINGS"], crawler.settings.getint("KB_RUN_ID"))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, SubmissionResult):
            store_result(self.engine, self.settings, self.run_id, item)
            assert self.stats is not None
            self.stats.inc_value("kb/stored")
        return item

    def close_spider(self) -> None:
        self.engine.dispose()
