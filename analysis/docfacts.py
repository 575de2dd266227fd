"""Document facts read from clean text: language, years mentioned, document type, title."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

STOPWORDS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        "de het een en van in is op te dat met voor zijn niet aan er ook als bij om door wordt worden "
        "naar maar we wij onze ons deze dit die zij hun heeft hebben kan meer uit over tot".split()
    ),
    "en": frozenset(
        "the and of to in is that for on with as are be this by from at was have it an or our we "
        "which their has not can more were been".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit sich des auf für dem den ein eine zu von im auch wird werden "
        "wir unsere bei oder nach aus sind kann".split()
    ),
    "fr": frozenset(
        "le la les et des est une un du en que qui dans pour pas sur au par avec sont nous ce cette "
        "ou plus aux ont".split()
    ),
}
MIN_LANGUAGE_WORDS = 20
DOC_TYPE_SCAN = 30000  # characters of the opening scanned for document-type words
_WORD = re.compile(r"[a-zà-ÿ]+")
# A year not preceded by a digit, period, comma, slash or hyphen and not followed by [.,]digit. The
# look-behind sits after the first three characters (same meaning: the fourth character back) so
# that the regex engine can scan for the leading "1"/"2" instead of trying every position.
_YEAR = re.compile(r"((?:20[0-3]|199)(?<![\d.,/-]...)\d)(?![\d.,]\d)")
# the same split by century: each starts with a literal, which the engine finds fastest of all
_YEARS_BY_PREFIX = (
    re.compile(r"(20[0-3](?<![\d.,/-]...)\d)(?![\d.,]\d)"),
    re.compile(r"(199(?<![\d.,/-]...)\d)(?![\d.,]\d)"),
)

DOC_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "visitatieverslag",
        re.compile(
            r"visitatie(?:verslag|rapport)|rapport\s+van\s+de\s+visitatie|collegiale\s+visitatie", re.I
        ),
    ),
    (
        "voortgangsbericht",
        re.compile(r"voortgangsbericht|voortgangsrapportage|tussentijdse?\s+rapportage", re.I),
    ),
    ("kwaliteitsbeeld", re.compile(r"kwaliteits(?:beeld|rapport|verslag|jaarverslag|plan)", re.I)),
    ("jaarverslag", re.compile(r"jaarverslag|jaardocument|maatschappelijk\s+verslag|jaarrekening", re.I)),
)
# For counting in the (lower-cased) opening of the text: the same patterns without re.I, which
# defeats the regex engine's literal-prefix search, and words at least one of which every match
# contains, so a pattern whose words are absent is not run at all.
_DOC_TYPE_SCANS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (doc_type, re.compile(pattern.pattern), hints)
    for (doc_type, pattern), hints in zip(
        DOC_TYPES,
        (
            ("visitatie",),
            ("voortgangs", "tussentijds"),
            ("kwaliteits",),
            ("jaarverslag", "jaardocument", "maatschappelijk", "jaarrekening"),
        ),
        strict=True,
    )
)


# _WORD's characters kept, every other byte of Latin-1 text made a space: the words of a text are
# then the byte-string split of its translation (characters beyond Latin-1 become "?": not kept)
_WORD_BYTES = bytes(b if 0x61 <= b <= 0x7A or 0xE0 <= b <= 0xFF else 0x20 for b in range(256))
_STOPWORD_BYTES = {lang: frozenset(w.encode("latin-1") for w in words) for lang, words in STOPWORDS.items()}


def _words(text: str) -> list[bytes]:
    """`_WORD.findall(text)` for lower-cased text, as Latin-1 bytes, without a regex scan."""
    return text.encode("latin-1", "replace").translate(_WORD_BYTES).split()


def detect_language(text: str, sample_chars: int = 20000) -> str | None:
    """nl / en / de / fr by stop-word counts; None when there is too little text to say."""
    words = _words(text[:sample_chars].lower())
    if len(words) < MIN_LANGUAGE_WORDS:
        return None
    freq = Counter(words)
    counts = {lang: sum(freq[w] for w in stops if w in freq) for lang, stops in _STOPWORD_BYTES.items()}
    best = max(counts, key=lambda k: counts[k])
    if counts[best] < 0.05 * len(words):
        return None
    return best


def years_mentioned(text: str, low: int = 1995, high: int = 2035) -> tuple[int, ...]:
    """Distinct plausible years mentioned in the text, ascending."""
    found = {int(year) for pattern in _YEARS_BY_PREFIX for year in set(pattern.findall(text))}
    return tuple(sorted(y for y in found if low <= y <= high))


def report_year(title: str | None, text: str) -> int | None:
    """The year the report is most likely about: a year in the title, else the most frequent one."""
    in_title = years_mentioned(title or "")
    if in_title:
        return in_title[-1]
    counts = Counter(int(m.group(1)) for m in _YEAR.finditer(text[:100000]))
    return counts.most_common(1)[0][0] if counts else None


def guess_doc_type(title: str | None, text: str, headings: Sequence[str] = ()) -> str:
    """kwaliteitsbeeld / voortgangsbericht / visitatieverslag / jaarverslag / other."""
    for doc_type, pattern in DOC_TYPES:
        if title and pattern.search(title):
            return doc_type
    head = " ".join([title or "", *headings[:5], text[:3000]]).lower()
    opening = text[:DOC_TYPE_SCAN].lower()
    scores = {
        doc_type: len(pattern.findall(head)) + 0.2 * len(pattern.findall(opening))
        if any(hint in head or hint in opening for hint in hints)
        else 0
        for doc_type, pattern, hints in _DOC_TYPE_SCANS
    }
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 1 else "other"


def guess_title(
    metadata_title: str | None, headings: Sequence[tuple[int, str, int | None]], text: str
) -> str | None:
    """The metadata title when meaningful, else the first heading, else the first line."""
    meta = (metadata_title or "").strip()
    if meta and len(meta) > 3 and not re.search(r"\.(docx?|pdf|indd)$|^untitled|^microsoft word", meta, re.I):
        return meta[:300]
    if headings:
        return headings[0][1][:300]
    first = text.strip().split("\n", 1)[0].strip()
    return first[:300] or None
