"""Zoeken: full-text search over all passages, filtered, highlighted, paginated."""

from __future__ import annotations

import streamlit as st

from portal import cache, render, widgets
from portal import search as se
from portal.queries import Filters

PAGE_SIZE = 10


def query_filters() -> tuple[str, Filters, str | None]:
    text = st.text_input("Zoekterm", key="zk-q", placeholder='bijv. "open gesprek" mantelzorg -thuiszorg')
    f = widgets.filters("zk")
    cols = st.columns(2)
    label = cols[0].selectbox("Bouwsteen, element of facet", [widgets.ALL, *widgets.label_options(f.sector)],
                              format_func=widgets.label_format, key="zk-label")
    orgs = cache.find_organisations("", f.sector, None)  # every organisation: the picker filters as one types
    names = dict(zip(orgs["id"].astype(int), orgs["name"], strict=True))
    chosen = cols[1].multiselect("Organisatie", list(names), format_func=lambda i: names[i], key="zk-org",
                                 placeholder="Kies organisaties")
    f = Filters(f.sector, f.year, f.doc_type, tuple(sorted(int(i) for i in chosen)))
    return text, f, None if label == widgets.ALL else label


def ranked(text: str, f: Filters, label: str | None) -> None:
    result = cache.search(text, f, label)
    if result.total == 0:
        st.info("Geen passages gevonden.")
        return
    count = render.nl_count(result.total, "passage", "passages")
    note = "" if result.ranked_all else f" — gerangschikt: de beste uit de eerste {render.nl_number(len(result.ids))} treffers"
    st.caption(("meer dan " if result.capped else "") + count + note)
    show(widgets.paged(list(result.ids), PAGE_SIZE, key="zk-page"), text)


def in_document_order(text: str, f: Filters, label: str | None) -> None:
    """Keyset pagination over all matches (passage id order)."""
    cursor = st.session_state.setdefault(f"zk-cursor|{text}|{f}|{label}", [0])
    ids = cache.search_after(text, f, label, cursor[-1], PAGE_SIZE)
    if not ids:
        st.info("Geen (verdere) passages.")
    show(ids, text)
    cols = st.columns(2)
    if len(cursor) > 1 and cols[0].button("Vorige", key="zk-prev"):
        cursor.pop()
        st.rerun()
    if len(ids) == PAGE_SIZE and cols[1].button("Volgende", key="zk-next"):
        cursor.append(ids[-1])
        st.rerun()


def show(ids: list[int], text: str) -> None:
    words = se.positive_words(text)
    for p in cache.passages(ids):
        render.passage_card(p, f"zk-{p.id}", words, actions=_actions)


def _actions(p: object, key: str) -> None:
    from portal.queries import PassageView

    assert isinstance(p, PassageView)
    widgets.curate_action(p, key)
    if st.toggle("Meer zoals dit", key=f"sim-{key}"):
        for other in cache.passages(cache.similar(p.id)):
            st.caption(render.escape_markdown(render.source_caption(other)))
            st.code(other.text, language=None, wrap_lines=True)
            if other.source_link:
                st.link_button("Bron", other.source_link)


def page() -> None:
    st.title("Zoeken")
    text, f, label = query_filters()
    if not text.strip():
        st.caption("Zoek in alle passages van alle kwaliteitsbeelden. Gebruik \"aanhalingstekens\" voor een "
                   "zinsdeel, een * voor een woordbegin, OR voor het een of het ander en een - (of NOT) om een woord "
                   "uit te sluiten.")
        return
    if se.to_fts5(text) is None:
        st.info("Uw zoekvraag sluit alleen woorden uit. Geef ook een woord om naar te zoeken, bijv. "
                "mantelzorg -thuiszorg." if se.only_exclusions(text) else
                "Uw zoekvraag bevat geen woorden om naar te zoeken: alleen letters en cijfers worden gezocht.")
        return
    order = st.radio("Volgorde", ["relevantie", "documentvolgorde (alle treffers)"], horizontal=True, key="zk-order")
    if order == "relevantie":
        ranked(text, f, label)
    else:
        in_document_order(text, f, label)


page()
