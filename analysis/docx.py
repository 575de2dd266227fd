"""DOCX -> text blocks with python-docx: Title/Heading styles, list paragraphs, tables, quotes.

Running headers and footers live in the section parts, not in the body, so they
never reach the text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from analysis.clean import normalise_unicode
from analysis.segment import TextBlock
from kb.models import ExtractionStatus


@dataclass
class DocxRead:
    status: ExtractionStatus
    error: str | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    title: str | None = None


def _style(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "")
    except (AttributeError, KeyError, ValueError):
        return ""


def _paragraph_block(paragraph: Any, has_title: bool) -> TextBlock | None:
    text = normalise_unicode(" ".join(paragraph.text.split()))
    if not text:
        return None
    style = _style(paragraph)
    if style == "Title":
        return TextBlock("heading", text, None, 1)
    if style.startswith("Heading"):
        digits = "".join(ch for ch in style if ch.isdigit())
        level = int(digits) if digits else 1
        return TextBlock("heading", text, None, level + 1 if has_title else level)
    if "List" in style or paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        return TextBlock("list", text)
    if "Quote" in style:
        return TextBlock("quote", text)
    return TextBlock("text", text)


def _table_block(table: Any) -> TextBlock | None:
    rows = []
    for row in table.rows:
        cells = [normalise_unicode(" ".join(cell.text.split())) for cell in row.cells]
        unique = [
            c for n, c in enumerate(cells) if c and (n == 0 or c != cells[n - 1])
        ]  # merged cells repeat
        if unique:
            rows.append(" | ".join(unique))
    return TextBlock("table", "\n".join(rows)) if rows else None


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
    has_title = False
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        block: TextBlock | None = None
        if tag == "p":
            paragraph = Paragraph(child, document)
            has_title = has_title or _style(paragraph) == "Title"
            block = _paragraph_block(paragraph, has_title)
        elif tag == "tbl":
            block = _table_block(Table(child, document))
        if block:
            blocks.append(block)
    if not blocks:
        return DocxRead(ExtractionStatus.EMPTY_TEXT, "the document body has no text", [], title)
    return DocxRead(ExtractionStatus.OK, None, blocks, title)
