"""The organisation page on realistic awkward data: many organisations, long reports, failed reads."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, update
from streamlit.testing.v1 import AppTest

from kb import schema as s
from kb.settings import Settings
from portal import queries as q
from tests.portal.conftest import APP, open_page
from tests.support.fixture_db import FixtureInfo, build_bulk_db


def _bulk_app(settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch, documents: int,
              passages: int) -> AppTest:
    build_bulk_db(engine, n_documents=documents, passages_per_document=passages)  # 2 documents per organisation
    monkeypatch.setenv("KB_DATABASE_URL", settings.db_url)
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_path))
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture
def many_orgs_app(settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """202 organisations: more than the organisation picker lists."""
    return _bulk_app(settings, engine, monkeypatch, 404, 1)


@pytest.fixture
def long_doc_app(settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Documents of 35 passages: more than one page of the organisation page."""
    return _bulk_app(settings, engine, monkeypatch, 2, 35)


def test_a_link_to_an_organisation_beyond_the_first_200_opens_that_organisation(many_orgs_app: AppTest) -> None:
    """It used to open the alphabetically first organisation instead, without a word."""
    at = open_page(many_orgs_app, "organisaties", org="202")
    assert not at.exception
    assert at.selectbox(key="org-pick").value == 202
    assert "Zorgorganisatie 00202" in at.selectbox(key="org-pick").format_func(202)


def test_every_passage_of_a_long_document_can_be_reached(long_doc_app: AppTest) -> None:
    """Only the first 30 passages used to be shown, with no way to the others."""
    at = open_page(long_doc_app, "organisaties", org="1")
    doc = at.selectbox(key="org-doc").value
    first = [c.value for c in at.code]
    assert len(first) == 30 and any(c.value.startswith("35 passages") for c in at.caption)
    at.number_input(key=f"org-page-{doc}").set_value(2).run()
    second = [c.value for c in at.code]
    assert len(second) == 5 and not set(first) & set(second)


def test_search_can_filter_on_any_organisation(many_orgs_app: AppTest) -> None:
    at = open_page(many_orgs_app, "zoeken")
    assert "Zorgorganisatie 00202" in at.multiselect(key="zk-org").options


def test_find_organisations_includes_the_linked_one(engine: Engine, settings: Settings) -> None:
    build_bulk_db(engine, n_documents=10, passages_per_document=1)
    frame = q.find_organisations(engine, limit=2, include=5)
    assert frame["id"].tolist() == [5, 1, 2]
    assert q.find_organisations(engine, limit=2, include=999)["id"].tolist() == [1, 2]


def test_a_document_that_could_not_be_read_says_why(app: AppTest, fixture_db: FixtureInfo) -> None:
    """A scanned report has no coverage because it has no text, not because it was 'not analysed yet'."""
    from portal.cache import engine

    doc = fixture_db.documents["Stichting Het Baken"][0]
    with engine().begin() as conn:
        conn.execute(update(s.Extraction.__table__).where(s.Extraction.__table__.c.document_id == doc)
                     .values(status="needs_ocr"))
        conn.execute(delete(s.Coverage.__table__).where(s.Coverage.__table__.c.document_id == doc))
    at = open_page(app, "organisaties", org=str(fixture_db.organisations["Stichting Het Baken"]))
    at.selectbox(key="org-doc").set_value(doc).run()
    assert any("gescand" in i.value and "geen tekstlaag" in i.value for i in at.info)
    assert not any("nog niet geanalyseerd" in i.value for i in at.info)


def test_an_organisation_without_documents_says_what_happened_to_its_submission(app: AppTest,
                                                                                fixture_db: FixtureInfo) -> None:
    at = open_page(app, "organisaties", org=str(fixture_db.organisations["Zorgcentrum De Hoeve"]))
    assert any("Geen opgeslagen documenten" in i.value and "bestaat niet (meer)" in i.value for i in at.info)


def test_fetch_history_and_figures_read_in_dutch(app: AppTest, fixture_db: FixtureInfo) -> None:
    at = open_page(app, "organisaties", org=str(fixture_db.organisations["Thuiszorg Aan de Maas"]))
    frames = [d.value for d in at.dataframe]
    fetches = next(f for f in frames if "opgehaald op" in f.columns)
    assert {"URL", "uitkomst", "soort"} <= set(fetches.columns) and "fetched_at" not in fetches.columns
    assert set(fetches["soort"]) <= {"ingezonden URL", "doorverwezen pagina", "mogelijk rapport", "deel van rapport",
                                     "hercontrole", "robots.txt"}
    figures = next(f for f in frames if "bronzin" in f.columns)
    assert {"maat", "waarde", "schaal"} <= set(figures.columns) and "measure" not in figures.columns
    subs = frames[0]
    assert str(subs["laatst opgehaald"].iloc[0])[11:16] == "11:00"  # 09:00 UTC on 2 April = 11:00 in Amsterdam
