"""Clean text: Unicode repair, hyphenation, page numbers and running headers/footers.

Pure functions over strings and lines; the format readers (pdf, html, docx) use them.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Bullets of Word's Symbol and Wingdings fonts come out of PDFs without a Unicode mapping as private-use
# code points (U+F0B7 '', U+F0A7 '', ...): they are bullets, not text
PRIVATE_USE_BULLETS = {
    chr(code): "•" for code in (0xF0B7, 0xF0A7, 0xF0A8, 0xF06C, 0xF06E, 0xF071, 0xF076, 0xF0D8, 0xF0E0, 0xF0FC, 0xF0F0)
}
# soft hyphen / pdfium's generated hyphen markers that stand for "word continues on the next line"
HYPHEN_MARKERS = ("\u00ad", "\ufffe", "\x02")
_DROP = "\ufffd\ufeff\u200b\u200c\u200d\u2060\x00"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a run of spaces of any kind, but not a lone " " (replacing that by itself is slow and useless)
_SPACES = re.compile(
    r" [ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+"
    r"|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000][ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]*"
)
_MARKER_JOIN = re.compile("[" + "".join(HYPHEN_MARKERS) + r"]\s*(?:\r?\n\s*)?")

PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:pagina|page|blz\.?|p\.|seite)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:van|of|/|von)\s*\d{1,4})?\s*$",
    re.I,
)
_ROMAN = re.compile(r"^\s*[ivxlc]{1,6}\s*$", re.I)
_DIGITS = re.compile(r"\d+")
SUSPENDED_HYPHEN_NEXT = frozenset({"en", "of", "tot", "noch", "and", "or", "und", "oder", "et", "ou"})
_PUNCTUATION = frozenset(string.punctuation + "‘’“”–—•…€°²³½§©®")
_BULLET = re.compile(r"^\s*[•●▪■◦○‣∙·\-–*]\s+")
RUNNING_MIN_PAGES = 3  # a margin line on this many pages is a running header/footer in any long document


def _marker(match: re.Match[str]) -> str:
    """A line-end hyphen marker: join the word, unless a conjunction follows ("avond- en nacht")."""
    rest = match.string[match.end() : match.end() + 6].split(" ", 1)[0].lower()
    return "- " if rest in SUSPENDED_HYPHEN_NEXT else ""


def join_markers(text: str) -> str:
    """`_MARKER_JOIN.sub(_marker, text)` without a regex scan of the whole line.

    The pattern is a marker plus the whitespace after it (its optional newline is whitespace too).
    """
    present = [m for m in HYPHEN_MARKERS if m in text]
    if len(present) != 1:
        return _MARKER_JOIN.sub(_marker, text) if present else text
    parts = text.split(present[0])
    out = [parts[0]]
    pos = len(parts[0]) + 1  # just after the marker before `part`
    for part in parts[1:]:
        body = part.lstrip()
        end = pos + len(part) - len(body)  # after the marker and its whitespace, as match.end()
        rest = text[end : end + 6].split(" ", 1)[0].lower()
        out += ("- " if rest in SUSPENDED_HYPHEN_NEXT else "", body)
        pos += len(part) + 1
    return "".join(out)


# the only printable characters that normalise_unicode changes
_PRINTABLE_BUT_CHANGED = ("\ufffd", *LIGATURES)


def is_plain(text: str) -> bool:
    """True only when `normalise_unicode` would change nothing, apart from NFC (see `is_nfc`).

    Only C-speed string tests: every character `normalise_unicode` drops or replaces is unprintable
    except U+FFFD and the ligatures, so a printable line without those and without double spaces is
    plain. May say False for a plain line (e.g. one with another format character), never the reverse.
    """
    return (
        text.isprintable()
        and "  " not in text
        and (text.isascii() or not any(ch in text for ch in _PRINTABLE_BUT_CHANGED))
    )


def is_nfc(text: str) -> bool:
    """Whether `text` is in NFC (checked once per page: every part of an NFC text split at line breaks is NFC)."""
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def plain_page(text: str) -> bool:
    """Whether an NFC page (lines separated by CRLF) has no double space, no ligature and no U+FFFD
    (the printable characters normalise_unicode changes): then a printable line is normal already."""
    return "  " not in text and (text.isascii() or not any(ch in text for ch in _PRINTABLE_BUT_CHANGED))


def join_page_markers(page: str) -> str:
    """`join_markers`, in NFC, for all lines of an NFC `plain_page` at once (lines separated by CRLF).

    Only the spaces after a marker go with it and the look-ahead for a conjunction stops at the
    line end, so for every line that is printable once joined (before stripping: other whitespace
    at the line end would change the look-ahead) the result, stripped, is `normalise_unicode` of
    the stripped line; other lines need the full call on their own.
    """
    parts = page.split("\ufffe")
    out = [parts[0]]
    pos = len(parts[0]) + 1  # just after the marker before `part`
    for part in parts[1:]:
        body = part.lstrip(" ")
        end = pos + len(part) - len(body)
        rest = page[end : end + 6].split(" ", 1)[0].split("\r", 1)[0].lower()
        out += ("- " if rest in SUSPENDED_HYPHEN_NEXT else "", body)
        pos += len(part) + 1
    return unicodedata.normalize("NFC", "".join(out))


def normalise_unicode(text: str) -> str:
    """NFC, ligatures expanded, hyphen markers joined, junk code points and control characters dropped.

    Each step runs only when a plain substring test says it can change something: a regex scan of
    every line cost more than reading the line from the PDF.
    """
    if is_plain(text):  # fast path: most lines are clean already
        return text if is_nfc(text) else unicodedata.normalize("NFC", text)
    if not text.isascii():
        for lig, plain in LIGATURES.items():
            if lig in text:
                text = text.replace(lig, plain)
        if not text.isprintable():  # private-use characters are unprintable
            for glyph, bullet in PRIVATE_USE_BULLETS.items():
                if glyph in text:
                    text = text.replace(glyph, bullet)
    text = join_markers(text)
    for junk in _DROP:
        if junk in text:
            text = text.replace(junk, "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable():  # control characters and odd spaces are all unprintable
        text = _CONTROL.sub(" ", text)
        text = _SPACES.sub(" ", text)
    elif "  " in text:
        text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def is_page_number(line: str) -> bool:
    """'12', 'Pagina 3 van 20', '- 4 -', 'iv'."""
    return bool(PAGE_NUMBER.match(line) or _ROMAN.match(line))


def running_key(line: str) -> str:
    """The line with numbers masked, so 'Pagina 3' and 'Pagina 4' compare equal."""
    return _DIGITS.sub("#", " ".join(line.lower().split()))


def repeated_lines(pages: Sequence[Sequence[str]], min_share: float = 0.4) -> set[str]:
    """Keys of margin lines that recur on enough pages to be running headers or footers."""
    return repeated_keys([[running_key(line) for line in lines if line.strip()] for lines in pages], min_share)


def repeated_keys(pages: Sequence[Sequence[str]], min_share: float = 0.4) -> set[str]:
    """`repeated_lines` for running keys computed already (of the non-blank margin lines per page).

    A key is running when it is on `min_share` of the pages, on RUNNING_MIN_PAGES pages whatever the
    length (a chapter's running header in a long report), or on two consecutive pages (a short chapter).
    """
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    last_page: dict[str, int] = {}
    adjacent: set[str] = set()
    for n, keys in enumerate(pages):
        for key in set(keys):
            counts[key] += 1
            if last_page.get(key) == n - 1:
                adjacent.add(key)
            last_page[key] = n
    needed = max(2, min(RUNNING_MIN_PAGES, round(min_share * len(pages))))
    return {key for key, n in counts.items() if n >= needed} | adjacent


def _joinable(head: str, tail: str) -> bool:
    """Whether 'head-' + 'tail' at a line end is one hyphenated word rather than a compound."""
    if not head or not tail or not head[-1].isalpha():
        return False
    if tail.split(" ", 1)[0].lower() in SUSPENDED_HYPHEN_NEXT:  # "avond- en nachtdiensten"
        return False
    first = tail[0]
    return first.isalpha() and first.islower()


def join_lines(lines: Sequence[str]) -> str:
    """Join the lines of one paragraph, undoing hyphenation at line ends.

    'kwaliteits-' + 'beeld' -> 'kwaliteitsbeeld'; a hyphen before an uppercase
    part ('Noord-' + 'Brabant') or a digit is kept, without a space.
    """
    parts = [s for s in (raw.strip() for raw in lines) if s]
    if not any(part[-1] == "-" for part in parts[:-1]):  # no line-end hyphen: the usual paragraph
        return " ".join(parts)
    out = ""
    for line in parts:
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and len(out) > 1:
            head = out[:-1].rsplit(" ", 1)[-1]
            if _joinable(head, line):
                out = out[:-1] + line
            else:
                out = out + (" " if line.split(" ", 1)[0].lower() in SUSPENDED_HYPHEN_NEXT else "") + line
        else:
            out = f"{out} {line}"
    return out


def strip_bullet(line: str) -> tuple[bool, str]:
    """(True, text) when the line starts with a bullet glyph."""
    m = _BULLET.match(line)
    return (True, line[m.end() :]) if m else (False, line)


BOLD_HEADING_MAX_WORDS = 12  # as analysis.pdf: a bold line of body text is a heading only when this short


def heading_like(text: str) -> bool:
    """Whether an all-bold line of HTML or DOCX body text reads as a heading: short, with letters and without a
    final . , or ; (as a bold heading line of a PDF)."""
    return (
        0 < len(text.split()) <= BOLD_HEADING_MAX_WORDS
        and any(ch.isalpha() for ch in text)
        and text[-1] not in ".,;"
    )


def printable_share(text: str) -> float:
    """Share of characters that are letters, digits, punctuation or spaces (junk detection)."""
    if not text:
        return 0.0
    sample = text[:20000]
    good = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in _PUNCTUATION)
    return good / len(sample)


# --------------------------------------------------------------------------- tables of contents

TOC_TITLE = re.compile(
    r"^\s*(?:inhoud(?:sopgave|sopgaaf|stafel|sopgave en leeswijzer)?|inhoud van dit \w+|"
    r"table of contents|contents|lijst (?:van|met) (?:figuren|tabellen|afbeeldingen|grafieken)|"
    r"figurenlijst|tabellenlijst)\s*:?\s*$",
    re.I,
)
_PAGE_REF = r"(?:\d{1,4}|[ivxlc]{1,6})\s*$"
# dot (or underscore, middle dot, ellipsis) leaders before a page number: "1. Inleiding ........ 3"
TOC_LEADER_ENTRY = re.compile(r"(?:(?:\.\s?){4,}|…{2,}|_{4,}|(?:·\s?){4,})\s*" + _PAGE_REF, re.I)
TOC_ENTRY_MAX_WORDS = 20
_ENDS_IN_PAGE_REF = re.compile(r"[^\W\d_][\W_]*\s+\d{1,4}\s*$")  # "2. Wonen en welzijn 7"


def _toc_entry(text: str) -> bool:
    if TOC_LEADER_ENTRY.search(text):
        return True
    return bool(_ENDS_IN_PAGE_REF.search(text)) and len(text.split()) <= TOC_ENTRY_MAX_WORDS


def toc_lines(texts: Sequence[str]) -> set[int]:
    """Indexes of the lines (in reading order, one page or one document) that are a table of contents.

    A line with dot leaders before a page number is always an entry. After a title such as
    'Inhoudsopgave', the lines ending in a page number are entries too, and so is a line without
    one when the next line continues it in lower case (an entry wrapped over two lines); the title
    goes with its entries.
    """
    drop = {i for i, text in enumerate(texts) if TOC_LEADER_ENTRY.search(text)}
    for i, text in enumerate(texts):
        if not TOC_TITLE.match(text):
            continue
        entries: list[int] = []
        j = i + 1
        while j < len(texts):
            if _toc_entry(texts[j]):
                entries.append(j)
            elif not (j + 1 < len(texts) and texts[j + 1][:1].islower() and _toc_entry(texts[j + 1])):
                break
            j += 1
        if len(entries) >= 2:
            drop.update(range(i, entries[-1] + 1))
    return drop
