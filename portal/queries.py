"""Read-only queries of the portal: plain SQLAlchemy Core returning DataFrames or dataclasses.

No streamlit here (cache.py wraps these). Every function takes the engine first and
works on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Select, and_, case, func, or_, select

from kb import schema as s

ORG, SUB, DOC = s.Organisation.__table__, s.Submission.__table__, s.Document.__table__
SD, EX, PAS = s.SubmissionDocument.__table__, s.Extraction.__table__, s.Passage.__table__
PL, COV, FIG = s.PassageLabel.__table__, s.Coverage.__table__, s.Figure.__table__
FETCH, THEME, TP = s.Fetch.__table__, s.Theme.__table__, s.ThemePassage.__table__

NOT_FETCHED = "nog_niet_opgehaald"


@dataclass(frozen=True)
class Filters:
    """Document-level filters shared by all pages (hashable, so cacheable)."""

    sector: str | None = None
    year: int | None = None
    doc_type: str | None = None
    organisation_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PassageView:
    """One passage with everything a page needs to show it and trace it to its source."""

    id: int
    document_id: int
    organisation: str
    organisation_id: int | None
    sector: str | None
    year: int | None
    page: int | None
    heading_path: tuple[str, ...]
    text: str
    url: str | None
    media_type: str | None
    labels: tuple[tuple[str, float, str], ...] = ()  # (label id, score, source)
    explanations: dict[str, list[str]] = field(default_factory=dict)
    shared: bool = False

    @property
    def label_ids(self) -> tuple[str, ...]:
        return tuple(label for label, _, _ in self.labels)

    @property
    def source_link(self) -> str | None:
        """The source page: `url#page=N` for PDFs; only http(s) URLs are ever linked."""
        if not self.url or not self.url.lower().startswith(("http://", "https://")):
            return None
        if self.page and (self.media_type or "").endswith("pdf"):
            return f"{self.url.split('#', 1)[0]}#page={self.page}"
        return self.url


NO_FILTERS = Filters()


IN_LIST_MAX = 500  # ids in one IN list: statements of a bounded size


def _in_lists(ids: Sequence[int]) -> list[list[int]]:
    """The distinct `ids` in order, cut into IN lists of at most IN_LIST_MAX."""
    wanted = sorted(set(ids))
    return [wanted[start:start + IN_LIST_MAX] for start in range(0, len(wanted), IN_LIST_MAX)]


def _frame(engine: Engine, stmt: Select[Any]) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def document_meta() -> Select[Any]:
    """Current documents with organisation, sector, year and extraction facts."""
    return (
        select(
            DOC.c.id.label("document_id"), ORG.c.id.label("organisation_id"), ORG.c.name.label("organisation"),
            SUB.c.sector, SUB.c.report_year.label("year"), EX.c.doc_type, EX.c.title, EX.c.pages, EX.c.words,
            EX.c.shared_share, EX.c.facets, EX.c.status.label("extraction_status"), DOC.c.url, DOC.c.media_type,
            DOC.c.sha256, DOC.c.size, DOC.c.filename,
        )
        .join_from(DOC, SD, SD.c.document_id == DOC.c.id)
        .join(SUB, SUB.c.id == SD.c.submission_id)
        .join(ORG, ORG.c.id == SUB.c.organisation_id)
        .outerjoin(EX, EX.c.document_id == DOC.c.id)
        .where(SD.c.is_current.is_(True))
    )


def filter_submissions(stmt: Select[Any], f: Filters) -> Select[Any]:
    """The one definition of the submission-level filters (sector, year, organisations)."""
    if f.sector:
        stmt = stmt.where(SUB.c.sector == f.sector)
    if f.year:
        stmt = stmt.where(SUB.c.report_year == f.year)
    if f.organisation_ids:
        stmt = stmt.where(ORG.c.id.in_(f.organisation_ids))
    return stmt


def filter_documents(stmt: Select[Any], f: Filters) -> Select[Any]:
    """The document-level filters: the submission filters plus the document type."""
    stmt = filter_submissions(stmt, f)
    if f.doc_type:
        stmt = stmt.where(EX.c.doc_type == f.doc_type)
    return stmt


def documents(engine: Engine, f: Filters = NO_FILTERS) -> pd.DataFrame:
    return _frame(engine, filter_documents(document_meta(), f).order_by(ORG.c.name, SUB.c.report_year))


def document_counts(engine: Engine, f: Filters = NO_FILTERS) -> tuple[int, int]:
    """(documents, organisations with a document) in scope."""
    counts: Any = document_meta().with_only_columns(
        func.count(func.distinct(DOC.c.id)), func.count(func.distinct(ORG.c.id)))
    stmt = filter_documents(counts, f)
    with engine.connect() as conn:
        docs, orgs = conn.execute(stmt).one()
    return int(docs), int(orgs)


def document_choices(engine: Engine, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Light list of documents in scope for pickers: id, organisation, year."""
    stmt = filter_documents(document_meta().with_only_columns(
        DOC.c.id.label("document_id"), ORG.c.id.label("organisation_id"), ORG.c.name.label("organisation"),
        SUB.c.report_year.label("year"), ORG.c.kvk), f).order_by(ORG.c.name, SUB.c.report_year)
    return _frame(engine, stmt)


