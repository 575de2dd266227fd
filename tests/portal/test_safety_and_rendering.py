"""Passage text is text: escaping, highlighting, source links, password hashing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kb.cli_portal import hash_password, verify_password
from portal.queries import PassageView
from portal.render import escape_markdown, highlight_markdown, nl_number


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>", "[klik](javascript:alert(1))", "![img](http://x/y.png)", ":red[rood]",
    "$x^2$", "**vet** _schuin_", "# kop", "<img src=x onerror=alert(1)>",
], ids=["script", "js-link", "image", "st-colour", "latex", "emphasis", "heading", "img-onerror"])
def test_escaped_markdown_has_no_active_syntax(raw: str) -> None:
    out = escape_markdown(raw)
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)[\[\]()*_#$:!`]", out), out  # every special character is escaped


@pytest.mark.parametrize("raw", ["Resultaten\n==========\nDe NPS was 42.", "Inleiding\n\n    Tabel 1  NPS  42",
                                 "Kop\r\n\tingesprongen\r\n=====", "a\u00a0\n\u00a0   b"],
                         ids=["setext-heading", "indented-code", "crlf-tab", "nbsp-indent"])
@pytest.mark.parametrize("render", [escape_markdown, lambda t: highlight_markdown(t, ["nps", "tabel"])],
                         ids=["plain", "highlighted"])
def test_underlines_and_indentation_do_not_become_headings_or_code(raw: str, render: Any) -> None:
    """A line of '===' under text rendered as a heading; four spaces after an empty line as a code block."""
    out = render(raw)
    assert not re.search(r"(?<!\\)=", out), out
    assert not re.search(r"^[ \t\u00a0]+\S", out, re.MULTILINE), out


def test_highlight_marks_accented_word_for_plain_query() -> None:
    out = highlight_markdown("De cliënten en <b>naasten</b>.", ["clienten", "naasten"])
    assert "**cliënten**" in out and "**naasten**" in out and "<b>" not in out


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("a < b & c", ["lt"], "a &lt; b &amp; c"),
    ("a > b", ["g"], "a &gt; b"),
    ("snake_case en zorg_plan", ["_"], "snake\\_case en zorg\\_plan"),
    ("zorg-verlening", ["zorg"], "**zorg**\\-verlening"),
    ("De *cliënten*", ["clienten"], "De \\***cliënten**\\*"),
], ids=["no-match-inside-lt", "no-match-inside-gt", "underscore-query", "hyphen", "stars-around"])
def test_highlight_never_breaks_an_escape(text: str, words: list[str], expected: str) -> None:
    """Query words are matched in the raw text: 'lt' used to turn '&lt;' into '&**lt**;' on screen."""
    assert highlight_markdown(text, words) == expected


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (12345, 0, "12.345"), (0.8, 2, "0,80"), (1234567.891, 1, "1.234.567,9"), (-3.5, 1, "-3,5"), (None, 0, "—"),
    (float("nan"), 1, "—"),
])
def test_numbers_are_written_the_dutch_way(value: float | None, decimals: int, text: str) -> None:
    assert nl_number(value, decimals) == text


@pytest.mark.parametrize(("url", "media", "page", "link"), [
    ("https://a.nl/kb.pdf", "application/pdf", 4, "https://a.nl/kb.pdf#page=4"),
    ("https://a.nl/kb.html", "text/html", None, "https://a.nl/kb.html"),
    ("javascript:alert(1)", "application/pdf", 2, None),
], ids=["pdf-page", "html", "javascript-url"])
def test_source_link_points_to_page_and_only_to_http(url: str, media: str, page: int | None,
                                                     link: str | None) -> None:
    p = PassageView(1, 1, "Org", 1, "vvt", 2024, page, (), "tekst", url, media)
    assert p.source_link == link


def test_password_hash_is_salted_and_verifies() -> None:
    a, b = hash_password("correct horse"), hash_password("correct horse")
    assert a != b and a.startswith("scrypt$")
    assert verify_password("correct horse", a) and not verify_password("wrong", a)


@pytest.mark.parametrize(("title", "filename", "url", "shown"), [
    ("Kwaliteitsbeeld 2024", "x.pdf", None, "Kwaliteitsbeeld 2024"),
    ("untitled", "kwaliteitsbeeld-2024.pdf", None, "kwaliteitsbeeld-2024"),
    ("Microsoft Word - Kwaliteitsrapport 2023.docx", None, None, "Kwaliteitsrapport 2023"),
    ("Document1", None, "https://zorg.example.nl/files/kwaliteitsbeeld.pdf?v=2", "kwaliteitsbeeld"),
    (None, None, "https://zorg.example.nl/kwaliteit/", "kwaliteit"),
    ("  ", None, None, ""),
], ids=["real-title", "untitled", "word-prefix", "document1-url", "url-only", "nothing"])
def test_document_title_skips_editor_defaults(title: str | None, filename: str | None, url: str | None,
                                              shown: str) -> None:
    """The organisation page's document picker read '2024 · untitled' for a PDF with a default title."""
    from portal.widgets import document_title

    assert document_title(title, filename, url) == shown
