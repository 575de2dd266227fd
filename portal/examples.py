"""Goede voorbeelden: the curated collection, its changes (audited, reversible) and its export.

No streamlit here. Every change writes an audit_log row with before/after.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from kb.db import session_scope
from kb.schema import AuditLog, Example, ExampleCandidate, Passage, utcnow
from kb.taxonomy import Taxonomy
from portal import queries as q


@dataclass(frozen=True)
class ExampleView:
    id: int
    label_id: str
    title: str
    note: str
    created_by: str
    withdrawn: bool
    passage: q.PassageView | None
    document: dict[str, Any]

    @property
    def source_link(self) -> str | None:
        if self.passage:
            return self.passage.source_link
        url = self.document.get("url")
        return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def _snapshot(ex: Example) -> dict[str, Any]:
    return {"passage_id": ex.passage_id, "document_id": ex.document_id, "label_id": ex.label_id,
            "title": ex.title, "note": ex.note, "withdrawn_at": str(ex.withdrawn_at) if ex.withdrawn_at else None}


def store_example(engine: Engine, who: str, label_id: str, note: str, passage_id: int | None = None,
                  document_id: int | None = None, title: str | None = None) -> int:
    """Add a passage (or a whole document) to the collection under a bouwsteen or element."""
    with session_scope(engine) as session:
        if passage_id is not None:
            document_id = session.scalar(select(Passage.document_id).where(Passage.id == passage_id))
        if document_id is None:
            raise ValueError("an example needs a passage or a document")
        ex = Example(passage_id=passage_id, document_id=document_id, label_id=label_id, title=title, note=note,
                     created_by=who)
        session.add(ex)
        session.flush()
        session.add(AuditLog(who=who, action="example_add", target=f"example:{ex.id}", after=_snapshot(ex)))
        return int(ex.id)


def _change(engine: Engine, who: str, example_id: int, action: str, **values: Any) -> None:
    with session_scope(engine) as session:
        ex = session.get(Example, example_id)
        if ex is None:
            raise ValueError(f"no example {example_id}")
        before = _snapshot(ex)
        for key, value in values.items():
            setattr(ex, key, value)
        session.add(AuditLog(who=who, action=action, target=f"example:{example_id}", before=before,
                             after=_snapshot(ex)))


def store_example_update(engine: Engine, who: str, example_id: int, note: str, label_id: str,
                         title: str | None = None) -> None:
    _change(engine, who, example_id, "example_edit", note=note, label_id=label_id, title=title,
            updated_by=who, updated_at=utcnow())


def store_withdrawal(engine: Engine, who: str, example_id: int) -> None:
    _change(engine, who, example_id, "example_withdraw", withdrawn_by=who, withdrawn_at=utcnow())


def store_restore(engine: Engine, who: str, example_id: int) -> None:
    _change(engine, who, example_id, "example_restore", withdrawn_by=None, withdrawn_at=None)


def load_examples(engine: Engine, include_withdrawn: bool = False) -> list[ExampleView]:
    stmt = select(Example).order_by(Example.label_id, Example.created_at)
    if not include_withdrawn:
        stmt = stmt.where(Example.withdrawn_at.is_(None))
    with session_scope(engine) as session:
        rows = list(session.scalars(stmt))
    passages = {p.id: p for p in q.load_passages(engine, [r.passage_id for r in rows if r.passage_id])}
    docs = q.document_rows(engine, [r.document_id for r in rows])
    out = []
    for r in rows:
        doc = docs.get(r.document_id) or {}
        out.append(ExampleView(r.id, r.label_id, r.title or "", r.note or "", r.created_by, r.withdrawn_at is not None,
                               passages.get(r.passage_id) if r.passage_id else None, doc))
    return out


def load_candidates(engine: Engine, sector: str | None = None, limit: int = 50) -> pd.DataFrame:
    """Suggestions of the analysis not yet in the collection, best first."""
    curated = select(Example.passage_id).where(Example.passage_id.is_not(None))
    stmt = (select(ExampleCandidate.passage_id, ExampleCandidate.label_id, ExampleCandidate.score)
            .where(ExampleCandidate.passage_id.not_in(curated)).order_by(ExampleCandidate.score.desc()))
    if sector:
        stmt = stmt.where(ExampleCandidate.label_id.like(f"{sector}-%"))
    with engine.connect() as conn:
        result = conn.execute(stmt.limit(limit))
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _group_key(ex: ExampleView, taxonomy: Taxonomy, with_sector: bool) -> tuple[str, str]:
    try:
        label = taxonomy.label(ex.label_id)
    except KeyError:
        return ("Overig", ex.label_id)
    prefix = f"{label.sector.upper()} · " if with_sector and label.sector else ""
    if taxonomy.kind_of(ex.label_id) == "element" and label.bouwsteen:
        return (prefix + taxonomy.label(label.bouwsteen).name, label.name)
    return (prefix + label.name, "")


def grouped(examples: list[ExampleView], taxonomy: Taxonomy) -> dict[tuple[str, str], list[ExampleView]]:
    """Examples grouped by (bouwsteen, element) in taxonomy order, oldest first within a group.

    When the collection holds more than one sector, the bouwsteen is prefixed with its sector ("VVT · ...",
    "GHZ · ..."): both frameworks have an "Inzicht in kwaliteit", and their examples are not interchangeable.
    """
    order = {lb.id: i for i, lb in enumerate((*taxonomy.bouwstenen, *taxonomy.elements))}
    labels = {lb.id: lb for lb in (*taxonomy.bouwstenen, *taxonomy.elements)}

    def position(ex: ExampleView) -> tuple[int, int]:
        label = labels.get(ex.label_id)
        if label is None:
            return (len(order), len(order))
        if label.bouwsteen:
            return (order.get(label.bouwsteen, len(order)), order[label.id])
        return (order[label.id], -1)

    sectors = {labels[ex.label_id].sector for ex in examples if ex.label_id in labels}
    out: dict[tuple[str, str], list[ExampleView]] = {}
    for ex in sorted(examples, key=position):
        out.setdefault(_group_key(ex, taxonomy, len(sectors) > 1), []).append(ex)
    return out


def _source_line(ex: ExampleView) -> str:
    org = ex.passage.organisation if ex.passage else str(ex.document.get("organisation") or "")
    year = ex.passage.year if ex.passage else ex.document.get("year")
    page = f", p. {ex.passage.page}" if ex.passage and ex.passage.page else ""
    return f"{org} {year or ''}{page} — {ex.source_link or 'geen bron-URL'}".strip()


def examples_markdown(examples: list[ExampleView], taxonomy: Taxonomy) -> str:
    """The collection as Markdown for the handreiking's bijlage (passages quoted, sources listed)."""
    lines = ["# Bijlage: goede voorbeelden", ""]
    for (bouwsteen, element), items in grouped(examples, taxonomy).items():
        lines += [f"## {bouwsteen}" + (f" — {element}" if element else ""), ""]
        for ex in items:
            if ex.title:
                lines += [f"### {ex.title}", ""]
            body = ex.passage.text if ex.passage else f"Heel document: {ex.document.get('title') or ''}"
            lines += ["> " + line for line in body.splitlines()] + [""]
            if ex.note:
                lines += [f"Toelichting: {ex.note}", ""]
            lines += [f"Bron: {_source_line(ex)}", ""]
    return "\n".join(lines)


def examples_docx(examples: list[ExampleView], taxonomy: Taxonomy) -> bytes:
    """The collection as a Word document (python-docx), grouped by bouwsteen and element."""
    from docx import Document as Docx

    doc = Docx()
    doc.add_heading("Bijlage: goede voorbeelden", level=1)
    for (bouwsteen, element), items in grouped(examples, taxonomy).items():
        doc.add_heading(bouwsteen + (f" — {element}" if element else ""), level=2)
        for ex in items:
            if ex.title:
                doc.add_heading(ex.title, level=3)
            body = ex.passage.text if ex.passage else f"Heel document: {ex.document.get('title') or ''}"
            doc.add_paragraph(body, style="Intense Quote")
            if ex.note:
                doc.add_paragraph(f"Toelichting: {ex.note}")
            doc.add_paragraph(f"Bron: {_source_line(ex)}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
