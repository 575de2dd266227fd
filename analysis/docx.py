"""DOCX -> text blocks with python-docx: Title/Heading styles, list paragraphs, tables, quotes.

Running headers and footers live in the section parts, not in the body, so they
never reach the text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from analysis.clean import TOC_TITLE, heading_like, normalise_unicode, toc_lines
from analysis.segment import TextBlock
from kb.models import ExtractionStatus


@dataclass
class DocxRead:
    status: ExtractionStatus
    error: str | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    title: str | None = None


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"  # a copy of the Choice
_SKIP = frozenset({f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{W}instrText", f"{W}delText", _FALLBACK})
_FALSE = {"0", "false", "off"}


def _style(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "")
    except (AttributeError, KeyError, ValueError):
        return ""


def _on(element: Any) -> bool:
    """Whether a toggle property such as <w:b/> is set (absent w:val means on)."""
    return element is not None and str(element.get(f"{W}val", "1")).lower() not in _FALSE


def _skipped_within(node: Any, run: Any) -> bool:
    """Whether a node of a run sits in a part of it that is not its text (a text box, a field code)."""
    for ancestor in node.iterancestors():
        if ancestor is run:
            return False
        if ancestor.tag in _SKIP:
            return True
    return False


def _runs(p: Any) -> list[tuple[str, bool | None]]:
    """(text, bold) of the runs of a paragraph element, in order: inserted (tracked) text and
    hyperlinks included, deleted text, field codes and text boxes (read by `_box_blocks`) left out. bold is None when the
    run leaves it to the style."""
    out: list[tuple[str, bool | None]] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}r":
                b = child.find(f"{W}rPr/{W}b")
                bold = None if b is None else _on(b)
                parts = []
                for node in child.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
                    if node.getparent() is not child and _skipped_within(node, child):
                        continue
                    local = node.tag[len(W) :]
                    parts.append(node.text or "" if local == "t" else "-" if local == "noBreakHyphen" else " ")
                if parts:
                    out.append(("".join(parts), bold))
            elif isinstance(tag, str):
                walk(child)

    walk(p)
    return out


def _style_chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = getattr(style, "base_style", None)
    return chain


class _Styles:
    """What the paragraph styles of one document say, each looked up once per style: python-docx finds a
    paragraph's style by searching the styles part (the default style by reading the type of every style)
    on each access, which was most of the time spent on a long document."""

    def __init__(self) -> None:
        self._seen: dict[tuple[Callable[[Any], Any], str | None], Any] = {}

    def _fact(self, paragraph: Any, read: Callable[[Any], Any]) -> Any:
        key = (read, paragraph._p.style)
        if key not in self._seen:
            self._seen[key] = read(paragraph)
        return self._seen[key]

    def name(self, paragraph: Any) -> str:
        return str(self._fact(paragraph, _style))

    def outline(self, paragraph: Any) -> Any:
        """The outlineLvl element of the paragraph's style chain, or None."""
        return self._fact(paragraph, _style_outline)

    def bold(self, paragraph: Any) -> bool:
        return bool(self._fact(paragraph, _style_bold))


def _style_outline(paragraph: Any) -> Any:
    for style in _style_chain(getattr(paragraph, "style", None)):
        found = style.element.find(f"{W}pPr/{W}outlineLvl")
        if found is not None:
            return found
    return None


def _outline_level(paragraph: Any, styles: _Styles) -> int | None:
    """The paragraph's outline level (0 = top) from its own properties or its style chain; None for body text."""
    found = paragraph._p.find(f"{W}pPr/{W}outlineLvl")
    if found is None:
        found = styles.outline(paragraph)
    if found is None:
        return None
    try:
        level = int(found.get(f"{W}val", "9"))
    except ValueError:
        return None
    return level if 0 <= level < 9 else None


def _style_bold(paragraph: Any) -> bool:
    for style in _style_chain(getattr(paragraph, "style", None)):
        bold = style.font.bold
        if bold is not None:
            return bool(bold)
    return False


