"""Labels from document structure at analysis time: a section whose heading names a label.

Many kwaliteitsbeelden follow the handreiking's chapters ("Het werk organiseren (bouwsteen 3)",
"Bouwsteen 2: Het bouwen van netwerken"). The author then says what the section is about, and a
kompaspartij reading the coverage report expects its passages to count for that bouwsteen even
where a passage's own words do not say so. A label's ``section_patterns`` (taxonomy) are strict
regexes for such headings; unlike the broad ``heading_patterns`` of weak supervision they should
only match a heading that names the label.

The innermost heading of a passage's heading path that names any label of the sector decides
(a sub-section "3.2 Zeggenschap" under "Bouwsteen 3" still counts for bouwsteen 3). Headings that
are the document's own title ("Kwaliteitsbeeld 2024 — inzicht in kwaliteit") are skipped, or every
passage would carry the title's label. The label is added to what the classifier assigned (or
kept, where the classifier gave it too), with the heading as its first explanation, and its score is raised to at least SECTION_SCORE: the author's
own structure is strong evidence, and document coverage weighs evidence by score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from kb.models import PassageLabels
from kb.taxonomy import Label, Taxonomy

SECTION_SCORE = 0.75
MAX_HEADING_CHARS = 160  # longer "headings" are sentences caught by a heading heuristic
EXPLANATION_PREFIX = "kop: "
_TITLE = re.compile(
    r"kwaliteits(beeld|verslag|rapport|plan|document|jaarverslag|verantwoording)|jaarverslag|jaardocument|voortgangsbericht",
    re.IGNORECASE,
)


def is_document_title(heading: str) -> bool:
    """A heading that names the report itself (kwaliteitsbeeld, jaarverslag, ...), not a section of it."""
    return bool(_TITLE.search(heading))


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def section_labels(heading_path: Sequence[str], labels: Sequence[Label]) -> tuple[set[str], str]:
    """(label ids, heading) named by the innermost heading of `heading_path` that names any."""
    for heading in reversed(heading_path):
        heading = " ".join(str(heading).split())
        if not heading or len(heading) > MAX_HEADING_CHARS or _TITLE.search(heading):
            continue
        hits = set()
        for label in labels:
            rx = _compiled(label.section_patterns)
            if rx is not None and rx.search(heading):
                hits.add(label.id)
        if hits:
            return hits, heading
    return set(), ""


def apply_sections(
    labels: Sequence[PassageLabels], heading_paths: Sequence[Sequence[str]], taxonomy: Taxonomy, sector: str
) -> list[PassageLabels]:
    """`labels` with the bouwstenen and elements their section headings name added."""
    candidates = [lb for lb in (*taxonomy.bouwstenen_for(sector), *taxonomy.elements_for(sector)) if lb.section_patterns]
    if not candidates:
        return list(labels)
    bouwsteen_ids = {b.id for b in taxonomy.bouwstenen_for(sector)}
    order = {lb.id: i for i, lb in enumerate((*taxonomy.bouwstenen_for(sector), *taxonomy.elements_for(sector)))}
    out = []
    for pl, path in zip(labels, heading_paths, strict=True):
        hits, heading = section_labels(list(path or []), candidates)
        if not hits:
            out.append(pl)
            continue
        new_b = hits & bouwsteen_ids - set(pl.bouwstenen)
        new_e = hits - bouwsteen_ids - set(pl.elements)
        explanations, scores = dict(pl.explanations), dict(pl.scores)
        for lid in hits:  # also where the classifier gave the label: the heading is the first reason
            explanations[lid] = [EXPLANATION_PREFIX + heading, *explanations.get(lid, [])]
            scores[lid] = max(scores.get(lid, 0.0), SECTION_SCORE)
        out.append(replace(
            pl,
            bouwstenen=tuple(sorted({*pl.bouwstenen, *new_b}, key=order.__getitem__)),
            elements=tuple(sorted({*pl.elements, *new_e}, key=order.__getitem__)),
            scores=scores,
            explanations=explanations,
        ))
    return out
