"""Storing one analysed document: extraction, passages, labels, coverage and figures in one transaction.

Re-analysis replaces the document's passages, machine labels, coverage and figures.
Passages keep their id when their text is unchanged, so human annotations and
curated examples stay attached; an old passage that humans refer to but that no
longer occurs is kept with `seq = -1`. Labels with source "human" are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from analysis.extract import EXTRACTOR_VERSION
from kb.db import session_scope
from kb.models import Extraction, ExtractionStatus, PassageLabels
from kb.schema import Annotation, Coverage, Example, Figure, PassageLabel, utcnow
from kb.schema import Extraction as ExtractionRow
from kb.schema import Passage as PassageRow

LABEL_KINDS = (("bouwstenen", "bouwsteen"), ("elements", "element"), ("facets", "facet"))
ORPHAN_SEQ = -1


@dataclass
class DocResult:
    extraction: Extraction
    labels: list[PassageLabels] | None = None
    coverage: dict[str, Any] | None = None
    figures: list[dict[str, Any]] | None = None
    model_id: str | None = None
    seconds: float = 0.0

    @classmethod
    def failed(cls, status: ExtractionStatus, error: str) -> DocResult:
        return cls(Extraction(status=status, media_type="", error=error))


def _store_extraction(session: Any, doc_id: int, result: DocResult) -> None:
    ext = result.extraction
    row = session.scalar(select(ExtractionRow).where(ExtractionRow.document_id == doc_id))
    if row is None:
        row = ExtractionRow(document_id=doc_id)
        session.add(row)
    row.status, row.error, row.extractor_version = ext.status.value, ext.error, EXTRACTOR_VERSION
    row.pages, row.title, row.language, row.doc_type = ext.pages, ext.title, ext.language, ext.doc_type
    row.years, row.needs_ocr, row.ocr_used = list(ext.years), ext.needs_ocr, ext.ocr_used
    row.words = sum(p.words for p in ext.passages)
    row.model_id = result.model_id if result.labels is not None else None
    row.seconds, row.analysed_at = result.seconds, utcnow()
    # a fresh structure: what the corpus step derived from the old passages (layout, sections) must be
    # derived again, and an empty "layout" is what tells it to (analysis.corpus.update_document_facts)
    structure: dict[str, Any] = {}
    structure["headings"] = [list(h) for h in ext.headings[:500]]
    structure["media_type"] = ext.media_type
    structure["note"] = ext.note  # e.g. the pages of a text PDF that are scans, and whether OCR read them
    structure["pages_without_text"] = list(ext.pages_without_text)
    row.structure = structure
    if result.coverage and isinstance(result.coverage.get("facets"), dict):
        row.facets = result.coverage["facets"]
    elif result.labels:
        row.facets = _facet_shares(result.labels)


def _facet_shares(labels: list[PassageLabels]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for lab in labels:
        for facet in lab.facets:
            counts[facet] = counts.get(facet, 0) + 1
    return {k: round(v / len(labels), 4) for k, v in sorted(counts.items())}


def _human_referenced(session: Any, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    refs = set(session.scalars(select(Annotation.passage_id).where(Annotation.passage_id.in_(ids))))
    refs |= set(session.scalars(select(Example.passage_id).where(Example.passage_id.in_(ids))))
    human = select(PassageLabel.passage_id).where(
        PassageLabel.passage_id.in_(ids), PassageLabel.source == "human"
    )
    refs |= set(session.scalars(human))
    return {r for r in refs if r is not None}


def _replace_passages(session: Any, doc_id: int, result: DocResult) -> dict[str, int]:
    """Write the new passages (reusing rows with identical text); returns passage key -> row id.

    New passages and all machine labels go in with one multi-row INSERT each (RETURNING the
    new ids in parameter order); one ORM flush per passage cost more than the classifier.
    """
    old = list(session.scalars(select(PassageRow).where(PassageRow.document_id == doc_id)))
    old_ids = [p.id for p in old]
    if old_ids:
        session.execute(
            delete(PassageLabel).where(PassageLabel.passage_id.in_(old_ids), PassageLabel.source != "human")
        )
    by_text: dict[str, list[PassageRow]] = {}
    for row in old:
        by_text.setdefault(row.text, []).append(row)
    ids: dict[str, int] = {}
    labels = result.labels or []
    fresh: list[tuple[str, dict[str, Any]]] = []  # (passage key, column values) of rows to insert
    for seq, passage in enumerate(result.extraction.passages, start=1):
        lab = labels[seq - 1] if seq <= len(labels) else None
        values: dict[str, Any] = {
            "seq": seq,
            "page": passage.page,
            "heading_path": list(passage.heading_path),
            "kind": passage.kind,
            "char_start": passage.char_start,
            "char_end": passage.char_end,
            "words": passage.words,
            "scores": dict(lab.scores) if lab else {},
            "explanations": dict(lab.explanations) if lab else {},
            "label_source": "model",
        }
        reuse = by_text.get(passage.text)
        if reuse:
            row = reuse.pop()
            for key, value in values.items():
                setattr(row, key, value)
            ids[passage.id] = row.id
        else:
            fresh.append((passage.id, {"document_id": doc_id, "text": passage.text, **values}))
    if fresh:
        session.flush()  # reused rows first: their ids are known already
        new_ids = session.scalars(
            insert(PassageRow).returning(PassageRow.id, sort_by_parameter_order=True), [v for _, v in fresh]
        ).all()
        ids.update(zip((key for key, _ in fresh), new_ids, strict=True))
    label_rows = [
        {"passage_id": ids[passage.id], "label_id": label_id, "kind": kind,
         "score": float(lab.scores.get(label_id, 1.0)), "source": "model", "model_id": result.model_id,
         "created_at": utcnow()}
        for passage, lab in zip(result.extraction.passages, labels, strict=False)
        for attr, kind in LABEL_KINDS
        for label_id in getattr(lab, attr)
    ]
    if label_rows:
        session.execute(insert(PassageLabel), label_rows)
    leftovers = [row for rows in by_text.values() for row in rows]
    keep = _human_referenced(session, [r.id for r in leftovers])
    for row in leftovers:
        if row.id in keep:
            row.seq = ORPHAN_SEQ
        else:
            session.delete(row)
    return ids


def _store_coverage(session: Any, doc_id: int, coverage: dict[str, Any], ids: dict[str, int]) -> None:
    for key, kind in LABEL_KINDS[:2]:
        for label_id, info in (coverage.get(key) or {}).items():
            session.add(
                Coverage(
                    document_id=doc_id,
                    label_id=label_id,
                    kind=kind,
                    covered=bool(info.get("covered")),
                    strength=float(info.get("strength", 0.0) or 0.0),
                    passage_ids=[ids[p] for p in info.get("passages", []) if p in ids],
                )
            )


def _store_figures(session: Any, doc_id: int, figures: list[dict[str, Any]], ids: dict[str, int]) -> None:
    columns = ("measure", "instrument", "value", "scale", "period", "respondents", "quote")
    for fig in figures:
        values = {c: fig.get(c) for c in columns}
        session.add(Figure(document_id=doc_id, passage_id=ids.get(str(fig.get("passage_id"))), **values))


def store_result(engine: Engine, doc_id: int, result: DocResult) -> None:
    """Replace everything `kb analyse` stored for `doc_id` with `result`, in one transaction."""
    with session_scope(engine) as session:
        session.execute(delete(Figure).where(Figure.document_id == doc_id))
        session.execute(delete(Coverage).where(Coverage.document_id == doc_id))
        ids = _replace_passages(session, doc_id, result)
        if result.coverage:
            _store_coverage(session, doc_id, result.coverage, ids)
        if result.figures:
            _store_figures(session, doc_id, result.figures, ids)
        _store_extraction(session, doc_id, result)
