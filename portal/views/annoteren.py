"""Annoteren: correct labels, queued by model uncertainty; agreement; export as JSONL."""

from __future__ import annotations

import streamlit as st

from portal import annotate as an
from portal import auth, cache, render, widgets


def queue(acc: auth.Account) -> None:
    sector = st.selectbox("Sector", cache.sectors() or ["vvt"], format_func=widgets.sector_name, key="an-sector")
    label = st.selectbox("Label", widgets.label_options(sector), format_func=widgets.label_format, key="an-label")
    items = an.load_queue(cache.engine(), acc.name, label, limit=5)
    if not items:
        st.info("Geen passages in de wachtrij voor dit label: er zijn geen twijfelgevallen (meer) die u nog "
                "niet beoordeelde.")
    else:
        st.caption(f"De {render.nl_count(len(items), 'passage', 'passages')} waarover het model het meest twijfelt "
                   "(score het dichtst bij 0,5 eerst)")
    for item in items:
        for p in cache.passages([item.passage_id]):
            render.passage_card(p, f"an-{p.id}")
            st.caption(f"Modelscore voor {cache.label_name(label)}: {render.nl_number(item.score, 2)}"
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
            ids, not_numbers = an.parse_passage_ids(ids_text)
            n, unknown = an.store_bulk_label(cache.engine(), acc.name, ids, label)
            st.success(f"Label toegevoegd aan {render.nl_count(n, 'passage', 'passages')}.")
            skipped = not_numbers + [str(i) for i in unknown]
            if skipped:
                st.warning("Overgeslagen (geen passage-id of passage bestaat niet): " + ", ".join(skipped[:20])
                           + (" …" if len(skipped) > 20 else ""))


def mine(acc: auth.Account) -> None:
    st.subheader("Mijn annotaties")
    frame = an.load_annotations(cache.engine(), acc.name)
    if frame.empty:
        st.caption("U heeft nog geen annotaties.")
        return
    shown = frame.assign(label=frame["label_id"].map(cache.label_name),
                         value=frame["value"].map(lambda v: "klopt" if v else "klopt niet"),
                         created_at=widgets.local_time(frame["created_at"]))
    st.dataframe(shown[["id", "passage_id", "label", "value", "created_at"]].rename(columns={
        "id": "nr.", "passage_id": "passage", "value": "oordeel", "created_at": "op"}), hide_index=True,
        width="stretch", column_config={"op": widgets.TIME})
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
        st.dataframe(agree.assign(label=agree["label_id"].map(cache.label_name))[
            ["label", "passages", "eens", "kappa"]].rename(columns={"eens": "aandeel eens", "kappa": "Cohens kappa"}),
            hide_index=True, column_config={"aandeel eens": st.column_config.NumberColumn(format="percent"),
                                            "Cohens kappa": st.column_config.NumberColumn(format="localized")})
    if acc is None:
        return
    st.download_button("Annotaties als JSONL", an.annotations_jsonl(cache.engine()).encode(),
                       file_name="annotaties.jsonl", mime="application/jsonl", key="an-export")
    queue(acc)
    bulk(acc)
    mine(acc)


page()
