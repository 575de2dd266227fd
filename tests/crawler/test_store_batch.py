"""Storing a batch of results (bulk statements): documents by sha256, links, validators, fetch rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from crawler.jobs import FetchRecord, FoundDocument, PriorDocument, SubmissionResult
from crawler.pipelines import store_batch
from crawler.run import store_new_run
from kb.db import session_scope
from kb.models import Outcome
from kb.schema import Document, Fetch, Submission, SubmissionDocument
from kb.settings import Settings
from tests.crawler.helpers import add_submission, make_pdf, results


def _found(body: bytes, url: str, etag: str | None = None) -> FoundDocument:
    return FoundDocument(url=url, body=body, media_type="application/pdf", content_type="application/pdf",
                         filename=url.rsplit("/", 1)[-1], etag=etag, last_modified=None, score=14.0)


def _ok(sid: int, doc: FoundDocument) -> SubmissionResult:
    fetch = FetchRecord(url=doc.url, role="submitted", depth=0, outcome=Outcome.OK, final_url=doc.url, bytes=len(doc.body))
    return SubmissionResult(sid, Outcome.OK, None, (fetch,), doc)


def _links(engine: Engine, sid: int) -> list[tuple[int, bool]]:
    with session_scope(engine) as session:
        rows = session.scalars(select(SubmissionDocument).where(SubmissionDocument.submission_id == sid)
                               .order_by(SubmissionDocument.id))
        return [(r.document_id, r.is_current) for r in rows]


def test_batch_stores_documents_links_and_fetches(settings: Settings, engine: Engine) -> None:
    a, b, c = (add_submission(engine, f"http://z{i}.example/", name=f"Z{i}") for i in range(3))
    same, other = make_pdf("gedeeld"), make_pdf("eigen")
    run1 = store_new_run(engine, settings, refresh=False)
    items = [_ok(a, _found(same, "http://z0.example/kb.pdf", '"v1"')), _ok(b, _found(same, "http://z1.example/kb.pdf")),
             _ok(c, _found(other, "http://z2.example/kb.pdf")),]
    assert store_batch(engine, settings, run1, items) == 3
    first = results(engine, run1)
    assert first[a].document_id == first[b].document_id != first[c].document_id  # one document per body
    with session_scope(engine) as session:
        doc = session.get(Document, first[a].document_id)
        assert doc is not None and doc.etag == '"v1"' and Path(doc.storage_path).read_bytes() == same
        fetch = session.scalars(select(Fetch).where(Fetch.submission_id == c)).one()
        assert fetch.sha256 == first[c].sha256 and fetch.run_id == run1
        assert session.get(Submission, a).outcome == "ok"  # type: ignore[union-attr]

    run2 = store_new_run(engine, settings, refresh=True)
    prior = PriorDocument(first[b].document_id or 0, "http://z1.example/kb.pdf", None, None, first[b].sha256 or "",
                          "application/pdf", len(same))
    items = [_ok(a, _found(same, "http://z0.example/kb.pdf", '"v2"')),  # same body, new validator
             SubmissionResult(b, Outcome.OK, "not modified since last crawl", (), unchanged=prior),
             _ok(c, _found(make_pdf("eigen, nieuw"), "http://z2.example/kb.pdf"))]  # changed report
    assert store_batch(engine, settings, run2, items) == 3
    second = results(engine, run2)
    assert second[a].document_id == first[a].document_id and second[b].sha256 == first[b].sha256
    assert second[b].bytes == len(same) and second[c].document_id != first[c].document_id
    with session_scope(engine) as session:
        assert session.get(Document, first[a].document_id).etag == '"v2"'  # type: ignore[union-attr]
    assert _links(engine, a) == [(first[a].document_id, True)]
    assert _links(engine, b) == [(first[b].document_id, True)]
    assert _links(engine, c) == [(first[c].document_id, False), (second[c].document_id, True)]
