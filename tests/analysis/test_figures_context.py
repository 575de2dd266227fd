"""Figures whose measure, instrument or year is given somewhere else than next to the number: in the sentence
before, in a list's lead-in line, in the section heading or in a table's header row. Snippets as real reports
write them (organisations and numbers invented)."""

import pytest

from analysis.check import check_bytes
from analysis.figures import find_figures
from kb import docmaker
from kb.settings import Settings

Z, D, P = "ZorgkaartNederland", "Dit Vind Ik Ervan!", "PREM wijkverpleging"

# (id, text, heading path, [(measure, value, instrument, period)])
READ = [
    ("aanbevelen-then-share", "We vroegen onze cliënten of zij ons zouden aanbevelen aan anderen. Dat deed 84 procent.", (),
     [("aanbeveling", 84.0, None, None)]),
    ("nps-named-then-uitkomst", "De NPS is gemeten via ZorgkaartNederland. De uitkomst: +38.", (), [("nps", 38.0, None, None)]),
    ("nps-with-year-then-score", "In het najaar van 2024 hebben we de NPS gemeten onder 420 cliënten van de wijkverpleging. "
     "De score kwam uit op 47.", (), [("nps", 47.0, None, 2024)]),
    ("totaalscore-then-behaalden", "De totaalscore is gebaseerd op zes vragen uit de PREM verpleeghuiszorg. Wij behaalden een 8,5.", (),
     [("totaalscore", 8.5, None, None)]),
    ("instrument-then-share-satisfied", "Met Dit vind ik ervan! spraken begeleiders met 212 cliënten. Van hen is 89% tevreden over de "
     "ondersteuning.", (), [("clientervaring", 89.0, D, None)]),
    ("question-then-answer", "Zou u ons aanbevelen bij vrienden en familie? 92 procent antwoordde met ja.", (),
     [("aanbeveling", 92.0, None, None)]),
    ("lead-survives-a-sentence", "De NPS meten we twee keer per jaar. In het voorjaar was de uitkomst 41, in het najaar 46.", (),
     [("nps", 41.0, None, None)]),
    ("instrument-then-score-stand", "Onze cliënten waarderen ons op ZorgkaartNederland. De score staat op 8,7.", (), [("clientervaring", 8.7, Z, None)]),
    ("instrument-year-then-grade", "Dit vind ik ervan! is in 2024 gevoerd met 180 cliënten. Het gemiddelde cijfer voor de ondersteuning "
     "was een 8,2.", (), [("clientervaring", 8.2, D, 2024)]),
    ("list-lead-in-line", "Resultaten PREM wijkverpleging:\n- NPS: 56\n- Gemiddeld cijfer: 8,8\n- Respons: 34%", (),
     [("nps", 56.0, None, None), ("prem", 8.8, P, None)]),
    ("list-lead-in-with-year", "Resultaten ZorgkaartNederland 2024:\n• Waardering: 8,1\n• Aanbevelingspercentage: 93%\n• Aantal waarderingen: 57",
     (), [("clientervaring", 8.1, Z, 2024), ("aanbeveling", 93.0, Z, 2024)]),
    ("heading-line-year", "Cliëntervaring 2023\nDe NPS van de wijkverpleging bedroeg 39.", (), [("nps", 39.0, None, 2023)]),
    ("one-instrument-in-sentence", "Op ZorgkaartNederland zou 96% van de reviewers ons aanbevelen; het gemiddelde cijfer is 8,5.", (),
     [("aanbeveling", 96.0, Z, None), ("clientervaring", 8.5, Z, None)]),
    # the section heading (heading path of the passage)
    ("heading-names-instrument", "Waardering: 8,1\n\nAanbevelingspercentage: 93%\n\nAantal waarderingen: 57",
     ("Kwaliteitsbeeld 2024", "Resultaten ZorgkaartNederland"), [("clientervaring", 8.1, Z, None), ("aanbeveling", 93.0, Z, None)]),
    ("heading-gives-year", "De NPS van de wijkverpleging steeg naar 44.", ("Kwaliteitsbeeld 2024", "Cliëntervaringen 2023"),
     [("nps", 44.0, None, 2023)]),
    ("heading-names-nps", "In 2024 vroegen we 350 cliënten hoe waarschijnlijk het is dat zij ons aanbevelen. De uitkomst was +45.",
     ("Net Promoter Score",), [("nps", 45.0, None, 2024)]),
    ("answer-zei-ja", "Wij vroegen cliënten of ze Thuiszorg De Waard zouden aanraden aan anderen. 88 procent zei ja.", (),
     [("aanbeveling", 88.0, None, None)]),
    ("year-lines-under-lead", "Net Promoter Score\n2024: +47\n2023: +40", (), [("nps", 47.0, None, 2024), ("nps", 40.0, None, 2023)]),
    # tables: a header row of measures, rows of years or the organisation's total; the recommendation question's mean grade
    ("table-year-rows", "Jaar | NPS | Respons\n2023 | 36 | 31%\n2024 | 42 | 35%", (), [("nps", 36.0, None, 2023), ("nps", 42.0, None, 2024)]),
    ("table-total-row", "Locatie | NPS | n\nDe Linde | 41 | 120\nHet Baken | 35 | 96\nTotaal | 38 | 216", (), [("nps", 38.0, None, None)]),
    ("table-team-total", "Team | Totaalscore\nNoord | 8,2\nZuid | 7,9\nTotaal | 8,1", (), [("totaalscore", 8.1, None, None)]),
    ("table-recommendation-question-grade", "Vraag | Score\nAanbevelingsvraag | 8,3\nAantal reacties | 96", ("Cliëntervaringen 2024",),
     [("clientervaring", 8.3, None, 2024)]),
    ("approximate-grade-then-exact", "Cliënten geven onze zorg gemiddeld ruim een 8: een 8,2.", (), [("clientervaring", 8.2, None, None)]),
    # a heading about plans, or the report's title, gives no period
    ("plan-heading-no-year", "De NPS van de wijkverpleging was 41.", ("Vooruitblik 2025",), [("nps", 41.0, None, None)]),
    ("title-heading-no-year", "De NPS van de wijkverpleging was 41.", ("Kwaliteitsbeeld 2025",), [("nps", 41.0, None, None)]),
]

