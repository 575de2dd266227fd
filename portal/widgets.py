"""Widgets shared by pages: corpus filters, label pickers, the 'goed voorbeeld' action."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from portal import auth, cache
from portal import examples as ex
from portal.queries import Filters, PassageView

ALL = "(alle)"


def filters(key: str, organisation: bool = False, doc_type: bool = True) -> Filters:
    """Sector / year / document type selectors in one row; returns the Filters."""
    cols = st.columns(3)
    sector = cols[0].selectbox("Sector", [ALL, *cache.sectors()], key=f"{key}-sector",
                               format_func=sector_name)
    year = cols[1].selectbox("Verslagjaar", [ALL, *cache.years()], key=f"{key}-year")
    dtype = cols[2].selectbox("Documenttype", [ALL, *cache.doc_types()], key=f"{key}-doctype",
                              format_func=doc_type_name) if doc_type else ALL
    return Filters(sector=None if sector == ALL else sector, year=None if year == ALL else int(str(year)),
                   doc_type=None if dtype == ALL else dtype)


DOC_TYPE_NL = {"other": "overig document", "unknown": "onbekend"}


def doc_type_name(doc_type: object) -> str:
    """A document type as the portal shows it ('other' is 'overig document'); '—' for none."""
    if doc_type is None or doc_type != doc_type or not str(doc_type).strip():
        return "—"
    return DOC_TYPE_NL.get(str(doc_type), str(doc_type))


def sector_name(sector: str) -> str:
    return {"vvt": "VVT (ouderenzorg)", "ghz": "Gehandicaptenzorg"}.get(sector, sector)


def label_options(sector: str | None, kinds: tuple[str, ...] = ("bouwsteen", "element", "facet")) -> list[str]:
    tax = cache.taxonomy()
    out: list[str] = []
    if "bouwsteen" in kinds:
        out += [b.id for b in tax.bouwstenen if sector in (None, b.sector)]
    if "element" in kinds:
        out += [e.id for e in tax.elements if sector in (None, e.sector)]
    if "facet" in kinds:
        out += [f.id for f in tax.facets]
    return out


def label_format(label_id: str) -> str:
    return f"{cache.label_name(label_id)} ({label_id})" if label_id != ALL else ALL


def curate_action(p: PassageView, key: str) -> None:
    """'Als goed voorbeeld toevoegen' for curators; nothing for anonymous visitors."""
    if not auth.has_role("curator"):
        return
    acc = auth.current()
    assert acc is not None
    with st.popover("Goed voorbeeld toevoegen"), st.form(f"cur-{key}"):
        options = [lid for lid in p.label_ids if lid in label_options(p.sector, ("bouwsteen", "element"))]
        options = options or label_options(p.sector, ("bouwsteen", "element"))
        label = st.selectbox("Bouwsteen of element", options, format_func=label_format, key=f"cur-l-{key}")
        note = st.text_area("Toelichting van de curator", key=f"cur-n-{key}")
        if st.form_submit_button("Toevoegen"):
            ex.store_example(cache.engine(), acc.name, label, note, passage_id=p.id)
            cache.clear()
            st.success("Toegevoegd aan de goede voorbeelden.")


def organisation_column(frame: pd.DataFrame) -> pd.DataFrame:
    """Add a 'details' column linking each row's organisation to its page (drill-down)."""
    return frame.assign(details=frame["organisation_id"].map(lambda i: f"/organisaties?org={int(i)}"))


LINK = st.column_config.LinkColumn("details", display_text="open organisatie")


# Why a stored document has no coverage: its extraction status (kb.models.ExtractionStatus) in words.
EXTRACTION_NL = {
    "needs_ocr": "Geen dekkingsrapport: het document is gescand en heeft geen tekstlaag. Met tekstherkenning "
                 "(kb analyse --ocr) kan het alsnog worden geanalyseerd; het origineel kunt u hierboven downloaden.",
    "encrypted": "Geen dekkingsrapport: het document is beveiligd met een wachtwoord en kon niet worden gelezen.",
    "corrupt": "Geen dekkingsrapport: het document is beschadigd of geen geldig PDF/Word-bestand.",
    "empty_text": "Geen dekkingsrapport: er staat geen leesbare tekst in het document.",
    "too_many_pages": "Geen dekkingsrapport: het document heeft meer pagina's dan de ingestelde grens.",
    "too_large": "Geen dekkingsrapport: het document is groter dan de ingestelde grens.",
    "timeout": "Geen dekkingsrapport: het lezen van het document duurde te lang en is afgebroken.",
    "unsupported": "Geen dekkingsrapport: dit bestandstype kan niet worden gelezen.",
    "other": "Geen dekkingsrapport: het document kon niet worden gelezen.",
}

