"""Organisaties: one organisation's submissions, fetches, documents, coverage, passages and figures."""

from __future__ import annotations

import streamlit as st

from kb.storage import load_bytes
from portal import auth, cache, render, widgets
from portal import examples as ex
from portal import queries as q
from portal.outcomes import OUTCOME_NL, fetch_explanation, outcome_explanation

PAGE_SIZE = 30


def pick_organisation() -> int | None:
    param = st.query_params.get("org")
    wanted = int(param) if param and param.isdigit() else None
    query = st.text_input("Zoek een organisatie (naam of KvK)", key="org-query")
    found = cache.find_organisations(query, None, 200, None if query.strip() else wanted)
    if found.empty:
        st.info("Geen organisatie gevonden." if query.strip() else "Er zijn nog geen organisaties ingelezen "
                "(kb import-urls).")
        return None
    ids = found["id"].astype(int).tolist()
    names = dict(zip(ids, found["name"], strict=True))
    index = ids.index(wanted) if wanted in ids else 0
    if wanted is not None and wanted not in ids and not query.strip():
        st.warning(f"Organisatie {wanted} uit de link bestaat niet (meer); kies een organisatie.")
    chosen = st.selectbox("Organisatie", ids, index=index, format_func=lambda i: names[i], key="org-pick")
    return int(chosen) if chosen is not None else None


def history(org_id: int) -> None:
    st.subheader("Inzendingen")
    subs = q.organisation_submissions(cache.engine(), org_id)
    subs = subs.assign(uitleg=[outcome_explanation(o, d) for o, d in zip(subs["outcome"], subs["detail"], strict=True)],
                       outcome=subs["outcome"].map(lambda o: OUTCOME_NL.get(o, o) if o else "nog niet opgehaald"),
                       detail=subs["detail"].fillna(""), sector=subs["sector"].map(widgets.sector_name),
                       last_crawled_at=widgets.local_time(subs["last_crawled_at"]))
    # The Dutch explanation leads; the crawler's own (English) detail stays available for whoever reports a fault.
    st.dataframe(subs[["year", "sector", "submitted_url", "outcome", "uitleg", "last_crawled_at", "detail"]].rename(
        columns={"year": "jaar", "submitted_url": "ingezonden URL", "outcome": "uitkomst",
                 "detail": "technische details", "last_crawled_at": "laatst opgehaald"}), hide_index=True,
        width="stretch", column_config={"laatst opgehaald": widgets.TIME})
    with st.expander("Ophaalgeschiedenis"):
        fetches = q.organisation_fetches(cache.engine(), org_id)
        if fetches.empty:
            st.caption("Nog niets opgehaald voor deze organisatie.")
        else:
            fetches = fetches.assign(
                uitleg=[fetch_explanation(o, d, r) for o, d, r in
                        zip(fetches["outcome"], fetches["detail"], fetches["role"], strict=True)],
                fetched_at=widgets.local_time(fetches["fetched_at"]),
                role=fetches["role"].map(lambda r: widgets.FETCH_ROLE_NL.get(r, r)),
                outcome=fetches["outcome"].map(lambda o: OUTCOME_NL.get(o, o)))
            fetches = fetches[[c for c in widgets.FETCH_COLUMNS if c in fetches.columns]]
            st.dataframe(fetches.rename(columns=widgets.FETCH_COLUMNS), hide_index=True, width="stretch",
                         column_config={"opgehaald op": widgets.TIME})


def download(doc: dict[str, object]) -> None:
    sha = str(doc["sha256"])
    try:
        data = load_bytes(cache.settings(), sha)
    except OSError:
        st.caption("Origineel niet in de opslag aanwezig.")
        return
    name = str(doc.get("filename") or f"{sha[:12]}.bin")
    st.download_button(f"Origineel downloaden ({len(data) // 1024} kB)", data, file_name=name,
                       mime=str(doc.get("media_type") or "application/octet-stream"), key=f"dl-{sha}")


def coverage(document_id: int, extraction_status: str | None) -> None:
    st.subheader("Dekking met bewijs")
    cov = q.document_coverage(cache.engine(), document_id)
    if cov.empty:
        if not extraction_status:
            st.info("Geen dekkingsrapport: dit document is nog niet geanalyseerd (kb analyse).")
        elif extraction_status == "ok":
            st.info("Geen dekkingsrapport: er zijn in dit document geen passages gevonden om te beoordelen.")
        else:
            st.info(widgets.EXTRACTION_NL.get(extraction_status, widgets.EXTRACTION_NL["other"]))
        return
    views = {p.id: p for p in cache.passages([int(i) for ids in cov["passage_ids"] for i in (ids or [])])}
    cov = cov.assign(
        label=cov["label_id"].map(cache.label_name),
        status=cov["covered"].map(lambda c: "aanwezig" if c else "ontbreekt"),
        strength=cov["strength"].map(lambda v: render.nl_number(v, 2)),
        paginas=cov["passage_ids"].map(lambda ids: render.evidence_pages([views[i].page for i in (ids or []) if i in views])))
    st.dataframe(cov[["label", "kind", "status", "strength", "paginas"]].rename(
        columns={"kind": "soort", "strength": "sterkte", "paginas": "bewijs (pagina's)"}),
        hide_index=True, width="stretch")


