"""Figures as reports write them where the reader used to miss or misread them: respondents before the figure,
a grade row under a client-experience heading, the people of an instrument, a share without a % sign, runs of
'year: value' pairs, and satisfaction with one aspect (which is no overall figure). Organisations and numbers invented."""

import pytest

from analysis.check import check_bytes
from analysis.figures import find_figures
from kb import docmaker
from kb.settings import Settings

Z, D, P = "ZorgkaartNederland", "Dit Vind Ik Ervan!", "PREM wijkverpleging"
C = "Cliëntervaringsonderzoek"

# (id, text, heading path, [(measure, value, instrument, period, respondents)])
READ = [
    # respondents: the verb before the count, "Van de N respondenten", the count in the sentence that named the measure
    ("respondents-after-verb", "In 2024 gaven 312 cliënten de wijkverpleging van Thuiszorg Eemland een NPS van 54.", (),
     [("nps", 54.0, None, 2024, 312)]),
    ("respondents-van-de", "Van de 312 respondenten is 89% tevreden over de zorg.", (), [("clientervaring", 89.0, None, None, 312)]),
    ("respondents-van-de-recommend", "Van de 205 ondervraagde cliënten zou 91 procent ons aanbevelen.", (),
     [("aanbeveling", 91.0, None, None, 205)]),
    ("respondents-in-lead-sentence", "In het najaar vulden 187 cliënten de PREM-vragenlijst in. Het gemiddelde cijfer was een 8,4.", (),
     [("prem", 8.4, P, None, 187)]),
    ("respondents-interviews-with-instrument", "Dit jaar zijn 96 interviews gehouden met Dit Vind Ik Ervan!. Het gemiddelde "
     "rapportcijfer was een 7,9.", (), [("clientervaring", 7.9, D, None, 96)]),
    ("respondents-not-the-sample", "Van de 1.310 aangeschreven cliënten reageerden er 498 (38%). De NPS kwam uit op 51, iets lager "
     "dan in 2023 (55).", (), [("nps", 51.0, None, None, 498), ("nps", 55.0, None, 2023, None)]),
    ("respondents-who-took-part", "Van de 540 deelnemers deden er 402 mee (74%). Het gemiddelde rapportcijfer was een 8,4.",
     ("Cliëntervaringen dagbesteding",), [("clientervaring", 8.4, None, None, 402)]),
    ("respondents-first-of-two-counts", "In 2016 kregen alle verwanten een vragenlijst; 287 van de 540 verwanten reageerden (53%). Het "
     "rapportcijfer voor zorg en begeleiding was gemiddeld 7,6.", (), [("clientervaring", 7.6, None, None, 287)]),
    ("response-rate-is-no-count", "Respons: 38 procent van de aangeschreven cliënten. Gemiddeld rapportcijfer voor de zorg: 8,8.", (),
     [("clientervaring", 8.8, None, None, None)]),
    ("respondents-of-the-latest-year-only", "Het rapportcijfer op ZorgkaartNederland steeg van 8,1 in 2022 naar 8,4 in 2023 (n=57).", (),
     [("clientervaring", 8.1, Z, 2022, None), ("clientervaring", 8.4, Z, 2023, 57)]),
    ("respondents-of-another-instrument-not-taken", "Op ZorgkaartNederland schreven 57 cliënten een waardering. Uit Dit Vind Ik "
     "Ervan! kwam een gemiddeld cijfer van 7,7.", (), [("clientervaring", 7.7, D, None, None)]),
    # the earlier value in the next sentence, in its own year
    ("earlier-value-next-sentence", "Op ZorgkaartNederland ontvingen we in 2023 in totaal 118 waarderingen, met een gemiddeld cijfer "
     "van 7,9. Dat is iets lager dan in 2022 (8,1).", (), [("clientervaring", 7.9, Z, 2023, 118), ("clientervaring", 8.1, Z, 2022, None)]),
    ("earlier-value-year-before", "Over 2023 gaven 46 bewoners en naasten ons gemiddeld een 8,2. Dat is hoger dan het jaar daarvoor (7,8).",
     (), [("clientervaring", 8.2, None, 2023, 46), ("clientervaring", 7.8, None, 2022, None)]),
    ("earlier-value-without-year-not-read", "Onze NPS is 45. Dat is hoger dan bij de vorige meting (39).", (),
     [("nps", 45.0, None, None, None)]),
    ("earlier-value-label-client-compound", "Cliëntervaring (rapportcijfer) 2022: 8,2 – 2023: 8,4", (),
     [("clientervaring", 8.2, None, 2022, None), ("clientervaring", 8.4, None, 2023, None)]),
    # a grade-only line under a client-experience heading: the clients' grade
    ("grade-row-under-client-heading", "Rapportcijfer | 8,4\nAantal reacties | 120", ("Kwaliteitsbeeld 2024", "Cliëntervaringen 2024"),
     [("clientervaring", 8.4, None, 2024, None)]),
    ("grade-line-under-satisfaction-heading", "Gemiddeld cijfer: 8,1", ("Cliënttevredenheid 2023",), [("clientervaring", 8.1, None, 2023, None)]),
    ("overall-grade-label-row", "Rapportcijfer cliënten | 8,4", ("Cliëntervaringen 2024",), [("clientervaring", 8.4, None, 2024, None)]),
    ("overall-grade-for-care", "Het gemiddelde rapportcijfer voor de zorg is een 8,6.", ("Cliëntervaringen 2024",),
     [("clientervaring", 8.6, None, 2024, None)]),
    # the people of an instrument named before are its clients
    ("share-of-them-after-instrument", "Dit jaar zijn 96 interviews gehouden met Dit Vind Ik Ervan!. 84% van hen is tevreden over de "
     "begeleiding.", (), [("clientervaring", 84.0, D, None, 96)]),
    # a share without a % sign
    ("recommendation-percentage-without-sign", "Het cliëntervaringsonderzoek van 2024 liet een aanbevelingspercentage van 89 zien.", (),
     [("aanbeveling", 89.0, C, 2024, None)]),
    ("recommendation-percentage-label", "Aanbevelingspercentage ZorgkaartNederland: 93", (), [("aanbeveling", 93.0, Z, None, None)]),
    ("recommendation-percentage-is", "Het aanbevelingspercentage op ZorgkaartNederland is 89.", (), [("aanbeveling", 89.0, Z, None, None)]),
    ("recommendation-share-table", "Indicator | 2023 | 2024\nAanbeveling (%) | 88 | 92", (),
     [("aanbeveling", 88.0, None, 2023, None), ("aanbeveling", 92.0, None, 2024, None)]),
    ("recommendation-percentage-change", "Het percentage cliënten dat ons zou aanbevelen steeg van 85 naar 89.", (),
     [("aanbeveling", 89.0, None, None, None)]),
    ("recommendation-percentage-year-pairs", "Aanbevelingspercentage 2023: 88 – 2024: 91", (),
     [("aanbeveling", 88.0, None, 2023, None), ("aanbeveling", 91.0, None, 2024, None)]),
    ("satisfied-share-table-header", "Tevreden (%) | 91", ("Cliëntervaringen 2024",), [("clientervaring", 91.0, None, 2024, None)]),
    ("satisfied-te-zijn-after-instrument", "We spraken met Mijn Leven 60 bewoners. Van hen gaf 78 procent aan tevreden te zijn met de "
     "zorg.", (), [("clientervaring", 78.0, "Mijn Leven", None, 60)]),
    ("nps-after-recommendation-percentage", "Het aanbevelingspercentage 91 en een NPS van 45 zijn besproken met de raad.", (),
     [("aanbeveling", 91.0, None, None, None), ("nps", 45.0, None, None, None)]),
    ("bracketed-share-belongs-before", "Met Dit Vind Ik Ervan! spraken we 187 bewoners. Bijna iedereen zegt zich thuis te voelen in de "
     "woning (89%) en tevreden te zijn over de begeleiding (86%).", (), [("clientervaring", 86.0, D, None, 187)]),
    # every "year: value" pair, each with its year
    ("year-pairs-after-lead", "Gemiddeld rapportcijfer op ZorgkaartNederland:\n2019: 8,1 – 2020: 8,3 – 2021: 8,4", (),
     [("clientervaring", 8.1, Z, 2019, None), ("clientervaring", 8.3, Z, 2020, None), ("clientervaring", 8.4, Z, 2021, None)]),
    ("year-pairs-nps", "De NPS over de jaren: 2022: 38 – 2023: 41 – 2024: 45", (),
     [("nps", 38.0, None, 2022, None), ("nps", 41.0, None, 2023, None), ("nps", 45.0, None, 2024, None)]),
    ("year-pairs-hyphen", "Totaalscore 2021: 8,0 - 2022: 8,2 - 2023: 8,5", (),
     [("totaalscore", 8.0, None, 2021, None), ("totaalscore", 8.2, None, 2022, None), ("totaalscore", 8.5, None, 2023, None)]),
    # satisfaction with one aspect next to the overall one
    ("overall-kept-aspect-dropped", "Van de bewoners is 90% tevreden over de zorg; over het eten is 72% tevreden.", (),
     [("clientervaring", 90.0, None, None, None)]),
]

