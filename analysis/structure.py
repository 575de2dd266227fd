"""How a report is organised: headings mapped to bouwstenen/elements, and its layout.

Layouts: `handreiking` (follows the VVT bijlage-1 chapter layout), `bouwstenen`
(organised along the sector's bouwstenen, as GHZ reports often are) or `eigen`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from kb.taxonomy import Taxonomy

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_MINOR = {"het", "van", "de", "een", "en", "op", "naar", "bouwsteen"}


def _tokens(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _MINOR}


def heading_matches(heading: str, chapter: str) -> bool:
    """A heading matches a chapter name when most of the chapter's content words occur in it."""
    want = _tokens(chapter)
    return bool(want) and len(want & _tokens(heading)) >= max(1, (len(want) + 1) // 2)


def labels_for_heading(heading: str, taxonomy: Taxonomy, sector: str) -> list[str]:
    """Bouwsteen/element ids whose heading patterns match the heading."""
    found = []
    for label in (*taxonomy.bouwstenen_for(sector), *taxonomy.elements_for(sector)):
        if any(re.search(p, heading, re.I) for p in label.heading_patterns):
            found.append(label.id)
    return found


def document_structure(
    passages: list[tuple[list[str], list[str]]], taxonomy: Taxonomy, sector: str
) -> dict[str, Any]:
    """`passages` are (heading path, bouwsteen ids) in reading order; returns layout and heading map."""
    order: list[str] = []
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for path, bouwstenen in passages:
        top = path[0] if path else ""
        if not top:
            continue
        if top not in votes:
            order.append(top)
        votes[top].update(bouwstenen)
        votes[top]["_n"] += 1
    headings = []
    for h in order:
        by_pattern = labels_for_heading(h, taxonomy, sector)
        n = votes[h].pop("_n")
        by_passages = [lab for lab, c in votes[h].most_common(2) if c >= max(1, n // 2)]
        headings.append({"heading": h, "labels": by_pattern or by_passages, "source": "heading" if by_pattern else "passages"})
    return {"layout": _layout(order, taxonomy, sector), "headings": headings}


def _layout(headings: list[str], taxonomy: Taxonomy, sector: str) -> str:
    try:
        chapters = list(taxonomy.sector(sector).chapter_layout)
    except KeyError:
        chapters = []
    matched = sum(any(heading_matches(h, c) for h in headings) for c in chapters)
    bouwsteen_names = [b.name for b in taxonomy.bouwstenen_for(sector)]
    by_bouwsteen = sum(any(heading_matches(h, n) for h in headings) for n in bouwsteen_names)
    if sector == "vvt" and chapters and matched >= min(5, len(chapters)):
        return "handreiking"
    if bouwsteen_names and by_bouwsteen >= max(3, len(bouwsteen_names) - 1):
        return "bouwstenen"
    return "eigen"
