"""Training examples: written passages, weak labels from document structure, human corrections.

- ``load_training_examples``: ``data/training/*.jsonl`` (every file; the ``sector`` field
  counts, not the file name), validated against the taxonomy. A passage may also carry its
  bouwstenen under another sector's scheme (field ``also`` on the line, or a line
  ``{"id": ..., "also": {...}}`` in ``data/training/cross/*.jsonl``): it then trains that
  sector's head as well, as a second example in the same cross-validation group.
- ``load_weak_examples``: passages of crawled reports whose heading matches a label's
  ``heading_patterns`` become positives for that label (and negatives for the sector's
  other bouwstenen), with a lower sample weight.
- Human annotations (table ``annotation``, not revoked; the newest per passage and label
  wins) take precedence over both: an annotated passage uses the human value for the
  annotated label ids.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kb.schema import Annotation, Submission, SubmissionDocument
from kb.schema import Passage as PassageRow
from kb.taxonomy import Label, Taxonomy

WEAK_WEIGHT = 0.3
CROSS_MARK = "@"  # id of the cross-scheme copy: <passage id>@<sector>
GROUP_SIZE = 10  # written ids <sector>-NNNN are grouped per ten: neighbours are often variants


class TrainingDataError(ValueError):
    """A training file is unreadable or names unknown labels; the message says where."""


@dataclass(frozen=True)
class Example:
    """One training passage. `known` = label ids whose value is known (None: all)."""

    id: str
    sector: str
    text: str
    labels: frozenset[str]
    known: frozenset[str] | None = None
    weight: float = 1.0
    source: str = "written"  # written / weak / human / cross (copy under another sector's scheme)
    group: str = ""
    cross_sectors: frozenset[str] = frozenset()  # other sectors this passage is labelled under

    def knows(self, label_id: str) -> bool:
        return self.known is None or label_id in self.known


def group_of(example_id: str) -> str:
    """CV group of a passage id: its prefix, with numbered ids bucketed per GROUP_SIZE."""
    example_id = example_id.split(CROSS_MARK, 1)[0]
    head, _, tail = example_id.rpartition("-")
    if tail.isdigit() and head:
        return f"{head}-{int(tail) // GROUP_SIZE}"
    return head or example_id


def _example_from_line(raw: dict[str, object], where: str, taxonomy: Taxonomy) -> Example:
    sector = str(raw.get("sector", ""))
    if sector not in taxonomy.sector_ids():
        raise TrainingDataError(f"{where}: unknown sector {sector!r}")
    allowed = {label.id for label in taxonomy.labels_for(sector)}
    labels: set[str] = set()
    for key in ("bouwstenen", "elements", "facets"):
        values = raw.get(key) or []
        if not isinstance(values, list):
            raise TrainingDataError(f"{where}: {key} must be a list")
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise TrainingDataError(f"{where}: {key} has ids not in the taxonomy for {sector}: {unknown}")
        labels.update(str(v) for v in values)
    ex_id = str(raw.get("id", ""))
    return Example(id=ex_id, sector=sector, text=str(raw.get("text", "")), labels=frozenset(labels),
                   source=str(raw.get("source", "written")), group=group_of(ex_id))


def load_training_examples(training_dir: str | Path, taxonomy: Taxonomy) -> list[Example]:
    """All labelled passages of ``training_dir/*.jsonl``, sorted by id; duplicates refused.

    Cross-scheme labels (``also``) add a copy of the passage per other sector, with only that
    sector's bouwstenen known.
    """
    files = sorted(Path(training_dir).glob("*.jsonl"))
    if not files:  # a mistyped KB_TRAINING_DIR must not train (and save) a model on weak labels alone
        what = "has no *.jsonl files" if Path(training_dir).is_dir() else "does not exist"
        raise TrainingDataError(f"training directory {training_dir} {what}")
    examples: dict[str, Example] = {}
    also: dict[str, dict[str, list[str]]] = {}
    for path in files:
        for where, raw in read_jsonl_lines(path):
            ex = _example_from_line(raw, where, taxonomy)
            if ex.id in examples:
                raise TrainingDataError(f"{where}: id {ex.id!r} occurs twice")
            if CROSS_MARK in ex.id:
                raise TrainingDataError(f"{where}: id {ex.id!r} may not contain {CROSS_MARK!r}")
            if ex.text.strip():
                examples[ex.id] = ex
            if raw.get("also") is not None:
                also[ex.id] = _also(raw, where, ex.sector, taxonomy)
    for path in sorted((Path(training_dir) / "cross").glob("*.jsonl")):
        for where, raw in read_jsonl_lines(path):
            ex_id = str(raw.get("id", ""))
            if ex_id not in examples:
                raise TrainingDataError(f"{where}: no training passage with id {ex_id!r}")
            extra = _also(raw, where, examples[ex_id].sector, taxonomy)
            for sector in extra:
                if sector in also.get(ex_id, {}):
                    raise TrainingDataError(f"{where}: {ex_id!r} already has {sector} labels")
            also.setdefault(ex_id, {}).update(extra)
    # one text, one cross-validation group: the same passage written under two ids (once per
    # sector) must not sit in a training fold and a test fold at the same time
    first_group: dict[str, str] = {}
    native: set[tuple[str, str]] = set()
    for ex_id in sorted(examples):
        ex = examples[ex_id]
        key = _text_key(ex.text)
        group = first_group.setdefault(key, ex.group)
        if group != ex.group:
            examples[ex_id] = replace(ex, group=group)
        native.add((key, ex.sector))
    for ex_id, by_sector in also.items():
        if ex_id not in examples:
            continue
        ex = examples[ex_id]
        examples[ex_id] = replace(ex, cross_sectors=frozenset(by_sector))
        key = _text_key(ex.text)
        for sector, ids in by_sector.items():
            if (key, sector) in native:
                continue  # the same text is already a passage of that sector: no second copy
            known = frozenset(b.id for b in taxonomy.bouwstenen_for(sector))
            copy_id = f"{ex_id}{CROSS_MARK}{sector}"
            examples[copy_id] = replace(ex, id=copy_id, sector=sector, labels=frozenset(ids), known=known,
                                        source="cross", cross_sectors=frozenset())
    return [examples[k] for k in sorted(examples)]


def _text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_jsonl_lines(path: Path) -> list[tuple[str, dict[str, object]]]:
    """(place, object) per non-empty line of a JSONL file; TrainingDataError names a bad line."""
    out: list[tuple[str, dict[str, object]]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.parent.name}/{path.name}:{n}" if path.parent.name == "cross" else f"{path.name}:{n}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainingDataError(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(raw, dict):
            raise TrainingDataError(f"{where}: a line must be a JSON object")
        out.append((where, raw))
    return out


def _also(raw: dict[str, object], where: str, own_sector: str, taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Validated ``also``: {other sector: [its bouwsteen ids]}."""
    value = raw.get("also")
    if not isinstance(value, dict):
        raise TrainingDataError(f"{where}: also must be an object {{sector: [bouwsteen ids]}}")
    out: dict[str, list[str]] = {}
    for sector, ids in value.items():
        if sector not in taxonomy.sector_ids() or sector == own_sector:
            raise TrainingDataError(f"{where}: also names {sector!r}, not another known sector")
        allowed = {b.id for b in taxonomy.bouwstenen_for(sector)}
        if not isinstance(ids, list) or any(i not in allowed for i in ids):
            raise TrainingDataError(f"{where}: also[{sector!r}] must list bouwsteen ids of {sector}")
        out[sector] = [str(i) for i in ids]
    return out


def heading_labels(heading_path: list[str], labels: list[Label]) -> set[str]:
    """Label ids whose heading patterns match the innermost heading that matches any."""
    for heading in reversed(heading_path):
        hits = {lb.id for lb in labels if any(re.search(p, heading, re.IGNORECASE) for p in lb.heading_patterns)}
        if hits:
            return hits
    return set()


def _passage_sectors(session: Session) -> dict[int, str]:
    rows = session.execute(
        select(SubmissionDocument.document_id, Submission.sector).join(
            Submission, Submission.id == SubmissionDocument.submission_id
        )
    )
    return {doc_id: sector for doc_id, sector in rows}


def load_weak_examples(engine: Engine, taxonomy: Taxonomy, weight: float = WEAK_WEIGHT) -> list[Example]:
    """Weakly labelled passages from heading structure, with human annotations applied."""
    with Session(engine) as session:
        sectors = _passage_sectors(session)
        rows = session.execute(
            select(PassageRow.id, PassageRow.document_id, PassageRow.heading_path, PassageRow.text)
        ).all()
        annotations = load_annotations(session)
    out: list[Example] = []
    for pid, doc_id, heading_path, text in rows:
        sector = sectors.get(doc_id)
        if sector not in taxonomy.sector_ids():
            continue
        ex = _weak_example(pid, doc_id, sector, list(heading_path or []), text, taxonomy, weight)
        human = annotations.get(pid)
        if human:
            ex = apply_annotation(ex or _blank(pid, doc_id, sector, text), human)
        if ex is not None:
            out.append(ex)
    return out


def _blank(pid: int, doc_id: int, sector: str, text: str) -> Example:
    return Example(id=f"db-{pid}", sector=sector, text=text, labels=frozenset(), known=frozenset(),
                   source="human", group=f"doc-{doc_id}")


def _weak_example(
    pid: int, doc_id: int, sector: str, heading_path: list[str], text: str, taxonomy: Taxonomy, weight: float
) -> Example | None:
    bouwstenen = taxonomy.bouwstenen_for(sector)
    hits = heading_labels(heading_path, [*bouwstenen, *taxonomy.elements_for(sector)])
    if not hits or not text.strip():
        return None
    known = set(hits)
    if hits & {b.id for b in bouwstenen}:
        known.update(b.id for b in bouwstenen)
    return Example(id=f"db-{pid}", sector=sector, text=text, labels=frozenset(hits), known=frozenset(known),
                   weight=weight, source="weak", group=f"doc-{doc_id}")


def load_annotations(session: Session) -> dict[int, dict[str, bool]]:
    """Passage id -> {label id: value}, newest non-revoked annotation per label."""
    rows = session.execute(
        select(Annotation.passage_id, Annotation.label_id, Annotation.value)
        .where(Annotation.revoked_at.is_(None))
        .order_by(Annotation.created_at, Annotation.id)
    )
    out: dict[int, dict[str, bool]] = defaultdict(dict)
    for pid, label_id, value in rows:
        out[pid][label_id] = bool(value)
    return dict(out)


def apply_annotation(example: Example, human: dict[str, bool]) -> Example:
    """Human values override the example's for the annotated label ids."""
    labels = (set(example.labels) - set(human)) | {k for k, v in human.items() if v}
    known = None if example.known is None else frozenset(example.known | set(human))
    return replace(example, labels=frozenset(labels), known=known, weight=1.0, source="human")
