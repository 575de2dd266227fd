"""Zelfcheck: a provider uploads a draft and sees its coverage against its sector (not stored)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from portal import cache, render, widgets

UPLOAD_TYPES = ["pdf", "docx", "txt", "md", "html", "htm"]
KIND_NL = {"pdf": "PDF", "docx": "Word-document", "txt": "tekstbestand", "md": "tekstbestand", "html": "webpagina",
           "htm": "webpagina"}


def upload_error(name: str, content: bytes, report: dict[str, Any]) -> str | None:
    """The Dutch reason a draft could not be checked, naming what the provider can do; None when it was."""
    if not content:
        return "Het bestand is leeg. Kies het bestand opnieuw of sla het concept eerst op."
    if not report.get("error"):
        return None
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if report.get("status") in ("unsupported", "corrupt") and ext in KIND_NL:
        return (f"Het bestand heet .{ext}, maar kon niet als {KIND_NL[ext]} worden gelezen: het is beschadigd of "
                "in een ander formaat opgeslagen. Sla het opnieuw op als PDF of Word-document (.docx).")
    if report.get("status") == "unsupported":
        return "Dit bestandstype wordt niet ondersteund: upload een PDF, Word-document (.docx), tekstbestand of webpagina."
    return str(report["error"])


def run_check(content: bytes, sector: str) -> dict[str, Any] | None:
    try:
        from analysis.check import check_bytes
    except ImportError:
        return None
    return dict(check_bytes(content, sector, cache.settings()))


def evidence_name(passage: dict[str, Any], number: int) -> str:
    """Where a passage is: 'p. 3' in a PDF, else its heading or its place in the document ('passage 4')."""
    if passage.get("page"):
        return f"p. {passage['page']}"
    heading = str(passage.get("heading") or "").strip()
    return f"passage {number}" + (f" ({heading[:40]})" if heading else "")


def coverage_frame(report: dict[str, Any]) -> pd.DataFrame:
    where = {p.get("id"): evidence_name(p, i) for i, p in enumerate(report.get("passages", []), start=1)}
    rows = []
    for kind in ("bouwstenen", "elements"):
        for label_id, cov in (report.get("coverage", {}).get(kind) or {}).items():
            evidence = cov.get("passages") or []
            rows.append({"label": cache.label_name(label_id), "soort": "bouwsteen" if kind == "bouwstenen" else "element",
                         "status": "aanwezig" if cov.get("covered") else
                         "ontbreekt" if cov.get("required", True) else "niet verplicht voor dit document",
                         "bewijs": ", ".join(dict.fromkeys(where.get(e, str(e)) for e in evidence)) or "—",
                         "label_id": label_id})
    return pd.DataFrame(rows, columns=["label", "soort", "status", "bewijs", "label_id"])


def figures(report: dict[str, Any]) -> None:
    """The measurement results the analysis read from the draft: what the overview will show of it."""
    found = pd.DataFrame(report.get("figures") or [])
    if found.empty:
        st.caption("Geen cijfers over cliëntervaring herkend (zoals een NPS, totaalscore of aanbevelingspercentage "
                   "met het aantal respondenten).")
        return
    st.subheader("Herkende cijfers")
    for column in widgets.FIGURE_COLUMNS:
        if column not in found.columns:
            found[column] = None
    st.dataframe(widgets.figure_table(found, with_organisation=False), hide_index=True, width="stretch",
                 column_config=widgets.FIGURE_CONFIG)


def show_report(report: dict[str, Any]) -> None:
    table = coverage_frame(report)
    requirements = report.get("requirements") or {}
    required = requirements.get("required") or []
    missing = [m["name"] for m in report.get("missing", [])]
    cols = st.columns(2)
    cols[0].metric("Verplichte elementen aanwezig", f"{len(required) - len(missing)} van {len(required)}")
    cols[1].metric("Passages", len(report.get("passages", [])))
    for warning in report.get("warnings", []):
        if warning.get("code") != "language":  # shown above the report
            st.info(str(warning.get("text", "")))
    if requirements.get("deadline"):
        st.caption(f"Getoetst als {requirements.get('doc_type')}. Termijn: {requirements['deadline']}. "
                   f"Indienen: {requirements.get('submit') or 'onbekend'}.")
    if missing:
        st.warning("Nog niet gevonden: " + "; ".join(missing))
    st.dataframe(table.drop(columns=["label_id"]), hide_index=True, width="stretch")
    figures(report)
    by_id = {p.get("id"): p for p in report.get("passages", [])}
    label = st.selectbox("Bewijs per label", table["label_id"].tolist(), format_func=widgets.label_format,
                         key="zc-label")
    kinds = report.get("coverage", {})
    evidence = (kinds.get("elements", {}).get(label) or kinds.get("bouwstenen", {}).get(label) or {}).get("passages", [])
    number = {p.get("id"): i for i, p in enumerate(report.get("passages", []), start=1)}
    if not evidence:
        st.caption("Voor dit label is in uw concept geen passage gevonden.")
    for pid in evidence:
        p = by_id.get(pid, {})
        where = f"p. {p['page']}" if p.get("page") else f"passage {number.get(pid, '?')}"
        st.caption(render.escape_markdown(where + (f" · {p['heading']}" if p.get("heading") else "")))
        st.code(str(p.get("text", "")), language=None, wrap_lines=True)
        why = render.why_terms((p.get("explanations") or {}).get(label) or [])
        if why:
            st.caption(render.escape_markdown(f"Waarom dit label: {why}"))


def page() -> None:
    st.title("Zelfcheck")
    settings = cache.settings()
    st.caption(f"Upload uw concept-kwaliteitsbeeld (PDF, Word, tekst of webpagina; max. {settings.upload_max_mb} MB). "
               "Het bestand wordt alleen geanalyseerd en niet bewaard.")
    # Every sector of the taxonomy, not only those already in the database: a provider checks its own draft.
    sectors = [sec.id for sec in cache.taxonomy().sectors]
    sector = st.selectbox("Sector", sectors, format_func=widgets.sector_name, key="zc-sector")
    upload = st.file_uploader("Concept", type=UPLOAD_TYPES, key="zc-file")
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
    problem = upload_error(upload.name, upload.getvalue(), report)
    if problem:
        st.error(problem)
        return
    for warning in report.get("warnings", []):
        if warning.get("code") == "language":  # first and as a warning: the rest of the report says little then
            st.warning(str(warning.get("text", "")))
    show_report(report)


page()
