"""Safe rendering: passage text is text, never HTML or Markdown.

`escape_markdown` neutralises every character Markdown, HTML or Streamlit's own
directives (`:red[...]`, `$math$`) could interpret; highlighting escapes first and only
then wraps matched words. `passage_card` shows a passage with page, source link, copy
button (st.code), labels and the "waarom dit label" terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import streamlit as st
from sqlalchemy import Engine

from analysis.sections import EXPLANATION_PREFIX
from portal import cache, queries
from portal.queries import PassageView

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$>=^])")
_INDENT = re.compile(r"^[ \t\u00a0]+", re.MULTILINE)
_FOLD = {"a": "aàáâäã", "e": "eèéêë", "i": "iìíîï", "o": "oòóôöõ", "u": "uùúûü", "c": "cç", "n": "nñ", "y": "yÿ"}


def escape_markdown(text: str) -> str:
    """Escape HTML, then backslash every Markdown/Streamlit special character.

    Also '=' (a line of '===' under text makes a heading) and leading indentation (four spaces
    after an empty line make a code block); line ends become hard breaks.
    """
    return _escape(_unindent(text))


def _unindent(text: str) -> str:
    return _INDENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def _fold(word: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    return "".join(f"[{_FOLD[c]}]" if c in _FOLD else re.escape(c) for c in base)


def highlight_markdown(text: str, words: list[str]) -> str:
    """Escaped text with the query words (accent-insensitive, as prefix) marked; safe for st.markdown.

    Matches are found in the raw text and every piece is escaped on its own, so a query word never
    matches inside an escape (the "lt" of "&lt;") and bold markers never touch a backslash.
    """
    words = [w for w in words if w.strip()]
    if not words:
        return escape_markdown(text)
    text = _unindent(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_fold(w) for w in sorted(words, key=len, reverse=True))
                         + r")[^\W_]*", re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out += [_escape(text[pos:m.start()]), f"**{_escape(m.group(0))}**"]
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def source_caption(p: PassageView) -> str:
    page = f"p. {p.page}" if p.page else "webpagina"
    heading = " › ".join(p.heading_path) or "(geen kop)"
    year = f" {p.year}" if p.year else ""
    return f"{p.organisation}{year} · {page} · {heading}"


def nl_number(value: float | int | None, decimals: int = 0) -> str:
    """A number as a Dutch reader writes it: 12.345 and 0,80 ("—" for none)."""
    if value is None or value != value:  # None or NaN
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def evidence_pages(pages: list[int | None]) -> str:
    """'p. 2, p. 9, p. 10' in page order (not 'p. 10, p. 2'); 'web' for a passage of a web page."""
    numbers = sorted({int(p) for p in pages if p})
    return ", ".join([f"p. {n}" for n in numbers] + (["web"] if any(not p for p in pages) else [])) or "—"


def nl_count(n: int, singular: str, plural: str) -> str:
    """'1 passage', '2.345 passages'."""
    return f"{nl_number(n)} {singular if n == 1 else plural}"


def evidence_cell(covered: bool, passage_ids: list[int] | None, pages: dict[int, int | None]) -> str:
    """'✓ p. 2, 5' (PDF pages of the evidence), '✓ 3 passages' (web page), or '✗'; `pages` holds the page of
    every stored passage (`queries.passage_pages`)."""
    if not covered:
        return "✗"
    found = [pages[i] for i in dict.fromkeys(int(i) for i in passage_ids or []) if i in pages]
    numbers = sorted({p for p in found if p})
    if numbers:
        return "✓ p. " + ", ".join(str(n) for n in numbers[:6]) + (" …" if len(numbers) > 6 else "")
    return "✓ " + nl_count(len(found), "passage", "passages") if found else "✓"


def coverage_cells(engine: Engine, document_ids: list[int]) -> dict[int, dict[str, str]]:
    """Per document, label -> `evidence_cell`: the comparison table's columns, in two queries for all documents
    (before: one per document and one per covered label)."""
    rows = list(queries.documents_coverage(engine, document_ids).itertuples())
    pages = queries.passage_pages(engine, [int(i) for r in rows if r.covered for i in (r.passage_ids or [])])
    cells: dict[int, dict[str, str]] = {int(doc_id): {} for doc_id in document_ids}
    for r in rows:
        cells[int(r.document_id)][r.label_id] = evidence_cell(bool(r.covered), r.passage_ids, pages)
    return cells


LABEL_HELP = ("Tussen haakjes staat hoe zeker het model van het label is (0 tot 1); 'mens' betekent dat een "
              "annotator het label heeft vastgesteld.")


def label_caption(p: PassageView) -> str:
    if not p.labels:
        return "Labels: geen"
    parts = [f"{cache.label_name(lid)} ({nl_number(score, 2)}{', mens' if src == 'human' else ''})" for lid, score, src in p.labels]
    return "Labels: " + "; ".join(parts)


HEADING_PREFIX = EXPLANATION_PREFIX  # the label comes from the section heading


def why_terms(terms: list[str] | tuple[str, ...]) -> str:
    """A label's explanation in Dutch: the section heading it stands under, and the words it was recognised by."""
    headings = [str(t)[len(HEADING_PREFIX):].strip() for t in terms if str(t).startswith(HEADING_PREFIX)]
    words = [str(t).strip() for t in terms if not str(t).startswith(HEADING_PREFIX) and str(t).strip()]
    parts = [f"staat onder de kop ‘{h}’" for h in dict.fromkeys(headings) if h]
    if words:
        parts.append("herkend aan " + ", ".join(f"‘{w}’" for w in words))
    return "; ".join(parts)


def why_caption(p: PassageView) -> str:
    whys = ((lid, why_terms(terms)) for lid, terms in p.explanations.items() if terms and lid in p.label_ids)
    parts = [f"{cache.label_name(lid)}: {why}" for lid, why in whys if why]
    return "Waarom dit label — " + " · ".join(parts) if parts else ""


def passage_card(p: PassageView, key: str, query_words: list[str] | None = None,
                 actions: Callable[[PassageView, str], None] | None = None) -> None:
    """One passage: source, text (highlighted or plain), copy button, labels and explanations."""
    with st.container(border=True):
        st.caption(escape_markdown(source_caption(p)) + (" · gedeelde tekst" if p.shared else ""))
        if query_words:
            st.markdown(highlight_markdown(p.text, query_words))
            with st.expander("Tekst kopiëren"):
                st.code(p.text, language=None, wrap_lines=True)
        else:
            st.code(p.text, language=None, wrap_lines=True)
        st.caption(escape_markdown(label_caption(p)), help=LABEL_HELP if p.labels else None)
        why = why_caption(p)
        if why:
            st.caption(escape_markdown(why))
        cols = st.columns([1, 1, 2])
        link = p.source_link
        if link:
            cols[0].link_button("Bron" + (f", p. {p.page}" if p.page else ""), link)
        if actions:
            with cols[2]:
                actions(p, key)


def passage_list(ids: list[int], key: str, query_words: list[str] | None = None,
                 actions: Callable[[PassageView, str], None] | None = None) -> None:
    for p in cache.passages(ids):
        passage_card(p, f"{key}-{p.id}", query_words, actions)
