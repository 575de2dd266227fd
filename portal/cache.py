"""Streamlit caching around queries.py: one engine per database URL, results with a TTL.

Every cached result function takes the database URL first, so tests (and two portals in
one process) never see each other's data.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from kb.settings import Settings, load_settings
from kb.taxonomy import Taxonomy, load_taxonomy
from portal import queries as q
from portal import search as se

TTL = 300


def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    from kb.db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    return engine


def engine() -> Engine:
    return _engine(settings().db_url)


def url() -> str:
    return settings().db_url


@st.cache_resource(show_spinner=False)
def taxonomy(path: str | None = None) -> Taxonomy:
    return load_taxonomy(path or settings().taxonomy_path)


def label_name(label_id: str) -> str:
    try:
        return taxonomy().label(label_id).name
    except KeyError:
        return label_id


def clear() -> None:
    """After a change (example, annotation): drop cached results."""
    st.cache_data.clear()


_QUERIES: dict[str, Any] = {}


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=2000)
def _call(name: str, db_url: str, *args: Any) -> Any:
    """One cache for all query functions, keyed by function name, database and arguments."""
    return _QUERIES[name](_engine(db_url), *args)


def _cached(fn: Any) -> Any:
    """`fn(engine, *args)` as a cached `wrapper(url, *args)`."""
    _QUERIES[fn.__name__] = fn

    def run(db_url: str, *args: Any) -> Any:
        return _call(fn.__name__, db_url, *args)

    return run


_sectors = _cached(q.sectors)
_years = _cached(q.years)
_doc_types = _cached(q.doc_types)
_documents = _cached(q.documents)
_document_counts = _cached(q.document_counts)
_document_choices = _cached(q.document_choices)
_outcomes = _cached(q.submission_outcomes)
_outcome_subs = _cached(q.outcome_submissions)
_coverage = _cached(q.coverage_summary)
_coverage_docs = _cached(q.coverage_documents)
_facets = _cached(q.facet_balance)
_figures = _cached(q.figures)
_themes = _cached(q.themes)
_orgs = _cached(q.find_organisations)
_search = _cached(se.search)
_search_after = _cached(se.search_after)
_similar = _cached(se.similar_passages)


def sectors() -> list[str]:
    return list(_sectors(url()))


def years() -> list[int]:
    return list(_years(url()))


def doc_types() -> list[str]:
    return list(_doc_types(url()))


def documents(f: q.Filters) -> pd.DataFrame:
    return _documents(url(), f)


def document_counts(f: q.Filters) -> tuple[int, int]:
    docs, orgs = _document_counts(url(), f)
    return int(docs), int(orgs)


def document_choices(f: q.Filters) -> pd.DataFrame:
    return _document_choices(url(), f)


def submission_outcomes(f: q.Filters) -> pd.DataFrame:
    return _outcomes(url(), f)


def outcome_submissions(f: q.Filters, outcome: str) -> pd.DataFrame:
    return _outcome_subs(url(), f, outcome)


def coverage_summary(f: q.Filters) -> pd.DataFrame:
    return _coverage(url(), f)


def coverage_documents(f: q.Filters, label_id: str) -> pd.DataFrame:
    return _coverage_docs(url(), f, label_id)


def facet_balance(f: q.Filters) -> pd.DataFrame:
    return _facets(url(), f)


def figures(f: q.Filters) -> pd.DataFrame:
    return _figures(url(), f)


def themes(sector: str | None) -> pd.DataFrame:
    return _themes(url(), sector)


def find_organisations(query: str, sector: str | None, limit: int | None = 200,
                       include: int | None = None) -> pd.DataFrame:
    return _orgs(url(), query, sector, limit, include)


def search(query: str, f: q.Filters, label_id: str | None) -> se.SearchResult:
    return _search(url(), query, f, label_id)


def search_after(query: str, f: q.Filters, label_id: str | None, after_id: int, page_size: int) -> list[int]:
    return list(_search_after(url(), query, f, label_id, after_id, page_size))


def similar(passage_id: int) -> list[int]:
    return list(_similar(url(), passage_id))


def passages(ids: list[int]) -> list[q.PassageView]:
    """Not cached: small keyed lookups that must show fresh labels after annotation."""
    return q.load_passages(engine(), ids)
