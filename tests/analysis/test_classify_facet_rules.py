"""Facet rules: cues for tellen, vertellen, terugblik, vooruitblik."""

from __future__ import annotations

import pytest

from analysis.facets import RULE_THRESHOLD, rule_score, rule_scores, rule_terms


@pytest.mark.parametrize(
    ("text", "facet"),
    [
        ("In 2023 scoorde de NPS 42; 87% van de 312 respondenten gaf een 8,1.", "tellen"),
        ('"Ik voel me hier thuis," vertelt mevrouw Jansen. "Mijn dochter komt elke dag."', "vertellen"),
        ("Het afgelopen jaar hebben we de doelen behaald en de nieuwe werkwijze ingevoerd.", "terugblik"),
        ("Komend jaar gaan we de scholing uitbreiden. In 2025 willen we alle teams trainen.", "vooruitblik"),
    ],
    ids=["tellen", "vertellen", "terugblik", "vooruitblik"],
)
def test_rule_recognises_its_facet(text: str, facet: str) -> None:
    assert rule_scores(text)[facet] >= RULE_THRESHOLD
    assert rule_terms(facet, text)


@pytest.mark.parametrize(
    ("text", "facet"),
    [
        ("Wij bieden zorg en ondersteuning in de wijk.", "tellen"),
        ("Wij bieden zorg en ondersteuning in de wijk.", "vertellen"),
        ("Wij bieden zorg en ondersteuning in de wijk.", "vooruitblik"),
    ],
    ids=["no-numbers", "no-voice", "no-future"],
)
def test_rule_stays_quiet_on_plain_description(text: str, facet: str) -> None:
    assert rule_scores(text)[facet] < RULE_THRESHOLD


def test_facet_without_rule_has_no_rule_score() -> None:
    assert rule_score("nieuwe-facet", "tekst") is None