def passages_by_label(doc: dict[str, object], document_id: int) -> None:
    st.subheader("Passages per bouwsteen en element")
    sector = doc.get("sector")
    options = [widgets.ALL, *widgets.label_options(str(sector) if sector else None)]
    label = st.selectbox("Label", options, format_func=widgets.label_format, key="org-label")
    hide = st.toggle("Gedeelde sjabloontekst verbergen", key="org-hide-shared")
    ids = q.document_passage_ids(cache.engine(), document_id, None if label == widgets.ALL else label, hide)
    shown = widgets.paged(ids, PAGE_SIZE, key=f"org-page-{document_id}")
    st.caption(render.nl_count(len(ids), "passage", "passages") + (
        f" — {render.nl_number(len(shown))} per pagina" if len(ids) > PAGE_SIZE else ""))
    render.passage_list(shown, f"org-{document_id}", actions=widgets.curate_action)


def whole_document_example(doc: dict[str, object], document_id: int) -> None:
    acc = auth.current()
    if not auth.has_role("curator") or acc is None:
        return
    with st.popover("Heel document als goed voorbeeld"), st.form(f"cur-doc-{document_id}"):
        label = st.selectbox("Bouwsteen of element", widgets.label_options(str(doc.get("sector")),
                             ("bouwsteen", "element")), format_func=widgets.label_format)
        note = st.text_area("Toelichting")
        if st.form_submit_button("Toevoegen"):
            ex.store_example(cache.engine(), acc.name, label, note, document_id=document_id,
                             title=str(doc.get("title") or ""))
            cache.clear()
            st.success("Document toegevoegd aan de goede voorbeelden.")


def document_section(org_id: int) -> None:
    docs = cache.documents(q.Filters(organisation_ids=(org_id,)))
    st.subheader("Documenten")
    if docs.empty:
        st.info(no_documents_reason(org_id))
        return
    ids = docs["document_id"].astype(int).tolist()
    doc_id = st.selectbox("Document", ids, index=len(ids) - 1, key="org-doc",
                          format_func=lambda i: _doc_label(docs, i))  # newest report first shown
    doc = docs.set_index("document_id").loc[doc_id].to_dict() | {"document_id": doc_id}
    cols = st.columns([1, 1, 1, 2])  # the type ('visitatieverslag') needs room
    cols[0].metric("Pagina's", render.nl_number(doc.get("pages")) if doc.get("pages") else "—")
    cols[1].metric("Woorden", render.nl_number(int(doc.get("words") or 0)))
    share = q.shared_share(cache.engine(), doc_id)
    cols[2].metric("Gedeelde tekst", f"{share * 100:.0f}%" if share is not None else "—",
                   help="aandeel woorden in passages die vrijwel gelijk zijn aan die van een andere organisatie")
    cols[3].metric("Type", widgets.doc_type_name(doc.get("doc_type")))
    url = str(doc.get("url") or "")
    if url.lower().startswith(("http://", "https://")):
        st.link_button("Document op de website", url)
    download(doc)
    whole_document_example(doc, doc_id)
    coverage(doc_id, doc.get("extraction_status"))
    figs = q.figures(cache.engine(), document_id=doc_id)
    if not figs.empty:
        st.subheader("Gevonden cijfers")
        st.dataframe(widgets.figure_table(figs, with_organisation=False), hide_index=True, width="stretch",
                     column_config=widgets.FIGURE_CONFIG)
    passages_by_label(doc, doc_id)


def no_documents_reason(org_id: int) -> str:
    """Why an organisation has no stored document, in words, from its submissions' outcomes."""
    subs = q.organisation_submissions(cache.engine(), org_id)
    reasons = [f"{int(r.year) if r.year == r.year and r.year is not None else 'onbekend jaar'}: "
               f"{outcome_explanation(str(r.outcome), r.detail if isinstance(r.detail, str) else None)}"
               for r in subs.itertuples()]
    return "Geen opgeslagen documenten voor deze organisatie." + (" " + " ".join(reasons) if reasons else "")


def _doc_label(docs: object, doc_id: int) -> str:
    row = docs.set_index("document_id").loc[doc_id]  # type: ignore[attr-defined]
    return f"{row['year']} · {widgets.document_title(row['title'], row['filename'], row['url']) or doc_id}"


def page() -> None:
    st.title("Organisaties")
    org_id = pick_organisation()
    if org_id is None:
        return
    history(org_id)
    document_section(org_id)


page()
