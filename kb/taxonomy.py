"""The label taxonomy as data (data/taxonomy.yaml), validated on load."""

from __future__ import annotations

import hashlib
import re
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kb.settings import PACKAGE_DATA

LABEL_KINDS = ("bouwsteen", "element", "facet")


class TaxonomyError(ValueError):
    """The taxonomy file is missing or invalid; the message says where."""


class Label(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    description: str = ""
    sector: str | None = None
    bouwsteen: str | None = None  # elements: the bouwsteen they belong to, when one
    seed_phrases: tuple[str, ...] = ()
    heading_patterns: tuple[str, ...] = ()  # regexes on headings, for weak supervision and structure
    # regexes on a heading that names this label as the subject of its section ("Bouwsteen 3",
    # "Het werk organiseren"): the passages of that section carry the label (analysis.sections)
    section_patterns: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check_patterns(self) -> Label:
        for key in ("heading_patterns", "section_patterns"):
            for pattern in getattr(self, key):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"label {self.id!r}: {key} entry {pattern!r} is not a valid regular expression ({exc})") from exc
        return self


class Sector(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9]+$")
    name: str
    framework: str
    doc_types: tuple[str, ...]
    cadence: str = ""
    chapter_layout: tuple[str, ...] = ()  # suggested chapter headings (VVT bijlage 1)


class Taxonomy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    version: str
    sectors: tuple[Sector, ...]
    bouwstenen: tuple[Label, ...]
    elements: tuple[Label, ...]
    facets: tuple[Label, ...]
    negative_phrases: tuple[str, ...] = ()
    source_text: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _check_references(self) -> Taxonomy:
        sector_ids = {s.id for s in self.sectors}
        seen: set[str] = set()
        for label in (*self.bouwstenen, *self.elements, *self.facets):
            if label.id in seen:
                raise ValueError(f"label id {label.id!r} occurs twice")
            seen.add(label.id)
        for label in (*self.bouwstenen, *self.elements):
            if label.sector not in sector_ids:
                raise ValueError(f"label {label.id!r} names unknown sector {label.sector!r}")
        bouwsteen_ids = {b.id for b in self.bouwstenen}
        for el in self.elements:
            if el.bouwsteen and el.bouwsteen not in bouwsteen_ids:
                raise ValueError(f"element {el.id!r} names unknown bouwsteen {el.bouwsteen!r}")
        for f in self.facets:
            if f.sector is not None:
                raise ValueError(f"facet {f.id!r} must not name a sector")
        return self

    @cached_property
    def hash(self) -> str:
        return hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()[:16]

    def sector_ids(self) -> list[str]:
        return [s.id for s in self.sectors]

    def sector(self, sector_id: str) -> Sector:
        for s in self.sectors:
            if s.id == sector_id:
                return s
        raise KeyError(f"unknown sector {sector_id!r}; known: {', '.join(self.sector_ids())}")

    def bouwstenen_for(self, sector: str) -> list[Label]:
        return [b for b in self.bouwstenen if b.sector == sector]

    def elements_for(self, sector: str) -> list[Label]:
        return [e for e in self.elements if e.sector == sector]

    def labels_for(self, sector: str) -> list[Label]:
        return [*self.bouwstenen_for(sector), *self.elements_for(sector), *self.facets]

    def label(self, label_id: str) -> Label:
        for label in (*self.bouwstenen, *self.elements, *self.facets):
            if label.id == label_id:
                return label
        raise KeyError(f"unknown label {label_id!r}")

    def kind_of(self, label_id: str) -> str:
        if any(b.id == label_id for b in self.bouwstenen):
            return "bouwsteen"
        if any(e.id == label_id for e in self.elements):
            return "element"
        if any(f.id == label_id for f in self.facets):
            return "facet"
        raise KeyError(f"unknown label {label_id!r}")


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load and validate the taxonomy; raises TaxonomyError with a readable message.

    The file is read on every call (an edit takes effect at once); parsing is cached per text,
    since YAML parsing costs ~0.1 s and the pipeline asks once per document. Treat the returned
    object as read-only.
    """
    p = Path(path) if path else PACKAGE_DATA / "taxonomy.yaml"
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise TaxonomyError(f"cannot read taxonomy {p}: {exc}") from exc
    return _parse_taxonomy(str(p), text)


@lru_cache(maxsize=8)
def _parse_taxonomy(p: str, text: str) -> Taxonomy:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"taxonomy {p} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise TaxonomyError(f"taxonomy {p} must be a mapping with sectors, bouwstenen, elements, facets")
    try:
        return Taxonomy(**raw, source_text=text)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise TaxonomyError(f"taxonomy {p} is invalid: {problems}") from exc
