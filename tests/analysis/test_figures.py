"""The figure extractor reads reported client-experience results and never invents one."""

import time

import pytest

from analysis.figures import find_figures, split_sentences

CASES = [
    ("nps-with-year-and-n", "De NPS van onze wijkverpleging kwam in 2024 uit op 54 (n=312).",
     {"measure": "nps", "value": 54.0, "scale": "-100..100", "period": 2024, "respondents": 312}),
    ("negative-nps", "Het NPS-cijfer was -12 in 2023.", {"measure": "nps", "value": -12.0, "period": 2023}),
    ("net-promoter-spelled-out", "Onze Net Promoter Score is gestegen naar +38.", {"measure": "nps", "value": 38.0}),
    ("totaalscore-decimal-comma",
     "Uit de meting blijkt een gemiddelde totaalscore van 8,4 op basis van 6 vragen, 187 respondenten vulden de lijst in.",
     {"measure": "totaalscore", "value": 8.4, "scale": "0-10", "respondents": 187}),
    ("aanbeveling-percent", "Van de cliënten zou 91% ons aanbevelen bij familie of vrienden.",
     {"measure": "aanbeveling", "value": 91.0, "scale": "%"}),
    ("ghz-instrument-grade", "Met Dit Vind Ik Ervan! gaven bewoners gemiddeld een 7,9 voor hun woning.",
     {"measure": "clientervaring", "value": 7.9, "instrument": "Dit Vind Ik Ervan!"}),
    ("zorgkaart-out-of-ten", "Op ZorgkaartNederland kregen we een 8,6 van de 10 op basis van 45 waarderingen.",
     {"measure": "clientervaring", "value": 8.6, "instrument": "ZorgkaartNederland", "respondents": 45}),
    ("prem-grade", "De PREM wijkverpleging gaf een gemiddeld cijfer van 8,9.", {"measure": "prem", "value": 8.9}),
    ("change-reports-the-new-value", "Onze Net Promoter Score is gestegen van 31 naar 45.", {"measure": "nps", "value": 45.0}),
    ("grade-before-instrument", "Gemiddeld rapportcijfer: 8,3 (ZorgkaartNederland, 2022)",
     {"measure": "clientervaring", "value": 8.3, "instrument": "ZorgkaartNederland", "period": 2022}),
    ("aanbeveling-names-its-instrument", "Aanbevelingsscore ZorgkaartNederland: 94%",
     {"measure": "aanbeveling", "value": 94.0, "instrument": "ZorgkaartNederland"}),
    # session 5: sentences and table lines as real reports write them
    ("nps-decimal-comma", "De Net Promoter Score (NPS) bedraagt 61,5.", {"measure": "nps", "value": 61.5}),
    ("nps-footnote-marker", "De NPS-score kwam uit op 42¹.", {"measure": "nps", "value": 42.0}),
    ("nps-unicode-minus", "De NPS van Thuiszorg De Hoeve kwam in 2024 uit op −4.", {"measure": "nps", "value": -4.0, "period": 2024}),
    ("nps-after-respondents", "NPS (n=287): 44", {"measure": "nps", "value": 44.0, "respondents": 287}),
    ("nps-delta-is-no-value", "De NPS is 12 punten gestegen naar 50.", {"measure": "nps", "value": 50.0}),
    ("nps-benchmark-is-not-ours", "Benchmark: landelijk gemiddelde NPS 41, onze NPS 48.", {"measure": "nps", "value": 48.0}),
    ("nps-benchmark-clause", "Het landelijk gemiddelde NPS is 39; wij scoorden 48.", {"measure": "nps", "value": 48.0}),
    ("nps-comparison-year-is-no-period", "De NPS steeg t.o.v. 2023 naar 45.", {"measure": "nps", "value": 45.0, "period": None}),
    ("nps-after-promoter-shares", "Promotors 58% – passives 30% – detractors 12% → NPS 46", {"measure": "nps", "value": 46.0}),
    ("nps-net-promotor-spelling", "Onze Net Promotor Score was +33 over heel 2023.", {"measure": "nps", "value": 33.0, "period": 2023}),
    ("aanbevelen-beveelt-aan", "95% van de cliënten beveelt ons aan (ZorgkaartNederland, 132 waarderingen).",
     {"measure": "aanbeveling", "value": 95.0, "instrument": "ZorgkaartNederland", "respondents": 132}),
    ("aanbevelen-percent-change", "Het percentage cliënten dat ons zou aanbevelen steeg van 88% naar 93%.",
     {"measure": "aanbeveling", "value": 93.0}),
    ("aanbevelen-procent-word", "Aanbevelingsscore ZorgkaartNederland 96 procent.", {"measure": "aanbeveling", "value": 96.0, "scale": "%"}),
    ("aanbevelen-answer-positief", "Op de vraag of de bewoner de locatie zou aanbevelen, antwoordde 88% positief.",
     {"measure": "aanbeveling", "value": 88.0}),
    ("aanbevelen-not-nps", "Uit de NPS-meting blijkt dat 71 procent van de cliënten de organisatie zou aanbevelen.",
     {"measure": "aanbeveling", "value": 71.0}),
    ("totaalscore-slash-ten", "Totaalscore: 8,3 / 10", {"measure": "totaalscore", "value": 8.3, "scale": "0-10"}),
    ("totaalscore-count-in-brackets-first", "De totaalscore (6 vragen) is 8,4.", {"measure": "totaalscore", "value": 8.4}),
    ("totaalscore-abbreviation-gem", "Totaalscore gem. 8,2 (n=140)", {"measure": "totaalscore", "value": 8.2, "respondents": 140}),
    ("totaalscore-target-then-result", "Totaalscore cliëntervaring | doel 8,0 | behaald: 8,2.", {"measure": "totaalscore", "value": 8.2}),
    ("totaalscore-organisation-total", "Totaalscore 2022 (6 vragen): De Hofstede 8,4 (n=41) · Meerzicht 8,1 (n=33) · totaal organisatie 8,3.",
     {"measure": "totaalscore", "value": 8.3, "period": 2022}),
    ("totaalscore-respondents-ingevuld-door", "De vragenlijst is ingevuld door 156 cliënten; de totaalscore is 8,6.",
     {"measure": "totaalscore", "value": 8.6, "respondents": 156}),
    ("prem-grade-before-name", "Cliënten gaven een 8,3 voor de PREM (respons 31%, N=388).",
     {"measure": "prem", "value": 8.3, "respondents": 388}),
    ("zorgkaart-grade-before-name-waarderen", "Cliënten waarderen onze zorg met een 8,1 op ZorgkaartNederland.",
     {"measure": "clientervaring", "value": 8.1, "instrument": "ZorgkaartNederland"}),
    ("zorgkaart-date-before-grade", "Op ZorgkaartNederland (peildatum 31-12-2024) staat een 8,8.",
     {"measure": "clientervaring", "value": 8.8, "instrument": "ZorgkaartNederland"}),
    ("zorgkaart-grade-uit-reviews", "Gemiddelde waardering op ZorgkaartNederland: 8,1 uit 94 beoordelingen.",
     {"measure": "clientervaring", "value": 8.1, "respondents": 94}),
    ("zorgkaart-out-of-five", "De gemiddelde score op ZorgkaartNederland is 4,3 op 5.",
     {"measure": "clientervaring", "value": 4.3, "scale": "0-5"}),
    ("cq-index-scale-one-to-four", "De CQ-index laat een gemiddelde van 3,4 op een schaal van 1 tot 4 zien.",
     {"measure": "clientervaring", "value": 3.4, "scale": "1-4", "instrument": "CQ-index"}),
    ("cq-index-declared-scale", "De CQ-index (1-4): gemiddeld 3,6 voor bejegening.", {"value": 3.6, "scale": "1-4"}),
    ("vraag-het-de-client-five-point", "Met Vraag het de cliënt scoorden we 4,2 op een 5-puntsschaal.",
     {"value": 4.2, "scale": "1-5", "instrument": "Vraag het de cliënt"}),
    ("kwaliteitsmonitor", "Kwaliteitsmonitor 2024: cliënten geven gemiddeld een 8,0.",
     {"measure": "clientervaring", "value": 8.0, "instrument": "Kwaliteitsmonitor", "period": 2024}),
    ("ervaringswijzer-percent", "Ervaringswijzer: 91% van de cliënten is tevreden over de begeleiding.",
     {"value": 91.0, "scale": "%", "instrument": "Ervaringswijzer"}),
    ("kto", "Klanttevredenheidsonderzoek (KTO) 2024: cliënten geven een 8,2.", {"value": 8.2, "instrument": "Klanttevredenheidsonderzoek"}),
    ("tevredenheid-van-procent", "Uit de cliëntraadpleging via 'Vraag het de cliënt' blijkt een tevredenheid van 92 procent.",
     {"value": 92.0, "scale": "%", "instrument": "Vraag het de cliënt"}),
    ("own-survey-overall-grade", "Het gemiddelde rapportcijfer dat bewoners geven is een 7,8.",
     {"measure": "clientervaring", "value": 7.8, "instrument": None}),
    ("own-survey-overall-percent", "87 procent van de bewoners is (zeer) tevreden over de zorg.",
     {"measure": "clientervaring", "value": 87.0, "scale": "%", "instrument": None}),
    ("english-report", "Clients rated our care with an average of 9.0 out of 10 in the PREM.", {"measure": "prem", "value": 9.0}),
    ("pdf-table-row-with-respondents", "NPS wijkverpleging | 2024 | 52 | n = 1.204", {"measure": "nps", "value": 52.0, "period": 2024, "respondents": 1204}),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_reported_figure_is_read_with_its_context(text: str, expected: dict) -> None:
    rows = find_figures([("p7", text)])
    assert len(rows) == 1
    row = rows[0]
    assert {k: row[k] for k in expected} == expected
    assert row["passage_id"] == "p7" and row["quote"] == text


@pytest.mark.parametrize(
    "text",
    [
        "De totaalscore bestaat uit 6 vragen.",
        "In 2024 hebben we de PREM afgenomen; 240 cliënten vulden de vragenlijst in.",
        "We bespraken de NPS-vraag met de cliëntenraad.",
        "Het ziekteverzuim daalde naar 6,8% in 2024.",
        "Met Mijn Leven spraken we 40 bewoners over hun dag.",
        "Onze locatie ligt op 2,5 km van het station (zie ZorgkaartNederland).",
        "Het aantal respondenten was 245; het responspercentage 38%.",
        "Het ziekteverzuim bedroeg 7,2 procent in 2024.",
        "In 2024 werkten 1.245 medewerkers bij Zorggroep Vechtstroom.",
        "De medewerkerstevredenheid kwam uit op een 7,6 (MTO 2024).",
        "De medewerker-NPS (eNPS) was 12.",
        "De NPS onder medewerkers bedroeg 18.",
        "Het gemiddelde rapportcijfer voor het werk kwam uit op 7,6 en 71% zou De Bongerd aanbevelen als werkgever.",
        "Uit 'Dit vind ik ervan!' blijkt dat 8 van de 10 cliënten tevreden zijn.",
        "Wij willen in 2025 een NPS van minimaal 50 halen.",
        "Ons doel is een totaalscore van 8,5 of hoger.",
        "5.3 NPS wijkverpleging ........................ 23",
        "Voor het cliëntervaringsonderzoek zetten we 2,5 fte in.",
        "Vragen over de NPS? Bel 030-2345678.",
        "De NPS-meting liep van 1 tot 31 oktober 2024.",
        "De NPS per team staat in bijlage 2.",
        "De NPS werd gemeten bij 3 van de 5 teams.",
        "De NPS is gebaseerd op de vraag: 'Hoe waarschijnlijk is het dat u ons aanbeveelt (0-10)?'",
        "Bij de NPS-vraag gaf 62% een 9 of 10.",
        "Cliëntervaringen (ZorgkaartNederland): 8,4 – 8,6 per locatie",
        "Kosten abonnement ZorgkaartNederland: € 2,50 per cliënt per maand.",
        "Op ZorgkaartNederland staan 23 nieuwe waarderingen in 2024.",
        "De PREM-vragenlijst telt 26 vragen en de NPS-vraag is vraag 12.",
        "Een cliënt met COPD gaf zijn lichaam een 3, maar zijn zingeving een 9.",
        "Minder tevreden zijn ze over het eten (58%).",
        "De Net Promoter Score liep uiteen van +62 op Weidehof tot +18 op De Tuinen.",
        "Uitkomsten 'Totaalscore verpleeghuiszorg' 2023 per locatie: De Wilgen 8,3 – Het Anker 7,9 – Meerzicht 8,6.",
        "In 2023 had 89% van onze cliënten een actueel ondersteuningsplan, wat goed is.",
        "Het team merkte dat bewoners de inspraak in de dagbesteding laag waardeerden (6,2).",
        "Postbus 2011 AB Haarlem, NPS-contact: 023 - 512 34 56",
        "Bij het ervaringsonderzoek 2021 steeg de score op 'ik mag kiezen wat ik eet' van 6,2 naar 7,4.",
        "PREM wijkverpleging, vergelijking 2021 – 2023: aanbevelingsscore (NPS) 38 – 45.",
    ],
    ids=["count-not-score", "measurement-without-result", "nps-without-number", "unrelated-percentage", "instrument-without-result",
         "decimal-before-instrument-is-no-grade", "response-rate", "verzuim-procent", "staff-count", "mto-grade", "enps",
         "nps-among-staff", "recommend-as-employer", "proportion-eight-of-ten", "nps-target", "totaalscore-target",
         "table-of-contents-page", "fte", "phone-number", "date-range", "appendix-number", "count-of-teams", "nps-question-scale",
         "nps-answer-categories", "range-per-location", "money", "count-of-reviews", "question-counts", "one-clients-spider-web",
         "dissatisfied-share", "spread-between-locations", "per-location-only", "not-satisfaction", "one-aspect-in-brackets",
         "postcode-and-phone", "one-question-score", "range-without-order"],
)
def test_no_figure_is_invented_where_none_is_reported(text: str) -> None:
    assert find_figures([("p1", text)]) == []


MULTI = [
    ("years-in-a-pdf-table-row", "NPS 2023 2024 | 32 41", [("nps", 32.0, 2023), ("nps", 41.0, 2024)]),
    ("earlier-year-in-brackets", "Net Promoter Score 2024: 38 (2023: 29)", [("nps", 38.0, 2024), ("nps", 29.0, 2023)]),
    ("comparison-year-label-is-not-the-period", "De gemiddelde totaalscore op de zes vragen was 8,2 (2023: 8,0).",
     [("totaalscore", 8.2, None), ("totaalscore", 8.0, 2023)]),
    ("change-with-years", "Het rapportcijfer op ZorgkaartNederland steeg van 8,1 in 2022 naar 8,4 in 2023.",
     [("clientervaring", 8.1, 2022), ("clientervaring", 8.4, 2023)]),
    ("years-in-two-clauses", "In 2023 was de NPS 36; in 2024 steeg deze naar 41.", [("nps", 36.0, 2023), ("nps", 41.0, 2024)]),
    ("tegenover-earlier-year", "Onze NPS (2024) is +41, tegenover +36 in 2023.", [("nps", 41.0, 2024), ("nps", 36.0, 2023)]),
    ("lower-than-year-in-brackets", "In de wijkverpleging was de NPS 35 (n=173), wat iets lager is dan in 2023 (39).",
     [("nps", 35.0, None), ("nps", 39.0, 2023)]),
    ("prem-nps-and-grade", "Score PREM wijkverpleging 2024: NPS 52, gemiddeld cijfer 8,7.", [("nps", 52.0, 2024), ("prem", 8.7, 2024)]),
    ("prem-then-nps", "Op de PREM scoorden we een 8,9; de NPS kwam uit op 63.", [("prem", 8.9, None), ("nps", 63.0, None)]),
    ("grade-and-recommendation", "Waarderingscijfer Zorgkaart: 8,6 | aanbeveling 96%", [("clientervaring", 8.6, None), ("aanbeveling", 96.0, None)]),
    ("satisfied-and-recommend", "Cliëntervaringsonderzoek: 87% tevreden, 91% zou ons aanbevelen.",
     [("clientervaring", 87.0, None), ("aanbeveling", 91.0, None)]),
    ("label-names-both", "Cliëntervaringsonderzoek 2024: gemiddeld 8,1; aanbevelingspercentage 92%.",
     [("clientervaring", 8.1, 2024), ("aanbeveling", 92.0, 2024)]),
    ("flattened-table-with-header-years", "Meting 2022 2023 2024 NPS 38 42 45 Totaalscore 8,1 8,3 8,4",
     [("nps", 38.0, 2022), ("nps", 42.0, 2023), ("nps", 45.0, 2024),
      ("totaalscore", 8.1, 2022), ("totaalscore", 8.3, 2023), ("totaalscore", 8.4, 2024)]),
    ("year-then-value-pairs", "Totaalscore (6 vragen, schaal 0-10): 2021 8,1; 2022 8,3; 2023 8,4.",
     [("totaalscore", 8.1, 2021), ("totaalscore", 8.3, 2022), ("totaalscore", 8.4, 2023)]),
    ("earlier-years-of-an-instrument", "Gemiddeld cijfer CQ-index: 8,1 (2022: 7,9; 2021: 7,7).",
     [("clientervaring", 8.1, None), ("clientervaring", 7.9, 2022), ("clientervaring", 7.7, 2021)]),
    ("organisation-wide-among-teams", "De organisatiebrede NPS van 51 verbergt verschillen tussen teams: van 72 in Stadshagen tot 28 in Berkum.",
     [("nps", 51.0, None)]),
    ("goal-then-earlier-result", "NPS wijkverpleging minimaal 55 (2024: 52)", [("nps", 52.0, 2024)]),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in MULTI], ids=[c[0] for c in MULTI])
