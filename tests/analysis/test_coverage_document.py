"""Document coverage: shape, evidence order, strength, facet balance."""

from __future__ import annotations

import pytest

from analysis.coverage import document_coverage
from kb.models import PassageLabels
from kb.taxonomy import load_taxonomy


def pl(bouwstenen: tuple[str, ...], elements: tuple[str, ...], facets: tuple[str, ...], scores: dict[str, float]) -> PassageLabels:
    return PassageLabels(bouwstenen, elements, facets, scores)


LABELS = [
    ("p1", pl(("vvt-b1",), (), ("vertellen",), {"vvt-b1": 0.6})),
    ("p2", pl(("vvt-b1", "vvt-b5"), ("vvt-e-meting",), ("tellen",), {"vvt-b1": 0.9, "vvt-b5": 0.7, "vvt-e-meting": 0.8})),
    ("p3", pl((), (), (), {})),
    ("p4", pl(("vvt-b1",), (), ("tellen",), {"vvt-b1": 0.4})),
]


def test_coverage_lists_every_label_of_the_sector() -> None:
    taxonomy = load_taxonomy()
    cov = document_coverage(LABELS, taxonomy, "vvt")
    assert set(cov["bouwstenen"]) == {b.id for b in taxonomy.bouwstenen_for("vvt")}
    assert set(cov["elements"]) == {e.id for e in taxonomy.elements_for("vvt")}
    assert set(cov) == {"bouwstenen", "elements", "facets"}


@pytest.mark.parametrize(
    ("kind", "label", "covered", "passages"),
    [
        ("bouwstenen", "vvt-b1", True, ["p2", "p1", "p4"]),
        ("bouwstenen", "vvt-b2", False, []),
        ("elements", "vvt-e-meting", True, ["p2"]),
        ("elements", "vvt-e-kompas", False, []),
    ],
    ids=["b1-best-first", "b2-missing", "meting", "kompas-missing"],
)
def test_evidence_is_sorted_by_score(kind: str, label: str, covered: bool, passages: list[str]) -> None:
    entry = document_coverage(LABELS, load_taxonomy(), "vvt")[kind][label]
    assert (entry["covered"], entry["passages"]) == (covered, passages)


def test_more_evidence_means_more_strength() -> None:
    cov = document_coverage(LABELS, load_taxonomy(), "vvt")["bouwstenen"]
    assert cov["vvt-b1"]["strength"] > cov["vvt-b5"]["strength"] > cov["vvt-b2"]["strength"] == 0.0


def test_facet_balance_is_share_of_passages() -> None:
    facets = document_coverage(LABELS, load_taxonomy(), "vvt")["facets"]
    assert facets == {"tellen": 0.5, "vertellen": 0.25, "terugblik": 0.0, "vooruitblik": 0.0}


@pytest.mark.parametrize(
    ("scores", "covered"),
    [((0.21,), False), ((0.45,), True), ((0.3, 0.28), True), ((0.25, 0.22), False)],
    ids=["one-borderline-passage", "one-confident-passage", "two-moderate-passages", "two-borderline-passages"],
)
def test_coverage_claim_needs_enough_evidence_but_lists_all_of_it(scores: tuple[float, ...], covered: bool) -> None:
    labels = [(f"p{i}", pl((), ("vvt-e-b2",), (), {"vvt-e-b2": s})) for i, s in enumerate(scores)]
    cov = document_coverage(labels, load_taxonomy(), "vvt")["elements"]["vvt-e-b2"]
    assert cov["covered"] is covered
    assert cov["passages"] == [f"p{i}" for i in range(len(scores))]
