"""The portal's self-check: an uploaded draft gets a coverage report, bad uploads a Dutch reason."""

from __future__ import annotations

import pytest

from analysis.check import check_bytes
from kb import docmaker
from kb.settings import Settings

DRAFT = docmaker.DocSpec(
    title="Kwaliteitsbeeld 2024 (concept)",
    running_header="Zorggroep Proefhuis - concept",
    blocks=(
        docmaker.Block(kind="heading", text="Cliëntervaringen", level=2),
        docmaker.Block(kind="paragraph", text=(
            "In 2024 vulden 214 cliënten de PREM wijkverpleging in. De NPS kwam uit op 52 (n=214), twee punten hoger "
            "dan vorig jaar. Cliënten waarderen vooral dat zij vaste gezichten zien; over de bereikbaarheid in de "
            "avond zijn zij minder tevreden. Met de cliëntenraad bespraken we deze uitkomsten en spraken we af de "
            "avondroosters aan te passen.")),
        docmaker.Block(kind="heading", text="Leren en ontwikkelen", level=2),
        docmaker.Block(kind="paragraph", text=(
            "Alle teams hielden dit jaar twee teamreflecties. Twaalf verzorgenden volgden de opleiding tot "
            "wijkverpleegkundige en de scholing over dementie is door 85 procent van de medewerkers afgerond. "
            "In 2025 willen we het leren in de regio samen met de huisartsen verder vormgeven.")),
    ),
)


def test_draft_pdf_gets_coverage_evidence_and_figures(settings: Settings) -> None:
    pdf, _truth = docmaker.render_pdf(DRAFT)
    report = check_bytes(pdf, "vvt", settings)
    assert "error" not in report
    assert set(report["coverage"]["elements"]) == {
        "vvt-e-kompas", "vvt-e-b1", "vvt-e-b2", "vvt-e-b3", "vvt-e-b4", "vvt-e-systematisch", "vvt-e-meting"}
    assert any(f["measure"] == "nps" and f["value"] == 52 for f in report["figures"])
    assert {p["page"] for p in report["passages"]} == {1}
    evidence = report["coverage"]["elements"]["vvt-e-meting"]
    assert evidence["covered"] and evidence["passages"], "the NPS passage evidences the mandatory measurement"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (docmaker.render_pdf(docmaker.DocSpec(title="Scan", blocks=DRAFT.blocks, scanned=True))[0], "tekstlaag"),
        (b"%PDF-1.7\n garbage that is not a pdf", "beschadigd"),
    ],
    ids=["scanned-pdf", "corrupt-pdf"],
)
def test_unreadable_upload_gets_a_dutch_reason(settings: Settings, content: bytes, fragment: str) -> None:
    assert fragment in check_bytes(content, "vvt", settings)["error"]


def test_oversized_upload_is_refused_before_parsing(settings: Settings) -> None:
    small = settings.with_overrides(upload_max_mb=1)
    assert "te groot" in check_bytes(b"%PDF-" + b"0" * (1024 * 1024 + 1), "vvt", small)["error"]
