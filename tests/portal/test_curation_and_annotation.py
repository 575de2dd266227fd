"""Curated examples and annotations: audited, reversible, exported."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from kb.cli import cli
from kb.schema import AuditLog, PassageLabel, User
from kb.settings import Settings
from kb.taxonomy import load_taxonomy
from portal import annotate as an
from portal import examples as ex
from tests.support.fixture_db import FixtureInfo, build_fixture_db


def _db(engine: Engine, settings: Settings) -> FixtureInfo:
    return build_fixture_db(engine, settings)


def test_withdrawn_example_is_hidden_and_can_be_restored(engine: Engine, settings: Settings) -> None:
    info = _db(engine, settings)
    ex_id = ex.store_example(engine, "anna", "vvt-e-b1", "goed", passage_id=info.passages[0])
    ex.store_withdrawal(engine, "anna", ex_id)
    assert ex.load_examples(engine) == []
    ex.store_restore(engine, "bert", ex_id)
    assert [e.id for e in ex.load_examples(engine)] == [ex_id]
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(AuditLog.action, AuditLog.who))]
    assert actions == ["example_add", "example_withdraw", "example_restore"]


def test_export_of_collection_quotes_passage_with_source(engine: Engine, settings: Settings) -> None:
    from docx import Document as Docx

    info = _db(engine, settings)
    ex.store_example(engine, "anna", "vvt-e-b1", "Let op de dochter", passage_id=info.passages[0])
    items, tax = ex.load_examples(engine), load_taxonomy()
    md = ex.examples_markdown(items, tax)
    assert "## Het kennen van de wensen en behoeften" in md and "#page=2" in md and "Let op de dochter" in md
    text = "\n".join(p.text for p in Docx(io.BytesIO(ex.examples_docx(items, tax))).paragraphs)
    assert "mevrouw Jansen" in text and "Bron: Zorggroep De Linde 2023, p. 2" in text


def test_candidates_leave_out_curated_passages(engine: Engine, settings: Settings) -> None:
    _db(engine, settings)
    before = ex.load_candidates(engine)
    first = int(before.iloc[0]["passage_id"])
    ex.store_example(engine, "anna", str(before.iloc[0]["label_id"]), "", passage_id=first)
    assert first not in set(ex.load_candidates(engine)["passage_id"])


def test_queue_puts_scores_closest_to_half_first(engine: Engine, settings: Settings) -> None:
    _db(engine, settings)
    items = an.load_queue(engine, "cees", "vvt-b1", limit=5)
    distances = [abs(i.score - 0.5) for i in items]
    assert items and distances == sorted(distances)


def test_annotated_passage_leaves_queue_unless_it_needs_two(engine: Engine, settings: Settings) -> None:
    _db(engine, settings)
    [item] = an.load_queue(engine, "cees", "vvt-b1", limit=1)
    an.store_annotation(engine, "cees", item.passage_id, "vvt-b1", True)
    assert item.passage_id not in {i.passage_id for i in an.load_queue(engine, "cees", "vvt-b1", limit=50)}
    others = {i.passage_id for i in an.load_queue(engine, "dirk", "vvt-b1", limit=50)}
    assert (item.passage_id in others) == an.needs_two(item.passage_id)


def test_kappa_per_label_from_double_annotations(engine: Engine, settings: Settings) -> None:
    info = _db(engine, settings)
    for pid, (a, b) in zip(info.passages[:4], [(True, True), (False, False), (True, False), (True, True)],
                           strict=True):
        an.store_annotation(engine, "cees", pid, "vvt-b2", a)
        an.store_annotation(engine, "dirk", pid, "vvt-b2", b)
    row = an.agreement(engine).iloc[0]
    assert (row["label_id"], row["passages"], row["eens"], row["kappa"]) == ("vvt-b2", 4, 0.75, 0.5)


def test_bulk_label_adds_without_removing_other_labels(engine: Engine, settings: Settings) -> None:
    info = _db(engine, settings)
    pid = info.passages[0]
    with engine.connect() as conn:
        before = set(conn.scalars(select(PassageLabel.label_id).where(PassageLabel.passage_id == pid)))
    an.store_bulk_label(engine, "cees", [pid, info.passages[1]], "vvt-b4")
    with engine.connect() as conn:
        after = set(conn.scalars(select(PassageLabel.label_id).where(PassageLabel.passage_id == pid)))
    lines = [json.loads(x) for x in an.annotations_jsonl(engine).splitlines()]
    assert after == before and {x["label_id"] for x in lines} == {"vvt-b4"} and "mevrouw Jansen" in lines[0]["text"]


@pytest.mark.parametrize(("typed", "ids", "rest"), [
    ("12, 13", [12, 13], []), ("12;13 14", [12, 13, 14], []), ("12,,x, 13, 12", [12, 13], ["x"]),
    ("p12 #13", [], ["p12", "#13"]), ("", [], []),
], ids=["comma", "semicolon-space", "junk-and-repeat", "no-numbers", "empty"])
def test_typed_passage_ids_are_read_and_the_rest_named(typed: str, ids: list[int], rest: list[str]) -> None:
    """'12;13' used to be dropped whole, silently: only comma-separated digits were read."""
    assert an.parse_passage_ids(typed) == (ids, rest)


def test_bulk_label_skips_unknown_passages_and_names_them(engine: Engine, settings: Settings) -> None:
    """An id that is no passage used to abort the batch halfway with a foreign-key error."""
    info = _db(engine, settings)
    stored, unknown = an.store_bulk_label(engine, "cees", [info.passages[0], 999_999, info.passages[1]], "vvt-b4")
    assert (stored, unknown) == (2, [999_999])
    assert len(an.load_annotations(engine, "cees")) == 2


def test_revoked_annotation_is_no_longer_exported(engine: Engine, settings: Settings) -> None:
    info = _db(engine, settings)
    ann = an.store_annotation(engine, "cees", info.passages[0], "vvt-b1", False)
    an.store_revoke(engine, "cees", ann)
    assert an.annotations_jsonl(engine) == ""


def test_kb_user_add_reads_password_from_stdin(settings: Settings, engine: Engine) -> None:
    result = CliRunner().invoke(cli, ["--db", settings.db_url, "user", "add", "eva", "--role", "annotator",
                                      "--password-stdin"], input="lang-genoeg-wachtwoord\n")
    assert result.exit_code == 0, result.output
    with engine.connect() as conn:
        assert conn.execute(select(User.role).where(User.name == "eva")).scalar() == "annotator"


def test_kb_user_add_refuses_short_password(settings: Settings) -> None:
    result = CliRunner().invoke(cli, ["--db", settings.db_url, "user", "add", "eva", "--role", "curator",
                                      "--password-stdin"], input="kort\n")
    assert result.exit_code == 1 and "te kort" in result.output