NOT_READ = [
    ("lead-then-unrelated-count", "De NPS bespreken we in het kwaliteitsoverleg. Daarna volgen 3 verbeteracties.", ()),
    ("lead-then-unrelated-percent", "We vroegen cliënten of zij ons zouden aanbevelen. Daarnaast is het verzuim 6,3 procent.", ()),
    ("lead-then-share-of-teams", "Wij willen dat cliënten ons aanbevelen. Het resultaat: 84% van de teams heeft een verbeterplan.", ()),
    ("lead-then-aspect-score", "De NPS meten we ieder half jaar. De score op het thema eten was 6,9.", ()),
    ("lead-per-unit", "De NPS verschilt per locatie. Bij De Linde was de uitkomst 41.", ()),
    ("lead-then-staff", "De NPS is gemeten in de wijkteams. Medewerkers gaven ons een 7,4 als werkgever.", ()),
    ("employer-rating-on-zorgkaart", "Medewerkers gaven ons op Zorgkaart als werkgever een 7,2.", ()),
    ("employer-rating-subject", "Medewerkers waarderen ons op ZorgkaartNederland met een 7,8.", ()),
    ("table-unit-rows-only", "Locatie | NPS\nDe Linde | 52\nHet Baken | 38", ()),
    ("approximate-grade-only", "Bewoners geven ons gemiddeld ruim een 8.", ()),
    ("staff-survey-then-grade", "Ook medewerkers deden mee aan een tevredenheidsonderzoek. Zij gaven ons een 7,6.", ()),
    ("lead-expires", "De NPS is een verplichte meting. Wij bespreken hem met de cliëntenraad. Ook de ondernemingsraad kijkt mee. "
     "Het team Oost scoorde 12 punten.", ()),
]


@pytest.mark.parametrize(("text", "headings", "expected"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_measure_named_elsewhere_is_read(text: str, headings: tuple[str, ...], expected: list[tuple]) -> None:
    rows = find_figures([("p1", text, headings)])
    assert [(r["measure"], r["value"], r["instrument"], r["period"]) for r in rows] == expected


@pytest.mark.parametrize(("text", "headings"), [c[1:] for c in NOT_READ], ids=[c[0] for c in NOT_READ])
def test_context_does_not_invent_figures(text: str, headings: tuple[str, ...]) -> None:
    assert find_figures([("p1", text, headings)]) == []


def test_kb_check_reads_the_section_heading(settings: Settings) -> None:
    """kb check (and kb analyse) pass each passage's heading path: the heading names the instrument and the year."""
    spec = docmaker.DocSpec(
        title="Kwaliteitsbeeld 2024 Zorggroep Voorbeeldhof",
        blocks=(
            docmaker.Block(kind="heading", text="Resultaten ZorgkaartNederland 2023", level=2),
            docmaker.Block(kind="paragraph", text=(
                "Cliënten en hun naasten kunnen hun ervaringen met onze zorg delen op een onafhankelijke website. "
                "Onze gemiddelde waardering is een 8,4 op basis van 57 waarderingen. Wij bespreken elke waardering "
                "in het team en reageren binnen een week op iedere reactie.")),
        ),
    )
    pdf, _truth = docmaker.render_pdf(spec)
    report = check_bytes(pdf, "vvt", settings)
    assert [(f["measure"], f["value"], f["instrument"], f["period"]) for f in report["figures"]] == [
        ("clientervaring", 8.4, Z, 2023)]
