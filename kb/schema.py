"""The database schema: the one place crawler, analysis and portal import it from.

Data flows one way: organisation -> submission -> fetch/crawl outcome -> document
-> extraction + passages -> labels/coverage/figures/shared wording -> portal.
Any change here needs an Alembic revision in kb/migrations/versions/.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# --------------------------------------------------------------------------- harvest


class Organisation(Base):
    """A care organisation, identified by KvK number, else by normalised name."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    kvk: Mapped[str | None] = mapped_column(String(8), unique=True)
    agb: Mapped[str | None] = mapped_column(String(16))
    sectors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submissions: Mapped[list[Submission]] = relationship(back_populates="organisation")


class Submission(Base):
    """One submitted kwaliteitsbeeld URL: organisation x sector x report year.

    `status` is `pending` (crawlable), `invalid_url` or `declared_no`; the crawl
    outcome lives in `outcome` (latest) and per run in `crawl_result`.
    """

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("organisation_id", "sector", "report_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    sector: Mapped[str] = mapped_column(String(16))
    report_year: Mapped[int | None] = mapped_column(Integer)
    submitted_url: Mapped[str | None] = mapped_column(Text)
    raw_value: Mapped[str | None] = mapped_column(Text)
    declared: Mapped[str | None] = mapped_column(String(16))  # ja / nee / free text as given
    status: Mapped[str] = mapped_column(String(32), default="pending")
    status_detail: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(Text)
    source_row: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(32))
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    last_crawled_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation: Mapped[Organisation] = relationship(back_populates="submissions")


class CrawlRun(Base):
    """One `kb crawl`: when, with which settings, and what came of it."""

    __tablename__ = "crawl_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    refresh: Mapped[bool] = mapped_column(Boolean, default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running / done / interrupted


