"""The figure extractor reads reported client-experience results and never invents one."""

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
    ("change-with-years", "Het rapportcijfer op ZorgkaartNederland steeg van 8,1 in 2022 naar 8,4 in 2023.",
     {"measure": "clientervaring", "value": 8.4, "instrument": "ZorgkaartNederland"}),
    ("grade-before-instrument", "Gemiddeld rapportcijfer: 8,3 (ZorgkaartNederland, 2022)",
     {"measure": "clientervaring", "value": 8.3, "instrument": "ZorgkaartNederland", "period": 2022}),
    ("aanbeveling-names-its-instrument", "Aanbevelingsscore ZorgkaartNederland: 94%",
     {"measure": "aanbeveling", "value": 94.0, "instrument": "ZorgkaartNederland"}),
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
    ],
    ids=["count-not-score", "measurement-without-result", "nps-without-number", "unrelated-percentage", "instrument-without-result",
         "decimal-before-instrument-is-no-grade"],
)
def test_no_figure_is_invented_where_none_is_reported(text: str) -> None:
    assert find_figures([("p1", text)]) == []


def test_same_figure_repeated_in_a_document_is_reported_once() -> None:
    rows = find_figures([("p1", "De NPS was 41."), ("p2", "Zoals gezegd: de NPS was 41.")])
    assert [r["passage_id"] for r in rows] == ["p1"]


def test_sentences_split_on_full_stops_and_table_lines() -> None:
    assert split_sentences("Eerste zin. Tweede zin.\nNPS | 54") == ["Eerste zin.", "Tweede zin.", "NPS | 54"]
