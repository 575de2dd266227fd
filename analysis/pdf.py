"""PDF -> text blocks with pypdfium2 (Apache-2.0/BSD; chosen by measurement, see docs/benchmarks-extract.md).

Per page, pdfium's text page gives the text in content order (two-column pages
come out column by column) with line breaks. Per *line* (not per character) we
ask pdfium for the baseline, the x extent, the font size and the font name; that
is enough to drop running headers/footers and page numbers in the page margins,
to find paragraph breaks from vertical gaps, and to find headings from the
outline (bookmarks) or else from font size and weight. Ruled regions drawn with
path objects are read as tables.
"""

from __future__ import annotations

import ctypes
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from struct import unpack_from
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analysis.clean import (
    TOC_TITLE,
    is_nfc,
    is_page_number,
    is_plain,
    join_lines,
    join_page_markers,
    normalise_unicode,
    plain_page,
    repeated_keys,
    running_key,
    strip_bullet,
    toc_lines,
)
from analysis.segment import TextBlock
from kb.models import ExtractionStatus

MARGIN_ZONE = 0.12  # share of the page height at top and bottom where running lines live
RUNNING_EDGE_LINES = 4  # lines at each page edge that may be running headers/footers (an address footer has 3)
HEADING_SIZE_RATIO = 1.12
MAX_HEADING_WORDS = 20
BOLD_HEADING_MAX_WORDS = 12  # a bold line of body size is a heading only when this short
MAX_RULES_PER_PAGE = 600
SCAN_IMAGE_SHARE = 0.3  # a page with little text whose images cover this share of it is a scan (or a picture of text)
OUTLINED_TEXT_PATHS = 300  # a page with little text but this many drawn paths: text turned into outlines
MAX_FORM_DEPTH = 4  # nesting of form XObjects searched for images
_TERMINALS, _CLOSERS = ".!?:;", "'\"”’)"  # a sentence ends in a terminal, maybe one closer after it


@dataclass(slots=True)
class Line:
    text: str
    page: int
    top: float  # baseline of the first character
    bottom: float  # baseline of the last character (pdfium joins hyphenated lines)
    x0: float
    x1: float
    size: float
    bold: bool  # False without asking pdfium for lines that cannot be bold headings (page_lines)
    margin: bool = False
    kind: str = "text"  # text / heading / table
    level: int = 0
    box: int = -1


@dataclass
class PdfRead:
    status: ExtractionStatus
    error: str | None = None
    pages: int = 0
    blocks: list[TextBlock] = field(default_factory=list)
    title: str | None = None
    needs_ocr: bool = False
    ocr_used: bool = False
    outline: bool = False
    note: str | None = None  # what a reader should know of an OK read: pages whose text is missing or OCRed
    pages_without_text: tuple[int, ...] = ()  # 1-based pages that are images of text (scans), not blank pages


@dataclass(frozen=True)
class PdfOptions:
    max_pages: int = 2000
    deadline: float | None = None  # time.monotonic() value after which reading stops
    min_chars_per_page: int = 40
    ocr: bool = False
    ocr_timeout: float = 120.0


