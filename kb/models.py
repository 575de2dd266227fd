"""Frozen dataclasses for what crosses a room (crawler -> analysis -> portal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


class Outcome(StrEnum):
    """Crawl outcome vocabulary of ../shared/spec/cli.md (one per submission per run)."""

    OK = "ok"
    INVALID_URL = "invalid_url"
    BLOCKED_ADDRESS = "blocked_address"
    ROBOTS_DISALLOWED = "robots_disallowed"
    DNS_ERROR = "dns_error"
    CONNECTION_ERROR = "connection_error"
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"
    REDIRECT_LOOP = "redirect_loop"
    TOO_LARGE = "too_large"
    NO_REPORT_FOUND = "no_report_found"
    UNSUPPORTED_TYPE = "unsupported_type"


class ExtractionStatus(StrEnum):
    OK = "ok"
    NEEDS_OCR = "needs_ocr"
    EMPTY_TEXT = "empty_text"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    UNSUPPORTED = "unsupported"
    ERROR = "error"


@dataclass(frozen=True)
class Passage:
    """A passage of clean body text, traceable to page and heading."""

    id: str
    text: str
    page: int | None
    heading_path: tuple[str, ...]
    char_start: int
    char_end: int
    kind: str = "text"  # text / table / list / quote

    @property
    def heading(self) -> str:
        return self.heading_path[-1] if self.heading_path else ""

    @cached_property  # asked for more than once per passage when a document is stored
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Extraction:
    """Bytes in, clean passages out - or a status saying why not."""

    status: ExtractionStatus
    media_type: str
    error: str | None = None
    pages: int | None = None
    title: str | None = None
    language: str | None = None
    doc_type: str | None = None
    years: tuple[int, ...] = ()
    needs_ocr: bool = False
    ocr_used: bool = False
    note: str | None = None  # what a reader should know of an OK extraction (pages whose text is missing or OCRed)
    pages_without_text: tuple[int, ...] = ()  # 1-based PDF pages without a text layer (scans), blank pages not counted
    text: str = ""
    passages: tuple[Passage, ...] = ()
    headings: tuple[tuple[int, str, int | None], ...] = ()  # (level, text, page)


@dataclass(frozen=True)
class LabelScore:
    label_id: str
    score: float
    source: str = "model"  # model / rule / weak / human
    terms: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PassageLabels:
    """The labels of one passage: assigned ids per kind and all scores."""

    bouwstenen: tuple[str, ...]
    elements: tuple[str, ...]
    facets: tuple[str, ...]
    scores: dict[str, float]
    explanations: dict[str, list[str]] = field(default_factory=dict)
