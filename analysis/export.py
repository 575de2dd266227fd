"""The tagged corpus for researchers: documents, passages, figures + codebook + manifest.

Streaming: documents are read in batches and each table is appended to its
file as it goes, so memory does not grow with the corpus. Human annotations
take precedence over model labels (`label_source` says which won).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kb.schema import (
    AnalysisState,
    Annotation,
    Coverage,
    Document,
    Extraction,
    Figure,
    Organisation,
    Passage,
    PassageLabel,
    Submission,
    SubmissionDocument,
)
from kb.settings import Settings
from kb.taxonomy import Taxonomy, load_taxonomy

FORMATS = ("parquet", "csv", "jsonl")
BATCH_DOCUMENTS = 200
MANIFEST = "manifest.json"

DOCUMENT_COLUMNS: dict[str, str] = {
    "document_id": "Stable id of the stored document (database id).",
    "organisation": "Organisation name as submitted to Zorginstituut Nederland.",
    "kvk": "KvK number, 8 digits (zero-padded), empty when unknown.",
    "sector": "Sector id: vvt or ghz (see taxonomy).",
    "report_year": "Report year (verslagjaar) of the submission.",
    "doc_type": "Document type guess: kwaliteitsbeeld, voortgangsbericht, visitatieverslag, jaarverslag, other.",
    "source_url": "The URL as submitted (normalised on import).",
    "document_url": "The URL of the stored report (after following the landing page).",
    "sha256": "SHA-256 of the stored bytes; the raw file is data/store/raw/<sha[:2]>/<sha>.",
    "media_type": "Sniffed media type of the stored bytes.",
    "pages": "Page count (PDF); empty for HTML.",
    "words": "Words of clean body text.",
    "language": "Detected language (nl, en, ...).",
    "readability": "Flesch-Douma reading ease (higher is easier; 60-70 is plain Dutch).",
    "coverage": "Object: per bouwsteen and mandatory element {covered, strength, passages}.",
    "facets": "Object: share of passages per facet (tellen, vertellen, terugblik, vooruitblik).",
    "shared_share": "0-1: share of the document's words in passages near-duplicating another organisation's.",
}
PASSAGE_COLUMNS: dict[str, str] = {
    "passage_id": "Stable id of the passage (database id).",
    "document_id": "The document it comes from.",
    "organisation": "Organisation name.",
    "sector": "Sector id.",
    "report_year": "Report year.",
    "page": "1-based page number in the PDF; empty for HTML.",
    "heading_path": "List: the headings above the passage, outermost first.",
    "text": "Clean body text (no running headers, footers or page numbers; hyphenation joined).",
    "bouwstenen": "List of bouwsteen label ids.",
    "elements": "List of mandatory-element label ids this passage evidences.",
    "facets": "List of facet ids.",
    "scores": "Object: label id -> model probability 0-1.",
    "label_source": "model (classifier), weak (heading rule) or human (annotator correction).",
    "shared_with": "List of other organisations with a near-duplicate passage; empty when none.",
}
FIGURE_COLUMNS: dict[str, str] = {
    "document_id": "The document the figure was read from.",
    "organisation": "Organisation name.",
    "measure": "nps, totaalscore, prem, aanbeveling or clientervaring.",
    "instrument": "The instrument named in the text (clientervaring, prem), else empty.",
    "value": "The number as reported (decimal comma read as a point).",
    "scale": "Scale as reported: 0-10, -100..100, % or another range the text gives (1-4, 1-5, 0-5).",
    "period": "The year the figure is about, when the text says so.",
    "respondents": "Number of respondents when stated.",
    "passage_id": "The passage the figure was read from.",
    "quote": "The sentence it was read from.",
}
TABLES = {"documents": DOCUMENT_COLUMNS, "passages": PASSAGE_COLUMNS, "figures": FIGURE_COLUMNS}
JSON_FIELDS = {"coverage", "facets", "scores", "heading_path", "bouwstenen", "elements", "shared_with"}


class ExportError(ValueError):
    """Bad export request (unknown format, output is a file)."""


@dataclass
class _DocContext:
    organisation: str
    kvk: str | None
    sector: str
    report_year: int | None
    source_url: str | None
    link_url: str | None


@dataclass
class _Writers:
    out_dir: Path
    fmt: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    _files: dict[str, Any] = field(default_factory=dict)
    _parquet: dict[str, pq.ParquetWriter] = field(default_factory=dict)

    def write(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        self.counts[table] += len(rows)
        columns = list(TABLES[table])
        if self.fmt == "jsonl":
            fh = self._open(table)
            for row in rows:
                fh.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=str) + "\n")
        elif self.fmt == "csv":
            fh = self._open(table)
            writer = csv.writer(fh)
            if fh.tell() == 0:
                writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_cell(c, row.get(c)) for c in columns])
        else:
            self._write_parquet(table, columns, rows)

    def part(self, table: str) -> Path:
        """Where `table` is written until the export is complete (then renamed to its name)."""
        return self.out_dir / f".{table}.{self.fmt}.part"

    def _open(self, table: str) -> Any:
        if table not in self._files:
            self._files[table] = self.part(table).open("w", encoding="utf-8", newline="")
        return self._files[table]

    def _write_parquet(self, table: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
        data = {c: [_parquet_cell(c, r.get(c)) for r in rows] for c in columns}
        batch = pa.table(data, schema=_parquet_schema(table))
        if table not in self._parquet:
            self._parquet[table] = pq.ParquetWriter(self.part(table), batch.schema)
        self._parquet[table].write_table(batch)

    def _close_files(self) -> None:
        for fh in self._files.values():
            fh.close()
        for w in self._parquet.values():
            w.close()
        self._files, self._parquet = {}, {}

    def close(self) -> None:
        """Finish every table (also empty ones) and move them to their names."""
        self._close_files()
        for table, columns in TABLES.items():
            path = self.part(table)
            if not path.exists():
                if self.fmt == "parquet":
                    pq.write_table(pa.table({c: [] for c in columns}, schema=_parquet_schema(table)), path)
                elif self.fmt == "csv":
                    path.write_text(",".join(columns) + "\n", encoding="utf-8")
                else:
                    path.write_text("", encoding="utf-8")
        for table in TABLES:
            self.part(table).replace(self.out_dir / f"{table}.{self.fmt}")

    def abort(self) -> None:
        """An export that did not finish leaves no half-written table behind."""
        try:
            self._close_files()
        finally:
            for table in TABLES:
                self.part(table).unlink(missing_ok=True)


_INT_COLUMNS = {"document_id", "passage_id", "report_year", "page", "pages", "words", "period", "respondents"}
_FLOAT_COLUMNS = {"readability", "shared_share", "value"}
_LIST_COLUMNS = {"heading_path", "bouwstenen", "elements", "facets_list", "shared_with"}


def _parquet_schema(table: str) -> pa.Schema:
    fields = []
    for c in TABLES[table]:
        if c in _INT_COLUMNS:
            fields.append(pa.field(c, pa.int64()))
        elif c in _FLOAT_COLUMNS:
            fields.append(pa.field(c, pa.float64()))
        elif c in _LIST_COLUMNS or (c == "facets" and table == "passages"):
            fields.append(pa.field(c, pa.list_(pa.string())))
        else:
            fields.append(pa.field(c, pa.string()))
    return pa.schema(fields)


def _parquet_cell(column: str, value: Any) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if column == "passage_id" and isinstance(value, str):
        return int(value)
    return value


def _csv_cell(column: str, value: Any) -> Any:
    if column in JSON_FIELDS or isinstance(value, list | dict):
        return json.dumps(value if value is not None else [], ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def _document_ids(session: Session, sector: str | None, year: int | None) -> list[int]:
    stmt = (
        select(SubmissionDocument.document_id)
        .join(Submission, Submission.id == SubmissionDocument.submission_id)
        .join(Extraction, Extraction.document_id == SubmissionDocument.document_id)
        .where(SubmissionDocument.is_current.is_(True))
    )
    if sector:
        stmt = stmt.where(Submission.sector == sector)
    if year:
        stmt = stmt.where(Submission.report_year == year)
    return sorted(set(session.scalars(stmt)))


def _contexts(session: Session, doc_ids: list[int]) -> dict[int, _DocContext]:
    rows = session.execute(
        select(SubmissionDocument, Submission, Organisation)
        .join(Submission, Submission.id == SubmissionDocument.submission_id)
        .join(Organisation, Organisation.id == Submission.organisation_id)
        .where(SubmissionDocument.document_id.in_(doc_ids))
        .order_by(SubmissionDocument.is_current, SubmissionDocument.last_seen_at)
    ).all()
    out: dict[int, _DocContext] = {}
    for link, sub, org in rows:  # later (current, newest) rows win
        out[link.document_id] = _DocContext(org.name, org.kvk, sub.sector, sub.report_year, sub.submitted_url, link.url)
    return out


def effective_labels(
    session: Session, passage_ids: list[int], taxonomy: Taxonomy
) -> dict[int, tuple[dict[str, list[str]], str]]:
    """Per passage: labels per kind after applying human annotations, and the label source."""
    labels: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    source: dict[int, str] = {}
    for pl in session.scalars(select(PassageLabel).where(PassageLabel.passage_id.in_(passage_ids))):
        labels[pl.passage_id][pl.kind].add(pl.label_id)
        if pl.source == "weak" and source.get(pl.passage_id) != "human":
            source[pl.passage_id] = "weak"
    notes = session.scalars(
        select(Annotation)
        .where(Annotation.passage_id.in_(passage_ids), Annotation.revoked_at.is_(None))
        .order_by(Annotation.created_at)
    )
    for note in notes:  # the latest judgement per label wins
        try:
            kind = taxonomy.kind_of(note.label_id)
        except KeyError:
            continue
        bucket = labels[note.passage_id][kind]
        (bucket.add if note.value else bucket.discard)(note.label_id)
        source[note.passage_id] = "human"
    out = {}
    for pid in passage_ids:
        kinds = labels.get(pid, {})
        out[pid] = ({k: sorted(kinds.get(k, set())) for k in ("bouwsteen", "element", "facet")}, source.get(pid, "model"))
    return out


def _shared_org_names(session: Session, passages: list[Passage]) -> dict[int, list[str]]:
    org_ids = {oid for p in passages for oid in (p.shared_with or []) if isinstance(oid, int)}
    names = dict(session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))).all())
    return {p.id: sorted({names[o] for o in (p.shared_with or []) if o in names}) for p in passages}


def _document_rows(session: Session, ctx: dict[int, _DocContext], doc_ids: list[int]) -> list[dict[str, Any]]:
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(doc_ids)))}
    extractions = {e.document_id: e for e in session.scalars(select(Extraction).where(Extraction.document_id.in_(doc_ids)))}
    coverage: dict[int, dict[str, dict[str, Any]]] = defaultdict(lambda: {"bouwstenen": {}, "elements": {}})
    for cov in session.scalars(select(Coverage).where(Coverage.document_id.in_(doc_ids))):
        key = "bouwstenen" if cov.kind == "bouwsteen" else "elements"
        coverage[cov.document_id][key][cov.label_id] = {
            "covered": cov.covered, "strength": round(cov.strength, 3), "passages": cov.passage_ids,
        }
    rows = []
    for did in doc_ids:
        doc, ex, c = docs[did], extractions.get(did), ctx.get(did)
        rows.append({
            "document_id": did, "organisation": c.organisation if c else None, "kvk": c.kvk if c else None,
            "sector": c.sector if c else None, "report_year": c.report_year if c else None,
            "doc_type": ex.doc_type if ex else None, "source_url": c.source_url if c else None,
            "document_url": (c.link_url if c and c.link_url else doc.url), "sha256": doc.sha256,
            "media_type": doc.media_type, "pages": ex.pages if ex else None, "words": ex.words if ex else None,
            "language": ex.language if ex else None, "readability": ex.readability if ex else None,
            "coverage": coverage[did], "facets": (ex.facets if ex else {}) or {},
            "shared_share": ex.shared_share if ex else None,
        })
    return rows


def _passage_rows(
    session: Session, ctx: dict[int, _DocContext], doc_ids: list[int], taxonomy: Taxonomy
) -> list[dict[str, Any]]:
    passages = list(session.scalars(select(Passage).where(Passage.document_id.in_(doc_ids)).order_by(Passage.document_id, Passage.seq)))
    labels = effective_labels(session, [p.id for p in passages], taxonomy)
    shared = _shared_org_names(session, passages)
    rows = []
    for p in passages:
        c = ctx.get(p.document_id)
        kinds, source = labels[p.id]
        rows.append({
            "passage_id": p.id, "document_id": p.document_id, "organisation": c.organisation if c else None,
            "sector": c.sector if c else None, "report_year": c.report_year if c else None, "page": p.page,
            "heading_path": list(p.heading_path or []), "text": p.text, "bouwstenen": kinds["bouwsteen"],
            "elements": kinds["element"], "facets": kinds["facet"], "scores": p.scores or {},
            "label_source": source, "shared_with": shared.get(p.id, []),
        })
    return rows


def _figure_rows(session: Session, ctx: dict[int, _DocContext], doc_ids: list[int]) -> list[dict[str, Any]]:
    rows = []
    for f in session.scalars(select(Figure).where(Figure.document_id.in_(doc_ids)).order_by(Figure.document_id, Figure.id)):
        c = ctx.get(f.document_id)
        rows.append({
            "document_id": f.document_id, "organisation": c.organisation if c else None, "measure": f.measure,
            "instrument": f.instrument, "value": f.value, "scale": f.scale, "period": f.period,
            "respondents": f.respondents, "passage_id": f.passage_id, "quote": f.quote,
        })
    return rows


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def codebook_markdown(taxonomy: Taxonomy) -> str:
    """Every column and every label id explained."""
    lines = ["# Codebook - kwaliteitsbeelden corpus export", ""]
    lines += ["In CSV, list and object fields are JSON strings; in Parquet, objects are JSON strings.", ""]
    for table, columns in TABLES.items():
        lines += [f"## {table}", "", "| column | meaning |", "|---|---|"]
        lines += [f"| `{c}` | {m} |" for c, m in columns.items()]
        lines.append("")
    lines += [f"## Labels (taxonomy version {taxonomy.version}, hash {taxonomy.hash})", "", "| id | kind | sector | name |", "|---|---|---|---|"]
    for kind, labels in (("bouwsteen", taxonomy.bouwstenen), ("element", taxonomy.elements), ("facet", taxonomy.facets)):
        lines += [f"| `{lab.id}` | {kind} | {lab.sector or '-'} | {lab.name} |" for lab in labels]
    return "\n".join(lines) + "\n"


def _model_id(session: Session) -> str | None:
    state = session.get(AnalysisState, "model")
    if state and isinstance(state.value, dict):
        mid = state.value.get("model_id")
        return str(mid) if mid else None
    ids = session.scalars(select(Extraction.model_id).where(Extraction.model_id.is_not(None)).limit(1)).all()
    return ids[0] if ids else None


def export_corpus(
    engine: Engine, settings: Settings, out_dir: str | Path, fmt: str,
    sector: str | None = None, year: int | None = None,
) -> dict[str, Any]:
    """Write documents/passages/figures in `fmt` plus codebook.md and manifest.json; return the manifest."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a directory")
    taxonomy = load_taxonomy(settings.taxonomy_path)
    if sector is not None and sector not in taxonomy.sector_ids():
        raise ExportError(f"unknown sector {sector!r}; known: {', '.join(taxonomy.sector_ids())}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output directory {out}: {exc.strerror or exc}") from exc
    # the folder holds one export: its manifest goes first (a run that stops midway leaves none) and
    # an earlier export's tables in another format go, so no file is left that the manifest does not describe
    (out / MANIFEST).unlink(missing_ok=True)
    replaced = [p.name for p in _export_files(out) if p.suffix != f".{fmt}"]
    for name in replaced:
        (out / name).unlink()
    writers = _Writers(out, fmt)
    try:
        with Session(engine) as session:
            doc_ids = _document_ids(session, sector, year)
            for batch in _batches(doc_ids, BATCH_DOCUMENTS):
                ctx = _contexts(session, batch)
                writers.write("documents", _document_rows(session, ctx, batch))
                writers.write("passages", _passage_rows(session, ctx, batch, taxonomy))
                writers.write("figures", _figure_rows(session, ctx, batch))
                session.expunge_all()
            model_id = _model_id(session)
        writers.close()
    except BaseException:
        writers.abort()
        raise
    (out / "codebook.md").write_text(codebook_markdown(taxonomy), encoding="utf-8")
    manifest = {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "format": fmt, "filters": {"sector": sector, "year": year},
        "taxonomy_version": taxonomy.version, "taxonomy_hash": taxonomy.hash, "model_version": model_id,
        "row_counts": writers.counts, "files": [f"{t}.{fmt}" for t in TABLES] + ["codebook.md"],
        "removed": sorted(replaced),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def _export_files(out: Path) -> list[Path]:
    """The table files of an earlier export in `out` (any format); other files are left alone."""
    return [out / f"{t}.{f}" for t in TABLES for f in FORMATS if (out / f"{t}.{f}").is_file()]
