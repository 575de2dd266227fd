"""Good-example candidates for curators: concrete, reflective, original, confidently labelled.

Suggestions only: nothing is published without a curator (table `example`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*%?")
_WORD = re.compile(r"\w+")
# words of action and result, and of reflection: matched on the passage's lower-cased words (one
# C-level findall per passage; case-insensitive alternations with \b cost ~25x more on long texts)
ACTION_WORDS = frozenset(
    "gestart ingevoerd ingezet georganiseerd opgezet gerealiseerd behaald verbeterd gedaald gestegen afgerond "
    "ontwikkeld geïntroduceerd aangesteld opgeleid uitgebreid gehalveerd verdubbeld resultaat resultaten".split()
)
REFLECT_WORDS = frozenset("geleerd dilemma daarom omdat lukte achteraf bleek".split())
_REFLECT_MORE = re.compile(r"\b(?:reflect\w*|evalu\w*|niet gelukt)\b")  # run on lower-cased text
WEIGHTS = {"confidence": 0.3, "concreteness": 0.25, "reflection": 0.25, "originality": 0.2}
MIN_WORDS = 40


@dataclass(frozen=True)
class CandidateScore:
    score: float
    components: dict[str, float]


@dataclass(frozen=True)
class TextFeatures:
    """What a passage's text says about it as an example, computed once per passage."""

    words: int
    concreteness: float
    reflective_words: int


def text_features(text: str) -> TextFeatures:
    lowered = text.lower()
    words = _WORD.findall(lowered)
    actions = sum(map(ACTION_WORDS.__contains__, words))
    reflective = sum(map(REFLECT_WORDS.__contains__, words)) + len(_REFLECT_MORE.findall(lowered))
    concrete = min(1.0, (len(_NUMBER.findall(text)) + 2 * actions) / 6)
    return TextFeatures(len(text.split()), concrete, reflective)


def score_candidate(text: str, label_score: float, facets: set[str], shared: bool) -> CandidateScore:
    """Rank a passage as an example: each component 0-1, weighted sum; short passages are damped."""
    return score_features(text_features(text), label_score, facets, shared)


def score_features(feat: TextFeatures, label_score: float, facets: set[str], shared: bool) -> CandidateScore:
    words, concrete = feat.words, feat.concreteness
    reflection = min(1.0, 0.35 * ("terugblik" in facets) + 0.35 * ("vooruitblik" in facets) + 0.15 * feat.reflective_words)
    parts = {
        "confidence": round(float(label_score), 3),
        "concreteness": round(concrete, 3),
        "reflection": round(reflection, 3),
        "originality": 0.0 if shared else 1.0,
    }
    total = sum(WEIGHTS[k] * v for k, v in parts.items())
    if words < MIN_WORDS:
        total *= words / MIN_WORDS
    return CandidateScore(round(total, 4), parts)
