"""Annotation: a queue by model uncertainty, stored corrections, double annotation and kappa.

No streamlit here. A deterministic share of passages (id % DOUBLE_EVERY == 0) goes to two
annotators; agreement per label is Cohen's kappa over those passages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from kb.db import session_scope
from kb.schema import Annotation, AuditLog, Passage, PassageLabel, utcnow
from portal import queries as q

DOUBLE_EVERY = 10  # 10% of passages are annotated twice


@dataclass(frozen=True)
class QueueItem:
    passage_id: int
    label_id: str
    score: float


def needs_two(passage_id: int) -> bool:
    return passage_id % DOUBLE_EVERY == 0


def load_queue(engine: Engine, annotator: str, label_id: str, limit: int = 10, window: float = 0.2) -> list[QueueItem]:
    """Passages whose score for `label_id` is closest to 0.5, that still need this annotator's judgement."""
    done = select(Annotation.passage_id).where(Annotation.label_id == label_id, Annotation.revoked_at.is_(None))
    mine = done.where(Annotation.annotator == annotator)
    judged = (select(Annotation.passage_id).where(Annotation.label_id == label_id, Annotation.revoked_at.is_(None))
              .group_by(Annotation.passage_id).having(func.count(func.distinct(Annotation.annotator)) >= 2))
    distance = func.abs(PassageLabel.score - 0.5)
    stmt = (select(PassageLabel.passage_id, PassageLabel.score)
            .where(PassageLabel.label_id == label_id, PassageLabel.source != "human",
                   PassageLabel.score.between(0.5 - window, 0.5 + window + 0.3),
                   PassageLabel.passage_id.not_in(mine), PassageLabel.passage_id.not_in(judged))
            .order_by(distance, PassageLabel.passage_id).limit(limit * 4))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
        taken = {int(r[0]) for r in conn.execute(done.where(Annotation.passage_id.in_([r[0] for r in rows])))}
    items = [QueueItem(int(pid), label_id, float(score)) for pid, score in rows
             if int(pid) not in taken or needs_two(int(pid))]
    return items[:limit]


def store_annotation(engine: Engine, annotator: str, passage_id: int, label_id: str, value: bool) -> int:
    """Record one judgement (replacing this annotator's earlier one for the same label)."""
    with session_scope(engine) as session:
        previous = session.scalars(select(Annotation).where(
            Annotation.passage_id == passage_id, Annotation.label_id == label_id,
            Annotation.annotator == annotator, Annotation.revoked_at.is_(None))).all()
        for prev in previous:
            prev.revoked_at, prev.revoked_by = utcnow(), annotator
        ann = Annotation(passage_id=passage_id, label_id=label_id, value=value, annotator=annotator)
        session.add(ann)
        session.flush()
        session.add(AuditLog(who=annotator, action="annotate", target=f"passage:{passage_id}",
                             before={"previous": [p.id for p in previous]},
                             after={"annotation": ann.id, "label_id": label_id, "value": value}))
        return int(ann.id)


def parse_passage_ids(text: str) -> tuple[list[int], list[str]]:
    """Passage ids typed by a person ('12, 13; 14 15'): the numbers, and the pieces that are not numbers."""
    pieces = [p for p in re.split(r"[\s,;]+", text or "") if p]
    ids = [int(p) for p in pieces if p.isdigit()]
    return list(dict.fromkeys(ids)), [p for p in pieces if not p.isdigit()]


def store_bulk_label(engine: Engine, annotator: str, passage_ids: list[int], label_id: str) -> tuple[int, list[int]]:
    """Add a label to many passages; other labels are left as they are.

    Returns (passages labelled, ids that are no passage): an unknown id used to abort the
    batch halfway with a foreign-key error."""
    with engine.connect() as conn:
        known = {int(r[0]) for r in conn.execute(select(Passage.id).where(Passage.id.in_(passage_ids)))}
    for pid in passage_ids:
        if pid in known:
            store_annotation(engine, annotator, pid, label_id, True)
    return len(known), [pid for pid in passage_ids if pid not in known]


def store_revoke(engine: Engine, who: str, annotation_id: int) -> None:
    """Undo a judgement (kept in the table, marked revoked)."""
    with session_scope(engine) as session:
        ann = session.get(Annotation, annotation_id)
        if ann is None or ann.revoked_at is not None:
            return
        ann.revoked_at, ann.revoked_by = utcnow(), who
        session.add(AuditLog(who=who, action="annotation_revoke", target=f"annotation:{annotation_id}",
                             before={"value": ann.value}, after=None))


def load_annotations(engine: Engine, annotator: str | None = None) -> pd.DataFrame:
    stmt = (select(Annotation.id, Annotation.passage_id, Annotation.label_id, Annotation.value,
                   Annotation.annotator, Annotation.created_at, Passage.text)
            .join(Passage, Passage.id == Annotation.passage_id)
            .where(Annotation.revoked_at.is_(None)).order_by(Annotation.id))
    if annotator:
        stmt = stmt.where(Annotation.annotator == annotator)
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def annotations_jsonl(engine: Engine) -> str:
    """All current annotations with the passage text, one JSON object a line (input of `kb train`)."""
    frame = load_annotations(engine)
    views = {p.id: p for p in q.load_passages(engine, sorted(set(frame["passage_id"].tolist())))} if len(frame) else {}
    lines = []
    for r in frame.itertuples():
        p = views.get(r.passage_id)
        lines.append(json.dumps({"passage_id": r.passage_id, "text": r.text, "label_id": r.label_id,
                                 "value": bool(r.value), "annotator": r.annotator, "created_at": str(r.created_at),
                                 "sector": p.sector if p else None}, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


def cohen_kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two raters' yes/no judgements; None without pairs, 1.0 when both never vary alike."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected >= 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return round((observed - expected) / (1 - expected), 3)


def agreement(engine: Engine) -> pd.DataFrame:
    """Per label: passages judged by two annotators, agreement share and Cohen's kappa."""
    a, b = Annotation.__table__.alias("a"), Annotation.__table__.alias("b")
    stmt = select(a.c.label_id, a.c.passage_id, a.c.value, b.c.value).join(b, and_(
        a.c.passage_id == b.c.passage_id, a.c.label_id == b.c.label_id, a.c.annotator < b.c.annotator,
        b.c.revoked_at.is_(None))).where(a.c.revoked_at.is_(None))
    per_label: dict[str, dict[int, tuple[bool, bool]]] = {}
    with engine.connect() as conn:
        for label, pid, va, vb in conn.execute(stmt):
            per_label.setdefault(label, {}).setdefault(int(pid), (bool(va), bool(vb)))
    rows = [{"label_id": label, "passages": len(p), "eens": round(sum(x == y for x, y in p.values()) / len(p), 3),
             "kappa": cohen_kappa(list(p.values()))} for label, p in sorted(per_label.items())]
    return pd.DataFrame(rows, columns=["label_id", "passages", "eens", "kappa"])
