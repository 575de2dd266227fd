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
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analysis.clean import (
    is_page_number,
    join_lines,
    normalise_unicode,
    repeated_lines,
    running_key,
    strip_bullet,
)
from analysis.segment import TextBlock
from kb.models import ExtractionStatus

MARGIN_ZONE = 0.12  # share of the page height at top and bottom where running lines live
HEADING_SIZE_RATIO = 1.12
MAX_HEADING_WORDS = 20
MAX_RULES_PER_PAGE = 600
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]?$")


@dataclass
class Line:
    text: str
    page: int
    top: float  # baseline of the first character
    bottom: float  # baseline of the last character (pdfium joins hyphenated lines)
    x0: float
    x1: float
    size: float
    bold: bool
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


@dataclass(frozen=True)
class PdfOptions:
    max_pages: int = 2000
    deadline: float | None = None  # time.monotonic() value after which reading stops
    min_chars_per_page: int = 40
    ocr: bool = False
    ocr_timeout: float = 120.0


# --------------------------------------------------------------------------- lines of a page


_FONT_NAME = ctypes.create_string_buffer(96)  # reused: one worker process reads one page at a time
_FONT_FLAGS = ctypes.c_int(0)


_BOLD_NAMES = ("bold", "black", "heavy", "semibold")
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_X, _Y = ctypes.c_double(0), ctypes.c_double(0)
_XY = (ctypes.byref(_X), ctypes.byref(_Y))


def _font(textpage: Any, index: int) -> tuple[float, bool]:
    """Font size (to half a point) and boldness (by name or ForceBold flag) of one character."""
    size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
    pdfium_c.FPDFText_GetFontInfo(textpage, index, _FONT_NAME, 96, ctypes.byref(_FONT_FLAGS))
    name = _FONT_NAME.value.decode("latin-1", "replace").lower()
    bold = any(w in name for w in _BOLD_NAMES) or bool(_FONT_FLAGS.value & _FORCE_BOLD)
    return round(size * 2) / 2, bold


def _origin(textpage: Any, index: int) -> tuple[float, float]:
    pdfium_c.FPDFText_GetCharOrigin(textpage, index, *_XY)
    return _X.value, _Y.value


def page_lines(textpage: Any, page_no: int) -> list[Line]:
    """The text lines of one page with baseline, extent and font (one pdfium query set per line)."""
    raw = textpage.get_text_range()
    lines: list[Line] = []
    pos = 0
    for chunk in raw.split("\r\n"):
        start, pos = pos, pos + len(chunk) + 2
        stripped = chunk.strip()
        if not stripped:
            continue
        first = start + (len(chunk) - len(chunk.lstrip()))
        last = start + len(chunk.rstrip()) - 1
        x0, top = _origin(textpage.raw, first)
        x1, bottom = _origin(textpage.raw, last)
        size, bold = _font(textpage.raw, (first + last) // 2)
        lines.append(Line(stripped, page_no, top, bottom, x0, x1, size, bold))
    return lines


def _path_bounds(page: Any) -> Iterator[tuple[float, float, float, float]]:
    """Bounds of the page's top-level path objects (raw calls: no wrapper object per path)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    get_object, get_type, get_bounds = (
        pdfium_c.FPDFPage_GetObject,
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPageObj_GetBounds,
    )
    path_type, raw = pdfium_c.FPDF_PAGEOBJ_PATH, page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = get_object(raw, i)
        if get_type(obj) == path_type and get_bounds(obj, *refs):
            yield left.value, bottom.value, right.value, top.value


def table_boxes(page: Any) -> list[tuple[float, float, float, float]]:
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


def _mark_tables(lines: list[Line], boxes: list[tuple[float, float, float, float]]) -> None:
    for line in lines:
        for n, (left, bottom, right, top) in enumerate(boxes):
            if left - 1 <= line.x0 <= right and bottom - 1 <= line.top <= top + 1:
                line.kind, line.box = "table", n
                break


# --------------------------------------------------------------------------- running lines and headings


def drop_running_lines(pages: list[tuple[float, list[Line]]]) -> list[Line]:
    """All lines minus running headers/footers and page numbers in the page margins."""
    margins: list[list[Line]] = []
    for height, lines in pages:
        by_y = sorted(lines, key=lambda ln: -ln.top)
        edge = by_y[:2] + by_y[-2:]
        margins.append(
            [ln for ln in edge if ln.top > height * (1 - MARGIN_ZONE) or ln.top < height * MARGIN_ZONE]
        )
    repeated = repeated_lines([[ln.text for ln in m] for m in margins])
    kept: list[Line] = []
    for (_, lines), margin in zip(pages, margins, strict=True):
        drop = {id(ln) for ln in margin if is_page_number(ln.text) or running_key(ln.text) in repeated}
        kept.extend(ln for ln in lines if id(ln) not in drop)
    return kept


def _norm(text: str) -> str:
    return re.sub(r"[^\w]", "", normalise_unicode(text).lower())


def mark_outline_headings(lines: list[Line], outline: list[tuple[int, str, int]]) -> int:
    """Mark the lines that carry outline entries (level, title, page); returns the entries matched."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    keys: dict[int, str] = {}

    def key(line: Line) -> str:
        if id(line) not in keys:
            keys[id(line)] = _norm(line.text)
        return keys[id(line)]

    matched = 0
    for level, title, page in outline:
        target = _norm(title)
        candidates = by_page.get(page, []) + by_page.get(page + 1, [])
        for i, line in enumerate(candidates):
            if (
                line.kind == "heading"
                or line.text[:1].lower() != target[:1]
                or not target.startswith(key(line))
            ):
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


def mark_font_headings(lines: list[Line]) -> None:
    """Headings from font size (bigger than body text) and weight (bold, short, no final period)."""
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
            line.bold
            and line.size >= body
            and len(line.text.split()) <= 12
            and not re.search(r"[.,;]$", line.text)
        ):
            line.kind = "heading"
    ranks = {size: n + 1 for n, size in enumerate(sorted(bigger, reverse=True))}
    for line in lines:
        if line.kind == "heading":
            line.level = min(ranks.get(line.size, len(ranks) + 1), 6)


