"""Web-page shapes that kwaliteitsbeelden take on real sites: line breaks, bold lines as headings,
accordions and tabs whose panels are hidden until clicked, next to site chrome."""

from __future__ import annotations

import pytest

from analysis.extract import ExtractOptions, extract_document
from kb.docmaker import words_of
from kb.models import Extraction, ExtractionStatus

A = "De cliëntenraad bespreekt het kwaliteitsverbeterplan van de locatie in het afgelopen verslagjaar met de bestuurder."
B = "Onze medewerkers evalueren de persoonsgerichte zorgverlening op de afdeling samen met het lerend netwerk."
C = "Het kwaliteitsteam onderzoekt de medicatieveiligheid en de valincidenten tijdens de maandelijkse bijeenkomsten."
CHROME = (
    '<div id="CybotCookiebotDialog"><p>Deze website gebruikt cookies om het gebruik te analyseren.</p>'
    '<button aria-expanded="false" aria-controls="cookie-details">Details tonen</button>'
    '<div id="cookie-details" aria-hidden="true"><p>Statistische cookies helpen eigenaren van websites '
    "begrijpen hoe bezoekers hun website gebruiken door anoniem gegevens te verzamelen en te rapporteren.</p>"
    "</div></div>"
    '<header><nav><button aria-expanded="false" aria-controls="menu">Menu</button><ul id="menu">'
    '<li><a href="/">Home</a></li><li><a href="/werken-bij">Werken bij</a></li></ul></nav></header>'
)


def page(body: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Kwaliteitsbeeld 2023</title></head>'
        f"<body>{CHROME}<main><h1>Kwaliteitsbeeld 2023</h1><p>{A}</p>{body}<p>{C}</p></main>"
        "<footer><p>© 2024 Zorggroep Noorderlicht. Alle rechten voorbehouden.</p></footer></body></html>"
    ).encode()


def _extract(body: str) -> Extraction:
    ext = extract_document(page(body), "text/html", ExtractOptions())
    assert ext.status == ExtractionStatus.OK, ext.error
    assert not {"cookies", "Statistische", "Menu", "Werken", "rechten"} & set(words_of(ext.text))
    return ext


def _heading_of(ext: Extraction, words: str) -> tuple[str, ...]:
    return next(p.heading_path for p in ext.passages if words in p.text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(f"<p>Zorggroep Noorderlicht<br>Postbus 12<br/>{B}</p>", "Postbus 12 Onze", id="paragraph"),
        pytest.param("<ul><li>Eerste punt over medicatie</li><li>Tweede punt<br>met een regel</li></ul>", "punt met", id="list-item"),
        pytest.param("<table><tr><td>Locatie<br>De Linde</td><td>8,4</td></tr></table>", "Locatie De Linde", id="table-cell"),
    ],
)
def test_line_breaks_separate_words(body: str, expected: str) -> None:
    ext = _extract(body)
    assert expected in ext.text
    assert not {"12Onze", "puntmet", "LocatieDe"} & set(words_of(ext.text))


@pytest.mark.parametrize(
    ("body", "heading"),
    [
        pytest.param(f"<p><strong>Bouwsteen 3: Het werk organiseren</strong></p><p>{B}</p>", "Bouwsteen 3: Het werk organiseren", id="strong-paragraph"),
        pytest.param(f"<p><b>Wat gaan we doen</b><br>{B}</p>", "Wat gaan we doen", id="bold-line-then-break"),
        pytest.param(f'<p><span style="font-weight: 700">Leren en ontwikkelen</span></p><p>{B}</p>', "Leren en ontwikkelen", id="bold-by-style"),
    ],
)
def test_a_bold_line_is_a_heading_below_the_markup_heading(body: str, heading: str) -> None:
    ext = _extract(body)
    assert (2, heading, None) in ext.headings
    assert _heading_of(ext, B) == ("Kwaliteitsbeeld 2023", heading)
    assert _heading_of(ext, A) == ("Kwaliteitsbeeld 2023",)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f"<p><strong>Wij zijn trots op onze medewerkers.</strong></p><p>{B}</p>", id="bold-sentence"),
        pytest.param(f"<p><strong>Bouwsteen 1:</strong> {B}</p>", id="bold-lead-in"),
    ],
)
def test_bold_text_that_is_no_heading_stays_body_text(body: str) -> None:
    ext = _extract(body)
    assert [h for _, h, _ in ext.headings] == ["Kwaliteitsbeeld 2023"]