def test_every_reported_value_is_read_with_its_own_year(text: str, expected: list[tuple]) -> None:
    rows = find_figures([("p1", text)])
    assert [(r["measure"], r["value"], r["period"]) for r in rows] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an HTML/DOCX table: the header row of years applies to the rows below it
        ("Meting | 2022 | 2023 | 2024\nNPS | 38 | 42 | 45\nRespons | 31% | 35% | 38%",
         [("nps", 38.0, None, 2022), ("nps", 42.0, None, 2023), ("nps", 45.0, None, 2024)]),
        # the instrument named in the sentence before
        ("In 2023 voerden we 612 gesprekken met Dit Vind Ik Ervan!. Het gemiddelde rapportcijfer dat cliënten gaven, was een 7,8.",
         [("clientervaring", 7.8, "Dit Vind Ik Ervan!", 2023)]),
        ("In 2016 lieten 312 cliënten een waardering achter op ZorgkaartNederland. Het gemiddelde cijfer was een 8,4.",
         [("clientervaring", 8.4, "ZorgkaartNederland", 2016)]),
        # a staff survey: its grades are not the clients'
        ("Medewerkersonderzoek 2023: 412 medewerkers deden mee. Het rapportcijfer voor het werk als geheel is een 7,4.", []),
        # a headline grade without instrument and the same grade from the PREM: one figure
        ("Cliënten waarderen onze wijkverpleging met een 8,7\nUit de PREM-meting over 2022 blijkt dat cliënten hun "
         "wijkverpleging gemiddeld een 8,7 geven.", [("prem", 8.7, "PREM wijkverpleging", 2022)]),
    ],
    ids=["table-header-years", "instrument-from-sentence-before", "zorgkaart-from-sentence-before", "staff-survey-passage",
         "same-grade-from-named-measure"],
)
def test_passage_context_is_used(text: str, expected: list[tuple]) -> None:
    rows = find_figures([("p1", text)])
    assert [(r["measure"], r["value"], r["instrument"], r["period"]) for r in rows] == expected


