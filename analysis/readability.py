"""Dutch readability: Flesch-Douma reading ease (the GHZ handreiking asks for "begrijpelijk en toegankelijk")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n{2,}")
# Dutch vowel groups: diphthongs and long vowels count once ("ij", "ui", "oe", "eeu", "ieu" ...).
_SYLLABLE = re.compile(r"(?:eeuw|ieuw|aai|ooi|oei|eau|ij|ui|oe|ou|au|ei|eu|ie|aa|ee|oo|uu|[aeiouyàáâäèéêëïíîóôöúûü])", re.I)


def count_syllables(word: str) -> int:
    """Syllables of a Dutch word by vowel groups (at least one)."""
    return max(1, len(_SYLLABLE.findall(word.lower())))


def flesch_douma(text: str) -> float | None:
    """206.84 - 0.77 * syllables per 100 words - 0.93 * words per sentence; None for < 20 words.

    Higher is easier: 60-70 is plain Dutch, below 30 is very hard.
    """
    words = _WORD.findall(text)
    if len(words) < 20:
        return None
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    syllables = sum(count_syllables(w) for w in words)
    score = 206.84 - 0.77 * (100.0 * syllables / len(words)) - 0.93 * (len(words) / sentences)
    return round(score, 1)
