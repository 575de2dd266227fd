"""Keyword baseline: the taxonomy's seed phrases, nothing learnt.

A label's score is ``1 - exp(-0.7 * hits)`` where hits counts its seed phrases (and its
name) found in the passage; a label is assigned at one hit. Facets use the facet
rules. The learned model has to beat this (docs/evaluation.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from analysis.facets import RULE_THRESHOLD, rule_scores, rule_terms
from analysis.features import tokens_of
from kb.models import PassageLabels
from kb.taxonomy import Label, Taxonomy

HIT_WEIGHT = 0.7


def _phrase(text: str) -> str:
    return " " + " ".join(tokens_of(text)) + " "


@dataclass
class KeywordModel:
    """Seed-phrase matcher with the same predict interface as the learned model."""

    taxonomy: Taxonomy
    manifest: dict[str, object] = field(default_factory=lambda: {"model_id": "keywords", "kind": "keywords"})

    @property
    def model_id(self) -> str:
        return "keywords"

    def phrases(self, label: Label) -> list[str]:
        return [_phrase(p) for p in (label.name, *label.seed_phrases) if tokens_of(p)]

    def predict_labels(self, texts: list[str], sector: str, explain: bool = True) -> list[PassageLabels]:
        labels = [*self.taxonomy.bouwstenen_for(sector), *self.taxonomy.elements_for(sector)]
        table = [(label, self.phrases(label)) for label in labels]
        facet_ids = [f.id for f in self.taxonomy.facets]
        return [self._one(text, table, facet_ids, explain) for text in texts]

    def _one(
        self, text: str, table: list[tuple[Label, list[str]]], facet_ids: list[str], explain: bool
    ) -> PassageLabels:
        norm = _phrase(text)
        scores: dict[str, float] = {}
        explanations: dict[str, list[str]] = {}
        for label, phrases in table:
            hits = [p.strip() for p in phrases if p in norm]
            scores[label.id] = round(1.0 - math.exp(-HIT_WEIGHT * len(hits)), 4)
            if hits and explain:
                explanations[label.id] = hits[:5]
        rules = rule_scores(text)
        for f in facet_ids:
            scores[f] = round(rules.get(f, 0.0), 4)
        facets = tuple(f for f in facet_ids if scores[f] >= RULE_THRESHOLD)
        if explain:
            explanations.update({f: rule_terms(f, text) for f in facets})
        kinds = {b.id for b in self.taxonomy.bouwstenen}
        chosen = [label.id for label, _ in table if scores[label.id] > 0]
        return PassageLabels(
            bouwstenen=tuple(i for i in chosen if i in kinds),
            elements=tuple(i for i in chosen if i not in kinds),
            facets=facets,
            scores=scores,
            explanations=explanations,
        )
