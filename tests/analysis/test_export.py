"""The researchers' export: files, columns, filters, human labels winning over the model."""

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from analysis.export import export_corpus
from kb.cli import cli
from kb.db import session_scope
from kb.schema import (
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


def _seed(engine: Engine) -> None:
    with session_scope(engine) as s:
        for i, (name, sector, year) in enumerate([("Zorggroep Aa", "vvt", 2024), ("Stichting Bee", "ghz", 2023)]):
            org = Organisation(name=name, name_key=name.lower(), kvk=f"0{i}123456", sectors=[sector])
            s.add(org)
            s.flush()
            sub = Submission(organisation_id=org.id, sector=sector, report_year=year, submitted_url=f"http://x/{i}")
            doc = Document(sha256=f"{i}" * 64, media_type="application/pdf", size=10, storage_path="p", url=f"http://x/{i}.pdf")
            s.add_all([sub, doc])
            s.flush()
            s.add(SubmissionDocument(submission_id=sub.id, document_id=doc.id, url=f"http://x/{i}.pdf"))
            s.add(Extraction(document_id=doc.id, status="ok", extractor_version="1", pages=3, words=120,
                             language="nl", doc_type="kwaliteitsbeeld", facets={"tellen": 0.5}, shared_share=0.0))
            p = Passage(document_id=doc.id, seq=0, page=2, heading_path=["Cliëntervaringen"],
                        text="De NPS was 41 in 2024; <script>x</script>, komma's", scores={f"{sector}-b1": 0.9})
            s.add(p)
            s.flush()
            s.add(PassageLabel(passage_id=p.id, label_id=f"{sector}-b1", kind="bouwsteen", score=0.9))
            s.add(Coverage(document_id=doc.id, label_id=f"{sector}-b1", kind="bouwsteen", covered=True, strength=0.9,
                           passage_ids=[p.id]))
            s.add(Figure(document_id=doc.id, passage_id=p.id, measure="nps", value=41, scale="-100..100",
                         period=2024, quote="De NPS was 41 in 2024."))
            if sector == "vvt":  # an annotator removed b1 and added b2
                s.add(Annotation(passage_id=p.id, label_id="vvt-b1", value=False, annotator="ann"))
                s.add(Annotation(passage_id=p.id, label_id="vvt-b2", value=True, annotator="ann"))


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_writes_three_tables_codebook_and_manifest(tmp_path: Path, any_engine: Engine, any_settings: Settings, fmt: str) -> None:
    _seed(any_engine)
    manifest = export_corpus(any_engine, any_settings, tmp_path / "out", fmt)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([f"documents.{fmt}", f"passages.{fmt}", f"figures.{fmt}", "codebook.md", "manifest.json"])
    assert manifest["row_counts"] == {"documents": 2, "passages": 2, "figures": 2}
    assert manifest["taxonomy_hash"] and "vvt-e-meting" in (tmp_path / "out" / "codebook.md").read_text()


def _passages(out: Path, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in (out / "passages.jsonl").read_text().splitlines()]
    if fmt == "csv":
        with (out / "passages.csv").open(newline="") as fh:
            return [{k: (json.loads(v) if k in {"bouwstenen", "heading_path", "scores"} else v) for k, v in r.items()}
                    for r in csv.DictReader(fh)]
    return pq.read_table(out / "passages.parquet").to_pylist()


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_human_annotation_overrides_model_label_in_export(tmp_path: Path, engine: Engine, settings: Settings, fmt: str) -> None:
    _seed(engine)
    export_corpus(engine, settings, tmp_path, fmt)
    rows = {r["organisation"]: r for r in _passages(tmp_path, fmt)}
    assert list(rows["Zorggroep Aa"]["bouwstenen"]) == ["vvt-b2"] and rows["Zorggroep Aa"]["label_source"] == "human"
    assert list(rows["Stichting Bee"]["bouwstenen"]) == ["ghz-b1"] and rows["Stichting Bee"]["label_source"] == "model"
    assert rows["Stichting Bee"]["text"].endswith("<script>x</script>, komma's")
    assert list(rows["Stichting Bee"]["heading_path"]) == ["Cliëntervaringen"]


def test_sector_filter_limits_every_table(tmp_path: Path, engine: Engine, settings: Settings) -> None:
    _seed(engine)
    manifest = export_corpus(engine, settings, tmp_path, "jsonl", sector="ghz", year=2023)
    assert manifest["row_counts"] == {"documents": 1, "passages": 1, "figures": 1}
    assert manifest["filters"] == {"sector": "ghz", "year": 2023}


def test_kb_export_command_reports_counts(tmp_path: Path, engine: Engine, settings: Settings) -> None:
    _seed(engine)
    result = CliRunner().invoke(cli, ["--db", settings.db_url, "--data-dir", settings.data_dir,
                                      "export", "--format", "csv", "--out", str(tmp_path / "x"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["row_counts"]["passages"] == 2


def test_a_second_export_in_another_format_replaces_the_first(tmp_path: Path, engine: Engine, settings: Settings) -> None:
    """One folder, one export: no csv tables left behind that the jsonl manifest does not describe."""
    _seed(engine)
    out = tmp_path / "out"
    export_corpus(engine, settings, out, "csv")
    (out / "mijn-notities.md").write_text("eigen aantekeningen")
    manifest = export_corpus(engine, settings, out, "jsonl")
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["documents.jsonl", "passages.jsonl", "figures.jsonl", "codebook.md", "manifest.json",
                            "mijn-notities.md"])
    assert manifest["removed"] == ["documents.csv", "figures.csv", "passages.csv"]
    assert json.loads((out / "manifest.json").read_text())["format"] == "jsonl"


def test_an_export_that_fails_midway_leaves_no_manifest_and_no_half_tables(
    tmp_path: Path, engine: Engine, settings: Settings
) -> None:
    """A damaged database (the figure table is gone) fails the export after documents and passages were read."""
    from sqlalchemy import text

    _seed(engine)
    out = tmp_path / "out"
    export_corpus(engine, settings, out, "csv")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE figure"))
    result = CliRunner().invoke(cli, ["--db", settings.db_url, "--data-dir", settings.data_dir,
                                      "export", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: database error: ") and "Traceback" not in result.output
    names = sorted(p.name for p in out.iterdir())
    assert "manifest.json" not in names and not [n for n in names if n.endswith(".part")]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--sector", "GHZ"], 0, "exported 1 documents"),
        (["--sector", "wlz"], 2, "unknown sector 'wlz'; known: vvt, ghz"),
        (["--year", "1999"], 0, "note: no analysed document matches the filters"),
    ],
    ids=["sector-in-capitals", "unknown-sector", "empty-year"],
)
def test_kb_export_filters(tmp_path: Path, engine: Engine, settings: Settings, args: list[str], code: int,
                           message: str) -> None:
    _seed(engine)
    result = CliRunner().invoke(cli, ["--db", settings.db_url, "--data-dir", settings.data_dir,
                                      "export", "--format", "jsonl", "--out", str(tmp_path / "x"), *args])
    assert result.exit_code == code and message in result.output, result.output


def test_kb_export_to_a_folder_that_cannot_exist_is_one_line(tmp_path: Path, engine: Engine, settings: Settings) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = CliRunner().invoke(cli, ["--db", settings.db_url, "--data-dir", settings.data_dir,
                                      "export", "--format", "csv", "--out", str(tmp_path / "notes.txt" / "uit")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: cannot create the output directory") and len(result.stderr.splitlines()) == 1
