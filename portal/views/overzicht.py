"""Overzicht: the sector at a glance; every chart paired with a drill-down table."""

from __future__ import annotations

import altair as alt
import streamlit as st

from portal import cache, render, widgets
from portal.outcomes import OUTCOME_NL, OUTCOME_UITLEG, outcome_explanation
from portal.queries import Filters

# Vega-Lite cuts axis labels at 180 px ("Reflectie bouwst…" five times over): give them room.
LONG_LABELS = alt.Axis(labelLimit=420)

SUBMISSION_COLUMNS = {"organisation": "organisatie", "sector": "sector", "year": "jaar",
                      "submitted_url": "ingezonden URL", "uitleg": "uitleg", "detail": "technische details",
                      "details": "details"}


def outcomes_section(f: Filters) -> None:
    st.subheader("Inzendingen en ophaalresultaat")
    data = cache.submission_outcomes(f)
    if data.empty:
        st.info("Geen inzendingen voor deze selectie.")
        return
    data = data.assign(uitkomst=data["outcome"].map(lambda o: OUTCOME_NL.get(o, o)))
    st.altair_chart(alt.Chart(data).mark_bar().encode(
        x=alt.X("n:Q", title="inzendingen"), y=alt.Y("uitkomst:N", sort="-x", title=None, axis=LONG_LABELS),
        tooltip=["uitkomst", alt.Tooltip("n:Q", title="inzendingen")]), width="stretch")
    options = data["outcome"].tolist()
    failures = [o for o in options if o != "ok"]
    choice = st.selectbox("Details van uitkomst", options, key="ov-outcome",
                          index=options.index(failures[0]) if failures else 0,
                          format_func=lambda o: f"{OUTCOME_NL.get(o, o)} ({int(data.set_index('outcome').n[o])})")
    rows = cache.outcome_submissions(f, choice)
    if len(rows) >= 500:
        st.caption("De eerste 500 inzendingen (alfabetisch).")
    if choice in OUTCOME_UITLEG:
        st.caption(OUTCOME_UITLEG[choice])
    rows = rows.assign(sector=rows["sector"].map(widgets.sector_name),
                       uitleg=rows["detail"].map(lambda d: outcome_explanation(choice, d)))
    table = widgets.organisation_column(rows)[list(SUBMISSION_COLUMNS)].rename(columns=SUBMISSION_COLUMNS)
    st.dataframe(table, hide_index=True, width="stretch", column_config={"details": widgets.LINK})


def coverage_section(f: Filters) -> None:
    st.subheader("Dekking van bouwstenen en verplichte elementen")
    cov = cache.coverage_summary(f)
    if cov.empty:
        st.info("Nog geen geanalyseerde documenten.")
        return
    cov = cov.assign(label=cov["label_id"].map(cache.label_name),
                     kolom=cov["sector"].str.upper() + " " + cov["year"].astype(str),  # "GHZ 2023", as the sector says it
                     aandeel=(cov["share"] * 100).round(0))
    # One row per label id: a vvt and a ghz bouwsteen may share a name and must not share a row.
    cov = cov.assign(rij=cov["label"] + cov["label_id"].map(lambda i: f" ({i.split('-', 1)[0].upper()})"))
    st.altair_chart(alt.Chart(cov).mark_rect().encode(
        x=alt.X("kolom:N", title="sector en jaar", axis=alt.Axis(labelAngle=0, labelLimit=200)),
        y=alt.Y("rij:N", title=None, sort=cov.sort_values("label_id")["rij"].unique().tolist(), axis=LONG_LABELS),
        color=alt.Color("aandeel:Q", title="% documenten", scale=alt.Scale(domain=[0, 100], scheme="blues")),
        tooltip=[alt.Tooltip("label:N", title="bouwsteen of element"), alt.Tooltip("kolom:N", title="sector en jaar"),
                 alt.Tooltip("covered:Q", title="documenten met bewijs"),
                 alt.Tooltip("documents:Q", title="documenten"), alt.Tooltip("aandeel:Q", title="% documenten")]),
        width="stretch")
    label = st.selectbox("Welke documenten dekken dit?", sorted(cov["label_id"].unique()), key="ov-label",
                         format_func=widgets.label_format)
    docs = cache.coverage_documents(f, label)
    docs = docs.assign(status=docs["covered"].map(lambda c: "aanwezig" if c else "ontbreekt"),
                       sterkte=docs["strength"].map(lambda v: render.nl_number(v, 2)))
    st.dataframe(widgets.organisation_column(docs)[
        ["organisation", "year", "status", "sterkte", "passages", "details"]].rename(columns={
            "organisation": "organisatie", "year": "jaar", "passages": "bewijspassages"}),
        hide_index=True, width="stretch", column_config={"details": widgets.LINK})
    evidence = [int(i) for ids in docs["passage_ids"] for i in (ids or [])][:5]
    if evidence:
        with st.expander(f"Voorbeelden van bewijspassages ({len(evidence)})"):
            render.passage_list(evidence, "ov-ev", actions=widgets.curate_action)


