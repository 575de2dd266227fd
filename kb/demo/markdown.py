"""Parse the demo reports (data/demo/reports/*.md): YAML front matter + a markdown-like body.

Body syntax: ``#``/``##``/``###`` headings, paragraphs (consecutive lines joined), ``- ``
bullets, ``> `` quotes, ``| a | b |`` tables (separator rows ``|---|`` skipped) and
``---page---`` lines splitting a multi-page HTML report. Anything else is paragraph text,
so a format slip in the content degrades to a paragraph instead of failing the build.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from kb.docmaker import Block, DocSpec

PAGE_BREAK = "---page---"
Format = Literal["pdf", "pdf-2col", "html", "docx", "pdf-scanned"]
_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


class ReportMeta(BaseModel):
    """Front matter of one demo report."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    org: str
    sector: str
    year: int
    doc_type: str = "kwaliteitsbeeld"
    format: Format = "pdf"
    language: str = "nl"
    title: str
    running_header: str | None = None
    layout: str | None = None
    missing_elements: tuple[str, ...] = ()
    shared_template: str | None = None
    figures: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class DemoReport:
    meta: ReportMeta
    parts: tuple[tuple[Block, ...], ...]  # one part per ---page--- section

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(block for part in self.parts for block in part)

    def spec(self, **changes: Any) -> DocSpec:
        """The whole report as one document (PDF, DOCX, single-page HTML) titled by the front matter."""
        _heading, blocks = _split_title(self.blocks)
        return _spec(self.meta, blocks, self.meta.title, **changes)

    def part_specs(self, **changes: Any) -> list[DocSpec]:
        """One document per ---page--- part (multi-page HTML), titled by its leading # heading."""
        specs = []
        for number, part in enumerate(self.parts):
            heading, blocks = _split_title(part)
            title = self.meta.title if number == 0 or not heading else heading
            specs.append(_spec(self.meta, blocks, title, **changes))
        return specs


def _split_title(blocks: tuple[Block, ...]) -> tuple[str | None, tuple[Block, ...]]:
    """A leading level-1 heading is the document title (docmaker renders the title itself)."""
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        return blocks[0].text, blocks[1:]
    return None, blocks


def _demote(block: Block) -> Block:
    """``#`` is the document title, so ``##`` is docmaker's level 1 (rendered as h2), ``###`` level 2."""
    if block.kind != "heading":
        return block
    return dataclasses.replace(block, level=max(1, block.level - 1))


def _spec(meta: ReportMeta, blocks: tuple[Block, ...], title: str, **changes: Any) -> DocSpec:
    values: dict[str, Any] = {
        "title": title,
        "blocks": tuple(_demote(block) for block in blocks),
        "running_header": meta.running_header,
        "columns": 2 if meta.format == "pdf-2col" else 1,
        "scanned": meta.format == "pdf-scanned",
        "language": meta.language,
        "hyphenate": meta.format == "pdf-2col",
    }
    values.update(changes)
    return DocSpec(**values)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter mapping, body); no front matter gives an empty mapping."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            return dict(meta), "\n".join(lines[end + 1 :])
    return {}, text


def _table_row(line: str) -> tuple[str, ...]:
    cells = line.strip().strip("|").split("|")
    return tuple(cell.strip() for cell in cells)


class _BodyParser:
    """Line-by-line state machine: collects one pending block at a time."""

    def __init__(self) -> None:
        self.parts: list[list[Block]] = [[]]
        self.kind: str | None = None
        self.lines: list[str] = []

    def flush(self) -> None:
        if self.kind is None or not self.lines:
            self.kind, self.lines = None, []
            return
        part = self.parts[-1]
        if self.kind == "paragraph":
            part.append(Block(kind="paragraph", text=" ".join(self.lines)))
        elif self.kind == "quote":
            part.append(Block(kind="quote", text=" ".join(self.lines)))
        elif self.kind == "bullets":
            part.append(Block(kind="bullets", items=tuple(self.lines)))
        elif self.kind == "table":
            part.append(Block(kind="table", rows=tuple(_table_row(line) for line in self.lines)))
        self.kind, self.lines = None, []

    def add(self, kind: str, content: str) -> None:
        if self.kind != kind:
            self.flush()
            self.kind = kind
        self.lines.append(content)

    def feed(self, raw: str) -> None:
        line = raw.rstrip()
        stripped = line.strip()
        if stripped == PAGE_BREAK:
            self.flush()
            self.parts.append([])
        elif not stripped:
            self.flush()
        elif match := _HEADING.match(stripped):
            self.flush()
            self.parts[-1].append(Block(kind="heading", text=match.group(2), level=len(match.group(1))))
        elif stripped.startswith(("- ", "* ")):
            self.add("bullets", stripped[2:].strip())
        elif stripped.startswith(">"):
            self.add("quote", stripped[1:].strip())
        elif stripped.startswith("|"):
            if not _TABLE_SEPARATOR.match(stripped):
                self.add("table", stripped)
        elif self.kind == "bullets" and raw.startswith((" ", "\t")):
            self.lines[-1] += " " + stripped  # continuation of a bullet
        else:
            self.add("paragraph" if self.kind not in ("quote",) else "quote", stripped)


def parse_body(body: str) -> tuple[tuple[Block, ...], ...]:
    """Blocks of a markdown-like body, split into parts at ``---page---`` lines."""
    parser = _BodyParser()
    for line in body.splitlines():
        parser.feed(line)
    parser.flush()
    return tuple(tuple(part) for part in parser.parts if part)


def parse_report(text: str) -> DemoReport:
    """A demo report from its file text; raises pydantic.ValidationError on bad front matter."""
    meta, body = split_front_matter(text)
    return DemoReport(meta=ReportMeta.model_validate(meta), parts=parse_body(body))


def body_spec(title: str, body: str, **changes: Any) -> DocSpec:
    """A plain document (no front matter) from a markdown-like body; a leading # heading is dropped."""
    _heading, blocks = _split_title(tuple(b for part in parse_body(body) for b in part))
    values: dict[str, Any] = {"title": title, "blocks": tuple(_demote(b) for b in blocks), **changes}
    return DocSpec(**values)


def load_reports(reports_dir: Path) -> dict[str, DemoReport]:
    """All reports of a directory by id."""
    reports = {}
    for path in sorted(reports_dir.glob("*.md")):
        report = parse_report(path.read_text(encoding="utf-8"))
        reports[report.meta.id] = report
    return reports
