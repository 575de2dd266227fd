"""PDF layouts of real reports that the ground-truth corpus does not draw: tables of contents,
chapter running headers, address footers (pages drawn line by line with reportlab)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pytest

from analysis.clean import toc_lines
from analysis.extract import ExtractOptions, extract_document
from kb.models import Extraction, ExtractionStatus

BODY = (
    "De cliëntenraad bespreekt het kwaliteitsverbeterplan van de locatie in het afgelopen verslagjaar. "
    "Onze medewerkers evalueren de persoonsgerichte zorgverlening op de afdeling met het lerend netwerk. "
)
Item = tuple[str, float, str]  # font, size, text ("" = a blank gap)


def _wrap(text: str, width: int = 85) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


SUBJECTS = ("Het zorgteam", "De verpleegkundige", "Iedere bewoner", "Het managementteam", "De familie", "De arts")


def para(repeats: int = 3, page: int = 0) -> list[Item]:
    """A paragraph whose first line differs per page (identical page tops would be running lines)."""
    text = f"{SUBJECTS[page % len(SUBJECTS)]} {'leest' if page < len(SUBJECTS) else 'schrijft'} mee. " + BODY * repeats
    return [("Helvetica", 10, line) for line in _wrap(text)] + [("Helvetica", 10, "")]


def pdf_of(
    pages: Sequence[Sequence[Item]],
    header: Callable[[int], Sequence[str]] = lambda n: (),
    footer: Callable[[int], Sequence[str]] = lambda n: (str(n),),
) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842))
    for n, items in enumerate(pages, start=1):
        c.setFont("Helvetica", 8)
        for k, line in enumerate(header(n)):
            c.drawString(60, 805 - 10 * k, line)
        for k, line in enumerate(reversed(footer(n))):
            c.drawString(60, 40 + 10 * k, line)
        y = 760.0
        for font, size, text in items:
            if not text:
                y -= 8
                continue
            c.setFont(font, size)
            c.drawString(60, y, text)
            y -= size * 1.4
        c.showPage()
    c.save()
    return buf.getvalue()


def _extract(pdf: bytes) -> Extraction:
    ext = extract_document(pdf, None, ExtractOptions())
    assert ext.status == ExtractionStatus.OK, ext.error
    return ext


TOC = [
    ("1. Inleiding", "3"),
    ("2. Bouwsteen 1 – Persoonsgerichte zorg", "3"),
    ("2.3 Bouwsteen 3 – Het werk organiseren", "4"),
    ("3. Verbeterplannen", "4"),
]


def _report(toc: list[Item]) -> bytes:
    pages: list[list[Item]] = [
        [("Helvetica-Bold", 24, "Kwaliteitsbeeld 2023"), ("Helvetica", 12, "Zorggroep Noorderlicht")],
        toc,
        [("Helvetica-Bold", 14, "1. Inleiding"), *para(), ("Helvetica-Bold", 14, TOC[1][0]), *para()],
        [("Helvetica-Bold", 12, TOC[2][0]), *para(2), ("Helvetica-Bold", 14, "3. Verbeterplannen"), *para(2)],
    ]
    return pdf_of(pages)


LEADERS = [("Helvetica-Bold", 16, "Inhoudsopgave"), ("Helvetica", 10, "")] + [
    ("Helvetica", 10, f"{title} {'.' * (70 - len(title))} {page}") for title, page in TOC
]
BOLD_NO_LEADERS = [("Helvetica-Bold", 16, "Inhoud")] + [("Helvetica-Bold", 10, f"{t}   {p}") for t, p in TOC]
FIGURES = [("Helvetica-Bold", 12, "Lijst van figuren")] + [
    ("Helvetica", 10, "Figuur 1 Cliënttevredenheid per locatie ............ 4"),
    ("Helvetica", 10, "Figuur 2 Ziekteverzuim per kwartaal ............ 4"),
]


@pytest.mark.parametrize(
    "toc",
    [
        pytest.param(LEADERS, id="dot-leaders"),
        pytest.param(BOLD_NO_LEADERS, id="bold-entries-without-leaders"),
        pytest.param(LEADERS + FIGURES, id="with-list-of-figures"),
    ],
)
def test_table_of_contents_is_neither_body_text_nor_headings(toc: list[Item]) -> None:
    ext = _extract(_report(toc))
    assert not any(p.page == 2 for p in ext.passages)
    assert "Inhoud" not in ext.text and "Figuur" not in ext.text
    assert [(h, page) for _, h, page in ext.headings if page == 2] == []
    by_heading = {p.heading: p.heading_path for p in ext.passages}
    assert by_heading["1. Inleiding"] == ("Kwaliteitsbeeld 2023", "1. Inleiding")
    assert by_heading[TOC[2][0]] == ("Kwaliteitsbeeld 2023", TOC[1][0], TOC[2][0])


@pytest.mark.parametrize(
    ("lines", "dropped"),
    [
        pytest.param(["Inhoudsopgave", "Voorwoord 2", "1 Inleiding 3", "Voorwoord"], {0, 1, 2}, id="title-and-entries"),
        pytest.param(
            ["Inhoud", "2.3 Het werk organiseren en de", "personeelssamenstelling 5", "3 Leren 7", "Tekst."],
            {0, 1, 2, 3},
            id="wrapped-entry",
        ),
        pytest.param(["Inhoudsopgave", "Voorwoord", "In 2023 telden we 12"], set(), id="title-without-entries"),
        pytest.param(["De score was 8,4 ........ 8,4", "Bijlage 2 . . . . . . 31"], {1}, id="leaders-need-a-page"),
        pytest.param(["Inhoud", "Voorwoord 2", "Visie 3", "Dit jaar kregen we er 12."], {0, 1, 2}, id="body-after-toc"),
    ],
)
def test_toc_lines(lines: list[str], dropped: set[int]) -> None:
    assert toc_lines(lines) == dropped



def test_chapter_running_headers_are_dropped_even_on_few_pages() -> None:
    chapters = ["Hoofdstuk 1 Inleiding"] * 2 + ["Hoofdstuk 2 Wonen en welzijn"] * 3 + ["Hoofdstuk 3 Veiligheid"] * 5
    pages = [para(12, n)[:44] for n in range(len(chapters))]
    ext = _extract(pdf_of(pages, header=lambda n: (chapters[n - 1],), footer=lambda n: (f"Pagina {n}",)))
    assert "Hoofdstuk" not in ext.text
    assert all(f"{subject} leest mee." in ext.text for subject in SUBJECTS)


def test_chapter_heading_is_kept_when_its_running_header_repeats_it() -> None:
    heading = "Hoofdstuk 2 Wonen en welzijn"
    pages = [[("Helvetica-Bold", 14, heading), *para(10)[:40]], para(12, 1)[:44], para(12, 2)[:44]]
    ext = _extract(pdf_of(pages, header=lambda n: (heading,)))
    assert [(h, page) for _, h, page in ext.headings] == [(heading, 1)]
    assert ext.text.count(heading) == 1


def test_three_line_address_footer_is_dropped() -> None:
    footer = ("Stichting Noorderlicht", "Postbus 123, 9999 ZZ Ergens", "www.noorderlicht.example")
    pages = [para(6, n) for n in range(6)]
    ext = _extract(pdf_of(pages, footer=lambda n: (*footer[:2], f"{footer[2]}   {n}")))
    assert not any(word in ext.text for word in ("Stichting", "Postbus", "www"))
    assert ext.text.count("De cliëntenraad") == 6 * 6


def test_all_caps_line_of_body_size_is_a_heading() -> None:
    items = [("Helvetica-Bold", 14, "Bouwsteen 3 – Het werk organiseren"), *para(2, 0)]
    items += [("Helvetica", 10, "WERKEN AAN KWALITEIT"), *para(2, 1), ("Helvetica", 10, "NPS"), *para(1, 2)]
    ext = _extract(pdf_of([items]))
    assert [h for _, h, _ in ext.headings] == ["Bouwsteen 3 – Het werk organiseren", "WERKEN AAN KWALITEIT"]
    assert _path_of(ext, "Het zorgteam leest mee") == ("Bouwsteen 3 – Het werk organiseren",)
    assert _path_of(ext, "De verpleegkundige leest mee")[-1] == "WERKEN AAN KWALITEIT"


def _path_of(ext: Extraction, words: str) -> tuple[str, ...]:
    return next(p.heading_path for p in ext.passages if words in p.text)


def _line_blocks(lines: list[str]) -> list[tuple[str, str]]:
    """(kind, text) blocks of a page with these lines at body leading, no gaps."""
    from reportlab.pdfgen.canvas import Canvas

    from analysis.pdf import PdfOptions, read_pdf

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842))
    c.setFont("Helvetica", 10)
    for n, line in enumerate(lines):
        c.drawString(60, 760 - 13.5 * n, line)
    c.showPage()
    c.save()
    return [(b.kind, b.text) for b in read_pdf(buf.getvalue(), PdfOptions()).blocks]


def test_numbered_list_items_are_list_items_of_their_own() -> None:
    blocks = _line_blocks([
        "In 2023 hebben we drie verbeterpunten gekozen die we met de cliëntenraad uitwerken:",
        "1. Persoonsgerichte zorg: elke cliënt heeft een actueel zorgplan dat samen met",
        "de cliënt en de familie is opgesteld.",
        "2. Deskundige medewerkers volgen de scholing in het leerhuis",
        "3) Veiligheid van medicatie bespreken we elk kwartaal",
    ])
    assert blocks == [
        ("text", "In 2023 hebben we drie verbeterpunten gekozen die we met de cliëntenraad uitwerken:"),
        ("list", "1. Persoonsgerichte zorg: elke cliënt heeft een actueel zorgplan dat samen met de cliënt en de "
                 "familie is opgesteld."),
        ("list", "2. Deskundige medewerkers volgen de scholing in het leerhuis"),
        ("list", "3) Veiligheid van medicatie bespreken we elk kwartaal"),
    ]


def test_a_wrapped_line_that_starts_with_a_number_stays_in_its_paragraph() -> None:
    blocks = _line_blocks([
        "De tevredenheid van cliënten meten we elk jaar in het voorjaar, voor het laatst in maart",
        "2023. De uitkomsten bespreken we met de teams en met de cliëntenraad van de locatie",
        "12 keer per jaar. Zo leren we van wat cliënten ons vertellen.",
    ])
    assert [kind for kind, _ in blocks] == ["text"]
