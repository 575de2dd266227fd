"""portal.queries and portal.search on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from kb.settings import Settings
from portal import queries as q
from portal import search as se
from tests.support.fixture_db import SCRIPT_TEXT, FixtureInfo, build_fixture_db


@pytest.fixture
def db(any_engine: Engine, any_settings: Settings) -> tuple[Engine, FixtureInfo]:
    return any_engine, build_fixture_db(any_engine, any_settings)


def test_outcomes_count_every_submission_once_including_declarations(db: tuple[Engine, FixtureInfo]) -> None:
    frame = q.submission_outcomes(db[0])
    counts = dict(zip(frame["outcome"], frame["n"], strict=True))
    assert counts == {"ok": 8, "no_report_found": 1, "invalid_url": 1, "http_error": 1, "dns_error": 1,
                      "declared_no": 1}


@pytest.mark.parametrize(("label", "sector", "covered", "documents"), [
    ("vvt-e-b2", "vvt", 4, 5), ("vvt-e-meting", "vvt", 5, 5), ("ghz-e-ervaringsverhalen", "ghz", 2, 3),
], ids=["vvt-b2-missing-once", "vvt-meting-everywhere", "ghz-verhalen"])
def test_coverage_summary_counts_covering_documents(db: tuple[Engine, FixtureInfo], label: str, sector: str,
                                                    covered: int, documents: int) -> None:
    frame = q.coverage_summary(db[0], q.Filters(sector=sector))
    rows = frame[frame["label_id"] == label]
    assert (int(rows["covered"].sum()), int(rows["documents"].sum())) == (covered, documents)


def test_passage_view_links_pdf_page_and_lists_labels(db: tuple[Engine, FixtureInfo]) -> None:
    engine, info = db
    [p] = q.load_passages(engine, [info.passages[0]])
    assert p.source_link is not None and p.source_link.endswith(f".pdf#page={p.page}")
    assert "vvt-b1" in p.label_ids and p.explanations["vvt-b1"]


def test_html_passage_links_page_without_fragment(db: tuple[Engine, FixtureInfo]) -> None:
    engine, info = db
    doc = info.documents["Woonzorg Oosterpark"][0]
    [p] = q.load_passages(engine, q.document_passage_ids(engine, doc)[:1])
    assert p.page is None and p.source_link is not None and "#page" not in p.source_link


@pytest.mark.parametrize(("query", "expected"), [
    ("ziekteverzuim", 4), ('"raad van toezicht"', 3), ("dagbesteding", 5), ("nietsbestaandwoord", 0),
], ids=["word", "phrase", "ghz-word", "no-hit"])
def test_search_counts_matching_passages(db: tuple[Engine, FixtureInfo], query: str, expected: int) -> None:
    result = se.search(db[0], query)
    assert result.total == expected and len(result.ids) == expected


def test_search_respects_sector_and_organisation_filters(db: tuple[Engine, FixtureInfo]) -> None:
    engine, info = db
    org = info.organisations["Stichting Het Baken"]
    everywhere = se.search(engine, "mantelzorger")
    one_org = se.search(engine, "mantelzorger", q.Filters(organisation_ids=(org,)))
    ghz = se.search(engine, "mantelzorger", q.Filters(sector="ghz"))
    assert everywhere.total > one_org.total == 1 and ghz.total == 0


def test_search_keyset_pages_do_not_overlap(db: tuple[Engine, FixtureInfo]) -> None:
    engine, _ = db
    first = se.search_after(engine, "teams", page_size=3)
    second = se.search_after(engine, "teams", after_id=first[-1], page_size=3)
    assert len(first) == 3 and second and min(second) > max(first)


def test_search_ignores_fts_syntax_in_user_input(db: tuple[Engine, FixtureInfo]) -> None:
    result = se.search(db[0], 'script" OR NEAR( *')
    assert result.total >= 0  # no syntax error reaches the user


def _ids(engine: Engine, query: str) -> set[int]:
    return set(se.search_after(engine, query, page_size=10_000))


@pytest.mark.parametrize(("query", "combine"), [
    ("ziekteverzuim OR dagbesteding", lambda a, b: a | b),
    ("ziekteverzuim OF dagbesteding", lambda a, b: a | b),
    ("teams NOT ziekteverzuim", lambda a, b: a - b),
    ("teams NIET ziekteverzuim", lambda a, b: a - b),
    ("teams -ziekteverzuim", lambda a, b: a - b),
], ids=["or", "dutch-of", "not", "dutch-niet", "minus"])
def test_search_operators_or_and_not(db: tuple[Engine, FixtureInfo], query: str, combine: Any) -> None:
    """OR widens and NOT narrows; before, both words were silently AND-ed ('NOT x' even found x)."""
    engine, _ = db
    first, second = query.split(" ")[0], query.split(" ")[-1].lstrip("-")
    expected = combine(_ids(engine, first), _ids(engine, second))
    assert expected and _ids(engine, query) == expected
    assert se.search(engine, query).total == len(expected)


def test_lower_case_dutch_words_are_not_operators(db: tuple[Engine, FixtureInfo]) -> None:
    """'niet' is a word people search for; only NIET in capitals excludes."""
    assert se.parse_clauses("niet tevreden")[0] == [(se.Term(("niet",)),), (se.Term(("tevreden",)),)]


@pytest.mark.parametrize("query", ["-teams", "NOT teams", "*", '"', "()", "NOT", "OR", "😀"])
def test_queries_without_words_to_search_match_nothing_and_say_so(db: tuple[Engine, FixtureInfo], query: str) -> None:
    assert se.to_fts5(query) is None and se.search(db[0], query).total == 0 and se.search_after(db[0], query) == []
    assert se.only_exclusions(query) == (query in ("-teams", "NOT teams"))


def test_ligature_in_query_is_normalised(db: tuple[Engine, FixtureInfo]) -> None:
    """A query pasted from a PDF ('\ufb01' ligature) finds the plain spelling."""
    assert se.search(db[0], "teamre\ufb02ectie").total == se.search(db[0], "teamreflectie").total > 0


def test_script_passage_is_found_and_stored_verbatim(db: tuple[Engine, FixtureInfo]) -> None:
    engine, info = db
    [p] = q.load_passages(engine, [info.script_passage])
    assert p.text == SCRIPT_TEXT


def test_similar_passages_prefers_same_topic(db: tuple[Engine, FixtureInfo]) -> None:
    engine, info = db
    ids = se.similar_passages(engine, info.passages[0], k=3)
    texts = [p.text for p in q.load_passages(engine, ids)]
    assert texts and all("open gesprek" in t for t in texts)


def test_rank_is_bounded_when_matches_exceed_threshold(db: tuple[Engine, FixtureInfo],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(se, "RANK_ALL_BELOW", 2)
    result = se.search(db[0], "zorg*", candidates=4)
    assert not result.ranked_all and len(result.ids) == 4 and result.total > 4


def test_organisation_scoped_search_ranks_denser_passage_first(db: tuple[Engine, FixtureInfo]) -> None:
    engine, info = db
    scope = q.Filters(organisation_ids=(info.organisations["Zorggroep De Linde"],))
    result = se.search(engine, "zorg*", scope)
    texts = [p.text for p in q.load_passages(engine, list(result.ids))]
    assert result.total == len(result.ids) > 1
    assert texts[0].lower().count("zorg") >= texts[-1].lower().count("zorg")


def test_comparison_reads_all_documents_in_two_queries_with_the_same_cells(db: tuple[Engine, FixtureInfo]) -> None:
    """The comparison table used to query per document and per covered label (N+1: ~1,850 statements for 50)."""
    from sqlalchemy import event

    from portal import render

    engine, info = db
    doc_ids = [d for docs in info.documents.values() for d in docs] + [999_999]  # and one without coverage
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        cells = render.coverage_cells(engine, doc_ids)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements

    def former(covered: bool, ids: list[int] | None) -> str:  # per label: the passages, then their pages
        if not covered:
            return "✗"
        views = q.load_passages(engine, [int(i) for i in ids or []])
        pages = sorted({p.page for p in views if p.page})
        if pages:
            return "✓ p. " + ", ".join(str(n) for n in pages[:6]) + (" …" if len(pages) > 6 else "")
        return "✓ " + render.nl_count(len(views), "passage", "passages") if views else "✓"

    expected = {d: {r.label_id: former(bool(r.covered), r.passage_ids) for r in q.document_coverage(engine, d).itertuples()}
                for d in doc_ids}
    assert cells == expected
    shown = {v.split(" ")[0] + (" p." if " p. " in v else " passage" if "passage" in v else "") for c in cells.values()
             for v in c.values()}
    assert {"✗", "✓ p.", "✓ passage"} <= shown