FETCH_ROLE_NL = {"submitted": "ingezonden URL", "landing": "doorverwezen pagina", "candidate": "mogelijk rapport",
                 "part": "deel van rapport", "recheck": "hercontrole", "robots": "robots.txt",
                 "sitemap": "sitemap"}
FETCH_COLUMNS = {"fetched_at": "opgehaald op", "role": "soort", "url": "URL", "status": "HTTP-status",
                 "outcome": "uitkomst", "uitleg": "uitleg", "detail": "technische details",
                 "media_type": "bestandstype", "bytes": "bytes"}
TIME = st.column_config.DatetimeColumn(format="D-M-YYYY HH:mm")
TIMEZONE = "Europe/Amsterdam"


def local_time(column: pd.Series) -> pd.Series:
    """Stored UTC timestamps (naive) as Dutch local time, for display."""
    stamps = pd.to_datetime(column, errors="coerce")
    if stamps.empty:
        return stamps
    return stamps.dt.tz_localize("UTC").dt.tz_convert(TIMEZONE).dt.tz_localize(None)


MEASURE_NL = {"nps": "NPS", "totaalscore": "totaalscore", "prem": "PREM wijkverpleging",
              "aanbeveling": "aanbeveling", "clientervaring": "cliëntervaring"}
FIGURE_COLUMNS = {"organisation": "organisatie", "year": "jaar", "measure": "maat", "instrument": "instrument",
                  "value": "waarde", "scale": "schaal", "period": "over jaar", "respondents": "respondenten",
                  "quote": "bronzin"}
FIGURE_CONFIG = {"waarde": st.column_config.NumberColumn(format="localized"),
                 "respondenten": st.column_config.NumberColumn(format="localized"),
                 "over jaar": st.column_config.NumberColumn(format="%d")}


def figure_table(figs: pd.DataFrame, with_organisation: bool = True) -> pd.DataFrame:
    """Figures with Dutch column names and measure names, ready for st.dataframe."""
    columns = [c for c in FIGURE_COLUMNS if with_organisation or c not in ("organisation", "year")]
    text = {c: figs[c].map(lambda v: "—" if v is None or v != v or not str(v).strip() else str(v))
            for c in ("instrument", "scale") if c in figs.columns}  # no 'None' in a Dutch table
    return figs.assign(measure=figs["measure"].map(lambda m: MEASURE_NL.get(m, m)), **text)[columns].rename(
        columns=FIGURE_COLUMNS)


_JUNK_TITLE = re.compile(r"^\s*(untitled|naamloos|zonder titel|document\s*\d*|doc\d+|presentatie\s*\d*|"
                         r"powerpoint-presentatie|pdf|\d+|[-_.\s]*)\s*$", re.IGNORECASE)
_EDITOR_PREFIX = re.compile(r"^\s*(microsoft (word|powerpoint) - |word - )", re.IGNORECASE)


def document_title(title: object, filename: object = None, url: object = None) -> str:
    """A title a reader recognises: the PDF/Word title unless it is an editor default ('untitled',
    'Document1', 'Microsoft Word - kb.docx'), else the file name, else the last part of the URL."""
    for candidate in (title, filename, str(url or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]):
        if not isinstance(candidate, str):
            continue
        text = re.sub(r"\.(docx?|pdf|html?)$", "", _EDITOR_PREFIX.sub("", candidate.strip()), flags=re.IGNORECASE)
        if text and not _JUNK_TITLE.match(text):
            return text
    return ""


def paged(items: list[int], page_size: int, key: str) -> list[int]:
    """One page of `items` with a page picker when there is more than one page."""
    pages = max(1, -(-len(items) // page_size))
    if pages == 1:
        return items
    # The same picker serves lists that shrink (another label, a withdrawn example): a page number beyond
    # the new last page would make Streamlit refuse the widget, so it goes back to the last page.
    if int(st.session_state.get(key) or 1) > pages:
        st.session_state[key] = pages
    n = int(st.number_input(f"Pagina (van {pages})", min_value=1, max_value=pages, key=key))
    return items[(n - 1) * page_size: n * page_size]
