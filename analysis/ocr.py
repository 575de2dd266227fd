"""OCR of PDFs without a text layer: pypdfium2 renders pages, Tesseract (subprocess) reads them.

Tesseract is a system program (Debian `tesseract-ocr` + `tesseract-ocr-nld`); when it is
missing the caller gets an error message instead of text, never an exception.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.clean import is_page_number, join_lines, normalise_unicode, repeated_lines, running_key
from analysis.segment import TextBlock

RENDER_DPI = 300


@lru_cache(maxsize=1)
def tesseract_languages() -> tuple[str, ...]:
    """Installed Tesseract languages; empty when Tesseract is not installed."""
    exe = shutil.which("tesseract")
    if not exe:
        return ()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def ocr_status() -> str | None:
    """None when OCR can run; otherwise why not (shown in reports)."""
    langs = tesseract_languages()
    if not langs:
        return "OCR unavailable: tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-nld)"
    if "nld" not in langs:
        return "OCR unavailable: Dutch language data missing (apt-get install tesseract-ocr-nld)"
    return None


def _ocr_image(path: Path, timeout: float) -> str:
    langs = "nld+eng" if "eng" in tesseract_languages() else "nld"
    out = subprocess.run(
        ["tesseract", str(path), "stdout", "-l", langs, "--psm", "3"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return out.stdout


def _page_paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in normalise_unicode(text).split("\n"):
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _blocks(pages: list[tuple[int, list[list[str]]]]) -> list[TextBlock]:
    """Text blocks of OCRed pages, given as (1-based page number, paragraphs of lines)."""
    edges = [[p[0][0], p[-1][-1]] if p else [] for _, p in pages]
    repeated = repeated_lines(edges)
    blocks: list[TextBlock] = []
    for number, paragraphs in pages:
        for para in paragraphs:
            kept = [ln for ln in para if not is_page_number(ln) and running_key(ln) not in repeated]
            if kept:
                blocks.append(TextBlock("text", join_lines(kept), number))
    return blocks


def ocr_pages(
    doc: Any, deadline: float | None, page_timeout: float, indexes: list[int] | None = None
) -> tuple[list[TextBlock], str | None]:
    """Text blocks of the pages at `indexes` (0-based; default every page) of an open pypdfium2
    document, or (`[]`, reason)."""
    reason = ocr_status()
    if reason:
        return [], reason
    pages: list[tuple[int, list[list[str]]]] = []
    with tempfile.TemporaryDirectory(prefix="kb-ocr-") as tmp:
        for i in range(len(doc)) if indexes is None else indexes:
            if deadline is not None and time.monotonic() > deadline:
                return [], f"OCR time limit reached at page {i + 1}"
            image = doc[i].render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
            path = Path(tmp) / f"page-{i + 1}.png"
            image.save(path)
            try:
                text = _ocr_image(path, page_timeout)
            except (OSError, subprocess.SubprocessError) as exc:
                return [], f"OCR failed on page {i + 1}: {exc}"
            pages.append((i + 1, _page_paragraphs(text)))
    return _blocks(pages), None
