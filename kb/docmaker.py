"""Documents with exactly known text: PDF (reportlab), DOCX (python-docx) and HTML.

Tests and the demo describe a report as a `DocSpec` of `Block`s and render it.
`render_pdf` lays the text out itself (word wrap, optional hyphenation, one or two
columns, running header/footer, page numbers, outline) so that the returned
`GroundTruth` says exactly which words are body text and on which page every
heading and paragraph starts.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html import escape
from typing import Literal

BlockKind = Literal["heading", "paragraph", "bullets", "table", "quote"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    level: int = 1
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class DocSpec:
    title: str
    blocks: tuple[Block, ...]
    running_header: str | None = None
    running_footer: str | None = None
    page_numbers: bool = True
    columns: int = 1  # 2 = two-column brochure pages
    hyphenate: bool = False  # break some long words at line ends with a hyphen
    scanned: bool = False  # pages as images only: no text layer
    author: str | None = None
    language: str = "nl"
    page_number_style: Literal["pagina", "plain", "dash"] = "pagina"  # "Pagina 3 van 9" / "3" / "- 3 -"
    outline: bool = True  # PDF bookmarks for the headings


@dataclass(frozen=True)
class GroundTruth:
    body_words: tuple[str, ...]
    headings: tuple[tuple[int, str, int], ...]  # (level, text, page)
    paragraphs: tuple[tuple[str, int], ...]  # (text, page)
    pages: int


# --------------------------------------------------------------------------- PDF layout

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 60.0, 80.0, 80.0
COLUMN_GAP = 24.0
BODY_FONT, BOLD_FONT, ITALIC_FONT = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
BODY_SIZE, LEADING = 10.0, 13.5
HEADING_SIZES = {1: 17.0, 2: 14.0, 3: 12.0}
TITLE_SIZE = 22.0
MIN_HYPHEN_PART = 4


@dataclass
class _Op:
    kind: Literal["text", "line", "bookmark"]
    x: float
    y: float
    text: str = ""
    font: str = BODY_FONT
    size: float = BODY_SIZE
    x2: float = 0.0
    y2: float = 0.0
    level: int = 0


@dataclass
class _Layout:
    columns: int
    hyphenate: bool
    pages: list[list[_Op]] = field(default_factory=lambda: [[]])
    column: int = 0
    y: float = PAGE_H - MARGIN_TOP
    headings: list[tuple[int, str, int]] = field(default_factory=list)
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    bookmarks: int = 0

    @property
    def width(self) -> float:
        return (PAGE_W - 2 * MARGIN_X - (self.columns - 1) * COLUMN_GAP) / self.columns

    @property
    def x0(self) -> float:
        return MARGIN_X + self.column * (self.width + COLUMN_GAP)

    @property
    def page(self) -> int:
        return len(self.pages)

    def room(self) -> float:
        return self.y - MARGIN_BOTTOM

    def advance(self, height: float) -> None:
        """Make room for `height` points, moving to the next column or page when needed."""
        if self.room() >= height:
            return
        if self.column + 1 < self.columns:
            self.column += 1
        else:
            self.pages.append([])
            self.column = 0
        self.y = PAGE_H - MARGIN_TOP

    def emit(self, op: _Op) -> None:
        self.pages[-1].append(op)


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def _split_word(word: str, room: float, font: str, size: float) -> tuple[str, str] | None:
    """Split `word` so that its head plus a hyphen fits `room`; None when no good split exists."""
    if len(word) < 2 * MIN_HYPHEN_PART or not word.isalpha():
        return None
    for cut in range(len(word) - MIN_HYPHEN_PART, MIN_HYPHEN_PART - 1, -1):
        if _width(word[:cut] + "-", font, size) <= room:
            return word[:cut] + "-", word[cut:]
    return None


def wrap_words(text: str, width: float, font: str, size: float, hyphenate: bool) -> list[str]:
    """Greedy word wrap; with `hyphenate`, long words are split at the line end."""
    lines: list[str] = []
    current = ""
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font, size) <= width or not current:
            current = candidate
            i += 1
            continue
        room = width - _width(current + " ", font, size)
        split = _split_word(word, room, font, size) if hyphenate else None
        if split:
            lines.append(f"{current} {split[0]}")
            words[i] = split[1]
        else:
            lines.append(current)
        current = ""
    if current:
        lines.append(current)
    return lines


def _lay_text(lay: _Layout, text: str, font: str, size: float, indent: float = 0.0, prefix: str = "") -> int:
    """Lay out one paragraph; returns the page of its first line."""
    leading = size * 1.35
    lines = wrap_words(text, lay.width - indent, font, size, lay.hyphenate)
    first_page = 0
    for n, line in enumerate(lines):
        lay.advance(leading)
        first_page = first_page or lay.page
        lay.y -= leading
        if n == 0 and prefix:
            lay.emit(_Op("text", lay.x0 + indent - 10, lay.y, prefix, font, size))
        lay.emit(_Op("text", lay.x0 + indent, lay.y, line, font, size))
    lay.y -= size * 0.6
    return first_page or lay.page


def _lay_heading(lay: _Layout, block: Block) -> None:
    size = HEADING_SIZES.get(block.level, HEADING_SIZES[3])
    lay.advance(size * 1.35 * 2 + 4 * LEADING)  # keep with the next lines
    lay.y -= size * 0.6
    lay.headings.append((block.level, block.text, lay.page))
    lay.emit(_Op("bookmark", 0, lay.y, block.text, level=block.level))
    hyphenate, lay.hyphenate = lay.hyphenate, False  # headings are never hyphenated
    _lay_text(lay, block.text, BOLD_FONT, size)
    lay.hyphenate = hyphenate


def _lay_table(lay: _Layout, rows: tuple[tuple[str, ...], ...]) -> None:
    ncols = max(len(r) for r in rows)
    cell_w = lay.width / ncols
    for row in rows:
        wrapped = [wrap_words(cell, cell_w - 8, BODY_FONT, BODY_SIZE, False) for cell in row]
        height = max(len(w) for w in wrapped) * LEADING + 6
        lay.advance(height)
        top = lay.y
        for c, cell_lines in enumerate(wrapped):
            for n, line in enumerate(cell_lines):
                lay.emit(_Op("text", lay.x0 + c * cell_w + 4, top - (n + 1) * LEADING, line))
        bottom = top - height
        lay.emit(_Op("line", lay.x0, top, x2=lay.x0 + lay.width, y2=top))
        lay.emit(_Op("line", lay.x0, bottom, x2=lay.x0 + lay.width, y2=bottom))
        for c in range(ncols + 1):
            x = lay.x0 + c * cell_w
            lay.emit(_Op("line", x, top, x2=x, y2=bottom))
        lay.y = bottom
    lay.y -= BODY_SIZE


def _layout(spec: DocSpec) -> _Layout:
    lay = _Layout(columns=max(1, spec.columns), hyphenate=spec.hyphenate)
    columns, lay.columns = lay.columns, 1  # the title spans the page
    _lay_text(lay, spec.title, BOLD_FONT, TITLE_SIZE)
    lay.columns = columns
    lay.y -= LEADING
    for block in spec.blocks:
        if block.kind == "heading":
            _lay_heading(lay, block)
        elif block.kind == "paragraph":
            lay.paragraphs.append((block.text, _lay_text(lay, block.text, BODY_FONT, BODY_SIZE)))
        elif block.kind == "quote":
            lay.paragraphs.append((block.text, _lay_text(lay, block.text, ITALIC_FONT, BODY_SIZE, indent=24)))
        elif block.kind == "bullets":
            for item in block.items:
                page = _lay_text(lay, item, BODY_FONT, BODY_SIZE, indent=16, prefix="\u2022")
                lay.paragraphs.append((item, page))
        elif block.kind == "table" and block.rows:
            _lay_table(lay, block.rows)
    return lay


def page_number_text(style: str, page: int, total: int) -> str:
    if style == "plain":
        return str(page)
    if style == "dash":
        return f"- {page} -"
    return f"Pagina {page} van {total}"


def _draw_chrome(c: object, spec: DocSpec, page: int, total: int) -> None:
    from reportlab.pdfgen.canvas import Canvas

    assert isinstance(c, Canvas)
    c.setFont(BODY_FONT, 8)
    if spec.running_header:
        c.drawString(MARGIN_X, PAGE_H - 45, spec.running_header)
    if spec.running_footer:
        c.drawString(MARGIN_X, 40, spec.running_footer)
    if spec.page_numbers:
        c.drawRightString(PAGE_W - MARGIN_X, 40, page_number_text(spec.page_number_style, page, total))


def _draw(spec: DocSpec, lay: _Layout) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(spec.title)
    if spec.author:
        c.setAuthor(spec.author)
    c.setLineWidth(0.6)
    total = len(lay.pages)
    last_level = -1  # so the first outline entry lands on level 0 whatever its heading level
    # outline levels count from the document's top heading level: two level-2 headings of a
    # document without level-1 headings are siblings, not parent and child
    top = min((op.level for ops in lay.pages for op in ops if op.kind == "bookmark"), default=1)
    for number, ops in enumerate(lay.pages, start=1):
        _draw_chrome(c, spec, number, total)
        for op in ops:
            if op.kind == "text":
                c.setFont(op.font, op.size)
                c.drawString(op.x, op.y, op.text)
            elif op.kind == "line":
                c.line(op.x, op.y, op.x2, op.y2)
            elif spec.outline:
                key = f"h{id(op)}"
                c.bookmarkPage(key, fit="XYZ", top=op.y + 20)
                level = min(op.level - top, last_level + 1)  # outlines may not skip a level
                c.addOutlineEntry(op.text, key, level=level)
                last_level = level
        c.showPage()
    c.save()
    return buf.getvalue()


def _rasterise(pdf: bytes, scale: float = 150 / 72) -> bytes:
    """The same pages as images only (a 'scanned' report without a text layer)."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    doc = pdfium.PdfDocument(pdf)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H))
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=scale, grayscale=True).to_pil()
            c.drawImage(ImageReader(image), 0, 0, width=PAGE_W, height=PAGE_H)
            c.showPage()
    finally:
        doc.close()
    c.save()
    return buf.getvalue()