ACCORDIONS = [
    pytest.param(
        '<div class="accordion-item"><h3 class="accordion-header"><button class="accordion-button collapsed" '
        'aria-expanded="false">Bouwsteen 3 – Het werk organiseren</button></h3>'
        f'<div class="accordion-collapse collapse"><div class="accordion-body"><p>{B}</p></div></div></div>',
        id="bootstrap-button-in-heading",
    ),
    pytest.param(
        '<div class="wp-block-accordion"><button aria-expanded="false" aria-controls="paneel-3">'
        "Bouwsteen 3 – Het werk organiseren</button>"
        f'<div id="paneel-3" aria-hidden="true"><p>{B}</p></div></div>',
        id="aria-controls-hidden-panel",
    ),
    pytest.param(
        '<div class="toggle"><a href="#t3" aria-expanded="false" aria-controls="t3">Bouwsteen 3 – Het werk organiseren</a>'
        f'<div id="t3" class="toggle-content" style="display: none"><p>{B}</p></div></div>',
        id="link-toggle-display-none",
    ),
    pytest.param(
        f"<details><summary>Bouwsteen 3 – Het werk organiseren</summary><p>{B}</p></details>", id="details-summary"
    ),
]


@pytest.mark.parametrize("body", ACCORDIONS)
def test_accordion_panels_are_read_under_their_title(body: str) -> None:
    ext = _extract(body)
    assert B in ext.text
    assert _heading_of(ext, B)[-1] == "Bouwsteen 3 – Het werk organiseren"


def test_a_read_more_toggle_is_not_a_heading() -> None:
    ext = _extract(
        f'<p>{B}</p><button aria-expanded="false" aria-controls="meer">Lees meer</button>'
        f'<div id="meer" hidden><p>De familie van bewoners waardeert de aandacht en de zorg van de medewerkers in de huiskamers.</p></div>'
    )
    assert [h for _, h, _ in ext.headings] == ["Kwaliteitsbeeld 2023"]
    assert "De familie van bewoners waardeert" in ext.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "cp1252"])
def test_page_in_another_encoding_is_read(encoding: str) -> None:
    content = page(f"<p>{B} Cliënt’s “goed”</p>").decode().encode(encoding)
    if encoding == "utf-16-be":
        content = b"\xfe\xff" + content
    ext = extract_document(content, None, ExtractOptions())
    assert ext.status == ExtractionStatus.OK, ext.error
    assert f"{B} Cliënt’s “goed”" in ext.text


def shell(body: str, head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Kwaliteitsbeeld 2023</title>{head}</head>'
        f'<body>{CHROME}{body}<script src="/static/js/main.3f2a1c.js"></script>'
        "<footer><p>© 2024 Zorggroep Noorderlicht. Alle rechten voorbehouden.</p></footer></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (shell('<noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>'),
         "asks to turn on JavaScript ('You need to enable JavaScript to run this app.')"),
        (shell("<noscript><p>Schakel JavaScript in om deze website te kunnen bekijken.</p></noscript>"
               '<div id="app"></div>'), "asks to turn on JavaScript ('Schakel JavaScript in"),
        (shell('<div class="no-js"><p>Deze website werkt alleen als JavaScript is ingeschakeld in uw browser.</p></div>'),
         "asks to turn on JavaScript"),
        (shell('<div id="__nuxt"><div class="loader">Laden...</div></div>'), "empty script-driven app shell ('Laden...')"),
        (shell('<div id="root"></div>', head='<script src="/app.js" defer></script>'), "empty script-driven app shell"),
    ],
    ids=["react-noscript", "dutch-noscript", "notice-div", "loading-placeholder", "bare-root"],
)
def test_a_page_that_needs_javascript_has_a_named_reason(content: bytes, reason: str) -> None:
    ext = extract_document(content, "text/html", ExtractOptions())
    assert ext.status is ExtractionStatus.EMPTY_TEXT and not ext.passages
    assert ext.error and reason in ext.error and "loaded by scripts" in ext.error


def test_a_report_page_with_a_noscript_notice_is_read() -> None:
    body = "<noscript><p>Schakel JavaScript in voor de beste ervaring.</p></noscript>" + f"<p>{B}</p>"
    ext = extract_document(page(body), "text/html", ExtractOptions())
    assert ext.status is ExtractionStatus.OK
    assert B in ext.text and "JavaScript" not in ext.text


@pytest.mark.parametrize("name", ['class="onderzoek-resultaten"', 'id="totaaloverzicht"', 'class="zorgaanbod-taalcafe"'])
@pytest.mark.parametrize("hiding", ['aria-hidden="true"', 'style="display: none"'])
def test_a_panel_under_a_name_that_merely_contains_a_chrome_word_is_read(name: str, hiding: str) -> None:
    # "onderzoek" holds "zoek", "totaal" and "taalcafe" hold "taal": report sections, not a search
    # box or a language switch
    ext = _extract(
        f'<section {name}><button aria-expanded="false" aria-controls="p1">Bouwsteen 3 – Het werk organiseren</button>'
        f'<div id="p1" {hiding}><p>{B}</p></div></section>'
    )
    assert B in ext.text
