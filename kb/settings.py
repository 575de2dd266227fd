"""One settings object for the whole product.

Every setting is declared once (name, default, help). Resolution order:
defaults < ``kb.toml`` (working directory, or the file named by ``KB_CONFIG``)
< ``KB_<NAME>`` environment variables < explicit overrides (CLI flags).
This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = REPO_ROOT / "data"
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")  # a bare path with these is taken as a SQLite file


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """All settings of `kb`; see `describe_settings()` for the documented list."""

    database_url: str = _setting("", "SQLAlchemy URL (or a path to a .sqlite file); default: SQLite file kb.sqlite in the data dir")
    data_dir: str = _setting("data/store", "raw documents, models, caches (git-ignored)")
    taxonomy_path: str = _setting(str(PACKAGE_DATA / "taxonomy.yaml"), "label taxonomy YAML")
    training_dir: str = _setting(str(PACKAGE_DATA / "training"), "labelled training passages (JSONL)")
    eval_path: str = _setting(
        str(REPO_ROOT.parent / "shared" / "eval" / "real_passages_dev.jsonl"),
        "real passages for evaluation only (used by kb evaluate when present)",
    )
    # crawler
    user_agent: str = _setting(
        "kb-kwaliteitsbeelden/0.1 (+https://github.com/kwaliteitsbeelden/kb; crawler for the sector parties)",
        "User-Agent of the crawler, with a contact URL",
    )
    concurrent_requests: int = _setting(64, "global requests in flight")
    concurrent_per_site: int = _setting(2, "requests in flight per site (at most 2 is polite)")
    download_timeout: float = _setting(30.0, "seconds per request")
    max_bytes: int = _setting(100 * 1024 * 1024, "size cap per response in bytes, enforced while streaming")
    max_redirects: int = _setting(10, "redirect hops per request")
    max_depth: int = _setting(3, "link depth followed from the submitted page (3: a report behind two landing pages)")
    autothrottle: bool = _setting(True, "Scrapy AutoThrottle on/off")
    autothrottle_target: float = _setting(2.0, "AutoThrottle target concurrency per site")
    obey_robots: bool = _setting(True, "obey robots.txt")
    allow_private: bool = _setting(False, "allow loopback/private addresses (tests, demo); never link-local")
    site_failure_limit: int = _setting(2, "DNS/timeout failures after which a site gets no more slots")
    # analysis
    workers: int = _setting(0, "worker processes for kb analyse (0 = number of cores)")
    doc_timeout: float = _setting(120.0, "seconds per document in kb analyse")
    doc_memory_mb: int = _setting(1536, "address-space cap per analysis worker in MB")
    max_pages: int = _setting(2000, "PDFs with more pages are refused (PDF bombs)")
    ocr: bool = _setting(False, "run Tesseract OCR on PDFs without a text layer")
    model_name: str = _setting("default", "classifier model name under the models dir")
    models_dir: str = _setting("", "directory of trained classifier models; default: <data_dir>/models")
    # portal
    portal_port: int = _setting(8501, "port of the Streamlit portal")
    upload_max_mb: int = _setting(50, "size cap for self-check uploads in MB")

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    @property
    def models_path(self) -> Path:
        """Where trained models live (shared across data dirs when models_dir is set)."""
        return Path(self.models_dir).expanduser().resolve() if self.models_dir else self.data_path / "models"

    @property
    def db_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data dir; a bare file path means SQLite."""
        if self.database_url:
            path = Path(self.database_url).expanduser()
            if "://" not in self.database_url and (path.suffix in SQLITE_SUFFIXES or path.is_file()):
                return f"sqlite:///{path.resolve()}"
            return self.database_url
        return f"sqlite:///{self.data_path / 'kb.sqlite'}"

    def with_overrides(self, **overrides: Any) -> Settings:
        clean = {k: v for k, v in overrides.items() if v is not None}
        return dataclasses.replace(self, **clean)


def describe_settings() -> list[tuple[str, str, str, str]]:
    """(name, env var, default, help) for every setting: the documented list."""
    out = []
    for f in fields(Settings):
        out.append((f.name, f"KB_{f.name.upper()}", repr(f.default), f.metadata["help"]))
    return out


def _coerce(value: Any, target: type | str) -> Any:
    kind = target if isinstance(target, str) else target.__name__
    if kind == "bool":
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"1", "true", "yes", "on", "ja"}
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


def _from_mapping(source: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        key = f"{prefix}{f.name.upper()}" if prefix else f.name
        if key in source and source[key] not in (None, ""):
            values[f.name] = _coerce(source[key], f.type)
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, config_file: Path | None = None, **overrides: Any
) -> Settings:
    """Resolve settings: defaults < kb.toml < KB_* environment < overrides."""
    env = os.environ if environ is None else environ
    path = config_file or Path(env.get("KB_CONFIG", "kb.toml"))
    values: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as fh:
            values.update(_from_mapping(tomllib.load(fh)))
    values.update(_from_mapping(env, prefix="KB_"))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
