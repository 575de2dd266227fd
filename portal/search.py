"""Full-text search over passages: SQLite FTS5 or PostgreSQL dutch tsvector. No streamlit here.

Designed for p95: ranked FTS5 queries over many matches are slow (bm25 has to score and
sort every match), unranked ones are fast. So a search (1) counts matches cheaply with a
cap, (2) ranks all matches only when there are few, otherwise ranks a bounded candidate
set (the first `candidates` matches, scored without sorting in SQL), and (3) offers
keyset pagination in document order over *all* matches (`search_after`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, column, exists, func, literal_column, select, table

from portal.queries import NO_FILTERS, PAS, PL, Filters, document_meta, filter_documents

FTS = table("passage_fts", column("rowid"), column("passage_fts"))
COUNT_CAP = 10_000
RANK_ALL_BELOW = 2_000
CANDIDATES = 1_000
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class SearchResult:
    """Matches of one query: a (capped) count and the ranked ids of the candidate set."""

    total: int
    capped: bool
    ids: tuple[int, ...]
    ranked_all: bool


# Operators a user may type: OR (also Dutch OF in capitals) between two words matches either; NOT (also
# NIET in capitals) before a word excludes it, like -word. AND/EN are implicit. Lower-case "of", "en"
# and "niet" are ordinary Dutch words: "of"/"en" are skipped as before, "niet" is searched.
_OR = {"OR", "OF"}
_NOT = {"NOT", "NIET"}
_SKIP = {"AND", "OR", "NOT", "EN", "OF"}


def _operator(raw: str) -> str | None:
    if raw in _OR or raw.upper() == "OR":
        return "or"
    if raw in _NOT or raw.upper() == "NOT":
        return "not"
    return "skip" if raw.upper() in _SKIP else None


def parse_clauses(query: str) -> tuple[list[tuple[Term, ...]], list[Term]]:
    """The query as AND-ed groups of OR-ed positive terms, plus the excluded terms.

    Words, "phrases", -exclusions, prefix*, OR and NOT; every other character is dropped, so no
    input can become search-engine syntax. Text is NFKC-normalised first (ligatures, full-width).
    """
    groups: list[list[Term]] = []
    negated: list[Term] = []
    join_next = negate_next = False
    for m in _TOKEN.finditer(unicodedata.normalize("NFKC", query or "")):
        quoted = m.group(2) is not None
        raw = m.group(2) if quoted else m.group(4)
        op = None if quoted else _operator(raw)
        if op == "or":
            join_next = bool(groups)
            continue
        if op == "not":
            negate_next = True
            continue
        words = tuple(w.lower() for w in re.findall(r"\w+", raw))
        if not words or op == "skip":
            continue
        term = Term(words, False, raw.endswith("*") and len(words) == 1)
        if m.group(1) or m.group(3) or negate_next:
            negated.append(Term(term.words, True, term.prefix))
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = negate_next = False
    return [tuple(g) for g in groups], negated


def parse_query(query: str) -> list[Term]:
    """All terms of a user query (positive ones first); see parse_clauses."""
    groups, negated = parse_clauses(query)
    return [t for g in groups for t in g] + negated


def positive_words(query: str) -> list[str]:
    return [w for t in parse_query(query) if not t.negated for w in t.words]


def only_exclusions(query: str) -> bool:
    """True when the query excludes words but gives none to search for."""
    groups, negated = parse_clauses(query)
    return not groups and bool(negated)


def to_fts5(query: str) -> str | None:
    """A safe FTS5 expression for a user query (every token quoted), or None when empty."""
    groups, negated = parse_clauses(query)
    if not groups:
        return None
    parts = [_quoted(g[0]) if len(g) == 1 else "(" + " OR ".join(_quoted(t) for t in g) + ")" for g in groups]
    expr = " AND ".join(parts)
    for t in negated:
        expr = f"({expr}) NOT {_quoted(t)}"
    return expr


def _quoted(t: Term) -> str:
    return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")


def _websearch(t: Term) -> str:
    """One term re-serialised for websearch_to_tsquery (quotes and minus kept, rest dropped)."""
    body = " ".join(t.words)
    return ("-" if t.negated else "") + (f'"{body}"' if len(t.words) > 1 else body)


def _tsquery(query: str) -> Any:
    """The PostgreSQL tsquery: one websearch_to_tsquery per term, combined with && and ||."""
    groups, negated = parse_clauses(query)

    def one(t: Term) -> Any:
        return func.websearch_to_tsquery(literal_column("'dutch'::regconfig"), _websearch(t))

    expr: Any = None
    for g in groups:
        alt = one(g[0])
        for t in g[1:]:
            alt = alt.op("||")(one(t))
        expr = alt if expr is None else expr.op("&&")(alt)
    for t in negated:
        expr = expr.op("&&")(one(t))
    return expr


def _base(engine: Engine, query: str, f: Filters, label_id: str | None) -> tuple[Select[Any], Any] | None:
    """The matching passage ids as a select, plus the rank expression (None: rank in Python); None if empty."""
    if engine.dialect.name == "sqlite":
        expr = to_fts5(query)
        if expr is None:
            return None
        pid: Any = FTS.c.rowid
        stmt = select(pid).select_from(FTS).where(literal_column("passage_fts").op("MATCH")(expr))
        rank: Any = func.bm25(literal_column("passage_fts"))
    else:
        if not parse_clauses(query)[0]:
            return None
        vec = func.to_tsvector(literal_column("'dutch'::regconfig"), PAS.c.text)
        tsq = _tsquery(query)
        pid = PAS.c.id
        stmt = select(pid).where(vec.op("@@")(tsq))
        rank = -func.ts_rank_cd(vec, tsq)
    if f != NO_FILTERS:
        docs: Select[Any] = filter_documents(document_meta().with_only_columns(literal_column("document.id")), f)
        if engine.dialect.name != "sqlite":
            stmt = stmt.where(PAS.c.document_id.in_(docs))
        elif f.organisation_ids:  # small scope: FTS5 seeks each passage of the scope by rowid
            stmt = stmt.where(pid.in_(select(PAS.c.id).where(PAS.c.document_id.in_(docs))))
            rank = None  # bm25 would rescan the whole doclist per rowid seek: rank in Python instead
        else:  # large scope: check each match against the scope
            stmt = stmt.where(select(PAS.c.id).where(PAS.c.id == pid, PAS.c.document_id.in_(docs)).exists())
    if label_id:
        stmt = stmt.where(exists().where(PL.c.passage_id == pid, PL.c.label_id == label_id))
    return stmt, rank


def count_matches(engine: Engine, query: str, f: Filters = NO_FILTERS, label_id: str | None = None,
                  cap: int = COUNT_CAP) -> tuple[int, bool]:
    """Number of matches, counted up to `cap` (returns (cap, True) beyond it)."""
    base = _base(engine, query, f, label_id)
    if base is None:
        return 0, False
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(base[0].limit(cap + 1).subquery())).scalar_one()
    return (cap, True) if n > cap else (int(n), False)


def search(engine: Engine, query: str, f: Filters = NO_FILTERS, label_id: str | None = None,
           candidates: int = CANDIDATES) -> SearchResult:
    """Ranked ids: all matches ranked when few, else the best of a bounded candidate set."""
    total, capped = count_matches(engine, query, f, label_id)
    base = _base(engine, query, f, label_id)
    if base is None or total == 0:
        return SearchResult(0, False, (), True)
    stmt, rank = base
    ranked_all = not capped and total <= RANK_ALL_BELOW
    if rank is None:
        ids = rank_by_term_frequency(engine, [int(r[0]) for r in _all(engine, stmt.limit(candidates))], query)
        return SearchResult(total, capped, tuple(ids), ranked_all)
    with engine.connect() as conn:
        if ranked_all:
            rows = conn.execute(stmt.add_columns(rank.label("r")).order_by(rank).limit(candidates)).all()
        else:  # score a bounded candidate set without a SQL sort, sort it here
            rows = sorted(conn.execute(stmt.add_columns(rank.label("r")).limit(candidates)).all(),
                          key=lambda r: r[1])
    return SearchResult(total, capped, tuple(int(r[0]) for r in rows), ranked_all)


def _all(engine: Engine, stmt: Select[Any]) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(stmt).all())


def rank_by_term_frequency(engine: Engine, ids: list[int], query: str) -> list[int]:
    """Order a small candidate set by query-word hits per 100 words (ties: document order)."""
    words = positive_words(query)
    texts = dict(_all(engine, select(PAS.c.id, PAS.c.text).where(PAS.c.id.in_(ids)))) if ids else {}

    def score(pid: int) -> float:
        tokens = re.findall(r"\w+", texts.get(pid, "").lower())
        hits = sum(1 for t in tokens if any(t.startswith(w) for w in words))
        return hits / (len(tokens) + 100) * 100

    return sorted(ids, key=lambda pid: (-score(pid), pid))


def search_after(engine: Engine, query: str, f: Filters = NO_FILTERS, label_id: str | None = None,
                 after_id: int = 0, page_size: int = 20) -> list[int]:
    """Keyset pagination over all matches in document order (passage id ascending)."""
    base = _base(engine, query, f, label_id)
    if base is None:
        return []
    stmt = base[0]
    pid = stmt.selected_columns[0]
    with engine.connect() as conn:
        rows = conn.execute(stmt.where(pid > after_id).order_by(pid).limit(page_size)).all()
    return [int(r[0]) for r in rows]


def similar_passages(engine: Engine, passage_id: int, k: int = 5, pool: int = 400) -> list[int]:
    """'Meer zoals dit': LSA (TF-IDF + TruncatedSVD) over a candidate pool sharing its key terms."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    with engine.connect() as conn:
        src = conn.execute(select(PAS.c.text).where(PAS.c.id == passage_id)).scalar()
    if not src:
        return []
    words = sorted({w for w in re.findall(r"\w{6,}", src.lower())}, key=len, reverse=True)[:8]
    ids: list[int] = []
    for w in words:  # a few cheap unranked lookups build the pool
        ids.extend(search_after(engine, w, page_size=pool // max(len(words), 1)))
    pool_ids = [i for i in dict.fromkeys(ids) if i != passage_id][:pool]
    if not pool_ids:
        return []
    with engine.connect() as conn:
        texts = dict(conn.execute(select(PAS.c.id, PAS.c.text).where(PAS.c.id.in_(pool_ids))).all())
    order = [i for i in pool_ids if i in texts]
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([src] + [texts[i] for i in order])
    if matrix.shape[0] > 3 and matrix.shape[1] > 3:
        n = max(2, min(50, matrix.shape[0] - 1, matrix.shape[1] - 1))
        matrix = TruncatedSVD(n_components=n, random_state=0).fit_transform(matrix)
    sims = cosine_similarity(matrix[:1], matrix[1:])[0]
    best = sorted(range(len(order)), key=lambda j: -sims[j])[:k]
    return [order[j] for j in best]