def test_same_figure_repeated_in_a_document_is_reported_once() -> None:
    rows = find_figures([("p1", "De NPS was 41."), ("p2", "Zoals gezegd: de NPS was 41.")])
    assert [r["passage_id"] for r in rows] == ["p1"]


def test_sentences_split_on_full_stops_and_table_lines() -> None:
    assert split_sentences("Eerste zin. Tweede zin.\nNPS | 54") == ["Eerste zin.", "Tweede zin.", "NPS | 54"]


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert split_sentences("De NPS steeg t.o.v. 2023 naar 45. Totaalscore gem. 8,2 (n=140).") == [
        "De NPS steeg t.o.v. 2023 naar 45.",
        "Totaalscore gem. 8,2 (n=140).",
    ]


def test_passages_without_any_measure_are_skipped_fast() -> None:
    text = "In 2024 openden we 3 woningen met 24 plaatsen; het verzuim was 6,1%. " * 200
    start = time.perf_counter()
    for _ in range(50):
        assert find_figures([("p1", text)]) == []
    assert time.perf_counter() - start < 0.5


def test_each_sentence_is_searched_for_instruments_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The passage reader (which instrument did this sentence name?) and the sentence reader (its figures)
    used to run the instrument pattern over the same sentence each."""
    from analysis import figures

    searched: list[str] = []
    pattern = figures._ANY_INSTRUMENT

    class Counting:
        def finditer(self, sentence: str) -> object:
            searched.append(sentence)
            return pattern.finditer(sentence)

    monkeypatch.setattr(figures, "_ANY_INSTRUMENT", Counting())
    figures._instrument_spans.cache_clear()
    text = ("Met Mijn Leven spraken we 344 cliënten. Het gemiddelde rapportcijfer was een 8,1. "
            "Op ZorgkaartNederland kregen we een 8,4 en 93% beveelt ons aan.")
    rows = find_figures([("p1", text)])
    assert [(r["measure"], r["value"], r["instrument"]) for r in rows] == [
        ("clientervaring", 8.1, "Mijn Leven"), ("clientervaring", 8.4, "ZorgkaartNederland"),
        ("aanbeveling", 93.0, "ZorgkaartNederland")]
    assert len(searched) == len(set(searched)) == 2  # the two sentences that name an instrument, once each
