"""Reported client-experience figures: read, never invented.

`find_figures` scans passages sentence by sentence for the results of the
mandatory client-experience measurement (NPS and PREM for wijkverpleging, the
totaalscore for verpleeghuiszorg, the instrument a GHZ organisation used and its
outcome) and returns rows of the `figures` table of cli.md. A value is produced
only when a number stands next to a measure's name in the same sentence and
lies in that measure's range; everything else is "not found".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

NUMBER = r"[-+−–]?\s?\d{1,3}(?:[.,]\d{1,2})?"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(])|\n{2,}|(?<=:)\s*\n")

INSTRUMENTS: tuple[tuple[str, str], ...] = (
    (r"dit\s+vind\s+ik\s+ervan!?", "Dit Vind Ik Ervan!"),
    (r"mijn\s+leven(?:\s+in\s+beeld)?", "Mijn Leven"),
    (r"ervaringen\s+meten", "Ervaringen Meten"),
    (r"zorgkaart\s?nederland|zorgkaart", "ZorgkaartNederland"),
    (r"cq[-\s]?index", "CQ-index"),
    (r"wat\s+vind\s+jij\??", "Wat vind jij?"),
    (r"quality\s+of\s+life|\bqol\b", "Quality of Life"),
    (r"prem(?:\s+wijkverpleging)?", "PREM wijkverpleging"),
    (r"cliëntervaringsonderzoek|clientervaringsonderzoek|cliënttevredenheidsonderzoek", "Cliëntervaringsonderzoek"),
)

_NPS = re.compile(r"\b(?:nps|net\s+promoter\s+score)\b", re.I)
_TOTAAL = re.compile(r"\btotaalscore\b|\btotaal\s*score\b", re.I)
_PREM = re.compile(r"\bprem\b", re.I)
_AANBEVEL = re.compile(r"aanbevel|aanraden|aanbevolen|recommend", re.I)
_INSTRUMENT = [(re.compile(p, re.I), name) for p, name in INSTRUMENTS]
_RESPONDENTS = re.compile(
    r"\(?\bn\s*=\s*(\d[\d.]*)\)?|(\d[\d.]*)\s+(?:respondenten|deelnemers|ingevulde\s+vragenlijsten|reacties|waarderingen|beoordelingen)"
    r"|respons\s+(?:van|was|bedroeg)\s+(\d[\d.]*)\b(?!\s*%)|(\d[\d.]*)\s+(?:cliënten|clienten|mensen|bewoners|verwanten)"
    r"\s+(?:hebben|vulden|gaven|namen)",
    re.I,
)
_YEAR = re.compile(r"\b(20[1-3]\d)\b")
_GRADE = re.compile(
    r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)"
    r"(\s*(?:op|van\s+de|uit)\s*(?:een\s+)?(?:schaal\s+van\s+)?10\b|\s*/\s*10\b)?(?![\d%])"
)
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|procent)")
_SIGNED = re.compile(r"(?<![\d.,])([-+−–]?\s?\d{1,3})(?!\d)(?![\d.,]*\s*%)(?![.,]\d)")


@dataclass(frozen=True)
class FoundFigure:
    measure: str
    value: float
    scale: str
    quote: str
    passage_id: str | None = None
    instrument: str | None = None
    period: int | None = None
    respondents: int | None = None

    def as_row(self) -> dict[str, object]:
        return asdict(self)


def split_sentences(text: str) -> list[str]:
    """Sentences (or table lines) of a passage, whitespace folded."""
    parts: list[str] = []
    for line in text.splitlines() or [text]:
        for sentence in SENTENCE_END.split(line):
            sentence = " ".join(sentence.split())
            if sentence:
                parts.append(sentence)
    return parts


def _number(raw: str) -> float:
    clean = raw.replace("−", "-").replace("–", "-").replace(" ", "").replace(",", ".")
    return float(clean)


def _respondents(sentence: str) -> int | None:
    m = _RESPONDENTS.search(sentence)
    if not m:
        return None
    digits = next(g for g in m.groups() if g).replace(".", "")
    n = int(digits)
    return n if 1 <= n <= 1_000_000 else None


def _period(sentence: str) -> int | None:
    years = [int(y) for y in _YEAR.findall(sentence)]
    return years[0] if len(set(years)) == 1 else None


_FROM = re.compile(r"\bvan\s*$", re.I)  # the number just after it is where a change started
_CHANGE_TO = re.compile(r"^(?:\s*(?:in|over)\s+20[1-3]\d)?[^\d]{0,25}?\bnaar\s+(?:een\s+)?", re.I)  # "gestegen van 31 naar 45"


def _after(sentence: str, match: re.Match[str], pattern: re.Pattern[str], window: int = 80) -> re.Match[str] | None:
    """The first number of `pattern` after the keyword, within `window` characters.

    "van 31 naar 45" reports a change: the figure is the one it went to.
    """
    tail = sentence[match.end() : match.end() + window]
    for m in pattern.finditer(tail):
        if _YEAR.fullmatch(m.group(1).strip()):
            continue
        if _FROM.search(tail[: m.start()]):
            step = _CHANGE_TO.match(tail[m.end() :])
            if step:
                later = pattern.match(tail, m.end() + step.end())
                if later and not _YEAR.fullmatch(later.group(1).strip()):
                    return later
        return m
    return None


_GRADE_WORD = re.compile(r"cijfer|score|gemiddeld|waardering|beoordeling|beoordeeld|gewaardeerd", re.I)


def _before(sentence: str, match: re.Match[str], window: int = 60) -> re.Match[str] | None:
    """A decimal grade shortly before an instrument's name ("een 8,3 (ZorgkaartNederland)").

    Only with a word that makes it a grade in the sentence, and only the grade closest to the name.
    """
    if not _GRADE_WORD.search(sentence):
        return None
    head = sentence[max(0, match.start() - window) : match.start()]
    found = [m for m in _GRADE.finditer(head) if any(sep in m.group(1) for sep in ",.")]
    return found[-1] if found else None


def _nps(sentence: str) -> list[tuple[str, float, str, str | None]]:
    m = _NPS.search(sentence)
    if not m:
        return []
    num = _after(sentence, m, _SIGNED)
    if num is None:
        return []
    value = _number(num.group(1))
    return [("nps", value, "-100..100", None)] if -100 <= value <= 100 else []


def _grade(sentence: str, keyword: re.Pattern[str], measure: str, instrument: str | None) -> list[tuple[str, float, str, str | None]]:
    m = keyword.search(sentence)
    if not m:
        return []
    num = _after(sentence, m, _GRADE)
    if num is None and instrument is not None:
        num = _before(sentence, m)
    if num is None:
        return []
    value = _number(num.group(1))
    has_decimal = any(sep in num.group(1) for sep in ",.")
    # a bare integer next to a measure name is too often a count ("6 vragen"): require a decimal or "/10"
    if not 0 < value <= 10 or not (has_decimal or num.group(2)):
        return []
    return [(measure, value, "0-10", instrument)]


def _percent(sentence: str, keyword: re.Pattern[str], measure: str, instrument: str | None) -> list[tuple[str, float, str, str | None]]:
    if not keyword.search(sentence):
        return []
    m = _PERCENT.search(sentence)
    if not m:
        return []
    value = _number(m.group(1))
    return [(measure, value, "%", instrument)] if 0 <= value <= 100 else []


_POSITIVE = re.compile(r"tevreden|positief|goed", re.I)
_DIGIT = re.compile(r"\d")


def _named_instrument(sentence: str) -> str | None:
    """The instrument a sentence names (the first in INSTRUMENTS order), if any."""
    return next((name for pattern, name in _INSTRUMENT if pattern.search(sentence)), None)


def _instrument_figures(sentence: str) -> list[tuple[str, float, str, str | None]]:
    for pattern, name in _INSTRUMENT:
        if name == "PREM wijkverpleging":
            continue
        if pattern.search(sentence):
            graded = _grade(sentence, pattern, "clientervaring", name)
            if graded:
                return graded
            return [(m, v, s, name) for m, v, s, _ in _percent(sentence, _POSITIVE, "clientervaring", name)]
    return []


def figures_in_sentence(sentence: str) -> list[tuple[str, float, str, str | None]]:
    """(measure, value, scale, instrument) found in one sentence."""
    found = _nps(sentence)
    found += _grade(sentence, _TOTAAL, "totaalscore", None)
    if not found:
        found += _percent(sentence, _AANBEVEL, "aanbeveling", _named_instrument(sentence))
    if not found and _PREM.search(sentence):
        found += _grade(sentence, _PREM, "prem", "PREM wijkverpleging")
    if not found:
        found += _instrument_figures(sentence)
    return found


def find_figures(passages: Iterable[tuple[str, str]]) -> list[dict[str, object]]:
    """Rows of the `figures` table for (passage id, text) pairs; duplicates within a document dropped."""
    rows: list[dict[str, object]] = []
    seen: set[tuple[str, float]] = set()
    for passage_id, text in passages:
        if not _DIGIT.search(text):  # every figure is written with digits
            continue
        for sentence in split_sentences(text):
            if not _DIGIT.search(sentence):
                continue
            for measure, value, scale, instrument in figures_in_sentence(sentence):
                if (measure, value) in seen:
                    continue
                seen.add((measure, value))
                fig = FoundFigure(
                    measure=measure,
                    value=value,
                    scale=scale,
                    quote=sentence,
                    passage_id=passage_id,
                    instrument=instrument,
                    period=_period(sentence),
                    respondents=_respondents(sentence),
                )
                rows.append(fig.as_row())
    return rows
