"""Rules for the sector-neutral facets (tellen, vertellen, terugblik, vooruitblik).

Each rule sums weighted cues found in a passage and turns the sum into a score in
[0, 1) (``1 - exp(-sum)``); a passage has the facet by rule when the score passes
``RULE_THRESHOLD``. Training decides per facet whether the model, the rule or their
mean is used (``analysis.classify``), measured on cross-validated training
predictions, never on the evaluation set.

Cues are phrases of one to three normalised tokens (``analysis.features.tokens_of``:
lower case, punctuation removed, every digit 0, so ``0000`` is a year and ``%`` a
token), plus quote characters. Matching is dictionary look-ups over the passage's
token n-grams: tens of microseconds per passage, unlike a regex alternation.
A facet added to the taxonomy without cues here simply uses the model.
"""

from __future__ import annotations

import math
from collections import Counter

from analysis.features import tokens_of

RULE_THRESHOLD = 0.5
QUOTE_CHARS = ('"', "“", "”", "„")

FACET_CUES: dict[str, dict[str, float]] = {
    "tellen": {
        "%": 0.5, "procent": 0.5, "nps": 0.4, "net promoter": 0.4, "totaalscore": 0.4,
        "rapportcijfer": 0.4, "gemiddeld": 0.3, "gemiddelde": 0.3, "respondenten": 0.35,
        "respons": 0.3, "score": 0.2, "scoorde": 0.3, "cijfer": 0.2, "percentage": 0.35,
        "aantal": 0.2, "indicator": 0.2, "indicatoren": 0.2, "0 0": 0.3, "00": 0.15,
        "000": 0.15, "0": 0.08, "fte": 0.3, "verzuim": 0.1, "ziekteverzuim": 0.1,
    },
    "vertellen": {
        "vertelt": 0.5, "vertelde": 0.5, "vertellen": 0.3, "zegt": 0.45, "zei": 0.45,
        "aldus": 0.45, "verhaal": 0.4, "interview": 0.4, "ik": 0.25, "mijn": 0.2, "mij": 0.2,
        "me": 0.2, "mevrouw": 0.15, "meneer": 0.15, "dochter": 0.15, "zoon": 0.15,
        "moeder": 0.1, "vader": 0.1, "in eigen woorden": 0.4, "ervaringsverhaal": 0.4,
    },
    "terugblik": {
        "afgelopen jaar": 0.6, "afgelopen jaren": 0.5, "afgelopen periode": 0.5, "vorig jaar": 0.6,
        "in 0000 hebben": 0.6, "in 0000 is": 0.5, "in 0000 zijn": 0.5, "in 0000 was": 0.6,
        "in 0000 heeft": 0.5, "terugblik": 0.5, "terugkijkend": 0.5, "kijken terug": 0.5,
        "behaald": 0.45, "gerealiseerd": 0.45, "bereikt": 0.3, "afgerond": 0.4,
        "hebben we": 0.3, "hebben wij": 0.3, "heeft": 0.1, "was": 0.2, "waren": 0.2,
        "hadden": 0.2, "had": 0.15, "werd": 0.2, "werden": 0.2, "bleek": 0.25, "lukte": 0.3,
        "gestart": 0.25, "ingevoerd": 0.25, "geleerd": 0.2,
    },
    "vooruitblik": {
        "komend jaar": 0.6, "komende jaar": 0.6, "komende jaren": 0.6, "komende periode": 0.5,
        "volgend jaar": 0.6, "in 0000 willen": 0.6, "in 0000 gaan": 0.6, "gaan we": 0.45,
        "willen we": 0.45, "zullen we": 0.45, "gaan wij": 0.45, "willen wij": 0.45,
        "vooruitblik": 0.5, "ambitie": 0.35, "ambities": 0.35, "speerpunten voor": 0.4,
        "plannen": 0.3, "voornemen": 0.3, "streven": 0.3, "doel is": 0.3, "gaat": 0.15,
        "zal": 0.15, "zullen": 0.15, "wil": 0.1, "willen": 0.15, "verder uitbreiden": 0.3,
        "in de toekomst": 0.4, "nieuwe speerpunten": 0.4,
    },
}
QUOTE_WEIGHT = {"vertellen": 0.35}


def _quotes(text: str) -> int:
    return sum(text.count(q) for q in QUOTE_CHARS)


# cue n-gram -> [(facet, weight)], and the tokens a cue can start with: only n-grams that start
# with such a token are built, so a passage costs one set test per token plus a few joins
CUE_INDEX: dict[str, list[tuple[str, float]]] = {}
for _facet, _cues in FACET_CUES.items():
    for _cue, _weight in _cues.items():
        CUE_INDEX.setdefault(_cue, []).append((_facet, _weight))
CUE_STARTS = frozenset(cue.split(" ", 1)[0] for cue in CUE_INDEX)


def _cue_counts(toks: list[str]) -> Counter[str]:
    """Counts of the cue n-grams (1-3 tokens) in a token list; n-grams that are no cue are never built."""
    found: Counter[str] = Counter()
    n = len(toks)
    for i in [i for i, t in enumerate(toks) if t in CUE_STARTS]:
        one = toks[i]
        for gram in (one, f"{one} {toks[i + 1]}" if i + 1 < n else "", f"{one} {toks[i + 1]} {toks[i + 2]}" if i + 2 < n else ""):
            if gram in CUE_INDEX:
                found[gram] += 1
    return found


def rule_scores(text: str, tokens: list[str] | None = None) -> dict[str, float]:
    """Scores of every facet that has a rule; pass `tokens` (``tokens_of(text)``) to save work."""
    toks = tokens_of(text) if tokens is None else tokens
    totals = dict.fromkeys(FACET_CUES, 0.0)
    for gram, k in _cue_counts(toks).items():
        for facet, weight in CUE_INDEX[gram]:
            totals[facet] += weight * k
    quotes = _quotes(text)
    return {facet: 1.0 - math.exp(-(total + QUOTE_WEIGHT.get(facet, 0.0) * quotes)) for facet, total in totals.items()}


def rule_score(facet_id: str, text: str) -> float | None:
    """The rule score of one facet, or None when the facet has no rule."""
    return rule_scores(text).get(facet_id) if facet_id in FACET_CUES else None


def rule_terms(facet_id: str, text: str, limit: int = 5) -> list[str]:
    """The cues a rule found in the text, heaviest first (the rule's explanation)."""
    counts = _cue_counts(tokens_of(text))
    found = [(w * counts[c], c) for c, w in FACET_CUES.get(facet_id, {}).items() if c in counts]
    if QUOTE_WEIGHT.get(facet_id) and _quotes(text):
        found.append((QUOTE_WEIGHT[facet_id] * _quotes(text), "citaat"))
    found.sort(key=lambda wc: (-wc[0], wc[1]))
    return [c for _, c in found[:limit]]
