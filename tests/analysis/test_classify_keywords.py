"""Keyword baseline and the learned model against it."""

from __future__ import annotations

import pytest

from analysis.classify import TrainOptions
from analysis.evaluate import cross_validate, model_factory
from analysis.keywords import KeywordModel
from analysis.weak import load_training_examples
from kb.settings import load_settings
from kb.taxonomy import load_taxonomy


@pytest.mark.parametrize(
    ("sector", "text", "label"),
    [
        ("vvt", "Het open gesprek met de cliënt legt vast wat belangrijk is in het zorgleefplan.", "vvt-b1"),
        ("vvt", "Het ziekteverzuim en de deskundigheidsmix van de teams.", "vvt-b3"),
        ("ghz", "Het visitatieteam sprak met de cliëntenraad en de raad van toezicht.", "ghz-b4"),
    ],
    ids=["vvt-b1", "vvt-b3", "ghz-b4"],
)
def test_keyword_baseline_finds_seed_phrases(sector: str, text: str, label: str) -> None:
    [labels] = KeywordModel(load_taxonomy()).predict_labels([text], sector)
    assert label in labels.bouwstenen
    assert labels.explanations[label]


def test_keyword_baseline_leaves_a_colofon_unlabelled() -> None:
    [labels] = KeywordModel(load_taxonomy()).predict_labels(["Colofon. Vormgeving: Studio Kern, Tiel."], "vvt")
    assert labels.bouwstenen == ()


def test_learned_model_beats_keywords_in_cross_validation() -> None:
    settings = load_settings(environ={})
    taxonomy = load_taxonomy(settings.taxonomy_path)
    examples = load_training_examples(settings.training_dir, taxonomy)
    learned = cross_validate(examples, taxonomy, model_factory("default", taxonomy, TrainOptions(folds=3)), folds=3)
    keywords = cross_validate(examples, taxonomy, model_factory("keywords", taxonomy), folds=3)
    for sector in taxonomy.sector_ids():
        assert learned[sector]["bouwstenen"]["macro_f1"] > keywords[sector]["bouwstenen"]["macro_f1"] + 0.1
