"""A section whose heading names a bouwsteen gives its passages that bouwsteen (analysis.sections)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.check import build_report, extract
from analysis.keywords import KeywordModel
from analysis.sections import apply_sections, section_labels
from kb import docmaker
from kb.cli import cli
from kb.models import PassageLabels
from kb.settings import Settings
from kb.taxonomy import Taxonomy, TaxonomyError, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(Settings().taxonomy_path)


@pytest.mark.parametrize(
    ("sector", "path", "expected"),
    [
        ("vvt", ["Bouwsteen 3: Het werk organiseren"], {"vvt-b3"}),
        ("vvt", ["Het werk organiseren (bouwsteen 3)"], {"vvt-b3"}),
        ("vvt", ["4. Leren en ontwikkelen", "4.2 Scholing in de wijk"], {"vvt-b4"}),  # sub-section of a bouwsteen chapter
        ("vvt", ["Bouwsteen 3", "Onze vrijwilligers", "Bouwsteen 4 - leren"], {"vvt-b4"}),  # innermost naming heading
        ("vvt", ["BOUWSTEEN 2 HET BOUWEN VAN NETWERKEN"], {"vvt-b2"}),
        ("vvt", ["Bouwsteen 1 en bouwsteen 2"], {"vvt-b1", "vvt-b2"}),
        ("ghz", ["Bouwsteen 2: Onderzoek naar de ervaringen van cliënten"], {"ghz-b2"}),
        ("ghz", ["Ervaringsverhalen"], {"ghz-e-ervaringsverhalen"}),
        ("ghz", ["Bouwsteen 4", "Visitatie 2024"], {"ghz-e-visitatie"}),
        # not naming one bouwsteen: overview headings, the document's title, other numbers, plain topics
        ("vvt", ["De bouwstenen 1 tot en met 5"], set()),
        ("vvt", ["Kwaliteitsbeeld 2024: inzicht in kwaliteit"], set()),
        ("vvt", ["Bouwsteen 12"], set()),
        ("vvt", ["Onze medewerkers", "Ziekteverzuim"], set()),
        ("vvt", [], set()),
    ],
)
def test_section_labels(taxonomy: Taxonomy, sector: str, path: list[str], expected: set[str]) -> None:
    labels = [*taxonomy.bouwstenen_for(sector), *taxonomy.elements_for(sector)]
    assert section_labels(path, labels)[0] == expected


def test_apply_sections_adds_the_named_bouwsteen_with_the_heading_as_reason(taxonomy: Taxonomy) -> None:
    model_said = [
        PassageLabels(("vvt-b1",), (), ("vertellen",), {"vvt-b3": 0.1}, {"vvt-b1": ["gesprek"]}),
        PassageLabels(("vvt-b3",), (), (), {}, {"vvt-b3": ["rooster"]}),
        PassageLabels((), (), (), {}, {}),
    ]
    paths = [["Bouwsteen 3: Het werk organiseren"], ["Het werk organiseren"], ["Financiën"]]
    out = apply_sections(model_said, paths, taxonomy, "vvt")
    assert out[0].bouwstenen == ("vvt-b1", "vvt-b3")  # taxonomy order, the model's label kept
    assert out[0].explanations == {"vvt-b1": ["gesprek"], "vvt-b3": ["kop: Bouwsteen 3: Het werk organiseren"]}
    assert out[0].scores == {"vvt-b3": 0.75} and out[0].facets == ("vertellen",)  # the heading is strong evidence
    assert out[1].bouwstenen == ("vvt-b3",), "a label the model already gave is not added twice"
    assert out[1].explanations == {"vvt-b3": ["kop: Het werk organiseren", "rooster"]}  # heading first, words kept
    assert out[1].scores == {"vvt-b3": 0.75}
    assert out[2] == model_said[2]


def test_check_report_counts_a_bouwsteen_chapter_for_coverage(taxonomy: Taxonomy) -> None:
    spec = docmaker.DocSpec(title="Kwaliteitsbeeld 2024", blocks=(
        docmaker.Block(kind="heading", text="Bouwsteen 4: Leren en ontwikkelen", level=2),
        docmaker.Block(kind="paragraph", text=(
            "In het voorjaar gingen alle teams van De Hoeve twee dagen op pad. Wat zij daar bespraken, "
            "bepaalden zij zelf; de uitkomsten hangen sindsdien op de teampost.")),
        docmaker.Block(kind="heading", text="Financiën", level=2),
        docmaker.Block(kind="paragraph", text="Het resultaat over 2024 was positief en wordt toegevoegd aan de reserves."),
    ))
    pdf, _truth = docmaker.render_pdf(spec)
    report = build_report("concept.pdf", "vvt", extract(pdf, None), KeywordModel(taxonomy), taxonomy)
    by_heading = {p["heading"]: p for p in report["passages"]}
    chapter = by_heading["Bouwsteen 4: Leren en ontwikkelen"]
    assert "vvt-b4" in chapter["bouwstenen"]
    assert chapter["explanations"]["vvt-b4"] == ["kop: Bouwsteen 4: Leren en ontwikkelen"]
    assert "vvt-b4" not in by_heading["Financiën"]["bouwstenen"]
    assert report["coverage"]["bouwstenen"]["vvt-b4"] == {**report["coverage"]["bouwstenen"]["vvt-b4"],
                                                          "covered": True, "passages": [chapter["id"]]}


def test_invalid_section_pattern_is_refused_on_load(taxonomy: Taxonomy, tmp_path: Path) -> None:
    broken = tmp_path / "taxonomy.yaml"
    broken.write_text(taxonomy.source_text.replace('"werk organiseren", "organiseren van', '"werk (organiseren", "organiseren van'), encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"vvt-b3.*section_patterns.*not a valid regular expression"):
        load_taxonomy(broken)


def test_classify_text_uses_an_optional_heading(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "De teams kozen zelf waar de twee dagen over gingen.", "heading": "Bouwsteen 4: Leren en ontwikkelen"},
        {"id": "b", "text": "De teams kozen zelf waar de twee dagen over gingen.", "heading_path": ["Financiën"]},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    env = {"KB_DATA_DIR": str(tmp_path), "KB_CONFIG": str(tmp_path / "none.toml")}
    result = CliRunner().invoke(cli, ["classify-text", "--sector", "vvt", "--model", "keywords"], input=stdin, env=env)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert "vvt-b4" in out[0]["bouwstenen"] and out[0]["explanations"]["vvt-b4"] == ["kop: Bouwsteen 4: Leren en ontwikkelen"]
    assert "vvt-b4" not in out[1]["bouwstenen"]