# --------------------------------------------------------------------------- facets of the corpus


def sectors(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(SUB.c.sector).distinct().order_by(SUB.c.sector))]


def years(engine: Engine) -> list[int]:
    stmt = select(SUB.c.report_year).where(SUB.c.report_year.is_not(None)).distinct().order_by(SUB.c.report_year.desc())
    with engine.connect() as conn:
        return [int(r[0]) for r in conn.execute(stmt)]


def doc_types(engine: Engine) -> list[str]:
    stmt = select(EX.c.doc_type).where(EX.c.doc_type.is_not(None)).distinct().order_by(EX.c.doc_type)
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(stmt)]


# --------------------------------------------------------------------------- overview


def _outcome_expr() -> Any:
    return case(
        (SUB.c.status.in_(["declared_no", "invalid_url"]), SUB.c.status),
        else_=func.coalesce(SUB.c.outcome, NOT_FETCHED),
    )


def _submissions(f: Filters) -> Select[Any]:
    return filter_submissions(select(SUB.c.id).join(ORG, ORG.c.id == SUB.c.organisation_id), f)


def submission_outcomes(engine: Engine, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Submissions per crawl outcome (declared_no and invalid_url included)."""
    outcome = _outcome_expr().label("outcome")
    stmt = _submissions(f).with_only_columns(outcome, func.count().label("n")).group_by(outcome).order_by(
        func.count().desc()
    )
    return _frame(engine, stmt)


def outcome_submissions(engine: Engine, f: Filters, outcome: str, limit: int = 500) -> pd.DataFrame:
    """Drill-down: which submissions have this outcome, with URL and detail."""
    stmt = _submissions(f).with_only_columns(
        ORG.c.id.label("organisation_id"), ORG.c.name.label("organisation"), SUB.c.sector,
        SUB.c.report_year.label("year"), SUB.c.submitted_url,
        func.coalesce(SUB.c.outcome_detail, SUB.c.status_detail).label("detail"),
    ).where(_outcome_expr() == outcome).order_by(ORG.c.name).limit(limit)
    return _frame(engine, stmt)


def coverage_summary(engine: Engine, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per label, sector and year: documents scored, documents covering it, and the share."""
    covered = func.sum(case((COV.c.covered.is_(True), 1), else_=0))
    if not f.doc_type and not f.organisation_ids:  # the cheap path: coverage -> link -> submission
        stmt = (select(COV.c.label_id, COV.c.kind, SUB.c.sector, SUB.c.report_year.label("year"),
                       func.count(COV.c.id).label("documents"), covered.label("covered"))
                .join_from(COV, SD, and_(SD.c.document_id == COV.c.document_id, SD.c.is_current.is_(True)))
                .join(SUB, SUB.c.id == SD.c.submission_id))
        stmt = filter_documents(stmt, f).group_by(COV.c.label_id, COV.c.kind, SUB.c.sector, SUB.c.report_year)
        return _with_share(_frame(engine, stmt.order_by(COV.c.label_id)))
    stmt = filter_documents(
        document_meta().with_only_columns(
            COV.c.label_id, COV.c.kind, SUB.c.sector, SUB.c.report_year.label("year"),
            func.count(func.distinct(DOC.c.id)).label("documents"), covered.label("covered"),
        ).join(COV, COV.c.document_id == DOC.c.id),
        f,
    ).group_by(COV.c.label_id, COV.c.kind, SUB.c.sector, SUB.c.report_year).order_by(COV.c.label_id)
    return _with_share(_frame(engine, stmt))


def _with_share(frame: pd.DataFrame) -> pd.DataFrame:
    if not frame.empty:
        frame["covered"] = frame["covered"].astype(int)
        frame["share"] = (frame["covered"] / frame["documents"]).round(3)
    return frame


def coverage_documents(engine: Engine, f: Filters, label_id: str, limit: int = 500) -> pd.DataFrame:
    """Drill-down of one coverage cell: documents in scope, those missing it first, with evidence count."""
    stmt = filter_documents(
        document_meta().with_only_columns(
            DOC.c.id.label("document_id"), ORG.c.id.label("organisation_id"), ORG.c.name.label("organisation"),
            SUB.c.report_year.label("year"), COV.c.covered, COV.c.strength, COV.c.passage_ids,
        ).join(COV, and_(COV.c.document_id == DOC.c.id, COV.c.label_id == label_id)),
        f,
    ).order_by(COV.c.covered, COV.c.strength.desc(), ORG.c.name).limit(limit)
    frame = _frame(engine, stmt)
    if not frame.empty:
        frame["passages"] = frame["passage_ids"].map(lambda v: len(v or []))
    return frame


def facet_balance(engine: Engine, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per document the share of passages per facet (tellen, vertellen, terugblik, vooruitblik)."""
    stmt = filter_documents(document_meta().with_only_columns(
        DOC.c.id, ORG.c.id, ORG.c.name, SUB.c.report_year, EX.c.facets), f)
    with engine.connect() as conn:
        result = conn.execute(stmt).all()
    keys = ("tellen", "vertellen", "terugblik", "vooruitblik")
    rows = [{"document_id": doc_id, "organisation_id": org_id, "organisation": name, "year": year,
             **{k: float((facets or {}).get(k, 0.0)) for k in keys}} for doc_id, org_id, name, year, facets in result]
    return pd.DataFrame(rows, columns=["document_id", "organisation_id", "organisation", "year", "tellen", "vertellen",
                                       "terugblik", "vooruitblik"])


def figures(engine: Engine, f: Filters = NO_FILTERS, document_id: int | None = None) -> pd.DataFrame:
    """Reported client-experience figures with the passage they were read from."""
    stmt = filter_documents(
        document_meta().with_only_columns(
            ORG.c.id.label("organisation_id"), ORG.c.name.label("organisation"), SUB.c.sector,
            SUB.c.report_year.label("year"), FIG.c.document_id, FIG.c.measure, FIG.c.instrument, FIG.c.value,
            FIG.c.scale, FIG.c.period, FIG.c.respondents, FIG.c.passage_id, FIG.c.quote,
        ).join(FIG, FIG.c.document_id == DOC.c.id),
        f,
    ).order_by(FIG.c.measure, ORG.c.name)
    if document_id is not None:
        stmt = stmt.where(FIG.c.document_id == document_id)
    return _frame(engine, stmt)


def themes(engine: Engine, sector: str | None = None) -> pd.DataFrame:
    stmt = select(THEME.c.id, THEME.c.sector, THEME.c.bouwsteen, THEME.c.label, THEME.c.top_terms,
                  THEME.c.n_organisations, THEME.c.n_passages, THEME.c.representative)
    if sector:
        stmt = stmt.where(THEME.c.sector == sector)
    return _frame(engine, stmt.order_by(THEME.c.n_organisations.desc(), THEME.c.id))


# --------------------------------------------------------------------------- organisations


def find_organisations(engine: Engine, query: str = "", sector: str | None = None, limit: int | None = 200,
                       include: int | None = None) -> pd.DataFrame:
    """Organisations by name or KvK (alphabetical, at most `limit`); `include` is always in (first when
    beyond the limit), so a link to any organisation opens that organisation."""
    n_docs = select(func.count(SD.c.id)).join(SUB, SUB.c.id == SD.c.submission_id).where(
        SUB.c.organisation_id == ORG.c.id).scalar_subquery()
    base = select(ORG.c.id, ORG.c.name, ORG.c.kvk, ORG.c.sectors, n_docs.label("documents"))
    stmt = base
    if query.strip():
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(ORG.c.name).like(like), ORG.c.kvk.like(like)))
    if sector:
        stmt = stmt.where(ORG.c.id.in_(select(SUB.c.organisation_id).where(SUB.c.sector == sector)))
    frame = _frame(engine, stmt.order_by(ORG.c.name).limit(limit))
    if include is not None and include not in set(frame["id"].tolist()):
        extra = _frame(engine, base.where(ORG.c.id == include))
        if not extra.empty:
            frame = pd.concat([extra, frame], ignore_index=True)
    return frame


def organisation_submissions(engine: Engine, organisation_id: int) -> pd.DataFrame:
    stmt = select(SUB.c.id, SUB.c.sector, SUB.c.report_year.label("year"), SUB.c.submitted_url, SUB.c.status,
                  _outcome_expr().label("outcome"),
                  func.coalesce(SUB.c.outcome_detail, SUB.c.status_detail).label("detail"),
                  SUB.c.last_crawled_at).where(SUB.c.organisation_id == organisation_id)
    return _frame(engine, stmt.order_by(SUB.c.report_year.desc()))


def organisation_fetches(engine: Engine, organisation_id: int, limit: int = 200) -> pd.DataFrame:
    stmt = (select(FETCH.c.fetched_at, FETCH.c.role, FETCH.c.url, FETCH.c.status, FETCH.c.outcome, FETCH.c.detail,
                   FETCH.c.media_type, FETCH.c.bytes)
            .join(SUB, SUB.c.id == FETCH.c.submission_id)
            .where(SUB.c.organisation_id == organisation_id)
            .order_by(FETCH.c.fetched_at.desc()).limit(limit))
    return _frame(engine, stmt)


def document_coverage(engine: Engine, document_id: int) -> pd.DataFrame:
    return documents_coverage(engine, [document_id]).drop(columns="document_id")


def documents_coverage(engine: Engine, document_ids: Sequence[int]) -> pd.DataFrame:
    """`document_coverage` of many documents (a comparison) in one query per IN list, with a `document_id` column."""
    stmt = select(COV.c.document_id, COV.c.label_id, COV.c.kind, COV.c.covered, COV.c.strength, COV.c.passage_ids) \
        .order_by(COV.c.document_id, COV.c.kind, COV.c.label_id)
    frames = [_frame(engine, stmt.where(COV.c.document_id.in_(chunk))) for chunk in _in_lists(document_ids) or [[]]]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def passage_pages(engine: Engine, ids: Sequence[int]) -> dict[int, int | None]:
    """The page of each stored passage of `ids` (None on a web page), in one query per IN list."""
    out: dict[int, int | None] = {}
    with engine.connect() as conn:
        for chunk in _in_lists(ids):
            out.update({int(r.id): r.page for r in conn.execute(select(PAS.c.id, PAS.c.page).where(PAS.c.id.in_(chunk)))})
    return out


def document_passage_ids(engine: Engine, document_id: int, label_id: str | None = None,
                         hide_shared: bool = False, limit: int | None = None) -> list[int]:
    stmt = select(PAS.c.id).where(PAS.c.document_id == document_id)
    if label_id:
        stmt = stmt.where(select(PL.c.id).where(PL.c.passage_id == PAS.c.id, PL.c.label_id == label_id).exists())
    if hide_shared:
        sp = s.SharedPassage.__table__
        stmt = stmt.where(~select(sp.c.id).where(sp.c.passage_id == PAS.c.id).exists())
    with engine.connect() as conn:
        return [int(r[0]) for r in conn.execute(stmt.order_by(PAS.c.seq).limit(limit))]


def load_passages(engine: Engine, ids: Sequence[int]) -> list[PassageView]:
    """Passages by id, in the order given, with labels, explanations and source."""
    if not ids:
        return []
    sp = s.SharedPassage.__table__
    shared = select(sp.c.passage_id).where(sp.c.passage_id == PAS.c.id).exists()
    stmt = (select(PAS.c.id, PAS.c.document_id, PAS.c.page, PAS.c.heading_path, PAS.c.text, PAS.c.explanations,
                   DOC.c.url, DOC.c.media_type, shared.label("shared"))
            .join_from(PAS, DOC, DOC.c.id == PAS.c.document_id)
            .where(PAS.c.id.in_(list(ids))))
    labels: dict[int, list[tuple[str, float, str]]] = {}
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(stmt)}
        doc_ids = sorted({r.document_id for r in rows.values()})
        meta = {m.document_id: m for m in conn.execute(document_meta().with_only_columns(
            DOC.c.id.label("document_id"), ORG.c.name.label("organisation"), ORG.c.id.label("organisation_id"),
            SUB.c.sector, SUB.c.report_year.label("year")).where(DOC.c.id.in_(doc_ids)))}
        for lr in conn.execute(select(PL.c.passage_id, PL.c.label_id, PL.c.score, PL.c.source)
                              .where(PL.c.passage_id.in_(list(ids))).order_by(PL.c.score.desc())):
            labels.setdefault(lr.passage_id, []).append((lr.label_id, float(lr.score), lr.source))
    out = []
    for pid in dict.fromkeys(ids):
        r = rows.get(pid)
        if r is None:
            continue
        m = meta.get(r.document_id)
        out.append(PassageView(
            id=r.id, document_id=r.document_id, organisation=m.organisation if m else "(onbekend)",
            organisation_id=m.organisation_id if m else None, sector=m.sector if m else None,
            year=m.year if m else None, page=r.page,
            heading_path=tuple(str(h) for h in (r.heading_path or [])), text=r.text, url=r.url,
            media_type=r.media_type, labels=tuple(labels.get(pid, [])), explanations=dict(r.explanations or {}),
            shared=bool(r.shared)))
    return out


def shared_share(engine: Engine, document_id: int) -> float | None:
    """Share of the document's words in passages shared with another organisation."""
    sp = s.SharedPassage.__table__
    is_shared = PAS.c.id.in_(select(sp.c.passage_id))
    stmt = select(func.sum(PAS.c.words), func.sum(case((is_shared, PAS.c.words), else_=0))).where(
        PAS.c.document_id == document_id)
    with engine.connect() as conn:
        total, shared = conn.execute(stmt).one()
    return None if not total else round(float(shared or 0) / float(total), 3)


def document_row(engine: Engine, document_id: int) -> dict[str, Any] | None:
    return document_rows(engine, [document_id]).get(document_id)


def document_rows(engine: Engine, document_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """`document_row` for many documents in one query each (a whole collection of examples)."""
    out: dict[int, dict[str, Any]] = {}
    with engine.connect() as conn:
        for chunk in _in_lists(document_ids):
            for row in conn.execute(document_meta().where(DOC.c.id.in_(chunk))).mappings():
                out.setdefault(int(row["document_id"]), dict(row))
            missing = [i for i in chunk if i not in out]
            if missing:
                for row in conn.execute(select(DOC.c.id.label("document_id"), DOC.c.url, DOC.c.media_type,
                                               DOC.c.sha256, DOC.c.filename).where(DOC.c.id.in_(missing))).mappings():
                    out[int(row["document_id"])] = dict(row)
    return out
