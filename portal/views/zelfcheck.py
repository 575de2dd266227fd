"""Zelfcheck: a provider uploads a draft and sees its coverage against its sector (not stored)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from portal import cache, render, widgets


def run_check(content: bytes, sector: str) -> dict[str, Any] | None:
    try:
        from analysis.check import check_bytes
    except ImportError:
        return None
    return dict(check_bytes(content, sector, cache.settings()))


def coverage_frame(report: dict[str, Any]) -> pd.DataFrame:
    pages = {p.get("id"): p.get("page") for p in report.get("passages", [])}
    rows = []
    for kind in ("bouwstenen", "elements"):
        for label_id, cov in (report.get("coverage", {}).get(kind) or {}).items():
            evidence = cov.get("passages") or []
            rows.append({"label": cache.label_name(label_id), "soort": "bouwsteen" if kind == "bouwstenen" else "element",
                         "status": "aanwezig" if cov.get("covered") else "ontbreekt",
                         "bewijs": ", ".join(f"p. {pages[e]}" if pages.get(e) else str(e) for e in evidence) or "—",
                         "label_id": label_id})
    return pd.DataFrame(rows, columns=["label", "soort", "status", "bewijs", "label_id"])


def show_report(report: dict[str, Any]) -> None:
    table = coverage_frame(report)
    missing = table[(table["status"] == "ontbreekt") & (table["soort"] == "element")]
    cols = st.columns(2)
    cols[0].metric("Verplichte elementen aanwezig", f"{(table['soort'] == 'element').sum() - len(missing)}"
                   f" van {(table['soort'] == 'element').sum()}")
    cols[1].metric("Passages", len(report.get("passages", [])))
    if not missing.empty:
        st.warning("Nog niet gevonden: " + "; ".join(missing["label"]))
    st.dataframe(table.drop(columns=["label_id"]), hide_index=True, width="stretch")
    by_id = {p.get("id"): p for p in report.get("passages", [])}
    label = st.selectbox("Bewijs per label", table["label_id"].tolist(), format_func=widgets.label_format,
                         key="zc-label")
    kinds = report.get("coverage", {})
    evidence = (kinds.get("elements", {}).get(label) or kinds.get("bouwstenen", {}).get(label) or {}).get("passages", [])
    for pid in evidence:
        p = by_id.get(pid, {})
        st.caption(render.escape_markdown(f"p. {p.get('page') or '—'} · {p.get('heading') or ''}"))
        st.code(str(p.get("text", "")), language=None, wrap_lines=True)


def page() -> None:
    st.title("Zelfcheck")
    settings = cache.settings()
    st.caption(f"Upload uw concept-kwaliteitsbeeld (PDF of Word, max. {settings.upload_max_mb} MB). "
               "Het bestand wordt alleen geanalyseerd en niet bewaard.")
    sector = st.selectbox("Sector", cache.sectors() or ["vvt", "ghz"], format_func=widgets.sector_name, key="zc-sector")
    upload = st.file_uploader("Concept", type=["pdf", "docx"], key="zc-file")
    if upload is None:
        return
    if upload.size > settings.upload_max_mb * 1024 * 1024:
        st.error(f"Bestand te groot (maximaal {settings.upload_max_mb} MB).")
        return
    with st.spinner("Analyseren…"):
        report = run_check(upload.getvalue(), sector)
    if report is None:
        st.warning("Zelfcheck nog niet beschikbaar.")
        return
    if report.get("error"):
        st.error(str(report["error"]))
        return
    show_report(report)


page()
