"""Vergelijken: two to four organisations (or one against the sector), side by side per label."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from portal import cache, render, widgets
from portal import queries as q

SECTOR = -1  # pseudo id: "de sector"
SIDE_BY_SIDE = 8


def choose() -> tuple[list[int], str | None, int | None]:
    sector = st.selectbox("Sector", cache.sectors(), format_func=widgets.sector_name, key="vg-sector")
    year = st.selectbox("Verslagjaar", [widgets.ALL, *cache.years()], key="vg-year")
    f = q.Filters(sector=sector, year=None if year == widgets.ALL else int(str(year)))
    docs = cache.document_choices(f).drop_duplicates("organisation_id", keep="last")
    if docs.empty:
        st.info("Geen opgeslagen documenten voor deze sector" + (f" en verslagjaar {f.year}." if f.year else "."))
    twins = set(docs["organisation"][docs["organisation"].duplicated()]) if not docs.empty else set()

    def choice_name(r: Any) -> str:  # two organisations of the same name are told apart by KvK
        if r.organisation not in twins:
            return f"{r.organisation} ({r.year})"
        return f"{r.organisation} ({r.year}, " + (f"KvK {r.kvk})" if r.kvk else f"nr. {r.document_id})")

    names = {int(r.document_id): choice_name(r) for r in docs.itertuples()}
    picked = st.multiselect("Organisaties (2 tot 4; of 1 tegen de sector)", list(names),
                            format_func=lambda i: names[i], max_selections=4, key="vg-docs",
                            placeholder="Kies organisaties")
    return [int(i) for i in picked], sector, f.year


def column_names(doc_ids: list[int]) -> dict[int, str]:
    """One column title per document: the organisation, with year and id when two would read the same."""
    found = q.document_rows(cache.engine(), doc_ids)
    rows = {doc_id: found.get(doc_id, {}) for doc_id in doc_ids}
    names = {doc_id: str(row.get("organisation") or doc_id) for doc_id, row in rows.items()}
    for doc_id, name in list(names.items()):
        if list(names.values()).count(name) > 1:
            names[doc_id] = f"{name} ({rows[doc_id].get('year') or '?'}, nr. {doc_id})"
    return names


def coverage_table(doc_ids: list[int], sector: str, year: int | None) -> pd.DataFrame:
    names = column_names(doc_ids)
    cells = render.coverage_cells(cache.engine(), doc_ids)  # two queries, not one per document and label
    cols = {names[doc_id]: cells[doc_id] for doc_id in doc_ids}
    summary = cache.coverage_summary(q.Filters(sector=sector, year=year))
    sector_share = summary.groupby("label_id").apply(
        lambda g: g["covered"].sum() / max(g["documents"].sum(), 1), include_groups=False) if not summary.empty else {}
    labels = widgets.label_options(sector, ("bouwsteen", "element"))
    table = pd.DataFrame({"label": [cache.label_name(lab) for lab in labels]}, index=labels)
    for name, values in cols.items():
        table[name] = [values.get(lab, "—") for lab in labels]
    table["sector (% gedekt)"] = [f"{float(sector_share.get(lab, 0)) * 100:.0f}%" for lab in labels]
    return table


def side_by_side(doc_ids: list[int], sector: str) -> None:
    label = st.selectbox("Bouwsteen of element", widgets.label_options(sector, ("bouwsteen", "element")),
                         format_func=widgets.label_format, key="vg-label")
    hide = st.toggle("Gedeelde sjabloontekst verbergen", value=True, key="vg-hide")
    columns = st.columns(len(doc_ids))
    names = column_names(doc_ids)
    for col, doc_id in zip(columns, doc_ids, strict=True):
        with col:
            st.markdown(f"**{render.escape_markdown(names[doc_id])}**")
            ids = q.document_passage_ids(cache.engine(), doc_id, label, hide)
            if not ids:
                st.warning("Hierover niets gevonden (ontbreekt).")
            elif len(ids) > SIDE_BY_SIDE:
                st.caption(f"De eerste {SIDE_BY_SIDE} van {render.nl_count(len(ids), 'passage', 'passages')}; "
                           "alle passages staan op de pagina van de organisatie.")
            render.passage_list(ids[:SIDE_BY_SIDE], f"vg-{doc_id}", actions=widgets.curate_action)


def sector_examples(sector: str, label: str | None) -> None:
    """One organisation against the sector: the strongest evidence elsewhere in the sector."""
    docs = cache.coverage_documents(q.Filters(sector=sector), label) if label else pd.DataFrame()
    ids = [int(i) for v in docs.get("passage_ids", []) for i in (v or [])][:4]
    st.markdown("**Elders in de sector**")
    render.passage_list(ids, "vg-sector", actions=widgets.curate_action)


def page() -> None:
    st.title("Vergelijken")
    doc_ids, sector, year = choose()
    if not doc_ids or sector is None:
        st.info("Kies een of meer organisaties.")
        return
    st.subheader("Dekking naast elkaar")
    st.dataframe(coverage_table(doc_ids, sector, year), width="stretch")
    st.subheader("Wat schreef ieder?")
    side_by_side(doc_ids, sector)
    if len(doc_ids) == 1:
        sector_examples(sector, st.session_state.get("vg-label"))


page()
