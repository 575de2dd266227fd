"""Document coverage: which bouwstenen and mandatory elements a document evidences.

A label's evidence is the passages that carry it, best score first; its strength (0-1)
combines the best score with how many passages evidence it:
``max_score * (1 - 0.5 ** n_passages)`` so one borderline passage is weak evidence,
several confident passages are strong. A document is said to *cover* the label only
when the strength reaches COVERED_MIN_STRENGTH: passage thresholds are tuned for
passage-level F1 (some as low as 0.2), while a coverage claim about a whole report must
be one a reader can trust. Weaker evidence stays listed, so a reader can still check it. Facets give the
document's balance: the share of passages carrying each facet (tellen/vertellen,
terugblik/vooruitblik).
"""

from __future__ import annotations

from typing import Any

from kb.models import PassageLabels
from kb.taxonomy import Taxonomy

# one passage needs a score >= 0.4, two need >= 0.27, three >= 0.23 (measured on the demo sector:
# a single passage at 0.21 was the false "covered" of a report that plants the element's absence)
COVERED_MIN_STRENGTH = 0.2


def _evidence(labels: list[tuple[str, PassageLabels]], label_id: str, kind: str) -> dict[str, Any]:
    hits = [
        (pl.scores.get(label_id, 1.0), pid)
        for pid, pl in labels
        if label_id in (pl.bouwstenen if kind == "bouwsteen" else pl.elements)
    ]
    hits.sort(key=lambda sp: (-sp[0], sp[1]))
    best = hits[0][0] if hits else 0.0
    strength = best * (1 - 0.5 ** len(hits))
    covered = bool(hits) and strength >= COVERED_MIN_STRENGTH
    return {"covered": covered, "strength": round(strength, 4), "passages": [pid for _, pid in hits]}


def facet_balance(labels: list[PassageLabels], facet_ids: list[str]) -> dict[str, float]:
    """Share of passages carrying each facet (0 when there are no passages)."""
    n = len(labels)
    return {f: round(sum(1 for pl in labels if f in pl.facets) / n, 4) if n else 0.0 for f in facet_ids}


def document_coverage(labels: list[tuple[str, PassageLabels]], taxonomy: Taxonomy, sector: str) -> dict[str, Any]:
    """Coverage of one document under `sector`'s scheme, from (passage id, labels) pairs."""
    taxonomy.sector(sector)  # raises KeyError for an unknown sector
    return {
        "bouwstenen": {b.id: _evidence(labels, b.id, "bouwsteen") for b in taxonomy.bouwstenen_for(sector)},
        "elements": {e.id: _evidence(labels, e.id, "element") for e in taxonomy.elements_for(sector)},
        "facets": facet_balance([pl for _, pl in labels], [f.id for f in taxonomy.facets]),
    }
