"""Corpus analytics, run incrementally at the end of `kb analyse` and stored in the database.

- per document: words, readability (Flesch-Douma), facet balance, structure/layout;
- shared wording: MinHash signatures per passage (computed once), near-duplicate pairs across
  organisations, `passage.shared_with` and `extraction.shared_share`;
- common themes per sector x bouwsteen (NMF), skipped when that slice of the corpus is unchanged;
- good-example candidates per label.
Coverage tables and year-over-year comparisons are queries over the stored rows (`coverage_shares`,
`year_over_year`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from analysis import candidates, readability, shared, structure, themes
from kb.schema import (
    AnalysisState,
    Coverage,
    ExampleCandidate,
    Extraction,
    Passage,
    PassageLabel,
    SharedPassage,
    Submission,
    SubmissionDocument,
    Theme,
    ThemePassage,
    utcnow,
)
from kb.settings import Settings
from kb.taxonomy import Taxonomy, load_taxonomy

BATCH = 2_000
STREAM_ROWS = 10_000  # rows fetched at a time by corpus-wide scans
CANDIDATES_PER_LABEL = 25


@dataclass
class CorpusReport:
    documents_updated: int = 0
    signatures: int = 0
    shared_pairs: int = 0
    themes_refreshed: list[str] = field(default_factory=list)
    candidates: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _chunks(ids: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def document_owners(session: Session) -> dict[int, tuple[int, str, int | None]]:
    """document id -> (organisation id, sector, report year) of its current submission link."""
    rows = session.execute(
        select(SubmissionDocument.document_id, Submission.organisation_id, Submission.sector, Submission.report_year)
        .join(Submission, Submission.id == SubmissionDocument.submission_id)
        .order_by(SubmissionDocument.is_current, SubmissionDocument.last_seen_at)
    ).all()
    return {d: (o, s, y) for d, o, s, y in rows}


# ----------------------------------------------------------------------------- per document


def update_document_facts(session: Session, taxonomy: Taxonomy, owners: dict[int, tuple[int, str, int | None]]) -> int:
    """Words, readability, facet balance and structure for documents that lack them."""
    rows = session.execute(select(Extraction.document_id, Extraction.structure).where(Extraction.status == "ok")).all()
    todo = [did for did, struct in rows if not (struct or {}).get("layout")]  # structure marks "facts computed"
    for doc_ids in _chunks(todo, 200):
        passages: dict[int, list[tuple[int, str, list[str]]]] = defaultdict(list)
        for pid, did, text, path in session.execute(
            select(Passage.id, Passage.document_id, Passage.text, Passage.heading_path)
            .where(Passage.document_id.in_(doc_ids)).order_by(Passage.document_id, Passage.seq)
        ):
            passages[did].append((pid, text, list(path or [])))
        labels: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        pids = [p for rows in passages.values() for p, _, _ in rows]
        for pid_chunk in _chunks(pids):
            for pid, lab, kind in session.execute(
                select(PassageLabel.passage_id, PassageLabel.label_id, PassageLabel.kind).where(PassageLabel.passage_id.in_(pid_chunk))
            ):
                labels[pid][kind].add(lab)
        for did in doc_ids:
            _store_document_facts(session, did, passages.get(did, []), labels, taxonomy, owners.get(did, (0, "vvt", None))[1])
    return len(todo)


def _store_document_facts(
    session: Session, did: int, rows: list[tuple[int, str, list[str]]],
    labels: dict[int, dict[str, set[str]]], taxonomy: Taxonomy, sector: str,
) -> None:
    text = "\n\n".join(t for _, t, _ in rows)
    n = max(1, len(rows))
    facet_share = {f.id: round(sum(f.id in labels[p]["facet"] for p, _, _ in rows) / n, 3) for f in taxonomy.facets}
    struct = structure.document_structure([(path, sorted(labels[p]["bouwsteen"])) for p, _, path in rows], taxonomy, sector)
    ex = session.scalars(select(Extraction).where(Extraction.document_id == did)).one()
    ex.words = ex.words or len(text.split())
    ex.readability = readability.flesch_douma(text) if text else None  # None: too short to score
    ex.facets = ex.facets or facet_share
    ex.structure = {**(ex.structure or {}), **struct}  # keeps what extraction stored (headings, page notes)


# ----------------------------------------------------------------------------- shared wording


def update_signatures(session: Session) -> int:
    """MinHash signatures for passages that have none yet ("" marks too short to compare)."""
    todo = list(session.scalars(select(Passage.id).where(Passage.minhash.is_(None))))
    for chunk in _chunks(todo):
        rows = []
        for pid, text in session.execute(select(Passage.id, Passage.text).where(Passage.id.in_(chunk))).all():
            sig = shared.signature(text)
            rows.append({"id": pid, "minhash": shared.encode(sig) if sig is not None else ""})
        session.execute(update(Passage), rows)  # bulk UPDATE by primary key: one statement per batch
    return len(todo)


def update_shared_wording(session: Session, owners: dict[int, tuple[int, str, int | None]]) -> int:
    """Recompute near-duplicate pairs across organisations; refresh shared_with and shared_share."""
    rows = session.execute(select(Passage.id, Passage.document_id, Passage.minhash).where(Passage.minhash.is_not(None), Passage.minhash != "")).all()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    orgs = np.array([owners.get(r[1], (-r[1], "", None))[0] for r in rows], dtype=np.int64)
    sigs = np.vstack([shared.decode(r[2] or "") for r in rows]) if rows else np.zeros((0, shared.NUM_PERM), dtype=np.uint32)
    pairs = shared.near_duplicate_pairs(ids, orgs, sigs)
    org_of = dict(zip(ids.tolist(), orgs.tolist(), strict=True))
    session.execute(delete(SharedPassage))
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b, sim in pairs:
        session.add(SharedPassage(passage_id=a, other_passage_id=b, similarity=sim))
        partners[a].add(org_of[b])
        partners[b].add(org_of[a])
    _store_shared_with(session, partners)
    _store_shared_share(session, set(partners))
    return len(pairs)


def _store_shared_with(session: Session, partners: dict[int, set[int]]) -> None:
    scan = session.execute(select(Passage.id, Passage.shared_with).execution_options(yield_per=STREAM_ROWS))
    stale = [pid for pid, sw in scan if sw and pid not in partners]
    for chunk in _chunks(stale):
        session.execute(update(Passage).where(Passage.id.in_(chunk)).values(shared_with=[]))
    for pid, org_ids in partners.items():
        session.execute(update(Passage).where(Passage.id == pid).values(shared_with=sorted(org_ids)))


def _store_shared_share(session: Session, shared_ids: set[int]) -> None:
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pid, did, words in session.execute(
        select(Passage.id, Passage.document_id, Passage.words).execution_options(yield_per=STREAM_ROWS)
    ):
        totals[did][0] += words or 0
        if pid in shared_ids:
            totals[did][1] += words or 0
    for did, (total, common) in totals.items():
        session.execute(update(Extraction).where(Extraction.document_id == did).values(shared_share=round(common / total, 4) if total else 0.0))


# ----------------------------------------------------------------------------- themes


def _theme_slice(session: Session, sector: str, bouwsteen: str, owners: dict[int, tuple[int, str, int | None]]) -> tuple[list[int], list[int]]:
    """Passage ids (ascending) labelled with the bouwsteen in this sector, and their organisations."""
    rows = session.execute(
        select(Passage.id, Passage.document_id)
        .join(PassageLabel, PassageLabel.passage_id == Passage.id)
        .where(PassageLabel.label_id == bouwsteen)
        .order_by(Passage.id)
    ).all()
    rows = [r for r in rows if owners.get(r[1], (0, sector, None))[1] == sector]
    return [r[0] for r in rows], [owners.get(r[1], (-r[1], "", None))[0] for r in rows]


def _texts(session: Session, ids: list[int]) -> list[str]:
    by_id: dict[int, str] = {}
    for chunk in _chunks(ids, 5_000):
        by_id.update(session.execute(select(Passage.id, Passage.text).where(Passage.id.in_(chunk))).tuples().all())
    return [by_id[i] for i in ids]


def update_themes(session: Session, settings: Settings, taxonomy: Taxonomy, owners: dict[int, tuple[int, str, int | None]]) -> list[str]:
    """Refresh the themes of every sector x bouwsteen whose passages changed."""
    refreshed = []
    for b in taxonomy.bouwstenen:
        ids, orgs = _theme_slice(session, b.sector or "", b.id, owners)
        digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
        state = session.get(AnalysisState, f"themes:{b.id}")
        if state and state.value.get("hash") == digest:
            continue
        value = _refresh_themes(session, settings.data_path / "themes", b.sector or "", b.id, ids, orgs, state)
        value["hash"] = digest
        if state:
            state.value, state.updated_at = value, utcnow()
        else:
            session.add(AnalysisState(key=f"themes:{b.id}", value=value))
        refreshed.append(b.id)
    return refreshed


def _refresh_themes(
    session: Session, model_dir: Path, sector: str, bouwsteen: str, ids: list[int], orgs: list[int],
    state: AnalysisState | None,
) -> dict[str, Any]:
    """Refit (or reuse the fitted model and assign only new passages); returns the new state."""
    prev = state.value if state else {}
    new = [i for i, pid in enumerate(ids) if pid > int(prev.get("max_id", 0))]
    removed = max(0, int(prev.get("n", 0)) + len(new) - len(ids))
    theme_map = {int(k): int(v) for k, v in (prev.get("themes") or {}).items()}
    model = _load_theme_model(model_dir / f"{bouwsteen}.pkl")
    if len(ids) < themes.MIN_PASSAGES:
        _delete_themes(session, bouwsteen)
        return {"n": len(ids), "max_id": max(ids, default=0), "themes": {}}
    if not theme_map or themes.needs_refit(model, len(ids), len(new) + removed):
        model = themes.fit_theme_model(_texts(session, ids))
        model_dir.mkdir(parents=True, exist_ok=True)
        (model_dir / f"{bouwsteen}.pkl").write_bytes(pickle.dumps(model))
        _delete_themes(session, bouwsteen)
        theme_map = {}
        new = list(range(len(ids)))
    assert model is not None
    _assign_passages(session, model, sector, bouwsteen, [ids[i] for i in new], theme_map)
    _theme_statistics(session, bouwsteen, dict(zip(ids, orgs, strict=True)))
    return {"n": len(ids), "max_id": max(ids), "themes": {str(k): v for k, v in theme_map.items()}}


def _delete_themes(session: Session, bouwsteen: str) -> None:
    old = list(session.scalars(select(Theme.id).where(Theme.bouwsteen == bouwsteen)))
    if old:
        session.execute(delete(ThemePassage).where(ThemePassage.theme_id.in_(old)))
        session.execute(delete(Theme).where(Theme.id.in_(old)))


def _assign_passages(
    session: Session, model: themes.ThemeModel, sector: str, bouwsteen: str, ids: list[int], theme_map: dict[int, int]
) -> None:
    """Dominant theme per passage, in batches; theme rows are created on first use."""
    terms = model.terms()
    for chunk in _chunks(ids, 5_000):
        rows: list[dict[str, Any]] = []
        for pid, (component, weight) in zip(chunk, themes.dominant_themes(model, _texts(session, chunk)), strict=True):
            if weight <= 0:
                continue
            if component not in theme_map:
                theme = Theme(sector=sector, bouwsteen=bouwsteen, label=themes.theme_label(terms[component]),
                              top_terms=list(terms[component]), corpus_hash="")
                session.add(theme)
                session.flush()
                theme_map[component] = theme.id
            rows.append({"theme_id": theme_map[component], "passage_id": pid, "weight": round(weight, 5)})
        if rows:  # Core insert: hundreds of thousands of ORM objects would stay in the session until commit
            session.execute(insert(ThemePassage), rows)


def _theme_statistics(session: Session, bouwsteen: str, org_of: dict[int, int]) -> None:
    """Passages, organisations and representative passages per theme, from the stored assignments."""
    for theme in session.scalars(select(Theme).where(Theme.bouwsteen == bouwsteen)):
        rows = session.execute(
            select(ThemePassage.passage_id, ThemePassage.weight).where(ThemePassage.theme_id == theme.id)
        ).all()
        theme.n_passages = len(rows)
        theme.n_organisations = len({org_of.get(pid) for pid, _ in rows} - {None})
        best = sorted(rows, key=lambda r: (-r[1], r[0]))[: themes.REPRESENTATIVE]
        theme.representative = [pid for pid, _ in best]


def _load_theme_model(path: Path) -> themes.ThemeModel | None:
    try:
        loaded = pickle.loads(path.read_bytes())  # our own file in the data dir
    except (OSError, pickle.UnpicklingError, AttributeError, EOFError):
        return None
    return loaded if isinstance(loaded, themes.ThemeModel) else None


# ----------------------------------------------------------------------------- candidates


def _current_model_id(session: Session) -> str | None:
    return session.scalars(select(Extraction.model_id).order_by(Extraction.analysed_at.desc()).limit(1)).first()


def update_candidates(session: Session, taxonomy: Taxonomy) -> int:
    """Top passages per bouwsteen/element as suggestions for curators.

    Incremental: only passages newer than the last run are scored and merged into the stored top
    lists; a new model (labels and scores changed) triggers a full recompute.
    """
    state = session.get(AnalysisState, "candidates")
    model_id = _current_model_id(session)
    full = state is None or state.value.get("model_id") != model_id
    since = 0 if full else int(state.value.get("max_passage_id", 0)) if state else 0
    best = _score_candidates(session, taxonomy, since)
    if full:
        session.execute(delete(ExampleCandidate))
    else:
        for cand in session.scalars(select(ExampleCandidate).where(ExampleCandidate.label_id.in_(list(best)))):
            best[cand.label_id].append((cand.score, cand.passage_id, cand.components))
        session.execute(delete(ExampleCandidate).where(ExampleCandidate.label_id.in_(list(best))))
    n = 0
    for lab, bucket in best.items():
        bucket.sort(key=lambda t: (-t[0], t[1]))
        for score, pid, parts in bucket[:CANDIDATES_PER_LABEL]:
            session.add(ExampleCandidate(passage_id=pid, label_id=lab, score=score, components=parts))
            n += 1
    max_id = session.scalar(select(func.max(Passage.id))) or 0
    value = {"model_id": model_id, "max_passage_id": int(max_id)}
    if state:
        state.value, state.updated_at = value, utcnow()
    else:
        session.add(AnalysisState(key="candidates", value=value))
    return n


def _score_candidates(
    session: Session, taxonomy: Taxonomy, since: int
) -> dict[str, list[tuple[float, int, dict[str, float]]]]:
    """Candidate scores per label for passages with id > since, pruned to a few times the kept number."""
    label_ids = [lab.id for lab in (*taxonomy.bouwstenen, *taxonomy.elements)]
    best: dict[str, list[tuple[float, int, dict[str, float]]]] = defaultdict(list)
    facets: dict[int, set[str]] = defaultdict(set)
    for pid, lab in session.execute(
        select(PassageLabel.passage_id, PassageLabel.label_id).where(PassageLabel.kind == "facet", PassageLabel.passage_id > since)
    ):
        facets[pid].add(lab)
    rows = session.execute(
        select(PassageLabel.passage_id, PassageLabel.label_id, PassageLabel.score, Passage.text, Passage.shared_with)
        .join(Passage, Passage.id == PassageLabel.passage_id)
        .where(PassageLabel.label_id.in_(label_ids), PassageLabel.passage_id > since)
        .order_by(PassageLabel.passage_id)
        .execution_options(yield_per=STREAM_ROWS)  # stream: the ORM buffers whole results otherwise
    )
    features: tuple[int, candidates.TextFeatures] | None = None
    for pid, lab, score, text, shared_with in rows:
        if features is None or features[0] != pid:  # rows come per passage: text features once per passage
            features = (pid, candidates.text_features(text))
        cand = candidates.score_features(features[1], score, facets.get(pid, set()), bool(shared_with))
        bucket = best[lab]
        bucket.append((cand.score, pid, cand.components))
        if len(bucket) > 4 * CANDIDATES_PER_LABEL:
            bucket.sort(key=lambda t: (-t[0], t[1]))
            del bucket[CANDIDATES_PER_LABEL:]
    return best


# ----------------------------------------------------------------------------- entry points


def update_corpus(engine: Engine, settings: Settings) -> CorpusReport:
    """Run every corpus computation that has new input; cheap when nothing changed."""
    taxonomy = load_taxonomy(settings.taxonomy_path)
    report = CorpusReport()
    with Session(engine) as session:
        owners = document_owners(session)
        report.documents_updated = update_document_facts(session, taxonomy, owners)
        report.signatures = update_signatures(session)
        if report.signatures or report.documents_updated:
            report.shared_pairs = update_shared_wording(session, owners)
        report.themes_refreshed = update_themes(session, settings, taxonomy, owners)
        report.candidates = update_candidates(session, taxonomy)
        session.commit()
    return report


def coverage_shares(engine: Engine, sector: str, year: int | None = None, doc_type: str | None = None) -> list[dict[str, Any]]:
    """Per label: share of documents that cover it, with the documents behind the number."""
    with Session(engine) as session:
        stmt = (
            select(Coverage.label_id, Coverage.kind, Coverage.covered, Coverage.document_id)
            .join(SubmissionDocument, SubmissionDocument.document_id == Coverage.document_id)
            .join(Submission, Submission.id == SubmissionDocument.submission_id)
            .join(Extraction, Extraction.document_id == Coverage.document_id)
            .where(Submission.sector == sector, SubmissionDocument.is_current.is_(True))
        )
        if year:
            stmt = stmt.where(Submission.report_year == year)
        if doc_type:
            stmt = stmt.where(Extraction.doc_type == doc_type)
        acc: dict[str, dict[str, Any]] = {}
        for label_id, kind, covered, did in session.execute(stmt).all():
            row = acc.setdefault(label_id, {"label_id": label_id, "kind": kind, "documents": set(), "covered_by": set()})
            row["documents"].add(did)
            if covered:
                row["covered_by"].add(did)
    out = []
    for row in acc.values():
        n = len(row["documents"])
        out.append({"label_id": row["label_id"], "kind": row["kind"], "documents": n,
                    "share": round(len(row["covered_by"]) / n, 3) if n else 0.0, "covered_by": sorted(row["covered_by"])})
    return sorted(out, key=lambda r: r["label_id"])


def year_over_year(engine: Engine, organisation_id: int) -> list[dict[str, Any]]:
    """For each pair of consecutive report years: labels gained and lost, and theme changes."""
    with Session(engine) as session:
        rows = session.execute(
            select(Submission.report_year, Coverage.label_id, Coverage.covered, Coverage.document_id)
            .join(SubmissionDocument, SubmissionDocument.submission_id == Submission.id)
            .join(Coverage, Coverage.document_id == SubmissionDocument.document_id)
            .where(Submission.organisation_id == organisation_id, SubmissionDocument.is_current.is_(True))
        ).all()
        covered: dict[int, set[str]] = defaultdict(set)
        docs: dict[int, set[int]] = defaultdict(set)
        for year, label, is_covered, did in rows:
            if year is None:
                continue
            docs[year].add(did)
            if is_covered:
                covered[year].add(label)
        theme_rows = session.execute(
            select(Passage.document_id, Theme.label).join(ThemePassage, ThemePassage.passage_id == Passage.id)
            .join(Theme, Theme.id == ThemePassage.theme_id)
            .where(Passage.document_id.in_({d for ds in docs.values() for d in ds}))
        ).all()
    theme_by_doc: dict[int, set[str]] = defaultdict(set)
    for did, label in theme_rows:
        theme_by_doc[did].add(label)
    years = sorted(docs)
    out = []
    for prev, cur in zip(years, years[1:], strict=False):
        t_prev = set().union(*(theme_by_doc[d] for d in docs[prev]))
        t_cur = set().union(*(theme_by_doc[d] for d in docs[cur]))
        out.append({"from": prev, "to": cur, "gained": sorted(covered[cur] - covered[prev]),
                    "lost": sorted(covered[prev] - covered[cur]), "new_themes": sorted(t_cur - t_prev),
                    "dropped_themes": sorted(t_prev - t_cur)})
    return out
