"""Train/predict on a toy sector defined only in a temporary taxonomy (no code change needed)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from analysis.classify import (
    ModelError,
    TrainOptions,
    load_model,
    load_saved_model,
    model_dir,
    predict,
    save_model,
    train,
)
from analysis.weak import Example, load_training_examples
from kb.settings import Settings, load_settings
from kb.taxonomy import Taxonomy, load_taxonomy

TOY_TAXONOMY = """
version: "toy"
sectors:
  - {id: zz, name: Zorgzee, framework: Toy kompas, doc_types: [kwaliteitsbeeld]}
bouwstenen:
  - {id: zz-b1, sector: zz, name: Tuinieren, seed_phrases: [moestuin, tomaten], heading_patterns: [tuin]}
  - {id: zz-b2, sector: zz, name: Muziek, seed_phrases: [koor, zingen], heading_patterns: [muziek]}
elements:
  - {id: zz-e-koor, sector: zz, bouwsteen: zz-b2, name: Koorreflectie, seed_phrases: [koorrepetitie]}
facets:
  - {id: tellen, name: Tellen}
  - {id: vertellen, name: Vertellen}
  - {id: terugblik, name: Terugblik}
  - {id: vooruitblik, name: Vooruitblik}
"""
GARDEN = ["moestuin", "tomaten", "courgettes", "bloembakken", "tuinman", "zaaien", "oogst", "kruidentuin"]
MUSIC = ["koor", "zingen", "piano", "muziektherapeut", "liedjes", "koorrepetitie", "gitaar", "concert"]
FILLER = ["bewoners", "locatie", "samen", "week", "middag", "team", "vrijwilligers", "vaak", "graag", "nieuwe"]


def toy_rows(n: int = 90, seed: int = 1) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        kind = i % 3  # garden, music, negative
        words = rng.sample(FILLER, 5) + (rng.sample(GARDEN, 3) if kind == 0 else rng.sample(MUSIC, 3) if kind == 1 else [])
        rng.shuffle(words)
        text = "De " + " ".join(words) + (" kregen 75% een 8,2." if i % 4 == 0 else ".")
        labels = ["zz-b1"] if kind == 0 else ["zz-b2"] if kind == 1 else []
        rows.append({"id": f"zz-{i:04d}", "sector": "zz", "text": text, "bouwstenen": labels,
                     "elements": ["zz-e-koor"] if kind == 1 and "koorrepetitie" in words else [],
                     "facets": ["tellen"] if i % 4 == 0 else [], "voice": "webtekst", "source": "written"})
    return rows


def write_toy(root: Path) -> Settings:
    (root / "taxonomy.yaml").write_text(TOY_TAXONOMY)
    (root / "training").mkdir()
    (root / "training" / "zz-all.jsonl").write_text("\n".join(json.dumps(r) for r in toy_rows()) + "\n")
    return load_settings(environ={}, config_file=root / "none.toml", data_dir=str(root / "store"),
                         models_dir=str(root / "models"),
                         taxonomy_path=str(root / "taxonomy.yaml"), training_dir=str(root / "training"))


@pytest.fixture
def toy(tmp_path: Path) -> tuple[Settings, Taxonomy, list[Example]]:
    settings = write_toy(tmp_path)
    taxonomy = load_taxonomy(settings.taxonomy_path)
    return settings, taxonomy, load_training_examples(settings.training_dir, taxonomy)


FAST = TrainOptions(folds=3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De bewoners oogst tomaten en courgettes in de moestuin.", "zz-b1"),
        ("Het koor ging zingen met piano en gitaar.", "zz-b2"),
    ],
    ids=["garden", "music"],
)
def test_toy_sector_is_learnt_without_code_change(toy: tuple[Settings, Taxonomy, list[Example]], text: str, expected: str) -> None:
    _, taxonomy, examples = toy
    model = train(examples, taxonomy, FAST)
    [labels] = predict(model, [text], "zz")
    assert labels.bouwstenen == (expected,)
    assert set(labels.scores) == {"zz-b1", "zz-b2", "zz-e-koor", "tellen", "vertellen", "terugblik", "vooruitblik"}


def test_explanations_name_words_of_the_passage(toy: tuple[Settings, Taxonomy, list[Example]]) -> None:
    _, taxonomy, examples = toy
    text = "Het koor oefende liedjes met de muziektherapeut."
    [labels] = predict(train(examples, taxonomy, FAST), [text], "zz")
    terms = labels.explanations["zz-b2"]
    assert terms and all(t in text.lower() for t in terms)


def test_thresholds_stay_within_floor_and_ceiling(toy: tuple[Settings, Taxonomy, list[Example]]) -> None:
    _, taxonomy, examples = toy
    opts = TrainOptions(folds=3, threshold_floor=0.3, threshold_ceiling=0.45)
    model = train(examples, taxonomy, opts)
    values = list(model.manifest["thresholds"].values())
    model_thresholds = [t for head in model.heads.values() for t in head.thresholds]
    assert all(0.3 <= t <= 0.45 for t in model_thresholds)
    assert len(values) == 7


def test_saved_model_predicts_the_same_after_loading(toy: tuple[Settings, Taxonomy, list[Example]], tmp_path: Path) -> None:
    _, taxonomy, examples = toy
    model = train(examples, taxonomy, FAST)
    loaded = load_saved_model(save_model(model, tmp_path / "m"), taxonomy)
    texts = ["De moestuin en het koor.", "Niets bijzonders hier."]
    assert predict(loaded, texts, "zz") == predict(model, texts, "zz")
    assert loaded.model_id == model.model_id and len(model.model_id) == 16


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("taxonomy_hash", "0000", "taxonomy changed"), ("sklearn_version", "0.1", "scikit-learn"),
     ("model_version", "0", "model version")],
    ids=["taxonomy", "library", "version"],
)
def test_mismatched_manifest_refuses_with_train_hint(
    toy: tuple[Settings, Taxonomy, list[Example]], tmp_path: Path, field: str, value: str, message: str
) -> None:
    _, taxonomy, examples = toy
    directory = save_model(train(examples, taxonomy, FAST), tmp_path / "m")
    manifest = json.loads((directory / "manifest.json").read_text())
    (directory / "manifest.json").write_text(json.dumps(manifest | {field: value}))
    with pytest.raises(ModelError, match=message) as err:
        load_saved_model(directory, taxonomy)
    assert "kb train" in str(err.value)


def test_load_model_trains_and_saves_on_first_use(toy: tuple[Settings, Taxonomy, list[Example]]) -> None:
    settings, _, _ = toy
    model = load_model(settings)
    assert (model_dir(settings) / "manifest.json").is_file()
    assert load_model(settings).model_id == model.model_id  # second call loads, does not retrain


def test_gated_element_needs_its_bouwsteen_and_the_gate_survives_saving(
    toy: tuple[Settings, Taxonomy, list[Example]], tmp_path: Path
) -> None:
    _, taxonomy, examples = toy
    model = train(examples, taxonomy, FAST)
    assert model.manifest["metrics"]["zz"]["element_gate"]["zz-e-koor"]["gate"] == model.element_gate["zz-e-koor"]
    model.element_gate = {"zz-e-koor": True}
    model.heads["zz"].thresholds[model.heads["zz"].label_ids.index("zz-b2")] = 1.01  # zz-b2 can never pass
    text = ["Na de koorrepetitie ging het koor zingen met piano."]
    assert predict(model, text, "zz")[0].elements == ()
    model.element_gate = {"zz-e-koor": False}
    assert predict(model, text, "zz")[0].elements == ("zz-e-koor",)
    model.manifest["element_gate"] = {"zz-e-koor": True}
    loaded = load_saved_model(save_model(model, tmp_path / "m"), taxonomy)
    assert loaded.element_gate == {"zz-e-koor": True} and predict(loaded, text, "zz")[0].elements == ()
