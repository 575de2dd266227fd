"""What a kompaspartij reads: crawl outcomes explained in Dutch, labels explained by their heading,
and a collection of goede voorbeelden that stays usable when it grows."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, insert, select, update
from streamlit.testing.v1 import AppTest

from kb import docmaker
from kb import schema as s
from kb.settings import Settings
from kb.taxonomy import load_taxonomy
from portal import examples as ex
from portal.outcomes import fetch_explanation, outcome_explanation
from tests.portal.conftest import open_page
from tests.support.fixture_db import FixtureInfo

PAS, PL = s.Passage.__table__, s.PassageLabel.__table__


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace("  \n", "\n")


@pytest.mark.parametrize(("outcome", "detail", "says"), [
    ("http_error", "HTTP 404", "HTTP-status 404 (pagina niet gevonden): de pagina bestaat niet (meer)"),
    ("http_error", "HTTP 503", "HTTP-status 503 (website tijdelijk niet beschikbaar): een storing bij de website"),
    ("http_error", "best report candidate failed: HTTP 403", "mogelijk rapport gevonden, maar dat rapport kon niet"),
    ("dns_error", "site skipped after 3 earlier failures in this run (DNS lookup failed: no such host)",
     "faalde eerder in dezelfde ophaalronde al 3 keer"),
    ("no_report_found", "no report among 7 fetched URLs (best link score 2); the site embeds a video, possibly the "
     "kwaliteitsbeeld itself: https://video.example/x", "mogelijk is die video het kwaliteitsbeeld"),
    ("no_report_found", "no report among 7 fetched URLs (best link score 2)", "Er zijn 7 pagina's van de website"),
    ("unsupported_type", "unsupported content (image/jpeg)", "Het bestandstype is image/jpeg"),
    ("invalid_url", "'info@zorg.example' is an e-mail address, not a web address", "e-mailadres ingevuld"),
    ("ok", "URL taken from Opmerking (empty value in the URL column)", "overgenomen uit de kolom Opmerking"),
    ("robots_disallowed", "forbidden by https://zorg.example/robots.txt", "robots.txt van de website verbiedt"),
    ("too_large", "download stopped at the size cap: Cancelled", "maximale bestandsgrootte"),
    ("no_report_found", "login required at https://login.microsoftonline.com/x; no report among 3 fetched URLs (best "
     "link score 4)", "moet je inloggen (https://login.microsoftonline.com/x)"),
    ("no_report_found", "no report among 2 fetched URLs (best link score 1); the report may be in an online viewer "
     "without a download, for a person to look: issuu: https://issuu.com/zorg/docs/kb", "bekijk het zelf op "
     "https://issuu.com/zorg/docs/kb"),
    ("no_report_found", "no report among 2 fetched URLs (best link score 1); the report may be in a shared folder, "
     "whose files the crawl cannot list (a browser shows them), for a person to look: SharePoint: "
     "https://zorg.sharepoint.com/:f:/s/kwaliteit/Eab", "gedeelde map (SharePoint)"),
    ("ok", "submitted URL answered HTTP 404; followed the site's home page https://zorg.example/; read the site's "
     "sitemap https://zorg.example/sitemap.xml", "Ook de sitemap van de website"),
    ("http_error", "HTTP 410; followed the site's home page https://zorg.example/: no report found there either",
     "vanaf de startpagina"),
])
def test_a_crawl_outcome_is_explained_in_dutch_from_its_detail(outcome: str, detail: str, says: str) -> None:
    text = outcome_explanation(outcome, detail)
    assert says in text
    assert not re.search(r"\b(failed|skipped|fetched|forbidden|content|taken)\b", text), text  # no English left


def test_an_outcome_without_detail_or_unknown_still_gets_a_sentence() -> None:
    assert outcome_explanation(None) == "Deze inzending is nog niet opgehaald (kb crawl)."
    assert outcome_explanation("timeout", "") == "De website antwoordde niet op tijd."
    assert outcome_explanation("iets_nieuws", "raw") == "Uitkomst: iets_nieuws."
    assert fetch_explanation("http_error", "HTTP 404: no robots.txt, everything allowed", "robots").startswith(
        "geen robots.txt gevonden")
    assert fetch_explanation("ok", "left out: a page after the report, not a part of it", "part").startswith(
        "niet meegenomen")
    assert fetch_explanation("ok", "sitemap: 41 addresses, 2 sitemaps", "sitemap") == (
        "sitemap gelezen: 41 adressen, 2 verdere sitemaps")
    assert fetch_explanation("ok", "shared folder, not followed to https://x.example/f", "candidate").startswith(
        "gedeelde map")


def test_organisation_page_leads_with_dutch_and_keeps_the_raw_detail(app: AppTest, fixture_db: FixtureInfo) -> None:
    """The submissions table used to show the crawler's English detail as its only 'toelichting'."""
    from portal.cache import engine

    org = fixture_db.organisations["Zorgcentrum De Hoeve"]
    with engine().begin() as conn:
        conn.execute(update(s.Submission.__table__).where(s.Submission.__table__.c.organisation_id == org)
                     .values(outcome_detail="site skipped after 2 earlier failures in this run (HTTP 404)"))
    at = open_page(app, "organisaties", org=str(org))
    subs = at.dataframe[0].value
    columns = list(subs.columns)
    assert columns.index("uitleg") < columns.index("technische details")
    assert "HTTP-status 404" in subs["uitleg"].iloc[0] and "al 2 keer" in subs["uitleg"].iloc[0]
    assert subs["technische details"].iloc[0].startswith("site skipped after 2")
    assert any("al 2 keer" in i.value for i in at.info)  # 'no documents' names the same reason


