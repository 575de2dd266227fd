"""URLs as people type them into the Zorginstituut forms and their own lists."""

from __future__ import annotations

import pytest

from crawler.urls import normalise_url


@pytest.mark.parametrize(("typed", "url", "reason"), [
    ("[https://www.een.nl](https://www.een.nl)", "https://www.een.nl/", None),
    ("https://[www.een.nl/kwaliteit", None, "not a valid URL"),
    ("kwaliteitsbeeld.pdf", None, "is a file name"),
    ("Kwaliteitsbeeld 2023.pdf", None, "is a file name"),
    ("info@een.nl", None, "e-mail address"),
    ("https://www.een.nl/rapporten/kwaliteit,2023.pdf", "https://www.een.nl/rapporten/kwaliteit,2023.pdf", None),
    ("www.een.nl/kwaliteit,www.een.nl/plan", "https://www.een.nl/kwaliteit", None),
    ("https://www.een.nl/kwaliteitsbeeld-2023…", "https://www.een.nl/kwaliteitsbeeld-2023", None),
    ("www.een.nl\x00", "https://www.een.nl/", None),
], ids=["markdown_link", "bracket_in_host", "file_name", "file_name_with_space", "email", "comma_in_path",
        "two_urls_comma", "ellipsis", "nul"])
def test_urls_as_typed(typed: str, url: str | None, reason: str | None) -> None:
    result = normalise_url(typed)
    assert result.url == url
    assert reason is None or (result.reason is not None and reason in result.reason)
