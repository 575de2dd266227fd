"""Text cleaning, media-type sniffing and document facts."""

from __future__ import annotations

import pytest

from analysis.clean import is_page_number, join_lines, normalise_unicode, repeated_lines
from analysis.docfacts import detect_language, guess_doc_type, years_mentioned
from analysis.extract import DOCX, HTML, OCTET, PDF, TEXT, sniff_media_type
from kb.docmaker import Block, DocSpec, render_docx, render_html


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        pytest.param(["kwaliteits-", "beeld is klaar"], "kwaliteitsbeeld is klaar", id="hyphenated-word"),
        pytest.param(["Noord-", "Brabant"], "Noord-Brabant", id="uppercase-part-keeps-hyphen"),
        pytest.param(["avond-", "en nachtdiensten"], "avond- en nachtdiensten", id="suspended-compound"),
        pytest.param(["COVID-", "19 maatregelen"], "COVID-19 maatregelen", id="digit-part-keeps-hyphen"),
        pytest.param(["eerste regel", "tweede regel"], "eerste regel tweede regel", id="plain-lines"),
        pytest.param(["prijs -", "kwaliteit"], "prijs - kwaliteit", id="dash-is-not-hyphenation"),
    ],
)
def test_join_lines_undoes_line_end_hyphenation_only(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("e\ufb03ciënt en \ufb01jn", "efficiënt en fijn", id="ligatures"),
        pytest.param("kwaliteits\u00adbeeld", "kwaliteitsbeeld", id="soft-hyphen"),
        pytest.param("verpleeg\ufffe\r\nhuis", "verpleeghuis", id="pdfium-hyphen-marker"),
        pytest.param("zorg\x02\r\nverlening", "zorgverlening", id="pdfium-x02-marker"),
        pytest.param("cli\u0065\u0308nt", "cliënt", id="nfc"),
        pytest.param("kapot\ufffd teken", "kapot teken", id="replacement-character"),
        pytest.param("a\u00a0\u2009b", "a b", id="odd-spaces"),
        pytest.param("\uf0b7\tDe zorg", "• De zorg", id="symbol-font-bullet"),
        pytest.param("\uf0a7 Wonen \uf0d8 welzijn", "• Wonen • welzijn", id="wingdings-bullets"),
    ],
)
def test_normalise_unicode_repairs_broken_text(raw: str, clean: str) -> None:
    assert normalise_unicode(raw) == clean


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12", True),
        ("Pagina 3 van 20", True),
        ("- 4 -", True),
        ("page 7", True),
        ("iv", True),
        ("12 cliënten", False),
        ("Hoofdstuk 3", False),
        ("2023", True),
    ],
)
def test_page_number_patterns(line: str, expected: bool) -> None:
    assert is_page_number(line) is expected


def test_repeated_margin_lines_are_found_with_numbers_masked() -> None:
    pages = [["Kwaliteitsbeeld 2023", f"Pagina {n} van 9"] for n in range(1, 10)]
    pages[0].append("Voorwoord")
    assert repeated_lines(pages) == {"kwaliteitsbeeld #", "pagina # van #"}


SPEC = DocSpec("Kwaliteitsbeeld", (Block("paragraph", "Tekst."),))


@pytest.mark.parametrize(
    ("content", "hint", "media_type"),
    [
        pytest.param(b"%PDF-1.7\n...", "text/html", PDF, id="pdf-named-html"),
        pytest.param(render_docx(SPEC), "application/pdf", DOCX, id="docx-named-pdf"),
        pytest.param(render_html(SPEC).encode(), "application/octet-stream", HTML, id="html-as-octets"),
        pytest.param(b"Gewone tekst over zorg.\n", None, TEXT, id="plain-text"),
        pytest.param(bytes(range(256)) * 4, "text/html", OCTET, id="binary"),
    ],
)
def test_media_type_is_sniffed_from_the_bytes_not_the_name(
    content: bytes, hint: str | None, media_type: str
) -> None:
    assert sniff_media_type(content, hint) == media_type


