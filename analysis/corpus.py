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
from sqlalchemy import Engine, delete, select, update
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
    ex.structure = struct


# ----------------------------------------------------------------------------- shared wording


def update_signatures(session: Session) -> int:
    """MinHash signatures for passages that have none yet ("" marks too short to compare)."""
    todo = list(session.scalars(select(Passage.id).where(Passage.minhash.is_(None))))
    for chunk in _chunks(todo):
        for pid, text in session.execute(select(Passage.id, Passage.text).where(Passage.id.in_(chunk))).all():
            sig = shared.signature(text)
            session.execute(update(Passage).where(Passage.id == pid).values(minhash=shared.encode(sig) if sig is not None else ""))
        session.flush()
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
    stale = [pid for pid, sw in session.execute(select(Passage.id, Passage.shared_with)).all() if sw and pid not in partners]
    for chunk in _chunks(stale):
        session.execute(update(Passage).where(Passage.id.in_(chunk)).values(shared_with=[]))
    for pid, org_ids in partners.items():
        session.execute(update(Passage).where(Passage.id == pid).values(shared_with=sorted(org_ids)))


def _store_shared_share(session: Session, shared_ids: set[int]) -> None:
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pid, did, words in session.execute(select(Passage.id, Passage.document_id, Passage.words)):
        totals[did][0] += words or 0
        if pid in shared_ids:
            totals[did][1] += words or 0
    for did, (total, common) in totals.items():
        session.execute(update(Extraction).where(Extraction.document_id == did).values(shared_share=round(common / total, 4) if total else 0.0))


# ----------------------------------------------------------------------------- themes


def _theme_slice(session: Session, sector: str, bouwsteen: str, owners: dict[int, tuple[int, str, int | None]]) -> tuple[list[int], list[int], list[str]]:
    rows = session.execute(
        select(Passage.id, Passage.document_id, Passage.text)
        .join(PassageLabel, PassageLabel.passage_id == Passage.id)
        .where(PassageLabel.label_id == bouwsteen)
        .order_by(Passage.id)
    ).all()
    rows = [r for r in rows if owners.get(r[1], (0, sector, None))[1] == sector]
    return [r[0] for r in rows], [owners.get(r[1], (-r[1], "", None))[0] for r in rows], [r[2] for r in rows]


def update_themes(session: Session, settings: Settings, taxonomy: Taxonomy, owners: dict[int, tuple[int, str, int | None]]) -> list[str]:
    """Refresh the themes of every sector x bouwsteen whose passages changed."""
    refreshed = []
    model_dir = settings.data_path / "themes"
    for b in taxonomy.bouwstenen:
        ids, orgs, texts = _theme_slice(session, b.sector or "", b.id, owners)
        key = f"themes:{b.id}"
        digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
        state = session.get(AnalysisState, key)
        if state and state.value.get("hash") == digest:
            continue
        _replace_themes(session, b.sector or "", b.id, digest, ids, orgs, texts, model_dir, state)
        refreshed.append(b.id)
    return refreshed


def _replace_themes(
    session: Session, sector: str, bouwsteen: str, digest: str, ids: list[int], orgs: list[int], texts: list[str],
    model_dir: Path, state: AnalysisState | None,
) -> None:
    old = list(session.scalars(select(Theme.id).where(Theme.bouwsteen == bouwsteen)))
    if old:
        session.execute(delete(ThemePassage).where(ThemePassage.theme_id.in_(old)))
        session.execute(delete(Theme).where(Theme.id.in_(old)))
    if len(ids) >= themes.MIN_PASSAGES:
        previous_ids = set(state.value.get("ids", [])) if state else set()
        model = _load_theme_model(model_dir / f"{bouwsteen}.pkl")
        changed = len(set(ids) ^ previous_ids)
        if themes.needs_refit(model, len(ids), changed):
            model = themes.fit_theme_model(texts)
            model_dir.mkdir(parents=True, exist_ok=True)
            (model_dir / f"{bouwsteen}.pkl").write_bytes(pickle.dumps(model))
        assert model is not None
        for result in themes.assign_themes(model, ids, orgs, texts):
            if not result.passage_weights:
                continue
            theme = Theme(sector=sector, bouwsteen=bouwsteen, label=result.label, top_terms=list(result.top_terms),
                          n_organisations=result.n_organisations, n_passages=len(result.passage_weights),
                          representative=list(result.representative), corpus_hash=digest)
            session.add(theme)
            session.flush()
            session.add_all(ThemePassage(theme_id=theme.id, passage_id=p, weight=w) for p, w in result.passage_weights.items())
    value = {"hash": digest, "ids": ids if len(ids) <= 200_000 else []}
    if state:
        state.value, state.updated_at = value, utcnow()
    else:
        session.add(AnalysisState(key=f"themes:{bouwsteen}", value=value))


def _load_theme_model(path: Path) -> themes.ThemeModel | None:
    try:
        loaded = pickle.loads(path.read_bytes())  # our own file in the data dir
    except (OSError, pickle.UnpicklingError, AttributeError, EOFError):
        return None
    return loaded if isinstance(loaded, themes.ThemeModel) else None


# ----------------------------------------------------------------------------- candidates


def update_candidates(session: Session, taxonomy: Taxonomy) -> int:
    """Top passages per bouwsteen/element as suggestions for curators (replaced on every run)."""
    label_ids = [lab.id for lab in (*taxonomy.bouwstenen, *taxonomy.elements)]
    best: dict[str, list[tuple[float, int, dict[str, float]]]] = defaultdict(list)
    facets: dict[int, set[str]] = defaultdict(set)
    for pid, lab in session.execute(select(PassageLabel.passage_id, PassageLabel.label_id).where(PassageLabel.kind == "facet")):
        facets[pid].add(lab)
    rows = session.execute(
        select(PassageLabel.passage_id, PassageLabel.label_id, PassageLabel.score, Passage.text, Passage.shared_with)
        .join(Passage, Passage.id == PassageLabel.passage_id)
        .where(PassageLabel.label_id.in_(label_ids))
    )
    for pid, lab, score, text, shared_with in rows:
        cand = candidates.score_candidate(text, score, facets.get(pid, set()), bool(shared_with))
        bucket = best[lab]
        bucket.append((cand.score, pid, cand.components))
        if len(bucket) > 4 * CANDIDATES_PER_LABEL:
            bucket.sort(key=lambda t: (-t[0], t[1]))
            del bucket[CANDIDATES_PER_LABEL:]
    session.execute(delete(ExampleCandidate))
    n = 0
    for lab, bucket in best.items():
        bucket.sort(key=lambda t: (-t[0], t[1]))
        for score, pid, parts in bucket[:CANDIDATES_PER_LABEL]:
            session.add(ExampleCandidate(passage_id=pid, label_id=lab, score=score, components=parts))
            n += 1
    return n


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
        if report.signatures or report.documents_updated or report.themes_refreshed:
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