def words_of(text: str) -> list[str]:
    """The word tokens used for ground truth and fidelity scores."""
    return re.findall(r"\w+(?:[-'’]\w+)*", text)


def _body_words(spec: DocSpec) -> tuple[str, ...]:
    words = words_of(spec.title)
    for block in spec.blocks:
        parts = [block.text, *block.items, *(cell for row in block.rows for cell in row)]
        for part in parts:
            words.extend(words_of(part))
    return tuple(words)


def render_pdf(spec: DocSpec) -> tuple[bytes, GroundTruth]:
    """A PDF of `spec` and the exact truth about its text."""
    lay = _layout(spec)
    pdf = _draw(spec, lay)
    if spec.scanned:
        pdf = _rasterise(pdf)
    truth = GroundTruth(
        body_words=_body_words(spec),
        headings=tuple(lay.headings),
        paragraphs=tuple(lay.paragraphs),
        pages=len(lay.pages),
    )
    return pdf, truth


# --------------------------------------------------------------------------- DOCX


def render_docx(spec: DocSpec) -> bytes:
    """A Word document with Heading styles, List Bullet items and tables."""
    import docx

    document = docx.Document()
    document.core_properties.title = spec.title
    document.core_properties.language = spec.language
    if spec.author:
        document.core_properties.author = spec.author
    section = document.sections[0]
    if spec.running_header:
        section.header.paragraphs[0].text = spec.running_header
    if spec.running_footer:
        section.footer.paragraphs[0].text = spec.running_footer
    document.add_heading(spec.title, level=0)
    for block in spec.blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=min(max(block.level, 1), 9))
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        elif block.kind == "quote":
            document.add_paragraph(block.text, style="Quote")
        elif block.kind == "bullets":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "table" and block.rows:
            ncols = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=ncols)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for col, cell in enumerate(row):
                    table.cell(r, col).text = cell
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- HTML

