"""Training-data loading: validation, and passages labelled under a second sector's scheme."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.tuning import UNKNOWN, sector_targets
from analysis.weak import TrainingDataError, group_of, load_training_examples
from kb.settings import load_settings
from kb.taxonomy import Taxonomy, load_taxonomy

TWO_SECTORS = """
version: "two"
sectors:
  - {id: aa, name: Alfa, framework: A, doc_types: [kwaliteitsbeeld]}
  - {id: bb, name: Beta, framework: B, doc_types: [kwaliteitsbeeld]}
bouwstenen:
  - {id: aa-b1, sector: aa, name: Tuin, seed_phrases: [tuin]}
  - {id: aa-b2, sector: aa, name: Koor, seed_phrases: [koor]}
  - {id: bb-b1, sector: bb, name: Buiten, seed_phrases: [buiten]}
  - {id: bb-b2, sector: bb, name: Muziek, seed_phrases: [muziek]}
elements:
  - {id: aa-e-koor, sector: aa, bouwsteen: aa-b2, name: Koorreflectie, seed_phrases: [koorrepetitie]}
facets:
  - {id: tellen, name: Tellen}
  - {id: vertellen, name: Vertellen}
"""


def line(ex_id: str, sector: str, labels: list[str], **extra: object) -> str:
    return json.dumps({"id": ex_id, "sector": sector, "text": f"tekst van {ex_id}", "bouwstenen": labels,
                       "facets": ["tellen"], **extra})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "taxonomy.yaml").write_text(TWO_SECTORS)
    (tmp_path / "training" / "cross").mkdir(parents=True)
    return tmp_path


def taxonomy_of(root: Path) -> Taxonomy:
    settings = load_settings(environ={}, config_file=root / "none.toml", taxonomy_path=str(root / "taxonomy.yaml"))
    return load_taxonomy(settings.taxonomy_path)


def test_also_on_the_line_and_in_cross_files_make_copies_for_the_other_sector(root: Path) -> None:
    training = root / "training"
    (training / "aa.jsonl").write_text("\n".join([
        line("aa-0001", "aa", ["aa-b1"], also={"bb": ["bb-b1"]}),
        line("aa-0002", "aa", ["aa-b2"]),
        line("aa-0003", "aa", []),
    ]) + "\n")
    (training / "cross" / "aa.jsonl").write_text(json.dumps({"id": "aa-0002", "also": {"bb": ["bb-b2"]}}) + "\n")
    taxonomy = taxonomy_of(root)
    examples = {ex.id: ex for ex in load_training_examples(training, taxonomy)}

    assert set(examples) == {"aa-0001", "aa-0001@bb", "aa-0002", "aa-0002@bb", "aa-0003"}
    copy = examples["aa-0001@bb"]
    assert copy.sector == "bb" and copy.labels == {"bb-b1"} and copy.source == "cross"
    assert copy.known == {"bb-b1", "bb-b2"}  # facets and elements stay with the original
    assert not copy.knows("tellen")
    assert copy.group == examples["aa-0001"].group == group_of("aa-0001")
    assert examples["aa-0001"].cross_sectors == {"bb"}
    assert examples["aa-0003"].cross_sectors == frozenset()

    ordered = load_training_examples(training, taxonomy)
    ids = ["bb-b1", "bb-b2"]
    Y = sector_targets(ordered, ids, "bb", taxonomy)
    row = {ex.id: Y[i].tolist() for i, ex in enumerate(ordered)}
    assert row["aa-0001@bb"] == [1, 0]
    assert row["aa-0002@bb"] == [0, 1]
    # the originals do not also train bb (their copy does); the unlabelled negative does
    assert row["aa-0001"] == [UNKNOWN, UNKNOWN]
    assert row["aa-0002"] == [UNKNOWN, UNKNOWN]
    assert row["aa-0003"] == [0, 0]
    assert np.all(sector_targets(ordered, ["aa-b1"], "aa", taxonomy)[[i for i, ex in enumerate(ordered)
                                                                     if ex.id.endswith("@bb")]] == UNKNOWN)


@pytest.mark.parametrize(
    ("main", "cross", "message"),
    [
        ([line("aa-0001", "aa", [], also={"aa": ["aa-b1"]})], None, "not another known sector"),
        ([line("aa-0001", "aa", [], also={"zz": []})], None, "not another known sector"),
        ([line("aa-0001", "aa", [], also={"bb": ["aa-b1"]})], None, "bouwsteen ids of bb"),
        ([line("aa-0001", "aa", [], also=["bb-b1"])], None, "must be an object"),
        ([line("aa-0001", "aa", [])], {"id": "aa-0404", "also": {"bb": []}}, "no training passage"),
        ([line("aa-0001", "aa", [], also={"bb": []})], {"id": "aa-0001", "also": {"bb": []}}, "already has bb"),
        ([line("aa-0001@bb", "aa", [])], None, "may not contain"),
        ([line("aa-0001", "aa", []), line("aa-0001", "aa", [])], None, "occurs twice"),
        (["[1, 2]"], None, "must be a JSON object"),
    ],
)
def test_bad_training_lines_are_refused_with_the_place(root: Path, main: list[str], cross: dict[str, object] | None,
                                                       message: str) -> None:
    training = root / "training"
    (training / "aa.jsonl").write_text("\n".join(main) + "\n")
    if cross is not None:
        (training / "cross" / "x.jsonl").write_text(json.dumps(cross) + "\n")
    with pytest.raises(TrainingDataError, match=message) as info:
        load_training_examples(training, taxonomy_of(root))
    assert ".jsonl:" in str(info.value)


def test_the_shipped_training_data_loads_and_cross_labels_name_real_passages() -> None:
    settings = load_settings(environ={}, config_file=Path("/nonexistent.toml"))
    taxonomy = load_taxonomy(settings.taxonomy_path)
    examples = load_training_examples(settings.training_dir, taxonomy)
    by_id = {ex.id: ex for ex in examples}
    copies = [ex for ex in examples if ex.source == "cross"]
    for copy in copies:
        original = by_id[copy.id.split("@")[0]]
        assert copy.sector != original.sector and copy.sector in original.cross_sectors
    for sector in taxonomy.sector_ids():
        own = [ex for ex in examples if ex.sector == sector and ex.source == "written"]
        for bouwsteen in taxonomy.bouwstenen_for(sector):
            assert sum(bouwsteen.id in ex.labels for ex in own) >= 80, bouwsteen.id


def test_second_annotator_file_gives_kappa_per_bouwsteen(root: Path) -> None:
    from analysis.evaluate import training_agreement

    training = root / "training"
    labels = [["aa-b1"], ["aa-b1"], ["aa-b2"], [], ["aa-b1", "aa-b2"], []]
    (training / "aa.jsonl").write_text("\n".join(line(f"aa-{i:04d}", "aa", lab) for i, lab in enumerate(labels)) + "\n")
    (training / "agreement").mkdir()
    second = [["aa-b1"], [], ["aa-b2"], [], ["aa-b1", "aa-b2"], ["aa-b2"]]
    rows = [{"id": f"aa-{i:04d}", "sector": "aa", "bouwstenen": lab} for i, lab in enumerate(second)]
    rows.append({"id": "aa-0404", "sector": "aa", "bouwstenen": []})  # unknown passage: ignored
    (training / "agreement" / "second.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    taxonomy = taxonomy_of(root)
    report = training_agreement(training, load_training_examples(training, taxonomy), taxonomy)

    assert set(report) == {"aa"} and report["aa"]["n"] == 6
    # aa-b1: first 1,1,0,0,1,0 / second 1,0,0,0,1,0 -> po 5/6, pe 0.5 -> kappa 2/3
    assert report["aa"]["kappa"]["aa-b1"]["kappa"] == pytest.approx(2 / 3, abs=1e-3)
    # aa-b2: first 0,0,1,0,1,0 / second 0,0,1,0,1,1 -> po 5/6, pe (2*3+4*3)/36=0.5 -> kappa 2/3
    assert report["aa"]["kappa"]["aa-b2"]["kappa"] == pytest.approx(2 / 3, abs=1e-3)
    assert 0.0 < report["aa"]["second_vs_first_macro_f1"] < 1.0


def test_cross_validation_scores_elements_and_facets_only_on_passages_that_know_them(root: Path) -> None:
    from analysis.evaluate import cross_validate, model_factory

    training = root / "training"
    rows = [line(f"aa-{i:04d}", "aa", ["aa-b1"] if i % 2 else [], also={"bb": ["bb-b1"] if i % 2 else []})
            for i in range(20)]
    rows += [line(f"bb-{i:04d}", "bb", ["bb-b2"] if i % 2 else []) for i in range(20)]
    (training / "all.jsonl").write_text("\n".join(rows) + "\n")
    taxonomy = taxonomy_of(root)
    examples = load_training_examples(training, taxonomy)
    report = cross_validate(examples, taxonomy, model_factory("keywords", taxonomy), folds=2)

    assert report["bb"]["bouwstenen"]["n"] == 40  # 20 own passages + 20 copies labelled under bb
    assert report["bb"]["facets"]["n"] == 20 and report["bb"]["elements"]["n"] == 20
    assert report["bb"]["bouwstenen_own_passages"]["n"] == 20
    assert report["aa"]["facets"]["n"] == 20 and "bouwstenen_own_passages" not in report["aa"]


def test_one_text_under_two_ids_shares_a_group_and_gets_no_second_copy(root: Path) -> None:
    training = root / "training"
    same = "De tuin en het koor, op één pagina."
    (training / "mix.jsonl").write_text("\n".join([
        json.dumps({"id": "mix-aa-0001", "sector": "aa", "text": same, "bouwstenen": ["aa-b1"],
                    "also": {"bb": ["bb-b1"]}}),
        json.dumps({"id": "mix-bb-0001", "sector": "bb", "text": f"  {same.upper()} ", "bouwstenen": ["bb-b1"],
                    "also": {"aa": ["aa-b1"]}}),
        json.dumps({"id": "mix-bb-0002", "sector": "bb", "text": "Een andere tekst.", "bouwstenen": []}),
    ]) + "\n")
    examples = {ex.id: ex for ex in load_training_examples(training, taxonomy_of(root))}
    assert set(examples) == {"mix-aa-0001", "mix-bb-0001", "mix-bb-0002"}  # no copies of a text already native
    assert examples["mix-aa-0001"].group == examples["mix-bb-0001"].group != examples["mix-bb-0002"].group