def _paragraph_block(paragraph: Any, has_title: bool, styles: _Styles) -> TextBlock | None:
    runs = _runs(paragraph._p)
    text = normalise_unicode(" ".join("".join(t for t, _ in runs).split()))
    if not text:
        return None
    style = styles.name(paragraph)
    lowered = style.lower()
    if lowered.startswith("toc") or lowered == "table of figures":  # entries of a generated contents list
        return TextBlock("toc", text)
    if style == "Title":
        return TextBlock("heading", text, None, 1)
    if style.startswith("Heading"):
        digits = "".join(ch for ch in style if ch.isdigit())
        level = int(digits) if digits else 1
        return TextBlock("heading", text, None, level + 1 if has_title else level)
    outline = _outline_level(paragraph, styles)
    if outline is not None:  # a house style ('Kop Eigen', 'Hoofdstuktitel') marked as a heading level
        return TextBlock("heading", text, None, outline + 2 if has_title else outline + 1)
    if "List" in style or paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        return TextBlock("list", text)
    if "Quote" in style:
        return TextBlock("quote", text)
    style_bold = styles.bold(paragraph)
    if all(style_bold if bold is None else bold for t, bold in runs if t.strip()) and heading_like(text):
        return TextBlock("heading", text, None, 0)  # a bold line: level set by read_docx
    return TextBlock("text", text)


def _in_fallback(node: Any, top: Any) -> bool:
    """Whether a node below `top` is in an mc:Fallback (the VML copy of a text box)."""
    for ancestor in node.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag == _FALLBACK:
            return True
    return False


def _cell_text(cell: Any) -> str:
    """All text of a table cell, nested tables and text boxes included."""
    texts = ("".join(t for t, _ in _runs(p)) for p in cell._tc.iter(f"{W}p") if not _in_fallback(p, cell._tc))
    return normalise_unicode(" ".join(" ".join(texts).split()))


def _table_block(table: Any) -> TextBlock | None:
    rows = []
    for row in table.rows:
        cells = [_cell_text(cell) for cell in row.cells]
        unique = [
            c for n, c in enumerate(cells) if c and (n == 0 or c != cells[n - 1])
        ]  # merged cells repeat
        if unique:
            rows.append(" | ".join(unique))
    return TextBlock("table", "\n".join(rows)) if rows else None


def _body_elements(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, also inside content controls (w:sdt) and custom XML."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
            yield from _body_elements(child)


def _text_boxes(p: Any) -> Iterator[Any]:
    """The outermost text boxes (w:txbxContent) anchored in a paragraph, each once: the DrawingML
    box of an mc:AlternateContent, not its VML copy in mc:Fallback."""
    for box in p.iter(f"{W}txbxContent"):
        if not any(a.tag in (_FALLBACK, f"{W}txbxContent") for a in box.iterancestors()):
            yield box


def _box_blocks(p: Any, document: Any, styles: _Styles) -> list[TextBlock]:
    """Blocks of the text boxes anchored in a paragraph (call-outs, 'kaders' with key figures,
    quotes), placed after it. A bold line in a box is text: it must not become the heading of the
    body text that follows the box."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[TextBlock] = []
    for box in _text_boxes(p):
        for child in _body_elements(box):
            if child.tag == f"{W}p":
                block = _paragraph_block(Paragraph(child, document), False, styles)
                if block and block.kind in ("heading", "toc"):
                    block = TextBlock("text", block.text)
            else:
                block = _table_block(Table(child, document))
            if block:
                blocks.append(block)
    return blocks


def read_docx(content: bytes) -> DocxRead:
    """Body blocks of a Word document in document order, or a status saying why not."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        return DocxRead(ExtractionStatus.CORRUPT, f"DOCX could not be opened: {exc}")
    title = (document.core_properties.title or "").strip() or None
    blocks: list[TextBlock] = []
    styles = _Styles()
    has_title = False
    level = 1  # of the last styled heading; a bold line is a heading one level below it
    for child in _body_elements(document.element.body):
        block: TextBlock | None = None
        if child.tag == f"{W}p":
            paragraph = Paragraph(child, document)
            has_title = has_title or styles.name(paragraph) == "Title"
            block = _paragraph_block(paragraph, has_title, styles)
            if block and block.kind == "heading":
                if block.level == 0:
                    block = TextBlock("heading", block.text, None, min(level + 1, 9))
                else:
                    level = block.level
        else:
            block = _table_block(Table(child, document))
        if block:
            blocks.append(block)
        if child.tag == f"{W}p":
            blocks.extend(_box_blocks(child, document, styles))
    # a contents list typed by hand, and the title of a generated one
    drop = toc_lines([b.text if b.kind != "table" else "" for b in blocks])
    drop |= {n for n, b in enumerate(blocks[:-1]) if blocks[n + 1].kind == "toc" and TOC_TITLE.match(b.text)}
    blocks = [b for n, b in enumerate(blocks) if n not in drop and b.kind != "toc"]
    if not blocks:
        return DocxRead(ExtractionStatus.EMPTY_TEXT, "the document body has no text", [], title)
    return DocxRead(ExtractionStatus.OK, None, blocks, title)
