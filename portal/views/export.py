"""Export: the tagged corpus for researchers (analysis.export), offered as a zip download."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import streamlit as st

from portal import cache, render, widgets

FORMATS = {"Parquet": "parquet", "CSV": "csv", "JSONL": "jsonl"}


def build_zip(fmt: str, sector: str | None, year: int | None) -> tuple[bytes, dict[str, Any]] | None:
    """Run the corpus export into a temp dir and zip it; None when analysis.export is not there."""
    try:
        from analysis.export import export_corpus  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        manifest = export_corpus(cache.engine(), cache.settings(), out, fmt, sector=sector, year=year)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(out).as_posix())
    return buf.getvalue(), dict(manifest or {})


def page() -> None:
    st.title("Export voor onderzoek")
    st.caption("Het getagde corpus: documenten, passages en cijfers, met een codeboek en de gebruikte "
               "model- en taxonomieversies (manifest.json).")
    f = widgets.filters("exp", doc_type=False)
    fmt = FORMATS[st.radio("Formaat", list(FORMATS), horizontal=True, key="exp-fmt")]
    if not st.button("Export maken", key="exp-go"):
        return
    with st.spinner("Export wordt gemaakt…"):
        built = build_zip(fmt, f.sector, f.year)
    if built is None:
        st.warning("Export nog niet beschikbaar.")
        return
    data, manifest = built
    st.session_state["exp-manifest"] = manifest
    documents = (manifest.get("row_counts") or {}).get("documents")
    if documents == 0:
        st.warning("Deze selectie bevat geen documenten: de export bevat alleen het codeboek en lege tabellen.")
    else:
        st.success("Export klaar" + (f": {render.nl_count(int(documents), 'document', 'documenten')}."
                                     if documents is not None else "."))
    st.download_button("Download (zip)", data, file_name=f"kwaliteitsbeelden-{fmt}.zip", mime="application/zip",
                       key="exp-dl")
    st.code(json.dumps(manifest, ensure_ascii=False, indent=2, default=str), language="json")


page()
