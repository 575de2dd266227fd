"""Annoteren: correct labels, queued by model uncertainty; agreement; export as JSONL."""

from __future__ import annotations

import streamlit as st

from portal import annotate as an
from portal import auth, cache, render, widgets


def queue(acc: auth.Account) -> None:
    sector = st.selectbox("Sector", cache.sectors() or ["vvt"], format_func=widgets.sector_name, key="an-sector")
    label = st.selectbox("Label", widgets.label_options(sector), format_func=widgets.label_format, key="an-label")
    items = an.load_queue(cache.engine(), acc.name, label, limit=5)
    st.caption(f"{len(items)} passages in de wachtrij (score het dichtst bij 0,5 eerst)")
    for item in items:
        for p in cache.passages([item.passage_id]):
            render.passage_card(p, f"an-{p.id}")
            st.caption(f"Modelscore voor {cache.label_name(label)}: {item.score:.2f}"
                       + (" · dubbel geannoteerd" if an.needs_two(p.id) else ""))
            cols = st.columns(2)
            if cols[0].button("Label klopt", key=f"an-yes-{p.id}"):
                an.store_annotation(cache.engine(), acc.name, p.id, label, True)
                st.rerun()
            if cols[1].button("Label klopt niet", key=f"an-no-{p.id}"):
                an.store_annotation(cache.engine(), acc.name, p.id, label, False)
                st.rerun()


def bulk(acc: auth.Account) -> None:
    with st.expander("Label toevoegen aan meerdere passages"), st.form("an-bulk"):
        ids_text = st.text_input("Passage-ids (komma-gescheiden)", key="an-bulk-ids")
        label = st.selectbox("Label", widgets.label_options(None), format_func=widgets.label_format, key="an-bulk-l")
        if st.form_submit_button("Toevoegen (andere labels blijven staan)"):
            ids = [int(x) for x in ids_text.replace(" ", "").split(",") if x.isdigit()]
            n = an.store_bulk_label(cache.engine(), acc.name, ids, label)
            st.success(f"Label toegevoegd aan {n} passages.")


def mine(acc: auth.Account) -> None:
    st.subheader("Mijn annotaties")
    frame = an.load_annotations(cache.engine(), acc.name)
    st.dataframe(frame.drop(columns=["text"]), hide_index=True, width="stretch")
    if not frame.empty:
        choice = st.selectbox("Ongedaan maken", frame["id"].tolist(), key="an-undo-id")
        if st.button("Annotatie intrekken", key="an-undo"):
            an.store_revoke(cache.engine(), acc.name, int(choice))
            st.rerun()


def page() -> None:
    st.title("Annoteren")
    acc = auth.require("annotator")
    st.subheader("Overeenstemming tussen annotatoren")
    agree = an.agreement(cache.engine())
    if agree.empty:
        st.caption(f"Nog geen dubbel geannoteerde passages (1 op de {an.DOUBLE_EVERY} passages krijgt twee annotatoren).")
    else:
        st.dataframe(agree.assign(label=agree["label_id"].map(cache.label_name)), hide_index=True)
    if acc is None:
        return
    st.download_button("Annotaties als JSONL", an.annotations_jsonl(cache.engine()).encode(),
                       file_name="annotaties.jsonl", mime="application/jsonl", key="an-export")
    queue(acc)
    bulk(acc)
    mine(acc)


page()