# --------------------------------------------------------------------------- raw pdfium calls


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _fast(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """The same pdfium function with plain addresses for handles: no pointer wrapper object per call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(_address(fn))


_P = ctypes.c_void_p
_INT, _DBL_P, _FLT_P = ctypes.c_int, ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_float)
_load_page = _fast(pdfium_c.FPDF_LoadPage, _P, _P, _INT)
_close_page = _fast(pdfium_c.FPDF_ClosePage, None, _P)
_page_height = _fast(pdfium_c.FPDF_GetPageHeightF, ctypes.c_float, _P)
_page_width = _fast(pdfium_c.FPDF_GetPageWidthF, ctypes.c_float, _P)
_load_textpage = _fast(pdfium_c.FPDFText_LoadPage, _P, _P)
_close_textpage = _fast(pdfium_c.FPDFText_ClosePage, None, _P)
_count_chars = _fast(pdfium_c.FPDFText_CountChars, _INT, _P)
_count_rects = _fast(pdfium_c.FPDFText_CountRects, _INT, _P, _INT, _INT)
_text_index = _fast(pdfium_c.FPDFText_GetTextIndexFromCharIndex, _INT, _P, _INT)
_get_text = _fast(pdfium_c.FPDFText_GetText, _INT, _P, _INT, _INT, _P)


def _quick(fn: Any, restype: Any) -> Any:
    """For the per-line queries: no argument types to check and convert, and the GIL kept (a query
    takes microseconds). Callers pass handles as c_void_p, C ints as int, pointers by byref and
    unsigned longs as c_ulong: this halves the cost of a call, which dominated reading a page.
    With no argument types at all ctypes makes an ordinary (not a variadic) call, typed from the
    arguments, so this holds on every platform."""
    return ctypes.PYFUNCTYPE(restype)(_address(fn))


_char_origin = _quick(pdfium_c.FPDFText_GetCharOrigin, _INT)
_font_size = _quick(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_font_info = _quick(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong)


class _Handle(ctypes.c_void_p):
    """A pointer result kept as a ctypes object (a plain c_void_p result becomes an int)."""


_get_object = _quick(pdfium_c.FPDFPage_GetObject, _Handle)
_object_type = _quick(pdfium_c.FPDFPageObj_GetType, _INT)
_object_bounds = _quick(pdfium_c.FPDFPageObj_GetBounds, _INT)
_first_bookmark = _quick(pdfium_c.FPDFBookmark_GetFirstChild, _Handle)
_next_bookmark = _quick(pdfium_c.FPDFBookmark_GetNextSibling, _Handle)
_bookmark_title = _quick(pdfium_c.FPDFBookmark_GetTitle, ctypes.c_ulong)
_bookmark_dest = _quick(pdfium_c.FPDFBookmark_GetDest, _Handle)
_dest_page = _quick(pdfium_c.FPDFDest_GetDestPageIndex, _INT)
_count_objects = _fast(pdfium_c.FPDFPage_CountObjects, _INT, _P)
_form_count = _quick(pdfium_c.FPDFFormObj_CountObjects, _INT)
_form_object = _quick(pdfium_c.FPDFFormObj_GetObject, _Handle)


# --------------------------------------------------------------------------- lines of a page


_FONT_NAME = ctypes.create_string_buffer(96)  # reused: one worker process reads one page at a time
_FONT_NAME_SIZE = ctypes.c_ulong(96)
_FONT_FLAGS = ctypes.c_int(0)
_FONT_FLAGS_REF = ctypes.byref(_FONT_FLAGS)
_ORIGINS = (ctypes.c_double * 4)()  # x, y of a line's first and of its last character
_ORIGIN_REFS = tuple(ctypes.byref(_ORIGINS, 8 * i) for i in range(4))
_TEXT = (ctypes.c_ushort * 4096)()  # reused text buffer, grown for pages with more characters


_BOLD_NAMES = ("bold", "black", "heavy", "semibold")
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_BOLD_BY_NAME: dict[bytes, bool] = {}  # font name -> bold by name; a document uses few fonts
_TOP, _PAGE = attrgetter("top"), attrgetter("page")
_LEADERS = ("....", ". . . .", "……", "____", "··", "· ·")  # each TOC_LEADER_ENTRY holds one of these
_TOC_TITLE_START = frozenset("IiCcTtLlFf")  # first letters of the TOC_TITLE words
_BULLET_START = frozenset("•●▪■◦○‣∙·-–*")  # first characters that strip_bullet may remove


def _bold_name(name: bytes) -> bool:
    bold = _BOLD_BY_NAME.get(name)
    if bold is None:
        if len(_BOLD_BY_NAME) > 4096:  # subset prefixes make names unique per document
            _BOLD_BY_NAME.clear()
        lowered = name.decode("latin-1", "replace").lower()
        bold = _BOLD_BY_NAME[name] = any(w in lowered for w in _BOLD_NAMES)
    return bold


def page_text(textpage: int) -> str:
    """All text of a text page, as pypdfium2's get_text_range() (char index = text index in practice)."""
    global _TEXT
    first, last = 0, _count_chars(textpage) - 1
    while first <= last and _text_index(textpage, first) == -1:  # leading/trailing excluded characters
        first += 1
    while last >= first and _text_index(textpage, last) == -1:
        last -= 1
    if first > last:
        return ""
    size = _text_index(textpage, last) + 2 - _text_index(textpage, first)  # with the NUL terminator
    if size > len(_TEXT):
        _TEXT = (ctypes.c_ushort * max(size, 2 * len(_TEXT)))()
    written = _get_text(textpage, first, last - first + 1, _TEXT)
    return memoryview(_TEXT).cast("B")[: 2 * max(written - 1, 0)].tobytes().decode("utf-16-le", "ignore")


def page_lines(textpage: int, page_no: int) -> list[Line]:
    """The text lines of one page with baseline, extent and font (one pdfium query set per line).

    Line texts come out normalised (analysis.clean.normalise_unicode); on the usual page
    (`plain_page`) a printable line is taken as it is and hyphen markers are joined for the whole
    page at once; elsewhere only lines that fail the cheap `is_plain` test (hyphen markers, odd
    spaces, ligatures) or pages not in NFC need the call.
    """
    raw = page_text(textpage)
    nfc = is_nfc(raw)
    plain = nfc and plain_page(raw)
    chunks = raw.split("\r\n")
    joined = join_page_markers(raw).split("\r\n") if plain and "\ufffe" in raw else chunks
    if len(joined) != len(chunks):  # a marker between CR and LF: no shortcut for this page
        joined = [""] * len(chunks)
    handle = ctypes.c_void_p(textpage)
    lines: list[Line] = []
    append = lines.append
    font_size, font_info, char_origin = _font_size, _font_info, _char_origin
    name, name_size, flags, flags_ref = _FONT_NAME, _FONT_NAME_SIZE, _FONT_FLAGS, _FONT_FLAGS_REF
    origins, (x0_ref, top_ref, x1_ref, bottom_ref) = _ORIGINS, _ORIGIN_REFS
    bold_by_name = _BOLD_BY_NAME
    pos = 0
    for chunk, joined_chunk in zip(chunks, joined, strict=True):
        start = pos
        pos += len(chunk) + 2
        stripped = chunk.strip()
        if not stripped:
            continue
        if stripped is chunk:  # nothing stripped (CPython returns the same object)
            first, last = start, start + len(chunk) - 1
        else:
            first = start + (len(chunk) - len(chunk.lstrip()))
            last = start + len(chunk.rstrip()) - 1
        char_origin(handle, first, x0_ref, top_ref)
        char_origin(handle, last, x1_ref, bottom_ref)
        x0, top, x1, bottom = unpack_from("4d", origins)
        mid = (first + last) // 2
        size = round(font_size(handle, mid) * 2) / 2
        if plain:  # a printable line is normal; one with hyphen markers is, once they are joined
            if stripped.isprintable():
                text = stripped
            elif joined_chunk.isprintable() and joined_chunk.strip():  # unstripped: see join_page_markers
                text = joined_chunk.strip()
            else:
                text = normalise_unicode(stripped).strip()
        else:
            text = stripped if nfc and is_plain(stripped) else normalise_unicode(stripped).strip()
        # Boldness only matters for a line that could be a bold heading (mark_font_headings): a
        # printable line of a plain page has single spaces between words, so with 12 spaces or more
        # it has too many words, and a final . , or ; rules it out too. Those skip the font query.
        if text is stripped and plain and (text[-1] in ".,;" or text.count(" ") >= BOLD_HEADING_MAX_WORDS):
            bold = False
        else:
            font_info(handle, mid, name, name_size, flags_ref)
            bold = bool(flags.value & _FORCE_BOLD)
            if not bold:
                font = name.value
                known = bold_by_name.get(font)
                bold = _bold_name(font) if known is None else known
        append(Line(text, page_no, top, bottom, x0, x1, size, bold))
    return lines


def _path_bounds(page: int) -> Iterator[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top) of the page's top-level path objects."""
    bounds = (ctypes.c_float * 4)()
    refs = [ctypes.byref(bounds, 4 * i) for i in range(4)]
    get_object, get_type, get_bounds = _get_object, _object_type, _object_bounds
    path_type, handle = pdfium_c.FPDF_PAGEOBJ_PATH, ctypes.c_void_p(page)
    for i in range(_count_objects(page)):
        obj = get_object(handle, i)
        if get_type(obj) == path_type and get_bounds(obj, *refs):
            yield unpack_from("4f", bounds)


def table_boxes(page: int) -> list[tuple[float, float, float, float]]:
    """Regions (left, bottom, right, top) ruled by at least two horizontal and two vertical lines."""
    rules: list[tuple[float, float, float, float, str]] = []
    for n, (left, bottom, right, top) in enumerate(_path_bounds(page)):
        if n > MAX_RULES_PER_PAGE:
            return []
        if top - bottom < 2.5 and right - left > 15:
            rules.append((left, bottom, right, top, "h"))
        elif right - left < 2.5 and top - bottom > 5:
            rules.append((left, bottom, right, top, "v"))
    boxes: list[list[Any]] = []  # [left, bottom, right, top, h count, v count]
    for left, bottom, right, top, kind in rules:
        for box in boxes:
            if left <= box[2] + 3 and right >= box[0] - 3 and bottom <= box[3] + 3 and top >= box[1] - 3:
                box[:4] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
                box[4 if kind == "h" else 5] += 1
                break
        else:
            boxes.append([left, bottom, right, top, int(kind == "h"), int(kind == "v")])
    return [(b[0], b[1], b[2], b[3]) for b in boxes if b[4] >= 2 and b[5] >= 2]


def _form_content(form: Any, depth: int) -> tuple[bool, int]:
    """Whether a form XObject holds an image (at any depth up to MAX_FORM_DEPTH), and its path count."""
    image, paths = False, 0
    for i in range(_form_count(form)):
        obj = _form_object(form, ctypes.c_ulong(i))
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            image = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            inner_image, inner_paths = _form_content(obj, depth + 1)
            image, paths = image or inner_image, paths + inner_paths
        if paths >= OUTLINED_TEXT_PATHS:
            break
    return image, paths


def looks_scanned(page: int, width: float, height: float) -> bool:
    """Whether a page (with little or no text layer) shows its content as a picture: images covering
    SCAN_IMAGE_SHARE of it (a scan, also when wrapped in a form XObject) or text drawn as outlines.
    A blank page, or one with a logo or a rule, is not: OCR would find nothing there."""
    bounds = (ctypes.c_float * 4)()
    refs = [ctypes.byref(bounds, 4 * i) for i in range(4)]
    handle = ctypes.c_void_p(page)
    area, paths = 0.0, 0
    page_area = max(width * height, 1.0)
    for i in range(_count_objects(page)):
        obj = _get_object(handle, i)
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            continue
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            image, inner_paths = _form_content(obj, 1)
            paths += inner_paths
        else:
            image = kind == pdfium_c.FPDF_PAGEOBJ_IMAGE
        if image and _object_bounds(obj, *refs):
            left, bottom, right, top = unpack_from("4f", bounds)  # clipped to the page: a bleed counts once
            area += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
        if area >= SCAN_IMAGE_SHARE * page_area or paths >= OUTLINED_TEXT_PATHS:
            return True
    return area >= SCAN_IMAGE_SHARE * page_area or paths >= OUTLINED_TEXT_PATHS


def _mark_tables(lines: list[Line], boxes: list[tuple[float, float, float, float]]) -> None:
    for line in lines:
        for n, (left, bottom, right, top) in enumerate(boxes):
            if left - 1 <= line.x0 <= right and bottom - 1 <= line.top <= top + 1:
                line.kind, line.box = "table", n
                break


# --------------------------------------------------------------------------- running lines and headings


def drop_running_lines(pages: list[tuple[float, list[Line]]]) -> list[Line]:
    """All lines minus running headers/footers and page numbers in the page margins."""
    margins: list[list[tuple[Line, str]]] = []
    outermost: list[set[int]] = []  # the lines where a lone page number may stand
    for height, lines in pages:
        by_y = sorted(lines, key=_TOP, reverse=True)  # stable, as sorting by -top
        n = len(by_y)
        edge = by_y if n <= 2 * RUNNING_EDGE_LINES else by_y[:RUNNING_EDGE_LINES] + by_y[-RUNNING_EDGE_LINES:]
        # the font size is part of the key: a chapter heading is not its own smaller running header
        margins.append(
            [
                (ln, f"{ln.size}|{running_key(ln.text)}")
                for ln in edge
                if ln.top > height * (1 - MARGIN_ZONE) or ln.top < height * MARGIN_ZONE
            ]
        )
        outermost.append({id(ln) for ln in by_y[:2] + by_y[-2:]})
    repeated = repeated_keys([[key for ln, key in margin if ln.text.strip()] for margin in margins])
    kept: list[Line] = []
    for (_, lines), margin, outer in zip(pages, margins, outermost, strict=True):
        drop = {
            id(ln) for ln, key in margin if key in repeated or id(ln) in outer and is_page_number(ln.text)
        }
        kept.extend([ln for ln in lines if id(ln) not in drop] if drop else lines)
    return kept


def drop_toc_lines(lines: list[Line]) -> list[Line]:
    """The lines of one page minus a table of contents or list of figures (analysis.clean.toc_lines):
    their entries are no body text and would make headings of their own."""
    texts = [ln.text for ln in lines]
    joined = "\n".join(texts)  # substring tests of the whole page first: most pages have no contents
    if not any(leader in joined for leader in _LEADERS) and not any(
        text[:1] in _TOC_TITLE_START and TOC_TITLE.match(text) for text in texts
    ):
        return lines
    drop = toc_lines(texts)
    return [ln for i, ln in enumerate(lines) if i not in drop] if drop else lines


_NON_WORD = re.compile(r"[^\w]")


def _norm(text: str) -> str:
    return _NON_WORD.sub("", normalise_unicode(text).lower())


def mark_outline_headings(lines: list[Line], outline: list[tuple[int, str, int]]) -> int:
    """Mark the lines that carry outline entries (level, title, page); returns the entries matched."""
    by_page: dict[int, list[Line]] = {}
    for page, run in groupby(lines, key=_PAGE):
        by_page.setdefault(page, []).extend(run)
    firsts: dict[int, list[str]] = {}  # page -> lower-cased first character of each line

    def starting(page: int, first: str) -> list[int]:
        """Indexes of the page's lines that start with `first`."""
        if page not in firsts:
            firsts[page] = [line.text[:1].lower() for line in by_page.get(page, ())]
        chars, found, at = firsts[page], [], -1
        try:
            while True:
                at = chars.index(first, at + 1)
                found.append(at)
        except ValueError:
            return found

    keys: dict[int, str] = {}

    def key(line: Line) -> str:
        if id(line) not in keys:
            keys[id(line)] = _NON_WORD.sub("", line.text.lower())  # line texts are normalised already
        return keys[id(line)]

    matched = 0
    for level, title, page in outline:
        target = _norm(title)
        here, there = by_page.get(page, []), by_page.get(page + 1, [])
        candidates = here + there
        # only lines whose first character is the title's can match (in candidate order)
        first = target[:1]
        found = starting(page, first) + [len(here) + i for i in starting(page + 1, first)]
        for i in found:
            line = candidates[i]
            if line.kind == "heading" or not target.startswith(key(line)):
                continue
            group, joined = [line], key(line)
            for nxt in candidates[i + 1 : i + 4]:
                if joined == target or not target.startswith(joined + key(nxt)):
                    break
                group.append(nxt)
                joined += key(nxt)
            if joined and joined == target:
                for member in group:
                    member.kind, member.level = "heading", level
                matched += 1
                break
    return matched


def body_size(lines: list[Line]) -> float:
    counts: Counter[float] = Counter()
    for line in lines:
        counts[line.size] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


MIN_CAPS_HEADING_LETTERS = 6  # an ALL CAPS line of body size is a heading with this many letters ('INLEIDING')


def _all_caps(text: str) -> bool:
    return text.isupper() and sum(ch.isalpha() for ch in text) >= MIN_CAPS_HEADING_LETTERS


def mark_font_headings(lines: list[Line]) -> None:
    """Headings from font size (bigger than body text), weight (bold, short, no final period) or
    ALL CAPS (short, no final period: many house styles set headings in capitals of body size)."""
    body = body_size(lines)
    bigger: set[float] = set()
    for line in lines:
        if (
            line.kind != "text"
            or len(line.text.split()) > MAX_HEADING_WORDS
            or not re.search(r"[^\W\d_]", line.text)
        ):
            continue
        if line.size >= body * HEADING_SIZE_RATIO:
            bigger.add(line.size)
            line.kind = "heading"
        elif (
            (line.bold or _all_caps(line.text))
            and line.size >= body
            and len(line.text.split()) <= BOLD_HEADING_MAX_WORDS
            and not re.search(r"[.,;]$", line.text)
        ):
            line.kind = "heading"
    ranks = {size: n + 1 for n, size in enumerate(sorted(bigger, reverse=True))}
    for line in lines:
        if line.kind == "heading":
            line.level = min(ranks.get(line.size, len(ranks) + 1), 6)


# --------------------------------------------------------------------------- lines -> blocks


def _leading(lines: list[Line]) -> float:
    gaps = []
    prev = lines[0]
    for line in lines[1:]:
        if prev.kind == "text" and line.kind == "text" and prev.page == line.page and prev.size == line.size:
            gap = prev.bottom - line.top
            if 0 < gap < 3 * prev.size:
                gaps.append(gap)
        prev = line
    return statistics.median(gaps) if gaps else 14.0


def _ends_sentence(text: str) -> bool:
    """Whether the text ends in . ! ? : or ; maybe followed by one quote or bracket."""
    last = text[-1:]
    if last and last in _CLOSERS:
        last = text[-2:-1]
    return bool(last) and last in _TERMINALS


def _breaks_paragraph(prev: Line, line: Line, leading: float, width: float) -> bool:
    kind = line.kind
    if kind != prev.kind:
        return True
    if kind == "text":
        if abs(line.size - prev.size) > 0.6 or line.text[:1] in _BULLET_START and strip_bullet(line.text)[0]:
            return True
        gap = prev.bottom - line.top
        if line.page != prev.page or gap < -leading:  # next page or next column
            return prev.x1 - prev.x0 < 0.85 * width and _ends_sentence(prev.text)
        return gap > 1.4 * leading or gap < 0
    if kind == "heading":
        return line.level != prev.level or line.page != prev.page or prev.bottom - line.top > 2.2 * line.size
    return line.box != prev.box or line.page != prev.page  # table


def _block(lines: list[Line]) -> TextBlock:
    """One block of lines; their texts are normalised and stripped already (page_lines)."""
    first = lines[0]
    if first.kind == "table":
        return TextBlock("table", "\n".join(ln.text for ln in lines), first.page)
    if first.kind == "heading":
        return TextBlock("heading", join_lines([ln.text for ln in lines]), first.page, first.level)
    bullet, text = strip_bullet(first.text) if first.text[:1] in _BULLET_START else (False, first.text)
    texts = [text]
    texts += [ln.text for ln in lines[1:]]
    joined = " ".join(texts)  # what join_lines gives for stripped lines without a line-end hyphen
    if "- " in joined or "" in texts:
        joined = join_lines(texts)
    numbered = not bullet and first.text[:1] in _ITEM_START and item_number(first.text) is not None
    return TextBlock("list" if bullet or numbered else "text", joined, first.page)


_ITEM_NUMBER = re.compile(r"^\(?(?:(\d{1,2})[.)]|([a-z])\))\s+\S")  # '1. ', '12) ', '(3) ', 'a) '


def item_number(text: str) -> int | None:
    """The number of a numbered list item's first line ('3. ...' -> 3, 'b) ...' -> 2), else None."""
    m = _ITEM_NUMBER.match(text)
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else ord(m.group(2)) - ord("a") + 1


def _starts_item(prev: Line, line: Line, first: Line) -> bool:
    """Whether a text line starts the next item of a numbered list: its number follows that of the
    paragraph's first line, or it is item 1 after a line that ends a sentence or a lead-in ('...:').
    A wrapped line that starts with a number ('2023. Daarna') does neither."""
    if line.kind != "text" or prev.kind != "text" or line.text[:1] not in _ITEM_START:
        return False
    number = item_number(line.text)
    if number is None:
        return False
    if number == 1:
        return _ends_sentence(prev.text)
    return first.kind == "text" and item_number(first.text) == number - 1


_ITEM_START = frozenset("0123456789(abcdefghijklmnopqrstuvwxyz")


def lines_to_blocks(lines: list[Line]) -> list[TextBlock]:
    """Group lines into paragraphs, headings and tables by gaps, fonts and ruled regions."""
    if not lines:
        return []
    leading = _leading(lines)
    widths = sorted(ln.x1 - ln.x0 for ln in lines if ln.kind == "text")
    width = statistics.median(widths[len(widths) // 2 :]) if widths else 400.0
    blocks: list[TextBlock] = []
    group = [lines[0]]
    prev = lines[0]
    for line in lines[1:]:
        if _breaks_paragraph(prev, line, leading, width) or _starts_item(prev, line, group[0]):
            blocks.append(_block(group))
            group = [line]
        else:
            group.append(line)
        prev = line
    blocks.append(_block(group))
    return [b for b in blocks if b.text.strip()]


# --------------------------------------------------------------------------- document


MAX_OUTLINE_DEPTH = 6
MAX_OUTLINE_ENTRIES = 2001


def _bookmarks(doc: Any, parent: Any, level: int, seen: set[int], out: list[tuple[Any, int]]) -> None:
    """(bookmark, level) in document order into `out`, as pypdfium2's get_toc (a cycle ends its
    sibling list), up to MAX_OUTLINE_ENTRIES."""
    mark = _first_bookmark(doc, parent)
    while mark and len(out) < MAX_OUTLINE_ENTRIES:
        if mark.value in seen:
            break
        seen.add(mark.value)
        out.append((mark, level))
        if level < MAX_OUTLINE_DEPTH - 1:
            _bookmarks(doc, mark, level + 1, seen, out)
        mark = _next_bookmark(doc, mark)


def _outline(doc: Any) -> list[tuple[int, str, int]]:
    """Outline entries (level, title, page) with a destination page; raw calls, one title buffer."""
    entries: list[tuple[int, str, int]] = []
    raw = ctypes.c_void_p(_address(doc.raw))
    title = ctypes.create_string_buffer(512)
    title_size = ctypes.c_ulong(len(title))
    marks: list[tuple[Any, int]] = []
    try:
        _bookmarks(raw, None, 0, set(), marks)
        for mark, level in marks:
            dest = _bookmark_dest(raw, mark)
            index = _dest_page(raw, dest) if dest else -1
            if index < 0:
                continue
            size = _bookmark_title(mark, title, title_size)
            if size > len(title):
                title = ctypes.create_string_buffer(size)
                title_size = ctypes.c_ulong(size)
                size = _bookmark_title(mark, title, title_size)
            entries.append((level + 1, ctypes.string_at(title, max(size - 2, 0)).decode("utf-16-le"), index + 1))
    except Exception:  # noqa: BLE001 - a broken outline is not worth failing the document for
        return []
    return entries


def _open(content: bytes) -> tuple[Any, PdfRead | None]:
    try:
        return pdfium.PdfDocument(content), None
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            return None, PdfRead(ExtractionStatus.ENCRYPTED, "PDF is encrypted (password required)")
        return None, PdfRead(ExtractionStatus.CORRUPT, f"PDF could not be opened: {msg}")


@dataclass
class _Pages:
    pages: list[tuple[float, list[Line]]]  # (height, lines) per page
    chars: int  # characters of the text layer on pages that are not scans
    scanned: list[int]  # 1-based pages with (almost) no text layer that show text as a picture


def _read_pages(doc: Any, opts: PdfOptions) -> _Pages | PdfRead:
    pages: list[tuple[float, list[Line]]] = []
    chars = 0
    scanned: list[int] = []
    raw_doc = _address(doc.raw)
    n_pages = len(doc)
    for i in range(n_pages):
        if opts.deadline is not None and time.monotonic() > opts.deadline:
            return PdfRead(ExtractionStatus.TIMEOUT, f"time limit reached at page {i + 1}", pages=n_pages)
        page = _load_page(raw_doc, i)
        if not page:
            raise pdfium.PdfiumError(f"Failed to load page {i + 1}.")
        try:
            height = _page_height(page)
            textpage = _load_textpage(page)
            if not textpage:
                raise pdfium.PdfiumError(f"Failed to load the text of page {i + 1}.")
            try:
                lines = page_lines(textpage, i + 1)
                # pdfium starts a text rectangle wherever the text object changes, so there are at
                # least as many text objects as rectangles (and as lines); a table needs 4 rules
                # among the other objects. Most pages have none: the object scan is skipped.
                others = _count_objects(page) - len(lines)
                ruled = bool(lines) and others >= 4 and others + len(lines) - _count_rects(textpage, 0, -1) >= 4
            finally:
                _close_textpage(textpage)
            page_chars = sum(len(ln.text) for ln in lines)
            if page_chars < opts.min_chars_per_page and looks_scanned(page, _page_width(page), height):
                scanned.append(i + 1)
            else:
                chars += page_chars
            if ruled:
                _mark_tables(lines, table_boxes(page))
        finally:
            _close_page(page)
        pages.append((height, lines))
    return _Pages(pages, chars, scanned)


def read_pdf(content: bytes, opts: PdfOptions) -> PdfRead:
    """Blocks of clean text from a PDF, or a status saying why not."""
    doc, failure = _open(content)
    if failure:
        return failure
    try:
        n_pages = len(doc)
        if n_pages == 0:
            return PdfRead(ExtractionStatus.CORRUPT, "PDF has no pages")
        if n_pages > opts.max_pages:
            return PdfRead(
                ExtractionStatus.TOO_MANY_PAGES,
                f"{n_pages} pages > max_pages {opts.max_pages}",
                pages=n_pages,
            )
        title = (doc.get_metadata_value("Title") or "").strip() or None
        read = _read_pages(doc, opts)
        if isinstance(read, PdfRead):
            return read
        if read.chars == 0 and not read.scanned:
            return PdfRead(
                ExtractionStatus.EMPTY_TEXT,
                f"no text: {'the page is' if n_pages == 1 else f'all {n_pages} pages are'} blank "
                "(no text layer and no scanned image)",
                n_pages,
                title=title,
            )
        if read.scanned and read.chars < opts.min_chars_per_page:  # a scan; text-free pages need no OCR
            return _without_text_layer(doc, opts, n_pages, title, read.scanned)
        scanned = set(read.scanned)
        text_pages = [(h, p) for n, (h, p) in enumerate(read.pages, start=1) if n not in scanned]
        lines = drop_running_lines([(height, drop_toc_lines(page)) for height, page in text_pages])
        outline = _outline(doc)
        used_outline = bool(outline) and mark_outline_headings(lines, outline) >= max(1, len(outline) // 2)
        if not used_outline:
            for line in lines:
                if line.kind == "heading":
                    line.kind = "text"
            mark_font_headings(lines)
        blocks = lines_to_blocks(lines)
        read_ok = PdfRead(ExtractionStatus.OK, None, n_pages, blocks, title, outline=used_outline)
        return _with_scanned_pages(doc, opts, read_ok, read.scanned) if read.scanned else read_ok
    finally:
        doc.close()


def page_ranges(pages: list[int]) -> str:
    """'3-5, 9' for pages [3, 4, 5, 9]."""
    parts: list[str] = []
    for _, run in groupby(enumerate(pages), key=lambda iv: iv[1] - iv[0]):
        numbers = [n for _, n in run]
        parts.append(str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}")
    return ", ".join(parts)


def _pages_phrase(pages: list[int], n_pages: int) -> str:
    which = "page" if len(pages) == 1 else "pages"
    return f"{which} {page_ranges(pages)} of {n_pages}"


def _with_scanned_pages(doc: Any, opts: PdfOptions, read: PdfRead, scanned: list[int]) -> PdfRead:
    """A text PDF with some scanned pages: OCR them into the text in page order when OCR is on
    and can run; otherwise the read stays OK and its note names the pages whose text is missing."""
    where = _pages_phrase(scanned, read.pages) + (" has" if len(scanned) == 1 else " have")
    read.pages_without_text = tuple(scanned)
    if not opts.ocr:
        read.needs_ocr = True
        read.note = f"{where} no text layer (scanned); their text is missing: OCR is off (Settings.ocr)"
        return read
    from analysis.ocr import ocr_pages

    ocr_blocks, error = ocr_pages(doc, opts.deadline, opts.ocr_timeout, [n - 1 for n in scanned])
    if error:
        read.needs_ocr = True
        read.note = f"{where} no text layer (scanned); their text is missing: {error}"
        return read
    read.ocr_used = True
    read.blocks = sorted(read.blocks + ocr_blocks, key=lambda b: b.page or 0)  # stable: order within a page kept
    found = sorted({b.page for b in ocr_blocks if b.page})
    empty = [n for n in scanned if n not in found]
    read.note = f"{where} no text layer (scanned) and were read by OCR" + (
        f"; OCR found no text on {_pages_phrase(empty, read.pages)}" if empty else ""
    )
    return read


def _without_text_layer(
    doc: Any, opts: PdfOptions, n_pages: int, title: str | None, scanned: list[int]
) -> PdfRead:
    pages = tuple(scanned)
    if not opts.ocr:
        return PdfRead(
            ExtractionStatus.NEEDS_OCR, "no text layer; OCR is off (Settings.ocr)", n_pages, [], title, True,
            pages_without_text=pages,
        )
    from analysis.ocr import ocr_pages

    blocks, error = ocr_pages(doc, opts.deadline, opts.ocr_timeout, [n - 1 for n in scanned])
    if error:
        return PdfRead(ExtractionStatus.NEEDS_OCR, error, n_pages, [], title, needs_ocr=True, pages_without_text=pages)
    status = ExtractionStatus.OK if blocks else ExtractionStatus.EMPTY_TEXT
    error = None if blocks else "no text layer, and OCR found no text on the scanned pages"
    return PdfRead(status, error, n_pages, blocks, title, needs_ocr=True, ocr_used=True, pages_without_text=pages)
