"""`kb analyse`: extract, segment, classify, score coverage and figures for every new document.

Incremental: only documents without an extraction row, or whose extraction used an
older extractor version or classifier model, are analysed. Streaming: document ids
are read in batches and each result is stored as it arrives. Parallel: one worker
process per core, each with an address-space cap (RLIMIT_AS) and a wall-clock
limit; a worker that dies or overruns is replaced and its document recorded with
an error status. Bad input never stops the batch.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, or_, select

from analysis.extract import EXTRACTOR_VERSION, ExtractOptions, extract_document
from analysis.pipeline_store import DocResult, store_result
from kb.models import Extraction, ExtractionStatus
from kb.schema import Document, Submission, SubmissionDocument
from kb.schema import Extraction as ExtractionRow
from kb.settings import Settings

BATCH = 64
DEFAULT_SECTOR = "vvt"
Progress = Callable[[int, int, str], None]  # (done, document id, status)


@dataclass
class AnalyseReport:
    documents: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    passages: int = 0
    labelled: bool = False
    model_id: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    corpus_seconds: float = 0.0  # of `seconds`: the corpus-wide step after the documents
    workers: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "statuses": dict(sorted(self.statuses.items())),
            "passages": self.passages,
            "labelled": self.labelled,
            "model_id": self.model_id,
            "workers": self.workers,
            "seconds": round(self.seconds, 2),
            "corpus_seconds": round(self.corpus_seconds, 2),
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- worker side


@dataclass
class _Classifier:
    model: Any = None
    model_id: str | None = None
    note: str | None = None


def load_classifier(settings: Settings) -> _Classifier:
    """The classifier model, or a note saying why passages stay unlabelled."""
    try:
        from analysis.classify import load_model
    except ImportError as exc:
        return _Classifier(note=f"classifier unavailable ({exc}); passages stored unlabelled")
    try:
        model = load_model(settings)
    except Exception as exc:  # noqa: BLE001 - a missing model leaves passages unlabelled, it does not stop kb analyse
        return _Classifier(
            note=f"classifier model could not be loaded ({type(exc).__name__}: {exc}); unlabelled"
        )
    return _Classifier(model, str(getattr(model, "model_id", "") or "") or None)


def _coverage(labels: list[Any], ext: Extraction, classifier: _Classifier, sector: str) -> dict[str, Any] | None:
    from analysis.coverage import document_coverage

    # the taxonomy the model was built with (load_model checked it against the file): no file read per document
    pairs = [(p.id, lab) for p, lab in zip(ext.passages, labels, strict=True)]
    result: dict[str, Any] = document_coverage(pairs, classifier.model.taxonomy, sector)
    return result


def _figures(ext: Extraction) -> list[dict[str, Any]] | None:
    from analysis.figures import find_figures

    return [dict(row) for row in find_figures([(p.id, p.text, p.heading_path) for p in ext.passages])]


def analyse_bytes(
    content: bytes, media_type: str | None, sector: str, settings: Settings, classifier: _Classifier
) -> DocResult:
    """Everything `kb analyse` learns of one document, without touching the database."""
    started = time.monotonic()
    ext = extract_document(content, media_type, ExtractOptions.from_settings(settings))
    result = DocResult(extraction=ext, model_id=classifier.model_id)
    if ext.status == ExtractionStatus.OK and ext.passages:
        if classifier.model is not None:
            from analysis.classify import predict
            from analysis.sections import apply_sections

            labels = predict(classifier.model, [p.text for p in ext.passages], sector)
            result.labels = apply_sections(labels, [p.heading_path for p in ext.passages], classifier.model.taxonomy, sector)
            result.coverage = _coverage(result.labels, ext, classifier, sector)
        result.figures = _figures(ext)
    result.seconds = time.monotonic() - started
    return result


def _limit_memory(megabytes: int) -> None:
    import resource

    limit = megabytes * 1024 * 1024
    try:
        import psutil

        limit = max(
            limit, psutil.Process().memory_info().vms + 256 * 1024 * 1024
        )  # never below what is loaded
    except Exception:  # noqa: BLE001 - psutil is an optional refinement
        pass
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def worker_main(conn: Any, settings: Settings, classify: bool = True) -> None:
    """Worker process loop: load the model once, then analyse (doc id, path, media type, sector) tasks."""
    classifier = load_classifier(settings) if classify else _Classifier(note="classification switched off")
    _limit_memory(settings.doc_memory_mb)
    conn.send(("ready", classifier.note))
    while True:
        task = conn.recv()
        if task is None:
            return
        doc_id, path, media_type, sector = task
        try:
            with open(path, "rb") as fh:
                content = fh.read()
            result = analyse_bytes(content, media_type, sector, settings, classifier)
        except MemoryError:
            result = DocResult.failed(ExtractionStatus.TOO_LARGE, "memory limit of the worker reached")
        except Exception as exc:  # noqa: BLE001 - recorded on the document; the batch goes on
            result = DocResult.failed(ExtractionStatus.ERROR, f"{type(exc).__name__}: {exc}"[:500])
        conn.send(("done", doc_id, result))


# --------------------------------------------------------------------------- selection


def documents_to_analyse(engine: Engine, model_id: str | None, after: int = 0) -> list[tuple[int, str, str]]:
    """The next batch of (document id, sha256, media type) that needs (re)analysis."""
    stmt = (
        select(Document.id, Document.sha256, Document.media_type)
        .outerjoin(ExtractionRow, ExtractionRow.document_id == Document.id)
        .where(Document.id > after)
        .where(
            or_(
                ExtractionRow.id.is_(None),
                ExtractionRow.extractor_version != EXTRACTOR_VERSION,
                (ExtractionRow.status == ExtractionStatus.OK.value)
                & (ExtractionRow.model_id.is_distinct_from(model_id)),
            )
        )
        .order_by(Document.id)
        .limit(BATCH)
    )
    with engine.connect() as conn:
        return [(r[0], r[1], r[2]) for r in conn.execute(stmt)]


def sectors_of(engine: Engine, doc_ids: list[int]) -> dict[int, str]:
    """The sector of each document's submission (the current link first); default vvt."""
    stmt = (
        select(SubmissionDocument.document_id, Submission.sector)
        .join(Submission, Submission.id == SubmissionDocument.submission_id)
        .where(SubmissionDocument.document_id.in_(doc_ids))
        .order_by(SubmissionDocument.is_current, SubmissionDocument.id)
    )
    found: dict[int, str] = {}
    with engine.connect() as conn:
        for doc_id, sector in conn.execute(stmt):
            found[doc_id] = sector or DEFAULT_SECTOR  # later (current) rows win
    return {d: found.get(d, DEFAULT_SECTOR) for d in doc_ids}


