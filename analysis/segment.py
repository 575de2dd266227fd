"""Blocks of clean text -> the document text and passages of roughly 40-300 words.

Passages never straddle a heading; tables are passages of their own; a very
long paragraph is split at sentence boundaries. Every passage carries its page,
heading path and the offsets of its text in the document's clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.models import Passage

MIN_WORDS = 40
TARGET_WORDS = 200
MAX_WORDS = 300
BLOCK_SEPARATOR = "\n\n"
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=\S)")


@dataclass(frozen=True)
class TextBlock:
    """One unit read from a document: a heading, paragraph, list item, table or quote."""

    kind: str  # heading / text / list / table / quote
    text: str
    page: int | None = None
    level: int = 0  # heading level, 1 = top


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    words: int
    kind: str
    page: int | None


@dataclass(frozen=True)
class Segmented:
    text: str
    passages: tuple[Passage, ...]
    headings: tuple[tuple[int, str, int | None], ...]


def word_count(text: str) -> int:
    """len(text.split()) without making the list: a printable text with single spaces between its
    words (the usual paragraph) has one word more than spaces."""
    if text and text[0] != " " and text[-1] != " " and text.isprintable() and "  " not in text:
        return text.count(" ") + 1
    return len(text.split())


def _sentence_spans(text: str, start: int) -> list[tuple[int, int, int]]:
    """(start, end, words) of the sentences of `text`, offsets relative to the document."""
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start + pos, start + m.start(), len(text[pos : m.start()].split())))
        pos = m.end()
    spans.append((start + pos, start + len(text), len(text[pos:].split())))
    return spans


def _hard_chunks(start: int, text: str) -> list[tuple[int, int, int]]:
    """Split a run of words without sentence ends every MAX_WORDS words."""
    out: list[tuple[int, int, int]] = []
    matches = list(re.finditer(r"\S+", text))
    for i in range(0, len(matches), TARGET_WORDS):
        group = matches[i : i + TARGET_WORDS]
        out.append((start + group[0].start(), start + group[-1].end(), len(group)))
    return out


def split_long(text: str, start: int) -> list[tuple[int, int, int]]:
    """Chunks (start, end, words) of at most MAX_WORDS words, cut at sentence ends where possible."""
    chunks: list[tuple[int, int, int]] = []
    cur: tuple[int, int, int] | None = None
    for s_start, s_end, words in _sentence_spans(text, start):
        if words > MAX_WORDS:
            if cur:
                chunks.append(cur)
                cur = None
            chunks.extend(_hard_chunks(s_start, text[s_start - start : s_end - start]))
        elif cur and cur[2] + words > TARGET_WORDS:
            chunks.append(cur)
            cur = (s_start, s_end, words)
        else:
            cur = (cur[0], s_end, cur[2] + words) if cur else (s_start, s_end, words)
    if cur:
        chunks.append(cur)
    return chunks


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending: list[tuple[int, int, int | None, tuple[str, ...], str]] = []
        self.headings: list[tuple[int, str, int | None]] = []
        self.path: list[tuple[int, str]] = []
        self.path_texts: tuple[str, ...] = ()
        self.current: list[_Span] = []
        self.current_words = 0

    def append_text(self, text: str) -> int:
        if self.parts:
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def flush(self) -> None:
        if not self.current:
            return
        start, end = self.current[0].start, self.current[-1].end
        if len(self.current) == 1:
            kind = self.current[0].kind
        else:
            kinds: dict[str, int] = {}
            for span in self.current:
                kinds[span.kind] = kinds.get(span.kind, 0) + span.words
            kind = max(kinds, key=kinds.__getitem__)
        self.pending.append((start, end, self.current[0].page, self.path_texts, kind))
        self.current = []
        self.current_words = 0

    def finish(self) -> Segmented:
        self.flush()
        text = "".join(self.parts)
        passages = tuple(
            Passage(
                id=f"p{n}", text=text[s:e], page=page, heading_path=path, char_start=s, char_end=e, kind=kind
            )
            for n, (s, e, page, path, kind) in enumerate(self.pending, start=1)
        )
        return Segmented(text, passages, tuple(self.headings))

    def add_span(self, span: _Span) -> None:
        total = self.current_words
        too_big = total + span.words > (TARGET_WORDS if total >= MIN_WORDS else MAX_WORDS)
        if self.current and too_big:
            self.flush()
        self.current.append(span)
        self.current_words += span.words

    def heading(self, block: TextBlock) -> None:
        self.flush()
        level = max(block.level, 1)
        self.path = [(lv, h) for lv, h in self.path if lv < level] + [(level, block.text)]
        self.path_texts = tuple(h for _, h in self.path)
        self.headings.append((level, block.text, block.page))
        self.append_text(block.text)

    def body(self, block: TextBlock) -> None:
        start = self.append_text(block.text)
        words = word_count(block.text)
        if block.kind == "table":
            self.flush()
            self.current = [_Span(start, start + len(block.text), words, "table", block.page)]
            self.current_words = words
            self.flush()
            return
        kind = "text" if block.kind not in {"list", "quote"} else block.kind
        if words <= MAX_WORDS:
            self.add_span(_Span(start, start + len(block.text), words, kind, block.page))
            return
        for c_start, c_end, c_words in split_long(block.text, start):
            self.add_span(_Span(c_start, c_end, c_words, kind, block.page))


def split_into_passages(blocks: list[TextBlock]) -> Segmented:
    """The clean document text (blocks separated by blank lines), its passages and headings."""
    builder = _Builder()
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        clean = block if text is block.text else TextBlock(block.kind, text, block.page, block.level)
        if clean.kind == "heading":
            builder.heading(clean)
        else:
            builder.body(clean)
    return builder.finish()
