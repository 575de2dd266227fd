"""The kwaliteitsbeelden portal: one st.navigation of st.Page entries.

Start with `kb portal` (settings arrive via KB_DATABASE_URL / KB_DATA_DIR).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run portal/app.py` puts only portal/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from portal import auth  # noqa: E402

# Not "pages": Streamlit treats a pages/ folder next to the main script as a v1 multipage app and, on a
# first visit to a deep link, runs that page without this script (no navigation sections, no wide layout).
PAGES = Path(__file__).resolve().parent / "views"


def main() -> None:
    st.set_page_config(page_title="Kwaliteitsbeelden", layout="wide")
    nav = st.navigation({
        "Verkennen": [
            st.Page(PAGES / "overzicht.py", title="Overzicht", default=True, url_path="overzicht"),
            st.Page(PAGES / "organisaties.py", title="Organisaties", url_path="organisaties"),
            st.Page(PAGES / "vergelijken.py", title="Vergelijken", url_path="vergelijken"),
            st.Page(PAGES / "zoeken.py", title="Zoeken", url_path="zoeken"),
            st.Page(PAGES / "voorbeelden.py", title="Goede voorbeelden", url_path="voorbeelden"),
        ],
        "Gebruiken": [
            st.Page(PAGES / "export.py", title="Export", url_path="export"),
            st.Page(PAGES / "zelfcheck.py", title="Zelfcheck", url_path="zelfcheck"),
            st.Page(PAGES / "annoteren.py", title="Annoteren", url_path="annoteren"),
        ],
    })
    auth.sidebar()
    nav.run()


main()