class Fetch(Base):
    """Every HTTP attempt made for a submission (landing pages and candidates too)."""

    __tablename__ = "fetch"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    redirects: Mapped[list[Any]] = mapped_column(JSON, default=list)
    role: Mapped[str] = mapped_column(String(16), default="submitted")  # submitted/landing/candidate/robots
    depth: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(200))
    media_type: Mapped[str | None] = mapped_column(String(100))  # sniffed
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    elapsed_ms: Mapped[float | None] = mapped_column(Float)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    not_modified: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CrawlResult(Base):
    """The one outcome of one submission in one crawl run (the crawl report row)."""

    __tablename__ = "crawl_result"
    __table_args__ = (UniqueConstraint("run_id", "submission_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    document_url: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    content_type: Mapped[str | None] = mapped_column(String(200))
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    candidates: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{url, score, reasons}]
    finished_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Document(Base):
    """Stored raw bytes, content-addressed; never overwritten."""

    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    storage_path: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)  # where it was first found
    filename: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SubmissionDocument(Base):
    """Link submission -> document. A changed report is a new document, linked; the old link stays."""

    __tablename__ = "submission_document"
    __table_args__ = (UniqueConstraint("submission_id", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    first_linked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --------------------------------------------------------------------------- analysis


class Extraction(Base):
    """What `kb analyse` learnt of one document (one row per document)."""

    __tablename__ = "extraction"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), unique=True)
    status: Mapped[str] = mapped_column(String(32))  # ok / needs_ocr / error / empty_text / unsupported
    error: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(32))
    pages: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    doc_type: Mapped[str | None] = mapped_column(String(32))
    years: Mapped[list[Any]] = mapped_column(JSON, default=list)
    needs_ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    ocr_used: Mapped[bool] = mapped_column(Boolean, default=False)
    words: Mapped[int] = mapped_column(Integer, default=0)
    readability: Mapped[float | None] = mapped_column(Float)
    facets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # share of passages per facet
    shared_share: Mapped[float | None] = mapped_column(Float)
    structure: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # layout + heading->label map
    model_id: Mapped[str | None] = mapped_column(String(64))
    seconds: Mapped[float | None] = mapped_column(Float)
    analysed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Passage(Base):
    """A unit of 40-300 words that never straddles a heading, traceable to its page."""

    __tablename__ = "passage"
    __table_args__ = (Index("ix_passage_document_seq", "document_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    heading_path: Mapped[list[Any]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="text")  # text / table / list / quote
    char_start: Mapped[int] = mapped_column(Integer, default=0)
    char_end: Mapped[int] = mapped_column(Integer, default=0)
    words: Mapped[int] = mapped_column(Integer, default=0)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # label id -> probability
    explanations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # label id -> [terms]
    label_source: Mapped[str] = mapped_column(String(16), default="model")
    minhash: Mapped[str | None] = mapped_column(Text)  # serialised signature for shared wording
    shared_with: Mapped[list[Any]] = mapped_column(JSON, default=list)  # organisation ids


class PassageLabel(Base):
    """An assigned label (above threshold, or from a human/weak source)."""

    __tablename__ = "passage_label"
    __table_args__ = (
        UniqueConstraint("passage_id", "label_id", "source"),
        Index("ix_passage_label_label", "label_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    label_id: Mapped[str] = mapped_column(String(48))
    kind: Mapped[str] = mapped_column(String(16))  # bouwsteen / element / facet
    score: Mapped[float] = mapped_column(Float, default=1.0)
    source: Mapped[str] = mapped_column(String(16), default="model")  # model / rule / weak / human
    model_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Coverage(Base):
    """Per document and label (bouwsteen or element): covered or not, with evidence."""

    __tablename__ = "coverage"
    __table_args__ = (UniqueConstraint("document_id", "label_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    label_id: Mapped[str] = mapped_column(String(48))
    kind: Mapped[str] = mapped_column(String(16))
    covered: Mapped[bool] = mapped_column(Boolean)
    strength: Mapped[float] = mapped_column(Float, default=0.0)
    passage_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Figure(Base):
    """A reported client-experience result, read from a passage (never invented)."""

    __tablename__ = "figure"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    passage_id: Mapped[int | None] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"))
    measure: Mapped[str] = mapped_column(String(32))
    instrument: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    scale: Mapped[str | None] = mapped_column(String(32))
    period: Mapped[int | None] = mapped_column(Integer)
    respondents: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)


class Theme(Base):
    """A theme shared across organisations within a bouwsteen (corpus analytics)."""

    __tablename__ = "theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    sector: Mapped[str] = mapped_column(String(16))
    bouwsteen: Mapped[str] = mapped_column(String(48))
    label: Mapped[str] = mapped_column(Text)
    top_terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    n_organisations: Mapped[int] = mapped_column(Integer, default=0)
    n_passages: Mapped[int] = mapped_column(Integer, default=0)
    representative: Mapped[list[Any]] = mapped_column(JSON, default=list)  # passage ids, best first
    corpus_hash: Mapped[str] = mapped_column(String(64))


class ThemePassage(Base):
    __tablename__ = "theme_passage"
    __table_args__ = (UniqueConstraint("theme_id", "passage_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    weight: Mapped[float] = mapped_column(Float, default=0.0)


class SharedPassage(Base):
    """A near-duplicate pair of passages of two different organisations."""

    __tablename__ = "shared_passage"
    __table_args__ = (UniqueConstraint("passage_id", "other_passage_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    other_passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float)


class ExampleCandidate(Base):
    """A suggested good example for curators (never published without one)."""

    __tablename__ = "example_candidate"
    __table_args__ = (UniqueConstraint("passage_id", "label_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"), index=True)
    label_id: Mapped[str] = mapped_column(String(48), index=True)
    score: Mapped[float] = mapped_column(Float)
    components: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AnalysisState(Base):
    """Key/value state of corpus analytics (corpus hashes, model ids) for incremental runs."""

    __tablename__ = "analysis_state"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --------------------------------------------------------------------------- people


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # curator / annotator / admin
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Example(Base):
    """A curated good example (goede voorbeelden): a passage or a whole document."""

    __tablename__ = "example"
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int | None] = mapped_column(ForeignKey("passage.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    label_id: Mapped[str] = mapped_column(String(48))
    title: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(100))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)


class Annotation(Base):
    """A human judgement: label present (True) or absent (False) on a passage."""

    __tablename__ = "annotation"
    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id"), index=True)
    label_id: Mapped[str] = mapped_column(String(48))
    value: Mapped[bool] = mapped_column(Boolean)
    annotator: Mapped[str] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(100))


class AuditLog(Base):
    """Who changed what and when; every portal change writes one, so it can be reversed."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    who: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(100))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