NOT_READ = [
    ("aspect-in-brackets", "Bewoners zijn minder te spreken over de activiteiten in het weekend (59% tevreden).", ()),
    ("aspect-first", "Over het eten is 72% van de bewoners tevreden.", ()),
    ("aspect-after-instrument", "Met Dit Vind Ik Ervan! spraken we 80 cliënten. Over het eten is 72% tevreden.", ()),
    ("aspect-before-colon", "Cliënten zijn tevreden over de dagbesteding: 72% tevreden.", ()),
    ("aspect-same-sentence-instrument", "Uit Dit Vind Ik Ervan! blijkt dat 68% tevreden is over de activiteiten in het weekend.", ()),
    # under a client-experience heading, a grade for one aspect or one unit is still no overall grade
    ("aspect-grade-under-client-heading", "Het gemiddelde cijfer voor de maaltijden is een 6,9.", ("Cliëntervaringen 2024",)),
    ("aspect-grade-label-row", "Rapportcijfer maaltijden | 7,1\nRapportcijfer schoonmaak | 7,9", ("Cliëntervaringen 2024",)),
    ("aspect-grade-label-colon", "Gemiddeld cijfer voor het eten: 7,1", ("Cliëntervaringen 2024",)),
    ("unit-label-line", "Locatie De Linde: rapportcijfer 8,6", ("Cliëntervaringen 2024",)),
    ("unit-label-dash", "Team Zuid – NPS 38", ()),
    ("satisfied-share-of-another-clause", "In 2024 hielden we 75 gesprekken met Dit vind ik ervan!. Tweederde van hen is tevreden; "
     "82% voelt zich veilig.", ()),
    ("range-is-still-a-range", "De NPS per team liep van 38 – 52.", ()),
    ("staff-under-client-heading", "Medewerkers gaven hun werk een 7,3.", ("Cliëntervaringen 2024",)),
    ("earlier-value-of-another-kind", "Het aantal meldingen was 45. Dat is hoger dan in 2023 (39).", ()),
    ("percentage-of-plans", "Het percentage cliënten met een actueel zorgplan is 94.", ()),
    ("percentage-respondents-count", "Aanbevelingspercentage (op basis van 64 reviews)", ()),
]


