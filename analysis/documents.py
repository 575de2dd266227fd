"""What a sector's framework asks of each document type, and what `kb check` tells a provider about a draft.

The rules are data (`data/documents.yaml`, next to the taxonomy): per sector the words that mark a
text as that sector's, and per document type (kwaliteitsbeeld, voortgangsbericht, visitatieverslag)
its deadline, where it goes, and which mandatory elements it must hold. They are kept out of the
taxonomy so that editing them does not invalidate the trained model (the model is tied to the
taxonomy's hash). A missing file means: no deadlines known, every element required.

`assess` reads an extraction and the coverage of `analysis.coverage.document_coverage` and returns
what the check adds to its report: the document type it was checked as, the rule for it, the
sector the text reads as, the mandatory elements still missing, and warnings a provider reads
(Dutch), each with a stable `code`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.clean import TOC_LEADER_ENTRY, TOC_TITLE
from kb.models import Extraction, Passage
from kb.taxonomy import Taxonomy

RULES_FILE = "documents.yaml"
DEFAULT_DOC_TYPE = "kwaliteitsbeeld"
MIN_BODY_WORDS = 250  # below this a draft is too thin for its coverage to say much
MIN_MARKER_HITS = 3  # a sector guess needs at least this many marker words ...
MARKER_DOMINANCE = 2.0  # ... and this many times those of any other sector
DOC_TYPE_NL = {"kwaliteitsbeeld": "kwaliteitsbeeld", "voortgangsbericht": "voortgangsbericht",
               "visitatieverslag": "visitatieverslag", "jaarverslag": "jaarverslag of jaardocument",
               "other": "geen herkend documenttype"}
LANGUAGE_NL = {"en": "Engels", "de": "Duits", "fr": "Frans", "fy": "Fries"}


class DocumentRulesError(ValueError):
    """data/documents.yaml is invalid; the message says where."""


@dataclass(frozen=True)
class DocumentRule:
    type: str
    deadline: str = ""
    submit: str = ""
    required: tuple[str, ...] | None = None  # None: every element of the sector
    note: str = ""


@dataclass(frozen=True)
class SectorRules:
    markers: tuple[str, ...] = ()
    documents: tuple[DocumentRule, ...] = ()

    def document(self, doc_type: str) -> DocumentRule | None:
        return next((d for d in self.documents if d.type == doc_type), None)


def rules_path(taxonomy_path: str | Path) -> Path:
    """The rules file next to the taxonomy in use (a test or an installation with its own taxonomy has its own)."""
    return Path(taxonomy_path).with_name(RULES_FILE)


def load_rules(taxonomy_path: str | Path, taxonomy: Taxonomy) -> dict[str, SectorRules]:
    """Rules per sector id; {} when there is no rules file. DocumentRulesError names what is wrong."""
    path = rules_path(taxonomy_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise DocumentRulesError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return _parse(str(path), text, taxonomy)


def _parse(path: str, text: str, taxonomy: Taxonomy) -> dict[str, SectorRules]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise DocumentRulesError(f"{path} is not valid YAML: {exc}") from exc
    sectors = data.get("sectors") if isinstance(data, dict) else None
    if not isinstance(sectors, dict):
        raise DocumentRulesError(f"{path}: expected a mapping 'sectors:' of sector id to rules")
    known = set(taxonomy.sector_ids())
    out: dict[str, SectorRules] = {}
    for sector_id, body in sectors.items():
        if sector_id not in known:
            continue  # rules for a sector this taxonomy does not have (a test taxonomy, a removed sector)
        where = f"{path}, sector {sector_id!r}"
        if not isinstance(body, dict):
            raise DocumentRulesError(f"{where}: expected a mapping with 'markers' and 'documents'")
        own = {e.id for e in taxonomy.elements_for(sector_id)}
        doc_types = set(taxonomy.sector(sector_id).doc_types)
        documents = []
        for doc_type, rule in (body.get("documents") or {}).items():
            if doc_type not in doc_types:
                raise DocumentRulesError(f"{where}: {doc_type!r} is not one of the sector's doc_types "
                                         f"({', '.join(sorted(doc_types))})")
            rule = rule or {}
            required = rule.get("required")
            if required is not None:
                unknown = [r for r in required if r not in own]
                if unknown:
                    raise DocumentRulesError(f"{where}, {doc_type}: unknown element(s) {', '.join(map(str, unknown))}")
                required = tuple(required)
            documents.append(DocumentRule(doc_type, str(rule.get("deadline") or ""), str(rule.get("submit") or ""),
                                          required, str(rule.get("note") or "")))
        markers = tuple(str(m).lower() for m in body.get("markers") or ())
        out[sector_id] = SectorRules(markers, tuple(documents))
    return out


def is_table_of_contents(passage: Passage) -> bool:
    """A passage that lists the document's chapters (it names every element by design: no evidence)."""
    if any(TOC_TITLE.match(h) for h in passage.heading_path[-1:]):
        return True
    return len(TOC_LEADER_ENTRY.findall(passage.text)) >= 2


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


_TRAILING_PAGE = re.compile(r"(?:\s|\t|\.{2,}|…)+\d{1,4}\s*$")