_MENU = ("Home", "Over ons", "Zorg en ondersteuning", "Werken bij", "Contact")
_COOKIE = (
    "Wij gebruiken cookies om onze website te verbeteren en om het gebruik te analyseren. "
    "Kies Accepteren om alle cookies toe te staan of Weigeren voor alleen functionele cookies."
)


def _html_block(block: Block) -> str:
    if block.kind == "heading":
        n = min(block.level + 1, 6)
        return f"<h{n}>{escape(block.text)}</h{n}>"
    if block.kind == "paragraph":
        return f"<p>{escape(block.text)}</p>"
    if block.kind == "quote":
        return f"<blockquote><p>{escape(block.text)}</p></blockquote>"
    if block.kind == "bullets":
        items = "".join(f"<li>{escape(i)}</li>" for i in block.items)
        return f"<ul>{items}</ul>"
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows)
    return f"<table>{rows}</table>"


def _chrome(author: str | None) -> tuple[str, str]:
    menu = "".join(
        f'<li><a href="/{escape(m.lower().replace(" ", "-"))}">{escape(m)}</a></li>' for m in _MENU
    )
    head = (
        f'<div id="cookie-banner" class="cookie-consent"><p>{escape(_COOKIE)}</p>'
        "<button>Accepteren</button><button>Weigeren</button></div>"
        f'<header class="site-header"><nav class="main-menu"><ul>{menu}</ul></nav></header>'
    )
    org = escape(author or "Zorgorganisatie")
    foot = (
        f'<footer class="site-footer"><p>\u00a9 2024 {org}. Alle rechten voorbehouden.</p>'
        '<ul><li><a href="/privacy">Privacyverklaring</a></li><li><a href="/cookies">Cookiebeleid</a></li>'
        '<li><a href="/disclaimer">Disclaimer</a></li></ul></footer>'
    )
    return head, foot


def render_html(spec: DocSpec, chrome: bool = True) -> str:
    """An HTML page: h1 title, h2-h6 headings, p, ul, table, blockquote; optional site chrome."""
    body = "\n".join(_html_block(b) for b in spec.blocks)
    head, foot = _chrome(spec.author) if chrome else ("", "")
    author = f'<meta name="author" content="{escape(spec.author)}">' if spec.author else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(spec.language)}"><head><meta charset="utf-8">'
        f"<title>{escape(spec.title)}</title>{author}</head>\n<body>{head}\n"
        f"<main><article><h1>{escape(spec.title)}</h1>\n{body}\n</article></main>\n{foot}</body></html>\n"
    )