def test_overview_drilldown_explains_each_submission(app: AppTest) -> None:
    at = open_page(app, "overzicht")
    at.selectbox(key="ov-outcome").set_value("http_error").run()
    table = at.dataframe[0].value
    assert list(table.columns)[:5] == ["organisatie", "sector", "jaar", "ingezonden URL", "uitleg"]
    assert "HTTP-status 404 (pagina niet gevonden)" in table["uitleg"].iloc[0]


def test_fetch_history_explains_each_fetch(app: AppTest, fixture_db: FixtureInfo) -> None:
    at = open_page(app, "organisaties", org=str(fixture_db.organisations["Zorgcentrum De Hoeve"]))
    fetches = next(d.value for d in at.dataframe if "opgehaald op" in d.value.columns)
    columns = list(fetches.columns)
    assert columns.index("uitleg") < columns.index("technische details")
    assert all(isinstance(u, str) and u for u in fetches["uitleg"])


def test_a_label_from_its_section_heading_says_so_on_the_organisation_page(app: AppTest,
                                                                          fixture_db: FixtureInfo) -> None:
    """The explanation 'kop: Bouwsteen 3 ...' used to be shown as a recognised word."""
    from portal.cache import engine

    pid = fixture_db.passages[0]
    with engine().begin() as conn:
        doc = conn.execute(select(PAS.c.document_id).where(PAS.c.id == pid)).scalar_one()
        conn.execute(update(PAS).where(PAS.c.id == pid).values(
            explanations={"vvt-b3": ["kop: Bouwsteen 3: Het werk organiseren"]}))
        conn.execute(insert(PL).values(passage_id=pid, label_id="vvt-b3", kind="bouwsteen", score=0.75, source="model"))
    org = next(name for name, docs in fixture_db.documents.items() if doc in docs)
    at = open_page(app, "organisaties", org=str(fixture_db.organisations[org]))
    at.selectbox(key="org-doc").set_value(doc).run()
    at.selectbox(key="org-label").set_value("vvt-b3").run()
    why = [_plain(c.value) for c in at.caption if "Waarom dit label" in c.value]
    assert any("Het werk organiseren: staat onder de kop ‘Bouwsteen 3: Het werk organiseren’" in w for w in why), why
    assert not any("kop:" in w for w in why)


