"""Passage text is text: escaping, highlighting, source links, password hashing."""

from __future__ import annotations

import re

import pytest

from kb.cli_portal import hash_password, verify_password
from portal.queries import PassageView
from portal.render import escape_markdown, highlight_markdown


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>", "[klik](javascript:alert(1))", "![img](http://x/y.png)", ":red[rood]",
    "$x^2$", "**vet** _schuin_", "# kop", "<img src=x onerror=alert(1)>",
], ids=["script", "js-link", "image", "st-colour", "latex", "emphasis", "heading", "img-onerror"])
def test_escaped_markdown_has_no_active_syntax(raw: str) -> None:
    out = escape_markdown(raw)
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)[\[\]()*_#$:!`]", out), out  # every special character is escaped


def test_highlight_marks_accented_word_for_plain_query() -> None:
    out = highlight_markdown("De cliënten en <b>naasten</b>.", ["clienten", "naasten"])
    assert "**cliënten**" in out and "**naasten**" in out and "<b>" not in out


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
