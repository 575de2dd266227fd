"""`kb analyse` on a temporary SQLite database: incremental, robust, replacing its own rows only."""

from __future__ import annotations

import json
import sys
import types

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from analysis.pipeline import analyse, sectors_of
from analysis.pipeline_store import DocResult, store_result
from kb.db import session_scope
from kb.docmaker import render_html, render_pdf
from kb.models import Extraction, ExtractionStatus, Passage, PassageLabels
from kb.schema import (
    Annotation,
    Coverage,
    Document,
    Figure,
    Organisation,
    PassageLabel,
    Submission,
    SubmissionDocument,
)
from kb.schema import Extraction as ExtractionRow
from kb.schema import Passage as PassageRow
from kb.settings import Settings
from kb.storage import store_bytes
from tests.support.corpus import encrypted_pdf, junk_bytes, report_spec


@pytest.fixture(autouse=True)
def corpus_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A stand-in for analysis.corpus (its real import takes many seconds); records the calls."""
    calls: list[str] = []
    stub = types.ModuleType("analysis.corpus")
    stub.update_corpus = lambda engine, settings: calls.append(settings.data_dir)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "analysis.corpus", stub)
    return calls


@pytest.fixture
def one_worker(settings: Settings) -> Settings:
    return settings.with_overrides(workers=1, doc_timeout=30.0)


def add_document(
    settings: Settings, engine: Engine, content: bytes, media_type: str = "application/pdf"
) -> int:
    sha, path = store_bytes(settings, content)
    with session_scope(engine) as session:
        doc = Document(sha256=sha, media_type=media_type, size=len(content), storage_path=str(path))
        session.add(doc)
        session.flush()
        return doc.id


def statuses(engine: Engine) -> dict[int, str]:
    with session_scope(engine) as session:
        return dict(session.execute(select(ExtractionRow.document_id, ExtractionRow.status)).tuples().all())


def test_analyse_is_incremental(one_worker: Settings, engine: Engine, corpus_calls: list[str]) -> None:
    first = [add_document(one_worker, engine, render_pdf(report_spec(2, seed=s))[0]) for s in (1, 2)]
    report = analyse(one_worker, engine, classify=False)
    assert (report.documents, dict(report.statuses)) == (2, {"ok": 2})
    assert report.passages > 0 and not report.labelled
    assert analyse(one_worker, engine, classify=False).documents == 0
    new = add_document(one_worker, engine, render_html(report_spec(1, seed=3)).encode(), "text/html")
    third = analyse(one_worker, engine, classify=False, progress=lambda *a: seen.append(a[1]))
    assert third.documents == 1 and seen == [new]
    assert set(statuses(engine)) == {*first, new}
    assert len(corpus_calls) == 3  # corpus analytics run after every analyse


seen: list[int] = []


def test_bad_documents_get_a_status_and_the_batch_goes_on(one_worker: Settings, engine: Engine) -> None:
    bad = {
        add_document(one_worker, engine, encrypted_pdf()): "encrypted",
        add_document(one_worker, engine, junk_bytes(), "text/html"): "unsupported",
        add_document(one_worker, engine, render_pdf(report_spec(1))[0][:900]): "corrupt",
    }
    good = add_document(one_worker, engine, render_pdf(report_spec(1, seed=9))[0])
    analyse(one_worker, engine, classify=False)
    assert statuses(engine) == {**bad, good: "ok"}
    with session_scope(engine) as session:
        errors = session.scalars(select(ExtractionRow.error).where(ExtractionRow.status != "ok")).all()
    assert all(errors)


def test_document_over_the_time_limit_is_recorded_as_timeout(one_worker: Settings, engine: Engine) -> None:
    doc = add_document(one_worker, engine, render_pdf(report_spec(40))[0])
    analyse(one_worker.with_overrides(doc_timeout=0.001), engine, classify=False)
    assert statuses(engine) == {doc: "timeout"}


def test_sector_comes_from_the_linked_submission(engine: Engine, settings: Settings) -> None:
    linked = add_document(settings, engine, b"<html><body><p>een</p></body></html>", "text/html")
    unlinked = add_document(settings, engine, b"<html><body><p>twee</p></body></html>", "text/html")
    with session_scope(engine) as session:
        org = Organisation(name="De Linde", name_key="de linde")
        session.add(org)
        session.flush()
        sub = Submission(organisation_id=org.id, sector="ghz", report_year=2023)
        session.add(sub)
        session.flush()
        session.add(SubmissionDocument(submission_id=sub.id, document_id=linked))
    assert sectors_of(engine, [linked, unlinked]) == {linked: "ghz", unlinked: "vvt"}


def _result(texts: list[str], human_label: bool = False) -> DocResult:
    passages = tuple(Passage(f"p{n}", t, 1, ("Kop",), 0, len(t)) for n, t in enumerate(texts, start=1))
    labels = [
        PassageLabels(("vvt-b1",), ("vvt-e-meting",), ("f-wat",), {"vvt-b1": 0.9, "vvt-e-meting": 0.7})
        for _ in texts
    ]
    coverage = {
        "bouwstenen": {"vvt-b1": {"covered": True, "passages": ["p1"], "strength": 0.9}},
        "elements": {},
    }
    figures = [{"measure": "nps", "value": 42.0, "scale": "-100..100", "quote": "NPS 42", "passage_id": "p1"}]
    ext = Extraction(status=ExtractionStatus.OK, media_type="application/pdf", pages=1, passages=passages)
    return DocResult(ext, labels, coverage, figures, model_id="m1")


def test_store_result_writes_labels_coverage_and_figures(engine: Engine, settings: Settings) -> None:
    doc = add_document(settings, engine, b"x")
    store_result(engine, doc, _result(["Eerste passage.", "Tweede passage."]))
    with session_scope(engine) as session:
        kinds = sorted(session.scalars(select(PassageLabel.kind)).all())
        cover = session.scalars(select(Coverage)).one()
        figure = session.scalars(select(Figure)).one()
        first = session.scalars(select(PassageRow).where(PassageRow.seq == 1)).one()
    assert kinds == ["bouwsteen"] * 2 + ["element"] * 2 + ["facet"] * 2
    assert (cover.label_id, cover.covered, cover.passage_ids) == ("vvt-b1", True, [first.id])
    assert (figure.value, figure.passage_id) == (42.0, first.id)


def test_reanalysis_replaces_machine_rows_but_keeps_human_work(engine: Engine, settings: Settings) -> None:
    doc = add_document(settings, engine, b"y")
    store_result(engine, doc, _result(["Blijft staan.", "Verdwijnt maar is geannoteerd.", "Verdwijnt."]))
    with session_scope(engine) as session:
        rows = {p.text: p.id for p in session.scalars(select(PassageRow))}
        session.add(
            Annotation(
                passage_id=rows["Verdwijnt maar is geannoteerd."],
                label_id="vvt-b1",
                value=True,
                annotator="an",
            )
        )
        session.add(
            PassageLabel(
                passage_id=rows["Blijft staan."], label_id="vvt-b2", kind="bouwsteen", source="human"
            )
        )
    store_result(engine, doc, _result(["Blijft staan.", "Nieuw."]))
    with session_scope(engine) as session:
        after = {p.text: (p.id, p.seq) for p in session.scalars(select(PassageRow))}
        human = session.scalars(select(PassageLabel).where(PassageLabel.source == "human")).one()
        n_figures = session.scalar(select(func.count()).select_from(Figure))
    assert after["Blijft staan."] == (rows["Blijft staan."], 1)
    assert after["Verdwijnt maar is geannoteerd."][1] == -1
    assert "Verdwijnt." not in after and after["Nieuw."][1] == 2
    assert human.passage_id == rows["Blijft staan."] and n_figures == 1


def test_kb_analyse_json_reports_counts(settings: Settings, engine: Engine) -> None:
    from kb.cli import cli

    add_document(settings, engine, render_html(report_spec(1)).encode(), "text/html")
    args = [
        "--db",
        settings.db_url,
        "--data-dir",
        settings.data_dir,
        "analyse",
        "--workers",
        "1",
        "--no-classify",
        "--json",
    ]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert (data["documents"], data["statuses"], data["workers"]) == (1, {"ok": 1}, 1)
    assert data["passages"] > 0


def test_reanalysis_drops_document_facts_of_the_old_text(engine: Engine, settings: Settings) -> None:
    from kb.schema import Extraction as ExtractionRow

    doc = add_document(settings, engine, b"z")
    store_result(engine, doc, _result(["Oude tekst."]))
    with session_scope(engine) as session:  # what the corpus step adds after a first analysis
        row = session.scalars(select(ExtractionRow).where(ExtractionRow.document_id == doc)).one()
        row.structure = {**row.structure, "layout": {"sections": 1}}
    store_result(engine, doc, _result(["Nieuwe tekst na een betere extractie."]))
    with session_scope(engine) as session:
        structure = session.scalars(select(ExtractionRow).where(ExtractionRow.document_id == doc)).one().structure
    assert "layout" not in structure, "a re-extracted document must get its corpus facts computed again"
    assert structure["media_type"] == "application/pdf"