NL = (
    "De zorg voor onze bewoners staat centraal en wij werken aan de kwaliteit van het leven in de huizen. "
    * 3
)
EN = (
    "The care for our residents is central and we work on the quality of life in the homes of the region. "
    * 3
)
DE = (
    "Die Pflege unserer Bewohner steht im Mittelpunkt und wir arbeiten an der Qualität des Lebens mit den Teams. "
    * 3
)
FR = (
    "Les soins pour nos résidents sont au centre et nous travaillons sur la qualité de vie dans les maisons. "
    * 3
)


@pytest.mark.parametrize(
    ("text", "lang"), [(NL, "nl"), (EN, "en"), (DE, "de"), (FR, "fr"), ("te kort", None)]
)
def test_language_is_detected_by_stop_words(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_years_mentioned_ignores_numbers_that_are_not_years() -> None:
    assert years_mentioned(
        "In 2022 en 2023 hadden we 2.019 cliënten, een score van 2024,5 en 1850 bedden."
    ) == (2022, 2023)


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("Kwaliteitsbeeld 2023 De Linde", "kwaliteitsbeeld"),
        ("Voortgangsbericht kwaliteitsplan 2022", "voortgangsbericht"),
        ("Visitatieverslag Zorggroep Noord", "visitatieverslag"),
        ("Jaarverslag 2023", "jaarverslag"),
        ("Nieuwsbrief voorjaar", "other"),
    ],
)
def test_document_type_is_guessed_from_title_and_opening(title: str, doc_type: str) -> None:
    assert guess_doc_type(title, "Inleiding over onze zorg.") == doc_type


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Verslag 2019-2023", (2019,)),  # a year after a hyphen is not taken
        ("1995 en 2035 en 1994 en 2036", (1995, 2035)),
        ("12023, 1.2023, /2023, -2023, 2023.5 en 2023,5", ()),
        ("(2023) 2023. 2023, 2023: 2023", (2023,)),
    ],
)
def test_years_mentioned_edges(text: str, years: tuple[int, ...]) -> None:
    assert years_mentioned(text) == years


# Pieces the PDF reader puts together per page (analysis/pdf.py, page_lines): whatever shortcut a
# line takes, its text must be what normalise_unicode makes of it.
PAGE_PIECES = [
    "kwaliteits",
    "\ufffe",
    "\ufffe ",
    " en",
    " tot",
    "beeld",
    " ",
    "é",
    "•",
    "’",
    "\u00a0",
    "\t",
    "\u00ad",
    "\ufb01",
    "\ufffd",
    "e\u0301",
    "-",
    ".",
]


def _random_pages(n: int) -> list[str]:
    import random

    rng = random.Random(3)
    return [
        "\r\n".join(
            "".join(rng.choice(PAGE_PIECES) for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(1, 6))
        )
        for _ in range(n)
    ]


def test_page_shortcuts_give_what_normalise_unicode_gives() -> None:
    from analysis.clean import is_nfc, is_plain, join_page_markers, plain_page

    shortcut = 0
    for raw in _random_pages(4000):
        chunks = raw.split("\r\n")
        plain = is_nfc(raw) and plain_page(raw)
        joined = join_page_markers(raw).split("\r\n") if plain and "\ufffe" in raw else chunks
        if len(joined) != len(chunks):
            joined = [""] * len(chunks)
        for chunk, joined_chunk in zip(chunks, joined, strict=True):
            line = chunk.strip()
            if not line:
                continue
            expected = normalise_unicode(line).strip()
            if plain and line.isprintable():
                assert line == expected
                shortcut += 1
            elif plain and joined_chunk.isprintable() and joined_chunk.strip():
                assert joined_chunk.strip() == expected, repr(line)
                shortcut += 1
            elif is_nfc(raw) and is_plain(line):
                assert line == expected
    assert shortcut > 200  # the shortcuts were exercised


def test_normalise_unicode_suspended_compound_and_marker_runs() -> None:
    assert normalise_unicode("avond\ufffe en nacht") == "avond- en nacht"
    assert normalise_unicode("kwaliteits\ufffe beeld\ufffe\ufffe plan") == "kwaliteitsbeeldplan"
    assert normalise_unicode("a \t\u00a0 b  c") == "a b c"
    assert normalise_unicode("zorg\u00ad\r\nverlening en e\u0301") == "zorgverlening en é"
