"""`kb check` on drafts a provider would check: what the document type requires, where the evidence is,
what is missing (in Dutch), when it is due, and warnings for a wrong sector, language or a draft without text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.check import build_report, check_bytes, extract
from analysis.documents import DocumentRulesError, guess_sector, load_rules
from analysis.keywords import KeywordModel
from kb import docmaker
from kb.cli import cli
from kb.docmaker import Block, DocSpec
from kb.settings import PACKAGE_DATA, Settings
from kb.taxonomy import Taxonomy, load_taxonomy


def H(text: str) -> Block:  # noqa: N802 - reads like the document
    return Block(kind="heading", text=text, level=2)


def P(text: str) -> Block:  # noqa: N802
    return Block(kind="paragraph", text=text)


GHZ_PROGRESS = DocSpec(title="Voortgangsbericht 2025 Stichting De Horizon", blocks=(
    H("Hoe staat het met onze speerpunten?"),
    P("In ons kwaliteitsbeeld 2023 kozen we twee speerpunten: eigen regie en werk en dagbesteding. Eigen regie ligt op "
      "schema: 70 procent van de mensen met een verstandelijke beperking heeft het ondersteuningsplan zelf mee "
      "opgesteld. Werk en dagbesteding loopt achter omdat twee werkplekken sloten; dat zetten we in 2026 door."),
    H("Wat vertellen bewoners en verwanten?"),
    P("Verwanten vertellen in de verwantenraad dat zij de begeleiders beter weten te vinden. Een bewoner zegt: 'Ik werk "
      "nu drie dagen in de bakkerij en ik ben daar trots op.'"),
))
GHZ_VISITATION = DocSpec(title="Visitatierapport Stichting De Horizon 2024", blocks=(
    H("Bevindingen van het visitatieteam"),
    P("Het visitatieteam sprak met mensen met een beperking, verwanten, begeleiders en de cliëntenraad. Het team zag "
      "betrokken begeleiders; de ondersteuningsplannen verschillen sterk in kwaliteit."),
))
VVT_DRAFT = DocSpec(title="Kwaliteitsbeeld 2024 Thuiszorg Het Veer", blocks=(
    H("Wat vinden onze cliënten belangrijk?"),
    P("Cliënten van de wijkverpleging vertellen ons dat een vast gezicht aan de deur het belangrijkst is. In het "
      "zorgleefplan leggen de wijkverpleegkundigen vast wat iemand belangrijk vindt, samen met de mantelzorgers."),
    H("Onze medewerkers"),
    P("Het ziekteverzuim daalde naar 6,1 procent. Met de wijkverpleegkundigen maakten we afspraken over de "
      "deskundigheidsmix en de bereikbaarheid bij ongeplande zorg in de nacht."),
))


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def report_of(spec: DocSpec, sector: str, taxonomy: Taxonomy, doc_type: str | None = None, docx: bool = False) -> dict:
    content = docmaker.render_docx(spec) if docx else docmaker.render_pdf(spec)[0]
    rules = load_rules(PACKAGE_DATA / "taxonomy.yaml", taxonomy)
    return build_report("concept", sector, extract(content, None), KeywordModel(taxonomy), taxonomy, rules=rules,
                        doc_type=doc_type)


@pytest.mark.parametrize(
    ("spec", "sector", "doc_type", "deadline", "submit", "required"),
    [
        (VVT_DRAFT, "vvt", "kwaliteitsbeeld", "31 maart", "Zorginstituut",
         {"vvt-e-kompas", "vvt-e-b1", "vvt-e-b2", "vvt-e-b3", "vvt-e-b4", "vvt-e-systematisch", "vvt-e-meting"}),
        (GHZ_PROGRESS, "ghz", "voortgangsbericht", "2025 en 2027", "zorgkantoor",
         {"ghz-e-terugblik", "ghz-e-ervaringsverhalen"}),
        (GHZ_VISITATION, "ghz", "visitatieverslag", "twee jaar", "opgenomen in het kwaliteitsbeeld", set()),
    ],
    ids=["vvt-kwaliteitsbeeld", "ghz-voortgangsbericht", "ghz-visitatieverslag"],
)
def test_the_document_type_decides_what_is_required_and_when_it_is_due(
    taxonomy: Taxonomy, spec: DocSpec, sector: str, doc_type: str, deadline: str, submit: str, required: set[str]
) -> None:
    report = report_of(spec, sector, taxonomy)
    req = report["requirements"]
    assert req["doc_type"] == doc_type and deadline in req["deadline"] and submit in req["submit"]
    assert set(req["required"]) == required
    elements = report["coverage"]["elements"]
    assert {lid for lid, cov in elements.items() if cov["required"]} == required
    assert {m["id"] for m in report["missing"]} == {lid for lid in required if not elements[lid]["covered"]}
    for item in report["missing"]:
        assert item["name"] == taxonomy.label(item["id"]).name  # the Dutch name a provider reads


def test_ghz_kwaliteitsbeeld_is_due_on_1_june_and_needs_every_element(taxonomy: Taxonomy) -> None:
    spec = DocSpec(title="Kwaliteitsbeeld 2023 Stichting De Horizon", blocks=GHZ_PROGRESS.blocks)
    req = report_of(spec, "ghz", taxonomy)["requirements"]
    assert req["doc_type"] == "kwaliteitsbeeld" and "1 juni" in req["deadline"]
    assert set(req["required"]) == {e.id for e in taxonomy.elements_for("ghz")}


@pytest.mark.parametrize(
    ("title", "fragment"),
    [
        ("Voortgangsbericht 2024 Thuiszorg Het Veer", "in de sector"),  # a type the VVT framework does not have
        ("Jaardocument 2024 Thuiszorg Het Veer", "noemt zich geen kwaliteitsbeeld"),
    ],
    ids=["vvt-voortgangsbericht", "jaardocument"],
)
def test_a_document_of_another_type_is_checked_as_kwaliteitsbeeld_and_says_so(
    taxonomy: Taxonomy, title: str, fragment: str
) -> None:
    report = report_of(DocSpec(title=title, blocks=VVT_DRAFT.blocks), "vvt", taxonomy)
    assert report["requirements"]["doc_type"] == "kwaliteitsbeeld"
    [warning] = [w for w in report["warnings"] if w["code"] == "doc_type"]
    assert fragment in warning["text"] and "getoetst als kwaliteitsbeeld" in warning["text"]


def test_doc_type_override_checks_a_draft_that_does_not_name_its_type(taxonomy: Taxonomy) -> None:
    spec = DocSpec(title="Stand van zaken 2025", blocks=GHZ_PROGRESS.blocks)
    assert report_of(spec, "ghz", taxonomy)["requirements"]["doc_type"] == "kwaliteitsbeeld"
    report = report_of(spec, "ghz", taxonomy, doc_type="voortgangsbericht")
    assert report["requirements"]["doc_type"] == "voortgangsbericht"
    assert set(report["requirements"]["required"]) == {"ghz-e-terugblik", "ghz-e-ervaringsverhalen"}


@pytest.mark.parametrize("docx", [False, True], ids=["pdf", "docx"])
def test_coverage_says_on_which_page_and_under_which_heading_the_evidence_is(taxonomy: Taxonomy, docx: bool) -> None:
    report = report_of(VVT_DRAFT, "vvt", taxonomy, docx=docx)
    b3 = report["coverage"]["bouwstenen"]["vvt-b3"]
    assert b3["covered"] and b3["name"] == "Het werk organiseren"
    assert [e["passage"] for e in b3["evidence"]] == b3["passages"]
    first = b3["evidence"][0]
    assert first["heading"] == "Onze medewerkers" and first["page"] == (None if docx else 1)
    assert 0 < first["score"] <= 1


def test_a_table_of_contents_or_title_evidences_nothing(taxonomy: Taxonomy) -> None:
    """A draft that is only a title and a contents list names every element, but describes none."""
    toc = DocSpec(title="Kwaliteitsbeeld 2024", blocks=(
        H("Inhoudsopgave"),
        P("1. Terugblik en vooruitblik 4 2. Bouwsteen 1: Het kennen van de wensen en behoeften 6 3. Bouwsteen 2: Het "
          "bouwen van netwerken 8 4. Bouwsteen 3: Het werk organiseren 10 5. Bouwsteen 4: Leren en ontwikkelen 12 "
          "6. Inzicht in kwaliteit en de kwaliteitscyclus 14 7. Resultaten cliëntervaringen PREM en NPS 16"),
    ))
    for docx in (False, True):
        report = report_of(toc, "vvt", taxonomy, docx=docx)
        assert any(p["bouwstenen"] for p in report["passages"]), "the contents list itself is labelled"
        assert not any(cov["covered"] or cov["passages"] for kind in ("bouwstenen", "elements")
                       for cov in report["coverage"][kind].values())
        assert not any(p["counted"] for p in report["passages"])
        assert len(report["missing"]) == 7 and report["document"]["words"] == 0
        assert any(w["code"] == "little_text" and "inhoudsopgave" in w["text"] for w in report["warnings"])


@pytest.mark.parametrize(
    ("spec", "sector", "warned"),
    [
        (GHZ_PROGRESS, "vvt", "Gehandicaptenzorg"),
        (VVT_DRAFT, "ghz", "Verpleging, verzorging en thuiszorg"),
        (VVT_DRAFT, "vvt", None),
        (GHZ_PROGRESS, "ghz", None),
    ],
    ids=["ghz-draft-as-vvt", "vvt-draft-as-ghz", "vvt-as-vvt", "ghz-as-ghz"],
)
def test_a_draft_written_for_the_other_sector_is_pointed_out(
    taxonomy: Taxonomy, spec: DocSpec, sector: str, warned: str | None
) -> None:
    report = report_of(spec, sector, taxonomy)
    warnings = [w["text"] for w in report["warnings"] if w["code"] == "sector"]
    if warned is None:
        assert not warnings and report["document"]["sector_guess"] == sector
    else:
        assert len(warnings) == 1 and warned in warnings[0] and "Kies de juiste sector" in warnings[0]


def test_sector_guess_needs_clear_words() -> None:
    rules = load_rules(PACKAGE_DATA / "taxonomy.yaml", load_taxonomy())
    assert guess_sector("Het resultaat over 2024 was positief en gaat naar de reserves.", rules) is None
    assert guess_sector("verwanten en wijkverpleging, begeleiders en thuiszorg", rules) is None  # no clear winner


def test_an_english_draft_is_named(taxonomy: Taxonomy) -> None:
    spec = DocSpec(title="Quality report 2024 Careful Home Care", language="en", blocks=(
        P("This quality report describes how our district nurses worked on the quality of care in 2024. The Net "
          "Promoter Score was 61 and sick leave fell to 5.2 percent, which is the lowest it has been in years."),))
    report = report_of(spec, "vvt", taxonomy)
    assert any(w["code"] == "language" and "Engels" in w["text"] for w in report["warnings"])


def test_rules_file_errors_are_named_and_a_missing_file_requires_everything(taxonomy: Taxonomy, tmp_path: Path) -> None:
    assert load_rules(tmp_path / "taxonomy.yaml", taxonomy) == {}
    (tmp_path / "documents.yaml").write_text(
        "sectors:\n  ghz:\n    documents:\n      voortgangsbericht:\n        required: [ghz-e-nope]\n", encoding="utf-8")
    with pytest.raises(DocumentRulesError, match=r"voortgangsbericht: unknown element\(s\) ghz-e-nope"):
        load_rules(tmp_path / "taxonomy.yaml", taxonomy)
    (tmp_path / "documents.yaml").write_text("sectors:\n  vvt:\n    documents:\n      notulen: {}\n", encoding="utf-8")
    with pytest.raises(DocumentRulesError, match="'notulen' is not one of the sector's doc_types"):
        load_rules(tmp_path / "taxonomy.yaml", taxonomy)


def test_upload_check_reports_requirements_and_missing(settings: Settings) -> None:
    report = check_bytes(docmaker.render_pdf(GHZ_PROGRESS)[0], "ghz", settings)
    assert report["requirements"]["doc_type"] == "voortgangsbericht"
    assert {"sector", "document", "passages", "coverage", "figures", "missing", "warnings"} <= set(report)


def env_of(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"KB_DATA_DIR": str(tmp_path / "store"), "KB_CONFIG": str(tmp_path / "none.toml"), **extra}


def test_check_prints_missing_elements_evidence_and_deadline_in_dutch(tmp_path: Path) -> None:
    draft = tmp_path / "voortgangsbericht.pdf"
    draft.write_bytes(docmaker.render_pdf(GHZ_PROGRESS)[0])
    result = CliRunner().invoke(cli, ["check", str(draft), "--sector", "ghz", "--model", "keywords"], env=env_of(tmp_path))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "getoetst als voortgangsbericht" in out and "Termijn: in het tussenliggende jaar (2025 en 2027)" in out
    assert "Indienen: aanleveren bij het zorgkantoor" in out
    assert "Verplichte onderdelen: " in out and " van 2 gevonden" in out
    assert "Inzichten externe visitatie (ghz-e-visitatie) (niet verplicht voor dit document)" in out
    assert "p. 1 \u201cHoe staat het met onze speerpunten?\u201d" in out  # evidence by page and heading


def test_check_json_keeps_the_contract_and_takes_a_doc_type(tmp_path: Path) -> None:
    draft = tmp_path / "stand-van-zaken.docx"
    draft.write_bytes(docmaker.render_docx(DocSpec(title="Stand van zaken 2025", blocks=GHZ_PROGRESS.blocks)))
    args = ["check", str(draft), "--sector", "ghz", "--json", "--model", "keywords", "--doc-type", "voortgangsbericht"]
    result = CliRunner().invoke(cli, args, env=env_of(tmp_path))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"sector", "document", "passages", "coverage", "figures"} <= set(report)
    assert {"source", "pages", "title", "language", "doc_type"} <= set(report["document"])
    for kind in ("bouwstenen", "elements"):
        for cov in report["coverage"][kind].values():
            assert isinstance(cov["covered"], bool) and isinstance(cov["passages"], list)
    assert report["requirements"]["doc_type"] == "voortgangsbericht"
    wrong = CliRunner().invoke(cli, ["check", str(draft), "--sector", "vvt", "--doc-type", "visitatieverslag"],
                               env=env_of(tmp_path))
    assert wrong.exit_code == 2 and "sector vvt knows only kwaliteitsbeeld" in wrong.output


def test_check_applies_the_page_cap_of_kb_analyse(tmp_path: Path) -> None:
    """KB_MAX_PAGES (and the time limit and OCR switch) hold for kb check as for kb analyse."""
    long = DocSpec(title="Kwaliteitsbeeld 2024", blocks=tuple(P("Onze wijkverpleging groeide dit jaar flink. " * 60)
                                                              for _ in range(4)))
    pdf, truth = docmaker.render_pdf(long)
    assert truth.pages > 2
    draft = tmp_path / "lang.pdf"
    draft.write_bytes(pdf)
    result = CliRunner().invoke(cli, ["check", str(draft), "--sector", "vvt", "--model", "keywords"],
                                env=env_of(tmp_path, KB_MAX_PAGES="2"))
    assert result.exit_code == 1 and "extract_failed: too_many_pages" in result.stderr


def _google_docs_export(headings: list[str], bodies: dict[str, str]) -> bytes:
    """A DOCX shaped like a Google Docs export: a Title paragraph, a contents list of plain paragraphs with
    internal links (no 'TOC' style, no page numbers), then Heading 1 chapters."""
    import io

    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    doc.add_paragraph("Kwaliteitsbeeld 2024 Zorggroep De Linde", style="Title")
    for i, heading in enumerate(headings):
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), f"h.{i}")
        run, text = OxmlElement("w:r"), OxmlElement("w:t")
        text.text = heading
        run.append(text)
        link.append(run)
        doc.add_paragraph()._p.append(link)
    for heading in headings:
        doc.add_heading(heading, level=1)
        doc.add_paragraph(bodies.get(heading, "Deze paragraaf schrijven we nog."))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_google_docs_contents_list_evidences_nothing(taxonomy: Taxonomy) -> None:
    headings = ["Terugblik op onze kwaliteitsdoelen", "Wat vinden cliënten belangrijk en het open gesprek",
                "Samenwerking in de regio met welzijn", "Leren en ontwikkelen"]
    content = _google_docs_export(headings, {headings[3]: (
        "Alle teams hielden twee teamreflecties en 90 procent van de verpleegkundigen volgde de scholing "
        "over dementie; de leerthema's kozen de wijkverpleegkundigen zelf.")})
    rules = load_rules(PACKAGE_DATA / "taxonomy.yaml", taxonomy)
    report = build_report("concept.docx", "vvt", extract(content, None), KeywordModel(taxonomy), taxonomy, rules=rules)
    [contents] = [p for p in report["passages"] if headings[0] in p["text"] and headings[1] in p["text"]]
    assert contents["bouwstenen"] and not contents["counted"]
    cited = {pid for kind in ("bouwstenen", "elements") for cov in report["coverage"][kind].values()
             for pid in cov["passages"]}
    assert contents["id"] not in cited
    assert report["coverage"]["bouwstenen"]["vvt-b4"]["covered"], "the one written chapter still counts"
    assert not report["coverage"]["bouwstenen"]["vvt-b2"]["passages"]
