"""Dutch readability: Flesch-Douma reading ease (the GHZ handreiking asks for "begrijpelijk en toegankelijk")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n{2,}")
# Dutch syllables by vowel runs: diphthongs and long vowels ("ij" has a vowel run "i", "ui", "oe",
# "eeu") are one syllable; a trema vowel starts a new one (cli-ënt, knie-ën). A plain character
# class is ~10x faster than an alternation of vowel groups.
_SYLLABLE = re.compile(r"[aeiouyàáâèéêíîóôúû]+|[äëïöü]", re.I)


_NO_VOWEL = re.compile(r"(?<!\S)[^\saeiouyàáâäèéêëïíîóôöúûü]+(?!\S)", re.I)


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
    # one pass over the whole text (a regex call per word cost 30 s per 1,000 reports);
    # words are joined by spaces so no vowel group crosses a word, and each word counts at least once
    joined = " ".join(words).lower()
    syllables = len(_SYLLABLE.findall(joined)) + len(_NO_VOWEL.findall(joined))
    score = 206.84 - 0.77 * (100.0 * syllables / len(words)) - 0.93 * (len(words) / sentences)
    return round(score, 1)
