"""Zelfcheck: a provider's draft in any of the formats it is likely to have, against its own sector."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kb import docmaker
from kb.settings import Settings
from tests.portal.conftest import APP, open_page
from tests.support.fixture_db import FixtureInfo, build_bulk_db

TEXT = ("In het open gesprek vertellen cliënten en hun naasten wat voor hen belangrijk is. De wijkverpleegkundige legt "
        "de afspraken vast in het zorgleefplan en bespreekt ze elk half jaar opnieuw. Met de huisartsen en het "
        "sociaal wijkteam maakten wij afspraken over de zorg in de nacht.")
SPEC = docmaker.DocSpec(title="Kwaliteitsbeeld 2025 - concept", blocks=(
    docmaker.Block(kind="heading", text="Het open gesprek", level=1), docmaker.Block(kind="paragraph", text=TEXT),
    docmaker.Block(kind="heading", text="Netwerken", level=1), docmaker.Block(kind="paragraph", text=TEXT)))
DRAFTS = {
    "concept.docx": (docmaker.render_docx(SPEC), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "concept.txt": (f"Het open gesprek\n\n{TEXT}\n\nNetwerken\n\n{TEXT}\n".encode(), "text/plain"),
    "concept.html": (docmaker.render_html(SPEC, chrome=False).encode(), "text/html"),
}


@pytest.mark.parametrize("name", list(DRAFTS))
def test_a_draft_without_pages_names_its_evidence_as_passages(app: AppTest, fixture_db: FixtureInfo, name: str) -> None:
    """Evidence used to read 'p1, p3' for Word and web drafts: passage ids that look like page numbers."""
    at = open_page(app, "zelfcheck")
    assert "." + name.rsplit(".", 1)[1] in at.get("file_uploader")[0].allowed_type  # type: ignore[attr-defined]
    at.selectbox(key="zc-sector").set_value("vvt")
    at.get("file_uploader")[0].upload(name, *DRAFTS[name]).run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    evidence = [e for e in table["bewijs"] if e != "—"]
    assert evidence and all(part.startswith("passage ") for e in evidence for part in e.split(", ")), evidence
    assert "Verplichte elementen aanwezig" in [m.label for m in at.metric]


def test_every_sector_of_the_taxonomy_can_be_checked(settings: Settings, engine: Engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """With only VVT reports harvested, a GHZ provider could not choose its own sector."""
    build_bulk_db(engine, n_documents=1, passages_per_document=1)  # one VVT organisation
    monkeypatch.setenv("KB_DATABASE_URL", settings.db_url)
    at = open_page(AppTest.from_file(APP, default_timeout=60), "zelfcheck")
    assert set(at.selectbox(key="zc-sector").options) >= {"VVT (ouderenzorg)", "Gehandicaptenzorg"}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("concept.txt", b"", "Het bestand is leeg"),
    ("concept.docx", b"PK\x03\x04 niet echt een zip", "kon niet als Word-document worden gelezen"),
    ("concept.pdf", b"%PDF-1.4\n afgebroken", "kon niet als PDF worden gelezen"),
    ("concept.txt", b"\x00\x01\x02" * 40, "kon niet als tekstbestand worden gelezen"),
], ids=["empty", "broken-docx", "broken-pdf", "binary-txt"])
def test_an_unreadable_draft_gets_a_reason_that_fits_it(app: AppTest, fixture_db: FixtureInfo, name: str,
                                                        content: bytes, message: str) -> None:
    """An empty file or a broken .docx used to be told 'bestandstype niet ondersteund (alleen PDF en Word)'."""
    at = open_page(app, "zelfcheck")
    at.get("file_uploader")[0].upload(name, content).run()  # type: ignore[attr-defined]
    assert not at.exception
    assert [e.value for e in at.error if message in e.value], [e.value for e in at.error]


def test_a_draft_in_another_language_is_flagged(app: AppTest, fixture_db: FixtureInfo) -> None:
    text = ("The residents told us about their daily life and their wishes for the coming year in the care home. "
            * 10).encode()
    at = open_page(app, "zelfcheck")
    at.get("file_uploader")[0].upload("draft.txt", text, "text/plain").run()  # type: ignore[attr-defined]
    assert any("niet in het Nederlands" in w.value and "Engels" in w.value for w in at.warning)


def test_a_voortgangsbericht_is_held_to_what_a_voortgangsbericht_needs(app: AppTest, fixture_db: FixtureInfo) -> None:
    """A GHZ voortgangsbericht was told it missed all six kwaliteitsbeeld elements and nothing about when it is due."""
    spec = docmaker.DocSpec(title="Voortgangsbericht 2025 Stichting De Horizon", blocks=(
        docmaker.Block(kind="heading", text="Voortgang van onze speerpunten", level=1),
        docmaker.Block(kind="paragraph", text=(
            "Het speerpunt eigen regie uit ons kwaliteitsbeeld ligt op schema: 70 procent van de mensen met een "
            "beperking stelde het ondersteuningsplan zelf mee op. Werk en dagbesteding loopt achter; dat zetten we "
            "door.")),
    ))
    at = open_page(app, "zelfcheck")
    at.selectbox(key="zc-sector").set_value("ghz")
    at.get("file_uploader")[0].upload("voortgangsbericht.pdf", docmaker.render_pdf(spec)[0], "application/pdf").run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    [metric] = [m for m in at.metric if m.label == "Verplichte elementen aanwezig"]
    assert str(metric.value).endswith("van 2")
    table = at.dataframe[0].value
    assert set(table.loc[table["label"] == "Inzichten externe visitatie", "status"]) == {"niet verplicht voor dit document"}
    assert any("zorgkantoor" in c.value and "2025 en 2027" in c.value for c in at.caption)