def iter_tasks(
    engine: Engine, settings: Settings, model_id: str | None
) -> Iterator[tuple[int, str, str, str]]:
    """(doc id, raw path, media type, sector) for every document needing analysis, batch by batch."""
    from kb.storage import raw_path

    after = 0
    seen: set[int] = set()
    while batch := documents_to_analyse(engine, model_id, after):
        sectors = sectors_of(engine, [d for d, _, _ in batch])
        for doc_id, sha, media_type in batch:
            if doc_id not in seen:
                seen.add(doc_id)
                yield doc_id, str(raw_path(settings, sha)), media_type, sectors[doc_id]
        after = batch[-1][0]


# --------------------------------------------------------------------------- driver


def analyse(
    settings: Settings, engine: Engine, progress: Progress | None = None, classify: bool = True
) -> AnalyseReport:
    """Analyse every document that needs it; store each result as it arrives.

    `classify=False` stores passages unlabelled (tests, or extraction-only runs).
    """
    from analysis.pipeline_workers import WorkerPool

    started = time.monotonic()
    report = AnalyseReport()
    # the main process loads (on first use: trains) the model once, before the workers start
    classifier = load_classifier(settings) if classify else _Classifier(note="classification switched off")
    report.model_id, report.labelled = classifier.model_id, classifier.model is not None
    if classifier.note:
        report.notes.append(classifier.note)
    tasks = iter_tasks(engine, settings, classifier.model_id)
    del classifier
    first = next(tasks, None)
    if first is None:  # nothing to do: no workers to start
        _after_documents(engine, settings, report)
        report.seconds = time.monotonic() - started
        return report
    with WorkerPool(settings, classify) as pool:
        report.workers = pool.size
        for doc_id, result in pool.run(itertools.chain([first], tasks)):
            store_result(engine, doc_id, result)
            report.documents += 1
            report.statuses[result.extraction.status.value] += 1
            report.passages += len(result.extraction.passages)
            if progress:
                progress(report.documents, doc_id, result.extraction.status.value)
    _after_documents(engine, settings, report)
    report.seconds = time.monotonic() - started
    return report


def _after_documents(engine: Engine, settings: Settings, report: AnalyseReport) -> None:
    if report.statuses.get(ExtractionStatus.NEEDS_OCR.value):
        from analysis.ocr import ocr_status

        reason = ocr_status() if settings.ocr else "OCR is off: run kb analyse --ocr (or KB_OCR=1)"
        if reason:
            report.notes.append(
                f"{report.statuses[ExtractionStatus.NEEDS_OCR.value]} documents need OCR; {reason}"
            )
    from analysis.corpus import update_corpus

    # the documents are stored by now: a failure here (a bug) surfaces, and a rerun redoes only this step
    started = time.monotonic()
    update_corpus(engine, settings)
    report.corpus_seconds = time.monotonic() - started
