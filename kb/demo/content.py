"""The demo sector's content model: data/demo/orgs.yaml validated into typed objects.

All paths in orgs.yaml are relative to the site root ``/<slug>/``. Submission URLs carry
the placeholders ``{base}`` (``http://127.0.0.1:PORT``) and ``{hostport}``
(``127.0.0.1:PORT``), filled in only when the submissions file is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from kb.settings import PACKAGE_DATA

DEMO_SOURCE_DIR = PACKAGE_DATA / "demo"

FillerKind = Literal["privacy", "jaarrekening", "brochure", "vacatures", "oud-verslag"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Link(_Model):
    text: str
    href: str
    context: str | None = None


class Page(_Model):
    path: str
    title: str
    kind: str = "plain"  # landing / plain / consent / no_report
    text: str = ""
    links: tuple[Link, ...] = ()


class SiteFile(_Model):
    path: str
    report: str | None = None
    filler: FillerKind | None = None


class Behaviour(_Model):
    path: str
    status: int | None = None
    redirect: str | None = None
    meta_refresh: str | None = None
    js_redirect: str | None = None
    content_type: str | None = None
    content_disposition: str | None = None
    report: str | None = None


class Site(_Model):
    pages: tuple[Page, ...] = ()
    files: tuple[SiteFile, ...] = ()
    behaviours: tuple[Behaviour, ...] = ()


class SubmissionEntry(_Model):
    year: int
    url: str | None = None


class Organisation(_Model):
    slug: str
    name: str
    kvk: str
    agb: str | None = None
    sector: Literal["vvt", "ghz"]
    kind: str = ""
    size: str = ""
    locations: tuple[str, ...] = ()
    declared: str = "ja"
    submissions: tuple[SubmissionEntry, ...] = ()
    site: Site = Field(default_factory=Site)


class DemoContent(_Model):
    organisations: tuple[Organisation, ...]


def load_content(source_dir: Path = DEMO_SOURCE_DIR) -> DemoContent:
    """Read and validate ``orgs.yaml`` of the demo sector."""
    raw = yaml.safe_load((source_dir / "orgs.yaml").read_text(encoding="utf-8"))
    return DemoContent.model_validate(raw)


def fill_url(template: str | None, base: str) -> str | None:
    """Replace ``{base}`` and ``{hostport}`` in a submitted URL as typed in orgs.yaml."""
    if template is None:
        return None
    hostport = base.split("://", 1)[-1].rstrip("/")
    return template.replace("{base}", base.rstrip("/")).replace("{hostport}", hostport)


def subset(content: DemoContent, n: int | None) -> tuple[Organisation, ...]:
    """The first ``n`` organisations (all when ``n`` is None or 0)."""
    orgs = content.organisations
    return orgs[:n] if n else orgs