def balance_section(f: Filters) -> None:
    st.subheader("Tellen en vertellen")
    bal = cache.facet_balance(f)
    if bal.empty:
        return
    cols = st.columns(4)
    for col, facet in zip(cols, ("tellen", "vertellen", "terugblik", "vooruitblik"), strict=True):
        col.metric(facet.capitalize(), f"{bal[facet].mean() * 100:.0f}%", help="gemiddeld aandeel passages")
    grid = bal.assign(tellen=(bal["tellen"] * 10).clip(0, 9.99).astype(int) * 10,
                      vertellen=(bal["vertellen"] * 10).clip(0, 9.99).astype(int) * 10)
    grid = grid.groupby(["tellen", "vertellen"]).size().reset_index(name="documenten")  # ≤ 100 cells to draw
    st.altair_chart(alt.Chart(grid).mark_rect().encode(
        x=alt.X("tellen:O", title="% passages tellen"), y=alt.Y("vertellen:O", title="% passages vertellen",
                                                                  sort="descending"),
        color=alt.Color("documenten:Q", scale=alt.Scale(scheme="greens")),
        tooltip=["tellen", "vertellen", "documenten"]), width="stretch")
    with st.expander("Per document (minst vertellend eerst)"):
        facets = ("tellen", "vertellen", "terugblik", "vooruitblik")
        st.dataframe(widgets.organisation_column(bal.sort_values("vertellen").head(500))[
            ["organisation", "year", *facets, "details"]].rename(columns={"organisation": "organisatie", "year": "jaar"}),
            hide_index=True, width="stretch", column_config={
                "details": widgets.LINK, **{f: st.column_config.NumberColumn(f"{f} (% passages)", format="percent")
                                            for f in facets}})


def figures_section(f: Filters) -> None:
    st.subheader("Gerapporteerde cliëntervaring")
    figs = cache.figures(f)
    if figs.empty:
        st.info("Geen cijfers gevonden voor deze selectie.")
        return
    # One panel per measure and scale: a "cliëntervaring" 8,2 (0-10) and 87 (%) are different quantities.
    figs = figs.assign(maat=figs["measure"].map(lambda m: widgets.MEASURE_NL.get(m, m))
                       + figs["scale"].fillna("").map(lambda sc: f" ({sc})" if sc else ""))
    tenths = figs["scale"].fillna("").str.fullmatch(r"0-10")  # an 8,2 and an 8,4 are different scores
    binned = figs.assign(waarde=figs["value"].round(1).where(tenths, figs["value"].round(0))).groupby(
        ["maat", "waarde"]).size().reset_index(
        name="documenten")  # one bar per measure and rounded value, not one mark per figure
    # Each measure on its own x axis: on one shared -100..100 axis the 0-10 scores were a single bar.
    st.altair_chart(alt.Chart(binned).mark_bar().encode(
        x=alt.X("waarde:Q", title="gerapporteerde waarde", scale=alt.Scale(zero=False)),
        y=alt.Y("documenten:Q", title="aantal", axis=alt.Axis(tickMinStep=1, format="d")),
        row=alt.Row("maat:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=200)),
        tooltip=["maat", "waarde", alt.Tooltip("documenten:Q", title="aantal")]).properties(height=120)
        .resolve_scale(x="independent"))
    summary = figs.groupby("maat")["value"].agg(["count", "median", "min", "max"]).reset_index()
    st.dataframe(summary.rename(columns={"count": "aantal", "median": "mediaan"}), hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format="localized")
                                for c in ("mediaan", "min", "max")})
    with st.expander(f"Alle cijfers met bronzin ({render.nl_number(len(figs))})"):
        st.dataframe(widgets.figure_table(figs.head(1000)), hide_index=True, width="stretch",
                     column_config=widgets.FIGURE_CONFIG)


def themes_section(f: Filters) -> None:
    st.subheader("Veelvoorkomende thema's")
    th = cache.themes(f.sector)
    if th.empty:
        st.info("Nog geen thema's berekend.")
        return
    th = th.assign(bouwsteen_naam=th["bouwsteen"].map(cache.label_name),
                   termen=th["top_terms"].map(lambda t: ", ".join(t or [])))
    st.dataframe(th[["label", "bouwsteen_naam", "n_organisations", "n_passages", "termen"]].rename(columns={
        "label": "thema", "bouwsteen_naam": "bouwsteen", "n_organisations": "organisaties", "n_passages": "passages"}),
        hide_index=True, width="stretch")
    theme = st.selectbox("Passages bij thema", th["id"].tolist(), key="ov-theme",
                         format_func=lambda i: str(th.set_index("id").label[i]))
    ids = [int(i) for i in th.set_index("id").representative[theme] or []]
    render.passage_list(ids[:3], "ov-th", actions=widgets.curate_action)


def page() -> None:
    st.title("Overzicht")
    f = widgets.filters("ov")
    n_docs, n_orgs = cache.document_counts(f)
    cols = st.columns(3)
    outcomes = cache.submission_outcomes(f)
    cols[0].metric("Inzendingen", render.nl_number(int(outcomes["n"].sum()) if not outcomes.empty else 0))
    cols[1].metric("Documenten", render.nl_number(n_docs))
    cols[2].metric("Organisaties met document", render.nl_number(n_orgs))
    outcomes_section(f)
    coverage_section(f)
    balance_section(f)
    figures_section(f)
    themes_section(f)


page()