def lists_headings(passage: Passage, headings: Collection[str]) -> bool:
    """Whether the passage is a list of the document's own headings: a contents list without a title
    or page numbers (Google Docs exports its contents as plain linked lines)."""
    lines = [_norm(_TRAILING_PAGE.sub("", line)) for line in passage.text.splitlines()]
    lines = [line for line in lines if line]
    return len(lines) >= 2 and sum(line in headings for line in lines) >= 0.8 * len(lines)


def is_evidence(passage: Passage, title: str | None, headings: Collection[str] = ()) -> bool:
    """Whether a passage's labels may evidence a bouwsteen or element: not a table of contents (it names
    every chapter by design), not the document's title or a bare heading repeated as text.
    `headings` are the document's headings, normalised with `normalised_headings`."""
    if is_table_of_contents(passage) or lists_headings(passage, headings):
        return False
    text = _norm(passage.text)
    return bool(text) and text != _norm(title or "") and text not in {_norm(h) for h in passage.heading_path}


def normalised_headings(extraction: Extraction) -> set[str]:
    return {_norm(text) for _level, text, _page in extraction.headings} - {""}


def marker_counts(text: str, rules: dict[str, SectorRules]) -> dict[str, int]:
    """How often each sector's marker words occur in `text` (whole words, case-insensitive)."""
    lowered = text.lower()
    counts = {}
    for sector_id, sector_rules in rules.items():
        if sector_rules.markers:
            pattern = r"\b(?:" + "|".join(re.escape(m) for m in sector_rules.markers) + r")\b"
            counts[sector_id] = len(re.findall(pattern, lowered))
    return counts


def guess_sector(text: str, rules: dict[str, SectorRules]) -> str | None:
    """The sector the text is clearly written for, or None when the words do not say."""
    counts = marker_counts(text, rules)
    if not counts:
        return None
    best = max(counts, key=lambda s: counts[s])
    others = max((n for s, n in counts.items() if s != best), default=0)
    if counts[best] >= MIN_MARKER_HITS and counts[best] >= MARKER_DOMINANCE * others:
        return best
    return None


def _words(passages: list[Passage]) -> int:
    return sum(len(p.text.split()) for p in passages)


def assess(extraction: Extraction, sector: str, taxonomy: Taxonomy, rules: dict[str, SectorRules],
           coverage: dict[str, Any], counted: list[Passage], doc_type: str | None = None) -> dict[str, Any]:
    """What the check adds to its report: requirements for the document type, missing elements, warnings.

    `counted` are the passages whose labels count as evidence (tables of contents left out);
    `doc_type` overrides the type read from the document.
    """
    sec = taxonomy.sector(sector)
    sector_rules = rules.get(sector, SectorRules())
    found = extraction.doc_type or "other"
    warnings: list[dict[str, str]] = []
    checked = doc_type or found
    if checked not in sec.doc_types:
        kinds = " of ".join(sec.doc_types)
        if found in ("jaarverslag", "other") or doc_type:
            text = (f"Het document noemt zich geen {kinds} (herkend: {DOC_TYPE_NL.get(found, found)}); "
                    f"het is getoetst als {DEFAULT_DOC_TYPE}.")
        else:
            text = (f"Het document lijkt een {DOC_TYPE_NL.get(found, found)}, maar in de sector {sec.name} "
                    f"is alleen een {kinds} voorgeschreven; het is getoetst als {DEFAULT_DOC_TYPE}.")
        warnings.append({"code": "doc_type", "text": text})
        checked = DEFAULT_DOC_TYPE if DEFAULT_DOC_TYPE in sec.doc_types else sec.doc_types[0]
    rule = sector_rules.document(checked) or DocumentRule(checked)
    elements = [e.id for e in taxonomy.elements_for(sector)]
    required = list(rule.required) if rule.required is not None else elements
    missing = [{"id": e, "name": taxonomy.label(e).name} for e in required
               if not coverage["elements"].get(e, {}).get("covered")]
    if rule.note:
        warnings.append({"code": "doc_type_note", "text": rule.note})

    language = extraction.language
    if language and language != "nl":
        warnings.append({"code": "language", "text": (
            f"Dit concept lijkt niet in het Nederlands geschreven (taal: {LANGUAGE_NL.get(language, language)}). "
            "De check herkent de onderdelen aan Nederlandse formuleringen; de uitkomst zegt dan weinig.")})
    text = extraction.text or "\n".join(p.text for p in extraction.passages)
    guess = guess_sector(text, rules)
    if guess and guess != sector:
        warnings.append({"code": "sector", "text": (
            f"Dit concept lijkt geschreven voor de sector {taxonomy.sector(guess).name} ({guess}), maar is getoetst "
            f"aan de sector {sec.name} ({sector}). Kies de juiste sector en check opnieuw.")})
    words = _words(counted)
    skipped = len(extraction.passages) - len(counted)
    if words < MIN_BODY_WORDS:
        text_nl = f"Het concept bevat maar {words} woorden lopende tekst"
        if skipped:
            text_nl += " (een inhoudsopgave telt niet mee)"
        warnings.append({"code": "little_text", "text": text_nl + "; wat ontbreekt zegt dan nog weinig."})
    return {
        "requirements": {"doc_type": checked, "doc_type_found": found, "deadline": rule.deadline,
                         "submit": rule.submit, "note": rule.note, "required": required},
        "sector_guess": guess,
        "words": words,
        "missing": missing,
        "warnings": warnings,
    }