@pytest.mark.parametrize(("text", "headings", "expected"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_reported_figure_is_read(text: str, headings: tuple[str, ...], expected: list[tuple]) -> None:
    rows = find_figures([("p1", text, headings)])
    assert [(r["measure"], r["value"], r["instrument"], r["period"], r["respondents"]) for r in rows] == expected


@pytest.mark.parametrize(("text", "headings"), [c[1:] for c in NOT_READ], ids=[c[0] for c in NOT_READ])
def test_no_overall_figure_is_invented(text: str, headings: tuple[str, ...]) -> None:
    assert find_figures([("p1", text, headings)]) == []


def test_one_units_respondents_are_not_carried_to_the_next_sentence() -> None:
    rows = find_figures([("p1", "Totaalscore 2022: De Hofstede 8,4 (n=41) · totaal organisatie 8,3. Aanbevelingsvraag: 79% zeker wel.")])
    assert [(r["measure"], r["value"], r["respondents"]) for r in rows][-1] == ("aanbeveling", 79.0, None)


def test_kb_check_reads_a_grade_under_a_client_heading(settings: Settings) -> None:
    """A DOCX whose client-experience section gives its grades as a table with no client word: kb check passes the heading
    path, so the total grade is the clients' and the aspect grades stay out."""
    spec = docmaker.DocSpec(
        title="Kwaliteitsbeeld 2024 Stichting Voorbeeldgroep",
        blocks=(
            docmaker.Block(kind="heading", text="Cliëntervaringen 2024", level=2),
            docmaker.Block(kind="paragraph", text="De uitkomsten van de vragenlijst staan hieronder."),
            docmaker.Block(kind="table", rows=(("Onderdeel", "Uitkomst"), ("Rapportcijfer maaltijden", "7,1"),
                                               ("Rapportcijfer", "8,4"))),
        ),
    )
    report = check_bytes(docmaker.render_docx(spec), "ghz", settings)
    assert [(f["measure"], f["value"], f["instrument"], f["period"]) for f in report["figures"]] == [("clientervaring", 8.4, None, 2024)]