def test_selfcheck_says_which_heading_a_label_came_from(app: AppTest, fixture_db: FixtureInfo) -> None:
    text = ("Het gebouw aan de Lindelaan kreeg dit jaar een nieuwe entree, en de tuin is opnieuw ingericht met "
            "bankjes en een jeu-de-boulesbaan.")  # words the model does not tie to bouwsteen 3; the heading does
    spec = docmaker.DocSpec(title="Concept", blocks=(
        docmaker.Block(kind="heading", text="Bouwsteen 3: Het werk organiseren", level=1),
        docmaker.Block(kind="paragraph", text=text)))
    at = open_page(app, "zelfcheck")
    at.selectbox(key="zc-sector").set_value("vvt")
    at.get("file_uploader")[0].upload(  # type: ignore[attr-defined]
        "concept.docx", docmaker.render_docx(spec),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document").run()
    at.selectbox(key="zc-label").set_value("vvt-b3").run()
    assert not at.exception
    why = [_plain(c.value) for c in at.caption if "Waarom dit label" in c.value]
    assert why and "staat onder de kop ‘Bouwsteen 3: Het werk organiseren’" in why[0], why


def _shown(at: AppTest) -> int:
    return sum(1 for c in at.caption if c.value.startswith("toegevoegd door"))


def test_a_large_collection_of_examples_is_paged_and_filtered(app: AppTest, fixture_db: FixtureInfo) -> None:
    """Every example used to be drawn on one page: hundreds of cards in a grown collection."""
    from portal.cache import engine

    for i in range(45):
        ex.store_example(engine(), "anna", "vvt-b1" if i < 20 else "vvt-b2", f"voorbeeld {i}",
                         passage_id=fixture_db.passages[i % len(fixture_db.passages)])
    at = open_page(app, "voorbeelden")
    assert not at.exception and _shown(at) == 20
    picker = at.number_input(key="ex-page")
    assert picker.label == "Pagina (van 3)"
    picker.set_value(3).run()
    assert _shown(at) == 5 and any("Voorbeelden 41–45 van 45" in c.value for c in at.caption)
    groups = at.selectbox(key="ex-group")
    groups.select_index(next(i for i, o in enumerate(groups.options) if "bouwen van netwerken" in o.lower())).run()
    # page 3 does not exist for 25 examples: the picker goes back to the last page instead of failing
    assert not at.exception and _shown(at) == 5
    assert at.number_input(key="ex-page").value == 2
    assert [sub.value for sub in at.subheader][:1] == ["Het bouwen van netwerken"]


def test_evidence_pages_are_listed_in_page_order() -> None:
    from portal.render import evidence_pages

    assert evidence_pages([10, 2, 9, 2, 1]) == "p. 1, p. 2, p. 9, p. 10"  # was 'p. 1, p. 10, p. 2, p. 9'
    assert evidence_pages([None, 3]) == "p. 3, web" and evidence_pages([]) == "—"


def test_tables_show_no_english_placeholders(fixture_db: FixtureInfo) -> None:
    import pandas as pd

    from portal import widgets

    figs = pd.DataFrame([{"organisation": "Zorg Noord", "year": 2024, "measure": "totaalscore", "instrument": None,
                          "value": 8.4, "scale": None, "period": 2024, "respondents": 187, "quote": "..."}])
    table = widgets.figure_table(figs)
    assert table["instrument"].tolist() == ["—"] and table["schaal"].tolist() == ["—"]
    assert widgets.doc_type_name("other") == "overig document" and widgets.doc_type_name(None) == "—"


def _charts(at: AppTest) -> list[dict[str, object]]:
    import json

    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_overview_charts_can_be_read(app: AppTest) -> None:
    """Axis labels were cut at 180 px ('Reflectie bouwst…' five times), same-named bouwstenen of two sectors
    shared a row, and all client-experience measures shared one -100..100 axis (0-10 scores a single bar)."""
    at = open_page(app, "overzicht")
    specs = _charts(at)
    coverage = next(s for s in specs if "sector en jaar" in json_text(s))
    assert coverage["encoding"]["y"]["axis"]["labelLimit"] >= 400  # type: ignore[index]
    figures = next(s for s in specs if "gerapporteerde waarde" in json_text(s))
    assert figures["resolve"] == {"scale": {"x": "independent"}}


def json_text(spec: object) -> str:
    import json

    return json.dumps(spec, ensure_ascii=False)


def test_annotator_login_does_not_promise_curating(app: AppTest) -> None:
    at = open_page(app, "annoteren")
    assert any("rol 'annotator'" in i.value for i in at.info)
    assert not any("goed voorbeeld" in i.value for i in at.info)  # only curators add goede voorbeelden


def test_same_named_bouwstenen_of_two_sectors_are_separate_groups(engine: Engine, settings: Settings) -> None:
    """VVT and GHZ both have 'Inzicht in kwaliteit': their examples were one group, in the page and the export."""
    from tests.support.fixture_db import build_fixture_db

    info = build_fixture_db(engine, settings)
    ex.store_example(engine, "anna", "vvt-e-b1", "element", passage_id=info.passages[0])
    ex.store_example(engine, "anna", "ghz-b4", "ghz", passage_id=info.passages[1])
    ex.store_example(engine, "anna", "vvt-b5", "vvt", passage_id=info.passages[2])
    ex.store_example(engine, "anna", "vvt-b1", "bouwsteen", passage_id=info.passages[3])
    groups = ex.grouped(ex.load_examples(engine), load_taxonomy())
    assert list(groups) == [("VVT · Het kennen van de wensen en behoeften", ""),
                            ("VVT · Het kennen van de wensen en behoeften", "Reflectie bouwsteen 1: wat is voor "
                             "cliënten belangrijk"),
                            ("VVT · Inzicht in kwaliteit", ""), ("GHZ · Inzicht in kwaliteit", "")]
    only_vvt = ex.grouped([e for e in ex.load_examples(engine) if e.label_id.startswith("vvt")], load_taxonomy())
    assert ("Inzicht in kwaliteit", "") in only_vvt  # one sector: no prefix needed


def test_selfcheck_shows_the_figures_it_recognised(app: AppTest, fixture_db: FixtureInfo) -> None:
    """kb check reads the NPS and respondents from a draft; the Zelfcheck did not show them."""
    text = ("In 2024 vulden 180 cliënten de PREM wijkverpleging in. De NPS was 48. In het open gesprek vertellen "
            "cliënten wat voor hen belangrijk is.")
    at = open_page(app, "zelfcheck")
    at.selectbox(key="zc-sector").set_value("vvt")
    at.get("file_uploader")[0].upload("concept.txt", f"Het open gesprek\n\n{text}\n".encode(),  # type: ignore[attr-defined]
                                      "text/plain").run()
    assert not at.exception
    figures = next(d.value for d in at.dataframe if "bronzin" in d.value.columns)
    assert "NPS" in set(figures["maat"]) and 48 in set(figures["waarde"])
