"""Every page renders on the fixture database, and shows values from it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kb.cli_portal import store_user
from kb.settings import Settings
from portal.auth import Account
from tests.portal.conftest import APP, open_page
from tests.support.fixture_db import FixtureInfo

PAGES = [("overzicht", "Overzicht"), ("organisaties", "Organisaties"), ("vergelijken", "Vergelijken"),
         ("zoeken", "Zoeken"), ("voorbeelden", "Goede voorbeelden"), ("export", "Export voor onderzoek"),
         ("zelfcheck", "Zelfcheck"), ("annoteren", "Annoteren")]


@pytest.mark.parametrize(("page", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_renders_without_exception(app: AppTest, page: str, title: str) -> None:
    at = open_page(app, page)
    assert not at.exception
    assert [t.value for t in at.title] == [title]


def test_overview_counts_submissions_and_drills_into_dead_links(app: AppTest) -> None:
    at = open_page(app, "overzicht")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inzendingen"] == "13"
    assert metrics["Documenten"] == "8"
    at.selectbox(key="ov-outcome").set_value("http_error").run()
    shown = at.dataframe[0].value
    assert shown["organisatie"].tolist() == ["Zorgcentrum De Hoeve"]


def test_overview_sector_filter_narrows_documents(app: AppTest) -> None:
    at = open_page(app, "overzicht")
    at.selectbox(key="ov-sector").set_value("ghz").run()
    assert {m.label: m.value for m in at.metric}["Documenten"] == "3"
    outcomes = at.dataframe[0].value  # drill-down of the first outcome
    assert set(outcomes["sector"]) == {"Gehandicaptenzorg"}


def test_overview_facet_table_links_organisations_instead_of_showing_internal_ids(app: AppTest) -> None:
    at = open_page(app, "overzicht")
    table = next(d.value for d in at.dataframe if "vertellen" in d.value.columns)
    assert list(table.columns) == ["organisatie", "jaar", "tellen", "vertellen", "terugblik", "vooruitblik", "details"]
    assert table["details"].str.startswith("/organisaties?org=").all()


def test_overview_coverage_drilldown_lists_documents_missing_an_element(app: AppTest) -> None:
    at = open_page(app, "overzicht")
    at.selectbox(key="ov-label").set_value("vvt-e-b2").run()
    table = at.dataframe[1].value
    assert table["organisatie"].tolist()[0] == "Thuiszorg Aan de Maas"  # missing first
    assert sorted(table[table["status"] == "ontbreekt"]["organisatie"].tolist()) == ["Thuiszorg Aan de Maas"]


def test_organisation_page_shows_submissions_download_and_coverage(app: AppTest, fixture_db: FixtureInfo) -> None:
    org = fixture_db.organisations["Zorggroep De Linde"]
    at = open_page(app, "organisaties", org=str(org))
    assert at.selectbox(key="org-pick").value == org
    subs = at.dataframe[0].value
    assert sorted(subs["jaar"].tolist()) == [2023, 2024]
    assert any(b.proto.label.startswith("Origineel downloaden") for b in at.get("download_button"))
    coverage = at.dataframe[2].value
    assert "ontbreekt" in set(coverage["status"]) or "aanwezig" in set(coverage["status"])
    assert all(c.value for c in at.code)  # passage texts shown with a copy button


def test_organisation_page_filters_passages_by_label(app: AppTest, fixture_db: FixtureInfo) -> None:
    at = open_page(app, "organisaties", org=str(fixture_db.organisations["Thuiszorg Aan de Maas"]))
    at.selectbox(key="org-label").set_value("vvt-e-meting").run()
    texts = [c.value for c in at.code]
    assert texts and all("NPS" in t for t in texts)


def test_search_highlights_hits_without_diacritics(app: AppTest) -> None:
    at = open_page(app, "zoeken")
    at.text_input(key="zk-q").input("clienten").run()
    assert at.caption[0].value == "10 passages"
    assert any("**cliënten**" in m.value for m in at.markdown)


ODD_QUERIES = ['"', '"open', "*", "-", "AND", "NEAR(zorg cliënt)", "a", "x" * 300, "zorg " * 60, "title:zorg", "(",
               "{zorg}", "'", "\\", "%", "_", "😀", "zo*rg", "'s-Hertogenbosch", "lt", "<script>", "`", "$", "zorg^2",
               "\ufb01", "zorg OR", "OR OR", "NOT NOT", "\x00"]


def test_odd_queries_never_error_and_explain_themselves(app: AppTest) -> None:
    at = open_page(app, "zoeken")
    for query in ODD_QUERIES:
        at.text_input(key="zk-q").input(query).run()
        assert not at.exception, query
        shown = [i.value for i in at.info] + [c.value for c in at.caption]
        assert any("passage" in t or "zoekvraag" in t for t in shown), (query, shown)
        for md in at.markdown:
            assert "&**" not in md.value and "<script" not in md.value, (query, md.value)


@pytest.mark.parametrize(("query", "message"), [
    ("-zorg", "sluit alleen woorden uit"), ("NOT zorg", "sluit alleen woorden uit"), ("*", "geen woorden"),
    ("ziekteverzuim OR dagbesteding", "9 passages"), ("xss OR nietsbestaandwoord", "1 passage"),
], ids=["minus-only", "not-only", "star-only", "or-counts", "one-passage-singular"])
def test_search_feedback_names_what_happened(app: AppTest, query: str, message: str) -> None:
    at = open_page(app, "zoeken")
    at.text_input(key="zk-q").input(query).run()
    shown = [i.value for i in at.info] + [c.value for c in at.caption]
    assert any(t == message or (message in t and "passage" not in message) for t in shown), shown


def test_search_filter_on_sector_and_label(app: AppTest) -> None:
    at = open_page(app, "zoeken")
    at.text_input(key="zk-q").input("zorg*")
    at.selectbox(key="zk-sector").set_value("ghz")
    at.selectbox(key="zk-label").set_value("ghz-b1").run()
    assert not at.exception
    assert at.caption[0].value == "6 passages"  # 3 documents x (zorgproces + shared intro)


def test_search_document_order_pages_by_keyset(app: AppTest) -> None:
    at = open_page(app, "zoeken")
    at.text_input(key="zk-q").input("zorg*").run()
    at.radio(key="zk-order").set_value("documentvolgorde (alle treffers)").run()
    first = [c.value for c in at.code]
    at.button(key="zk-next").click().run()
    second = [c.value for c in at.code]
    assert len(first) == 10 and second and second[0] not in first[:1]


def test_passage_with_script_and_javascript_link_renders_literally(app: AppTest, fixture_db: FixtureInfo) -> None:
    at = open_page(app, "zoeken")
    at.text_input(key="zk-q").input("script").run()
    assert any("<script>alert('xss')</script>" in c.value for c in at.code)
    assert any("[klik hier](javascript:alert(1))" in c.value for c in at.code)
    for md in at.markdown:
        assert "<script" not in md.value
        assert "](javascript:" not in md.value


def test_compare_shows_coverage_side_by_side_with_sector(app: AppTest, fixture_db: FixtureInfo) -> None:
    at = open_page(app, "vergelijken")
    at.selectbox(key="vg-sector").set_value("vvt").run()
    docs = fixture_db.documents
    at.multiselect(key="vg-docs").set_value([docs["Thuiszorg Aan de Maas"][0], docs["Stichting Het Baken"][0]]).run()
    table = at.dataframe[0].value
    assert list(table.columns) == ["label", "Thuiszorg Aan de Maas", "Stichting Het Baken", "sector (% gedekt)"]
    assert table.loc["vvt-e-b2", "Thuiszorg Aan de Maas"] == "✗"
    at.selectbox(key="vg-label").set_value("vvt-b2").run()
    assert any("ontbreekt" in w.value for w in at.warning)


def test_compare_keeps_two_organisations_with_the_same_name_apart_and_shows_evidence(
        app: AppTest, fixture_db: FixtureInfo) -> None:
    """Two 'Stichting Het Baken's (different KvK) used to collapse into one column."""
    from sqlalchemy import update

    from kb import schema
    from portal.cache import engine

    org = schema.Organisation.__table__
    with engine().begin() as conn:
        conn.execute(update(org).where(org.c.id == fixture_db.organisations["Thuiszorg Aan de Maas"])
                     .values(name="Stichting Het Baken"))
    docs = fixture_db.documents
    at = open_page(app, "vergelijken")
    at.selectbox(key="vg-sector").set_value("vvt").run()
    at.multiselect(key="vg-docs").set_value([docs["Thuiszorg Aan de Maas"][0], docs["Stichting Het Baken"][0]]).run()
    assert not at.exception
    table = at.dataframe[0].value
    twins = [c for c in table.columns if c.startswith("Stichting Het Baken")]
    assert len(twins) == 2 and twins[0] != twins[1], list(table.columns)
    assert table.loc["vvt-e-b2", twins[0]] == "✗"
    covered = [v for c in twins for v in table[c] if v.startswith("✓")]
    assert covered and all(v.startswith("✓ p. ") or "passage" in v for v in covered)


def test_curating_needs_a_login(app: AppTest) -> None:
    at = open_page(app, "voorbeelden")
    assert any("na inloggen" in i.value for i in at.info)
    assert not [b for b in at.button if b.key and b.key.startswith("ex-withdraw")]


def test_login_form_accepts_a_stored_curator(app: AppTest, fixture_db: FixtureInfo) -> None:
    from kb.db import make_engine
    from portal.cache import settings

    store_user(make_engine(settings().db_url), "anna", "curator", "geheim-wachtwoord")
    at = open_page(app, "voorbeelden")
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_password").input("geheim-wachtwoord")
    at.button(key="FormSubmitter:login-Inloggen").click().run()
    assert at.session_state["account"] == Account("anna", "curator")
    assert any("Suggesties" in s.value for s in at.subheader)


def test_login_form_rejects_a_wrong_password(app: AppTest, fixture_db: FixtureInfo) -> None:
    from kb.db import make_engine
    from portal.cache import settings

    store_user(make_engine(settings().db_url), "anna", "curator", "geheim-wachtwoord")
    at = open_page(app, "annoteren")
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_password").input("fout-wachtwoord")
    at.button(key="FormSubmitter:login-Inloggen").click().run()
    assert "account" not in at.session_state
    assert [e.value for e in at.error] == ["Naam of wachtwoord onjuist."]


def test_curator_adds_and_withdraws_an_example(app: AppTest, fixture_db: FixtureInfo) -> None:
    from portal import examples as ex
    from portal.cache import engine

    at = open_page(app, "voorbeelden")
    at.session_state["account"] = Account("bert", "curator")
    ex_id = ex.store_example(engine(), "bert", "vvt-e-b1", "Mooi open gesprek", passage_id=fixture_db.passages[0])
    at.run()
    assert any("Mooi open gesprek" in m.value for m in at.markdown)
    at.button(key=f"ex-withdraw-{ex_id}").click().run()
    assert ex.load_examples(engine()) == []
    assert not any("Mooi open gesprek" in m.value for m in at.markdown)


def test_export_page_says_when_export_is_missing(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "analysis.export", None)  # import raises ImportError
    at = open_page(app, "export")
    at.button(key="exp-go").click().run()
    assert any("Export nog niet beschikbaar" in w.value for w in at.warning)


def test_export_page_offers_zip_with_manifest(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    fake = types.ModuleType("analysis.export")

    def export_corpus(engine, settings, out_dir, fmt, sector=None, year=None):  # type: ignore[no-untyped-def]
        (out_dir / f"documents.{fmt}").write_text("document_id\n1\n")
        return {"filters": {"sector": sector}, "rows": {"documents": 1}}

    fake.export_corpus = export_corpus  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "analysis.export", fake)
    at = open_page(app, "export")
    at.selectbox(key="exp-sector").set_value("ghz")
    at.radio(key="exp-fmt").set_value("CSV")
    at.button(key="exp-go").click().run()
    assert '"sector": "ghz"' in at.code[0].value
    assert at.get("download_button")[0].proto.label == "Download (zip)"


def test_annotation_page_needs_annotator_role(app: AppTest) -> None:
    at = open_page(app, "annoteren")
    assert any("rol 'annotator'" in i.value for i in at.info)
    at.session_state["account"] = Account("cees", "annotator")
    at.run()
    assert at.button(key=[b.key for b in at.button if b.key and b.key.startswith("an-yes-")][0])


def test_bulk_labelling_a_mistyped_id_names_it_instead_of_failing(app: AppTest, fixture_db: FixtureInfo) -> None:
    at = open_page(app, "annoteren")
    at.session_state["account"] = Account("cees", "annotator")
    at.run()
    at.text_input(key="an-bulk-ids").input(f"{fixture_db.passages[0]}; 999999, abc")
    at.button(key="FormSubmitter:an-bulk-Toevoegen (andere labels blijven staan)").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Label toegevoegd aan 1 passage."]
    assert any("999999" in w.value and "abc" in w.value for w in at.warning)
    mine = at.dataframe[-1].value
    assert list(mine.columns) == ["nr.", "passage", "label", "oordeel", "op"] and set(mine["oordeel"]) == {"klopt"}


@pytest.mark.parametrize(("sector", "message"), [
    ("ghz", "Export klaar: 3 documenten."), (None, "Export klaar: 8 documenten.")])
def test_real_export_names_what_it_holds(app: AppTest, sector: str | None, message: str) -> None:
    at = open_page(app, "export")
    if sector:
        at.selectbox(key="exp-sector").set_value(sector)
    at.radio(key="exp-fmt").set_value("CSV")
    at.button(key="exp-go").click().run()
    assert not at.exception and [s.value for s in at.success] == [message]


def test_export_of_an_empty_selection_says_it_is_empty(app: AppTest) -> None:
    """'Export klaar.' used to be all a researcher saw of an export with no documents in it."""
    at = open_page(app, "export")
    at.selectbox(key="exp-sector").set_value("ghz")
    at.selectbox(key="exp-year").set_value(2024)  # the fixture's GHZ reports are all 2023
    at.radio(key="exp-fmt").set_value("CSV")
    at.button(key="exp-go").click().run()
    assert not at.exception and not at.success
    assert any("geen documenten" in w.value for w in at.warning)


@pytest.mark.parametrize(("page", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_renders_on_an_empty_database(settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                           page: str, title: str) -> None:
    monkeypatch.setenv("KB_DATABASE_URL", settings.db_url)
    at = open_page(AppTest.from_file(APP, default_timeout=60), page)
    assert not at.exception and [t.value for t in at.title] == [title]