# --------------------------------------------------------------------------- lines -> blocks


def _leading(lines: list[Line]) -> float:
    gaps = [
        a.bottom - b.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page
        and a.kind == b.kind == "text"
        and a.size == b.size
        and 0 < a.bottom - b.top < 3 * a.size
    ]
    return statistics.median(gaps) if gaps else 14.0


def _breaks_paragraph(prev: Line, line: Line, leading: float, width: float) -> bool:
    if line.kind != prev.kind or line.kind == "heading" and line.level != prev.level:
        return True
    if line.kind == "table":
        return line.box != prev.box or line.page != prev.page
    if line.kind == "heading":
        return line.page != prev.page or prev.bottom - line.top > 2.2 * line.size
    if strip_bullet(line.text)[0] or abs(line.size - prev.size) > 0.6:
        return True
    ended = bool(_SENTENCE_END.search(prev.text)) and prev.x1 - prev.x0 < 0.85 * width
    gap = prev.bottom - line.top
    if line.page != prev.page or gap < -leading:  # next page or next column
        return ended
    return gap > 1.4 * leading or gap < 0


def _block(lines: list[Line]) -> TextBlock:
    first = lines[0]
    if first.kind == "table":
        return TextBlock("table", "\n".join(normalise_unicode(ln.text) for ln in lines), first.page)
    if first.kind == "heading":
        return TextBlock(
            "heading", join_lines([normalise_unicode(ln.text) for ln in lines]), first.page, first.level
        )
    bullet, text = strip_bullet(first.text)
    texts = [normalise_unicode(text)] + [normalise_unicode(ln.text) for ln in lines[1:]]
    return TextBlock("list" if bullet else "text", join_lines(texts), first.page)


def lines_to_blocks(lines: list[Line]) -> list[TextBlock]:
    """Group lines into paragraphs, headings and tables by gaps, fonts and ruled regions."""
    if not lines:
        return []
    leading = _leading(lines)
    widths = [ln.x1 - ln.x0 for ln in lines if ln.kind == "text"]
    width = statistics.median(sorted(widths)[len(widths) // 2 :]) if widths else 400.0
    blocks: list[TextBlock] = []
    group = [lines[0]]
    for prev, line in zip(lines, lines[1:], strict=False):
        if _breaks_paragraph(prev, line, leading, width):
            blocks.append(_block(group))
            group = []
        group.append(line)
    blocks.append(_block(group))
    return [b for b in blocks if b.text.strip()]


# --------------------------------------------------------------------------- document


def _outline(doc: Any) -> list[tuple[int, str, int]]:
    entries: list[tuple[int, str, int]] = []
    try:
        for n, mark in enumerate(doc.get_toc(max_depth=6)):
            if n > 2000:
                break
            dest = mark.get_dest()
            index = dest.get_index() if dest is not None else None
            if index is not None:
                entries.append((mark.level + 1, mark.get_title(), index + 1))
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


def _read_pages(doc: Any, opts: PdfOptions) -> tuple[list[tuple[float, list[Line]]], int] | PdfRead:
    pages: list[tuple[float, list[Line]]] = []
    chars = 0
    for i in range(len(doc)):
        if opts.deadline is not None and time.monotonic() > opts.deadline:
            return PdfRead(ExtractionStatus.TIMEOUT, f"time limit reached at page {i + 1}", pages=len(doc))
        page = doc[i]
        try:
            height = page.get_height()
            textpage = page.get_textpage()
            lines = page_lines(textpage, i + 1)
            chars += sum(len(ln.text) for ln in lines)
            textpage.close()
            # every line has at least one text object, so fewer than 4 other objects cannot rule a table
            if lines and pdfium_c.FPDFPage_CountObjects(page.raw) >= len(lines) + 4:
                _mark_tables(lines, table_boxes(page))
        finally:
            page.close()
        pages.append((height, lines))
    return pages, chars


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
        pages, chars = read
        if chars < opts.min_chars_per_page * n_pages:
            return _without_text_layer(doc, opts, n_pages, title)
        lines = drop_running_lines(pages)
        outline = _outline(doc)
        used_outline = bool(outline) and mark_outline_headings(lines, outline) >= max(1, len(outline) // 2)
        if not used_outline:
            for line in lines:
                if line.kind == "heading":
                    line.kind = "text"
            mark_font_headings(lines)
        blocks = lines_to_blocks(lines)
        return PdfRead(ExtractionStatus.OK, None, n_pages, blocks, title, outline=used_outline)
    finally:
        doc.close()


def _without_text_layer(doc: Any, opts: PdfOptions, n_pages: int, title: str | None) -> PdfRead:
    if not opts.ocr:
        return PdfRead(
            ExtractionStatus.NEEDS_OCR, "no text layer; OCR is off (Settings.ocr)", n_pages, [], title, True
        )
    from analysis.ocr import ocr_pages

    blocks, error = ocr_pages(doc, opts.deadline, opts.ocr_timeout)
    if error:
        return PdfRead(ExtractionStatus.NEEDS_OCR, error, n_pages, [], title, needs_ocr=True)
    status = ExtractionStatus.OK if blocks else ExtractionStatus.EMPTY_TEXT
    return PdfRead(status, None, n_pages, blocks, title, needs_ocr=True, ocr_used=True)
