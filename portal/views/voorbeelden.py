"""Goede voorbeelden: the curated collection, suggestions, editing/withdrawing, export."""

from __future__ import annotations

import streamlit as st

from portal import auth, cache, render, widgets
from portal import examples as ex


def show_example(item: ex.ExampleView, curator: auth.Account | None) -> None:
    with st.container(border=True):
        if item.title:
            st.markdown(f"**{render.escape_markdown(item.title)}**")
        if item.passage:
            render.passage_card(item.passage, f"ex-{item.id}")
        else:
            st.caption("Heel document: " + render.escape_markdown(str(item.document.get("organisation") or "")))
            if item.source_link:
                st.link_button("Bron", item.source_link)
        st.markdown("Toelichting van de curator: " + render.escape_markdown(item.note or "—"))
        st.caption(f"toegevoegd door {item.created_by}" + (" · ingetrokken" if item.withdrawn else ""))
        if curator:
            edit(item, curator)


def edit(item: ex.ExampleView, curator: auth.Account) -> None:
    with st.popover("Bewerken of intrekken"):
        with st.form(f"ex-edit-{item.id}"):
            note = st.text_area("Toelichting", item.note, key=f"ex-note-{item.id}")
            if st.form_submit_button("Opslaan"):
                ex.store_example_update(cache.engine(), curator.name, item.id, note, item.label_id, item.title or None)
                cache.clear()
                st.rerun()
        if item.withdrawn:
            if st.button("Terugzetten", key=f"ex-restore-{item.id}"):
                ex.store_restore(cache.engine(), curator.name, item.id)
                st.rerun()
        elif st.button("Intrekken", key=f"ex-withdraw-{item.id}"):
            ex.store_withdrawal(cache.engine(), curator.name, item.id)
            st.rerun()


def suggestions(curator: auth.Account) -> None:
    st.subheader("Suggesties uit de analyse")
    cands = ex.load_candidates(cache.engine())
    if cands.empty:
        st.caption("Geen openstaande suggesties.")
        return
    for r in cands.head(10).itertuples():
        for p in cache.passages([int(r.passage_id)]):
            st.caption(f"Suggestie voor {widgets.label_format(str(r.label_id))} · score {render.nl_number(r.score, 2)}")
            render.passage_card(p, f"cand-{r.passage_id}-{r.label_id}", actions=widgets.curate_action)


def export(items: list[ex.ExampleView]) -> None:
    tax = cache.taxonomy()
    cols = st.columns(2)
    cols[0].download_button("Als Word (bijlage handreiking)", ex.examples_docx(items, tax),
                            file_name="goede-voorbeelden.docx", key="ex-docx",
                            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    cols[1].download_button("Als Markdown", ex.examples_markdown(items, tax).encode(), key="ex-md",
                            file_name="goede-voorbeelden.md", mime="text/markdown")


PAGE_SIZE = 20


def collection(items: list[ex.ExampleView], curator: auth.Account | None) -> None:
    """The collection, one bouwsteen or element at a time if wanted, a page of PAGE_SIZE at a time."""
    groups = ex.grouped(items, cache.taxonomy())
    names = {key: key[0] + (f" — {key[1]}" if key[1] else "") for key in groups}
    options = [widgets.ALL, *names]
    choice = st.selectbox("Bouwsteen of element", options, key="ex-group",
                          format_func=lambda k: k if k == widgets.ALL else f"{names[k]} ({len(groups[k])})")
    chosen = [(key, item) for key, group in groups.items() if choice in (widgets.ALL, key) for item in group]
    page_of = widgets.paged(list(range(len(chosen))), PAGE_SIZE, key="ex-page")
    shown = [chosen[i] for i in page_of]
    if len(chosen) > PAGE_SIZE:
        st.caption(f"Voorbeelden {render.nl_number(page_of[0] + 1)}–{render.nl_number(page_of[-1] + 1)} "
                   f"van {render.nl_number(len(chosen))}")
    heading = None
    for key, item in shown:
        if key != heading:
            st.subheader(names[key])
            heading = key
        show_example(item, curator)


def page() -> None:
    st.title("Goede voorbeelden")
    curator = auth.current() if auth.has_role("curator") else None
    show_withdrawn = bool(curator) and st.toggle("Ingetrokken voorbeelden tonen", key="ex-withdrawn")
    items = ex.load_examples(cache.engine(), include_withdrawn=show_withdrawn)
    st.caption(render.nl_count(len(items), "voorbeeld", "voorbeelden") + " in de collectie")
    if items:
        export([i for i in items if not i.withdrawn])
        collection(items, curator)
    if curator:
        suggestions(curator)
    else:
        st.info("Curatoren kunnen na inloggen voorbeelden toevoegen vanuit elke passage in het portaal.")
        with st.expander("Inloggen als curator"):
            auth.login_form()


page()
