"""Kwaliteitsbeelden as web pages the way real CMSs emit them, with the report text known.

One invented report (bouwsteen headings, paragraphs, a table of figures, a list of key figures, a
FAQ and a resident's story) is laid out as WordPress/Gutenberg, Elementor, Divi, Drupal, Umbraco,
a static site generator (Hugo), a server-rendered Next.js page and a classic theme with a cookie
banner, a mega menu and a fat footer. Each page carries site chrome whose words never occur in the
report (`CHROME_WORDS`), so a test can check both that the report is read whole and in order and
that the chrome is left out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from kb.docmaker import words_of

TITLE = "Kwaliteitsbeeld 2023 Zorggroep De Wadden"
INTRO = (
    "In dit kwaliteitsbeeld beschrijft Zorggroep De Wadden hoe de zorg op onze vier locaties in 2023 is "
    "verlopen. Bewoners, naasten, medewerkers en de cliëntenraad hebben meegelezen en hun ervaringen "
    "zijn in elk hoofdstuk verwerkt."
)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    sub: tuple[tuple[str, str], ...] = ()  # (subheading, paragraph)


SECTIONS = (
    Section(
        "Bouwsteen 1: Persoonsgerichte zorg en ondersteuning",
        (
            "Iedere bewoner heeft binnen zes weken na de verhuizing een zorgleefplan dat samen met de "
            "contactpersoon is opgesteld. De eerst verantwoordelijke verzorgende bespreekt dat plan elk "
            "halfjaar en legt de wensen over levensloop, zingeving en het levenseinde vast.",
            "Wij merken dat bewoners met dementie meer rust ervaren sinds de teams met vaste gezichten "
            "werken. In de huiskamers van De Duinroos kiezen bewoners zelf wanneer zij opstaan en ontbijten.",
        ),
        (
            ("Wat gaan we doen", "In 2024 trainen we alle contactverzorgenden in het voeren van het "
             "gesprek over wensen en grenzen, zodat dit gesprek niet pas in de laatste levensfase plaatsvindt."),
        ),
    ),
    Section(
        "Bouwsteen 2: Wonen en welzijn",
        (
            "De welzijnscoaches organiseren iedere week activiteiten in de tuin, de kapel en het "
            "buurthuis. Vrijwilligers van de kerkgemeenschap begeleiden bewoners naar de markt op zaterdag.",
            "Het eten wordt sinds het voorjaar op de afdeling bereid; de geur van verse soep brengt "
            "bewoners samen en de eetlust is merkbaar toegenomen.",
        ),
    ),
    Section(
        "Bouwsteen 3: Veiligheid",
        (
            "Het aantal valincidenten daalde van 212 naar 168 na de invoering van sensoren naast het bed "
            "en een wekelijkse valrisicobespreking met de fysiotherapeut.",
            "Bij medicatie werken we met dubbele controle voor risicovolle middelen. De apotheker "
            "analyseert de meldingen per kwartaal en bespreekt ze met de specialist ouderengeneeskunde.",
        ),
    ),
    Section(
        "Bouwsteen 4: Leren en werken aan kwaliteit",
        (
            "Onze locaties nemen deel aan het lerend netwerk met drie andere zorgaanbieders uit de regio. "
            "Teams bezochten elkaar en schreven na elk bezoek een korte reflectie.",
            "Uit de zelfreflectie van de teams kwam naar voren dat overdrachten tussen dag- en avonddienst "
            "beter kunnen; hiervoor is een vaste overdrachtskaart ingevoerd.",
        ),
    ),
    Section(
        "Bouwsteen 5: Leiderschap, governance en management",
        (
            "De raad van bestuur bezoekt iedere maand een team en loopt een dienst mee. De raad van "
            "toezicht sprak dit jaar twee keer rechtstreeks met de cliëntenraad over de begroting.",
        ),
    ),
    Section(
        "Bouwsteen 6: Personeelssamenstelling",
        (
            "Het verzuim daalde naar 6,8 procent. Wij zetten minder uitzendkrachten in en boden "
            "achttien leerlingen een leerwerkplek in de verpleging.",
            "In de nachtdienst is op elke locatie een verpleegkundige aanwezig die binnen tien minuten "
            "bij iedere bewoner kan zijn.",
        ),
    ),
    Section(
        "Bouwsteen 7: Gebruik van hulpbronnen",
        (
            "De nieuwbouw in Harlingen is energiezuinig opgeleverd. Leefstijlmonitoring met akoestische "
            "sensoren helpt de nachtzorg om alleen te gaan waar dat nodig is.",
        ),
    ),
    Section(
        "Bouwsteen 8: Gebruik van informatie",
        (
            "De cliëntervaringen meten we met ZorgkaartNederland. Bewoners en naasten gaven een "
            "gemiddelde waardering van 8,4 en 91 procent zou ons aanbevelen.",
        ),
    ),
)
TABLE_CAPTION = "Kerncijfers per locatie"
TABLE = (
    ("Locatie", "Bewoners", "Waardering", "Valincidenten"),
    ("De Duinroos", "64", "8,6", "41"),
    ("Het Wantij", "48", "8,2", "37"),
    ("Oosterend", "52", "8,3", "46"),
    ("Harlingen Nieuwbouw", "72", "8,5", "44"),
)
FIGURES = (  # a definition list of key figures
    ("Aantal bewoners", "236 bewoners op vier locaties"),
    ("Medewerkers", "412 medewerkers en 150 vrijwilligers"),
    ("Aanbevelingsscore", "91 procent van de naasten beveelt ons aan"),
)
FAQ = (
    ("Wie heeft dit kwaliteitsbeeld gelezen", "De cliëntenraad en de ondernemingsraad hebben een conceptversie "
     "ontvangen en schriftelijk gereageerd; hun reactie staat in de bijlage."),
    ("Hoe kan ik reageren op dit kwaliteitsbeeld", "Naasten kunnen hun vragen stellen aan de cliëntvertrouwenspersoon "
     "of bespreken tijdens het jaarlijkse familiegesprek over de zorg."),
)
STORY_TITLE = "Het verhaal van mevrouw Tjallema"
STORY = (
    "Mevrouw Tjallema woont sinds maart op De Duinroos. Zij vertelt dat zij weer zelf haar kleding kiest "
    "en dat de verzorgende de tijd neemt om haar haren te vlechten zoals haar moeder dat vroeger deed."
)

# Site chrome: none of these words occurs in the report.
CHROME_WORDS = frozenset(
    {"Cookievoorkeuren", "Marketingcookies", "Vacatures", "Nieuwsbrief", "Postadres", "Privacybeleid",
     "Mantelzorgcafé", "Zoekresultaten", "Ziekenhuisbezoek", "Inloggen", "Volg", "Sitemap", "Dagbestedingsaanbod"}
)
COOKIE = (
    '<div id="cookie-notice" role="dialog" class="cookie-notice"><div class="cn-text">'
    "Wij gebruiken Cookievoorkeuren en Marketingcookies om uw bezoek aan onze website te verbeteren en "
    "om advertenties af te stemmen op uw interesses.</div>"
    '<a class="cn-button" href="#">Accepteren</a> <a href="/privacy">Privacybeleid</a></div>'
)
MEGA_MENU = (
    '<nav class="main-navigation mega-menu"><ul class="menu">'
    '<li class="menu-item has-mega"><a href="/wonen">Wonen</a><div class="mega-panel"><div class="mega-col">'
    "<h4>Wonen bij ons</h4><p>Ontdek ons Dagbestedingsaanbod en kom eens kijken in een van onze "
    "gezellige woonlocaties aan de kust, waar u welkom bent voor een rondleiding.</p></div>"
    '<div class="mega-col"><h4>Mantelzorgcafé</h4><p>Elke eerste dinsdag van de maand ontmoeten '
    "mantelzorgers elkaar in het Mantelzorgcafé om ervaringen te delen en tips uit te wisselen.</p></div></div></li>"
    '<li class="menu-item"><a href="/vacatures">Vacatures</a></li><li class="menu-item"><a href="/login">Inloggen</a></li>'
    "</ul></nav>"
)
FOOTER = (
    '<footer class="site-footer"><div class="footer-widgets"><div class="widget"><h3>Postadres</h3>'
    "<p>Zorggroep De Wadden, Postbus 100, 8860 AA Harlingen. Bel voor Ziekenhuisbezoek en opnames "
    "met ons centrale nummer tijdens kantooruren.</p></div><div class=\"widget\"><h3>Nieuwsbrief</h3>"
    "<p>Schrijf u in voor onze Nieuwsbrief en ontvang elk kwartaal het laatste nieuws over wonen, "
    "zorg en werken bij Zorggroep De Wadden.</p></div><div class=\"widget\"><h3>Volg ons</h3>"
    '<ul><li><a href="/sitemap">Sitemap</a></li><li><a href="/privacy">Privacybeleid</a></li></ul></div>'
    "</div></footer>"
)
SIDEBAR_LINKS = (
    "<h3>Zoekresultaten en nieuws</h3><ul><li><a href=\"/n1\">Vacatures in de zorg: kom werken bij ons team</a></li>"
    "<li><a href=\"/n2\">Mantelzorgcafé in oktober weer geopend voor iedereen</a></li>"
    "<li><a href=\"/n3\">Ziekenhuisbezoek en vervoer: wat regelt u zelf</a></li></ul>"
)


def report_words() -> list[str]:
    """Every word of the report, in reading order."""
    words = words_of(TITLE) + words_of(INTRO)
    for s in SECTIONS:
        words += words_of(s.heading)
        for p in s.paragraphs:
            words += words_of(p)
        for h, p in s.sub:
            words += words_of(h) + words_of(p)
    words += words_of(TABLE_CAPTION)
    for row in TABLE:
        for cell in row:
            words += words_of(cell)
    for term, value in FIGURES:
        words += words_of(term) + words_of(value)
    for q, a in FAQ:
        words += words_of(q) + words_of(a)
    words += words_of(STORY_TITLE) + words_of(STORY)
    return words


def recall(text: str) -> float:
    """Share of the report's words (as a multiset) found in `text`."""
    truth = Counter(report_words())
    got = Counter(words_of(text))
    return sum(min(n, got[w]) for w, n in truth.items()) / sum(truth.values())


def chrome_leaks(text: str) -> set[str]:
    return CHROME_WORDS & set(words_of(text))


def _ps(texts: tuple[str, ...], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<p{attr}>{escape(t)}</p>" for t in texts)


def _table(cls: str = "") -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in TABLE[0])
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in TABLE[1:])
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _dl() -> str:
    return "<dl>" + "".join(f"<dt>{escape(t)}</dt><dd>{escape(v)}</dd>" for t, v in FIGURES) + "</dl>"


def _page(title: str, body: str, head: str = "", body_attrs: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="nl-NL"><head><meta charset="UTF-8"><title>{escape(title)} - Zorggroep De Wadden</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="/css/style.min.css">{head}</head><body {body_attrs}>{body}</body></html>'
    )


def gutenberg() -> str:
    """WordPress block theme: template parts, wp-block-columns grid, wp-block-table, wp-block-details,
    a widget sidebar."""
    parts = [f'<h1 class="wp-block-post-title">{escape(TITLE)}</h1>', _ps((INTRO,))]
    for i, s in enumerate(SECTIONS):
        parts.append(f'<h2 class="wp-block-heading" id="bouwsteen-{i + 1}">{escape(s.heading)}</h2>')
        if i in (1, 2):  # two columns of text
            cols = "".join(f'<div class="wp-block-column">{_ps((p,))}</div>' for p in s.paragraphs)
            parts.append(f'<div class="wp-block-columns is-layout-flex">{cols}</div>')
        else:
            parts.append(_ps(s.paragraphs))
        for h, p in s.sub:
            parts.append(f'<h3 class="wp-block-heading">{escape(h)}</h3>{_ps((p,))}')
    parts.append(f'<h2 class="wp-block-heading">{TABLE_CAPTION}</h2><figure class="wp-block-table">{_table()}</figure>')
    parts.append(_dl())
    for q, a in FAQ:
        parts.append(f'<details class="wp-block-details"><summary>{escape(q)}</summary>{_ps((a,))}</details>')
    parts.append(f'<div class="wp-block-group has-background"><h3 class="wp-block-heading">{STORY_TITLE}</h3>{_ps((STORY,))}</div>')
    body = (
        f'<div class="wp-site-blocks"><header class="wp-block-template-part">{MEGA_MENU}</header>'
        '<main class="wp-block-group is-layout-constrained"><div class="entry-content wp-block-post-content">'
        + "".join(parts)
        + f'</div></main><aside class="widget-area">{SIDEBAR_LINKS}</aside>{FOOTER}{COOKIE}</div>'
    )
    return _page(TITLE, body, body_attrs='class="page-template-default page wp-embed-responsive"')


def _el_widget(kind: str, inner: str) -> str:
    return (
        f'<div class="elementor-element elementor-widget elementor-widget-{kind}" data-widget_type="{kind}.default">'
        f'<div class="elementor-widget-container">{inner}</div></div>'
    )


def _el_section(widgets: str, columns: int = 1) -> str:
    col = f'<div class="elementor-column elementor-col-{100 // columns} elementor-top-column"><div class="elementor-widget-wrap elementor-element-populated">'
    inner = widgets if columns == 1 else widgets
    return (
        '<section class="elementor-section elementor-top-section elementor-section-boxed">'
        f'<div class="elementor-container elementor-column-gap-default">{col}{inner}</div></div></div></section>'
    )


def elementor() -> str:
    """Elementor: every heading and text a widget in section/column/wrap divs, icon-box cards, the
    classic accordion widget (panels hidden by CSS, titles in divs with role=button)."""
    sections = [_el_section(_el_widget("heading", f'<h1 class="elementor-heading-title">{escape(TITLE)}</h1>')
                            + _el_widget("text-editor", _ps((INTRO,))))]
    for i, s in enumerate(SECTIONS):
        w = _el_widget("heading", f'<h2 class="elementor-heading-title elementor-size-default">{escape(s.heading)}</h2>')
        if i in (3, 4):  # icon-box cards
            for p in s.paragraphs:
                w += _el_widget("icon-box", '<div class="elementor-icon-box-wrapper"><div class="elementor-icon-box-content">'
                                f'<p class="elementor-icon-box-description">{escape(p)}</p></div></div>')
        else:
            w += _el_widget("text-editor", _ps(s.paragraphs))
        for h, p in s.sub:
            w += _el_widget("icon-box", '<div class="elementor-icon-box-wrapper"><div class="elementor-icon-box-content">'
                            f'<h3 class="elementor-icon-box-title"><span>{escape(h)}</span></h3>'
                            f'<p class="elementor-icon-box-description">{escape(p)}</p></div></div>')
        sections.append(_el_section(w))
    sections.append(_el_section(_el_widget("heading", f'<h2 class="elementor-heading-title">{TABLE_CAPTION}</h2>')
                                + _el_widget("text-editor", _table() + _dl())))
    items = "".join(
        f'<div class="elementor-accordion-item"><div id="elementor-tab-title-{n}" class="elementor-tab-title" '
        f'data-tab="{n}" role="button" aria-controls="elementor-tab-content-{n}" aria-expanded="false">'
        f'<span class="elementor-accordion-icon"></span><a class="elementor-accordion-title" href="">{escape(q)}</a></div>'
        f'<div id="elementor-tab-content-{n}" class="elementor-tab-content elementor-clearfix" data-tab="{n}" '
        f'role="region" aria-labelledby="elementor-tab-title-{n}">{_ps((a,))}</div></div>'
        for n, (q, a) in enumerate(FAQ, start=1)
    )
    sections.append(_el_section(_el_widget("accordion", f'<div class="elementor-accordion" role="tablist">{items}</div>')))
    sections.append(_el_section(_el_widget("heading", f'<h3 class="elementor-heading-title">{STORY_TITLE}</h3>')
                                + _el_widget("text-editor", _ps((STORY,)))))
    body = (
        f'<div data-elementor-type="header" class="elementor elementor-location-header">{_el_section(_el_widget("nav-menu", MEGA_MENU))}</div>'
        f'<div data-elementor-type="wp-page" data-elementor-id="812" class="elementor elementor-812">{"".join(sections)}</div>'
        f'<div data-elementor-type="footer" class="elementor elementor-location-footer">{FOOTER}</div>{COOKIE}'
    )
    return _page(TITLE, body, body_attrs='class="page elementor-default elementor-kit-5 elementor-page elementor-page-812"')


def divi() -> str:
    """Divi: et_pb sections/rows/columns with text modules, blurbs (cards), toggles and a sidebar
    column next to the report."""
    mods = [f'<div class="et_pb_module et_pb_text et_pb_text_0"><div class="et_pb_text_inner"><h1>{escape(TITLE)}</h1>{_ps((INTRO,))}</div></div>']
    for i, s in enumerate(SECTIONS):
        if i in (5, 6, 7):  # blurbs: heading h4 in the module header, text in the description
            mods.append(
                f'<div class="et_pb_module et_pb_blurb"><div class="et_pb_blurb_content"><div class="et_pb_blurb_container">'
                f'<h4 class="et_pb_module_header"><span>{escape(s.heading)}</span></h4>'
                f'<div class="et_pb_blurb_description">{_ps(s.paragraphs)}</div></div></div></div>'
            )
        else:
            subs = "".join(f"<h3>{escape(h)}</h3>{_ps((p,))}" for h, p in s.sub)
            mods.append(f'<div class="et_pb_module et_pb_text"><div class="et_pb_text_inner"><h2>{escape(s.heading)}</h2>{_ps(s.paragraphs)}{subs}</div></div>')
    mods.append(f'<div class="et_pb_module et_pb_text"><div class="et_pb_text_inner"><h2>{TABLE_CAPTION}</h2>{_table()}{_dl()}</div></div>')
    for q, a in FAQ:
        mods.append(
            f'<div class="et_pb_module et_pb_toggle et_pb_toggle_item et_pb_toggle_close">'
            f'<h5 class="et_pb_toggle_title">{escape(q)}</h5><div class="et_pb_toggle_content clearfix">{_ps((a,))}</div></div>'
        )
    mods.append(f'<div class="et_pb_module et_pb_text"><div class="et_pb_text_inner"><h3>{STORY_TITLE}</h3>{_ps((STORY,))}</div></div>')
    sidebar = f'<div class="et_pb_column et_pb_column_1_4"><div class="et_pb_module et_pb_sidebar_0 et_pb_widget_area">{SIDEBAR_LINKS}</div></div>'
    row = f'<div class="et_pb_row et_pb_row_1">{sidebar}<div class="et_pb_column et_pb_column_3_4">{"".join(mods)}</div></div>'
    body = (
        f'<div id="page-container"><header id="main-header">{MEGA_MENU}</header><div id="et-main-area"><div id="main-content">'
        f'<article id="post-812" class="page type-page"><div class="entry-content"><div class="et-l et-l--post"><div class="et_builder_inner_content">'
        f'<div class="et_pb_section et_pb_section_0">{row}</div></div></div></div></article></div>'
        f'<footer id="main-footer">{FOOTER}</footer></div></div>{COOKIE}'
    )
    return _page(TITLE, body, body_attrs='class="page-template-default page et_pb_button_helper_class et_divi_theme"')


def drupal() -> str:
    """Drupal with the Paragraphs module: a sidebar-first region before the content, each text its own
    paragraph entity, key figures as a <dl>, a resident's story in an <aside> inside the node."""
    items = [f'<div class="paragraph paragraph--type--text"><div class="field field--name-field-text">{_ps((INTRO,))}</div></div>']
    for s in SECTIONS:
        items.append(f'<div class="paragraph paragraph--type--heading"><h2>{escape(s.heading)}</h2></div>')
        for p in s.paragraphs:
            items.append(f'<div class="paragraph paragraph--type--text"><div class="clearfix text-formatted field field--name-field-text">{_ps((p,))}</div></div>')
        for h, p in s.sub:
            items.append(f'<div class="paragraph paragraph--type--text"><h3>{escape(h)}</h3>{_ps((p,))}</div>')
    items.append(f'<div class="paragraph paragraph--type--table"><h2>{TABLE_CAPTION}</h2>{_table("table")}</div>')
    items.append(f'<div class="paragraph paragraph--type--key-figures">{_dl()}</div>')
    items.append('<div class="paragraph paragraph--type--faq">' + "".join(
        f'<div class="faq-item"><h3 class="faq-question">{escape(q)}</h3><div class="faq-answer">{_ps((a,))}</div></div>' for q, a in FAQ
    ) + "</div>")
    items.append(f'<aside class="paragraph paragraph--type--quote-box"><h3>{STORY_TITLE}</h3>{_ps((STORY,))}</aside>')
    node = (
        f'<article role="article" class="node node--type-page node--view-mode-full"><h1 class="page-title"><span>{escape(TITLE)}</span></h1>'
        f'<div class="node__content"><div class="field field--name-field-paragraphs field--items">{"".join(items)}</div></div></article>'
    )
    body = (
        f'<div class="dialog-off-canvas-main-canvas"><div class="layout-container"><header role="banner">{MEGA_MENU}</header>'
        f'<div class="layout-main-wrapper"><aside class="layout-sidebar-first" role="complementary"><nav role="navigation">{SIDEBAR_LINKS}</nav></aside>'
        f'<main role="main"><div class="layout-content"><div class="region region-content">{node}</div></div></main></div>'
        f'{FOOTER}</div></div>{COOKIE}'
    )
    return _page(TITLE, body, body_attrs='class="path-node page-node-type-page"')


def _umb(inner: str, cols: str = "col-md-12") -> str:
    return (
        f'<div class="grid-section"><div class="container"><div class="row clearfix"><div class="{cols} column">'
        f'<div class="row clearfix"><div class="col-md-12"><div class="umb-grid-item">{inner}</div></div></div></div></div></div></div>'
    )


def umbraco() -> str:
    """Umbraco grid: every heading and paragraph in its own grid section (many small blocks)."""
    cells = [_umb(f"<h1>{escape(TITLE)}</h1>"), _umb(_ps((INTRO,)))]
    for s in SECTIONS:
        cells.append(_umb(f"<h2>{escape(s.heading)}</h2>"))
        cells.extend(_umb(_ps((p,)), "col-md-6") for p in s.paragraphs)
        for h, p in s.sub:
            cells.append(_umb(f"<h3>{escape(h)}</h3>") + _umb(_ps((p,))))
    cells.append(_umb(f"<h2>{TABLE_CAPTION}</h2>") + _umb(_table("table table-striped")) + _umb(_dl()))
    for q, a in FAQ:
        cells.append(_umb(f"<h3>{escape(q)}</h3>") + _umb(_ps((a,))))
    cells.append(_umb(f'<div class="quote-block"><h3>{STORY_TITLE}</h3>{_ps((STORY,))}</div>'))
    body = (
        f'<div class="site-wrapper">{COOKIE}<header class="site-header">{MEGA_MENU}</header>'
        f'<div class="umb-grid">{"".join(cells)}</div>{FOOTER}</div>'
    )
    return _page(TITLE, body)


def hugo() -> str:
    """A static site generator: one long <article> with many <h2>s, a table of contents nav and an
    FAQ in <details>."""
    toc = "".join(f'<li><a href="#b{i}">{escape(s.heading)}</a></li>' for i, s in enumerate(SECTIONS))
    parts = [_ps((INTRO,))]
    for i, s in enumerate(SECTIONS):
        parts.append(f'<h2 id="b{i}">{escape(s.heading)}</h2>{_ps(s.paragraphs)}')
        for h, p in s.sub:
            parts.append(f"<h3>{escape(h)}</h3>{_ps((p,))}")
    parts.append(f"<h2>{TABLE_CAPTION}</h2>{_table()}{_dl()}")
    parts.append("<h2>Veelgestelde vragen</h2>" + "".join(
        f"<details><summary>{escape(q)}</summary>{_ps((a,))}</details>" for q, a in FAQ
    ))
    parts.append(f"<aside><h3>{STORY_TITLE}</h3>{_ps((STORY,))}</aside>")
    body = (
        f'<header class="header">{MEGA_MENU}</header><main class="main"><article class="post-single">'
        f'<header class="post-header"><h1 class="post-title">{escape(TITLE)}</h1></header>'
        f'<div class="toc"><details><summary>Inhoud</summary><nav id="TableOfContents"><ul>{toc}</ul></nav></details></div>'
        f'<div class="post-content">{"".join(parts)}</div></article></main>{FOOTER}{COOKIE}'
    )
    return _page(TITLE, body)


def nextjs() -> str:
    """Next.js server-rendered: hashed CSS-module classes, text in divs (no <p>), cards in a grid,
    and the same content again in the __NEXT_DATA__ hydration script."""
    cards = []
    for s in SECTIONS:
        texts = "".join(f'<div class="Text_body__x8Kq2">{escape(p)}</div>' for p in s.paragraphs)
        subs = "".join(f'<h3 class="Card_sub__Yt3">{escape(h)}</h3><div class="Text_body__x8Kq2">{escape(p)}</div>' for h, p in s.sub)
        cards.append(f'<div class="Card_card__3hGq1"><h2 class="Card_title__9Lm0a">{escape(s.heading)}</h2>{texts}{subs}</div>')
    figures = "".join(f'<div class="Stat_stat__a1"><span class="Stat_label__b2">{escape(t)}</span><span class="Stat_value__c3">{escape(v)}</span></div>' for t, v in FIGURES)
    faq = "".join(f'<div class="Faq_item__k2"><h3 class="Faq_q__z1">{escape(q)}</h3><div class="Faq_a__z2">{escape(a)}</div></div>' for q, a in FAQ)
    data = {"props": {"pageProps": {"title": TITLE, "sections": [{"heading": s.heading, "body": list(s.paragraphs)} for s in SECTIONS]}},
            "page": "/kwaliteit/[slug]", "buildId": "k3Jd8x"}
    main = (
        f'<main class="Page_main__1xQ"><h1 class="Hero_title__Q2">{escape(TITLE)}</h1><div class="Text_lead__x3">{escape(INTRO)}</div>'
        f'<div class="Grid_grid__4kP">{"".join(cards)}</div><h2 class="Section_title__r">{TABLE_CAPTION}</h2>{_table("Table_table__m")}'
        f'<div class="Stats_row__s">{figures}</div><div class="Faq_list__l">{faq}</div>'
        f'<div class="Story_box__p"><h3 class="Story_title__t">{STORY_TITLE}</h3><div class="Text_body__x8Kq2">{escape(STORY)}</div></div></main>'
    )
    body = (
        f'<div id="__next"><div class="Layout_wrap__0"><header class="Header_header__h">{MEGA_MENU}</header>{main}'
        f'{FOOTER}{COOKIE}</div></div>'
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data, ensure_ascii=False)}</script>'
    )
    head = '<script src="/_next/static/chunks/webpack-1a2b.js" defer></script><script src="/_next/static/chunks/main-3c4d.js" defer></script>'
    return _page(TITLE, body, head=head)


def classic() -> str:
    """A classic theme without <main>: cookie banner, mega menu with description texts, the report in
    <div class="content"> with an FAQ accordion (hidden panels), then a fat footer."""
    parts = [f"<h1>{escape(TITLE)}</h1>{_ps((INTRO,))}"]
    for s in SECTIONS:
        parts.append(f"<h2>{escape(s.heading)}</h2>{_ps(s.paragraphs)}")
        for h, p in s.sub:
            parts.append(f"<h3>{escape(h)}</h3>{_ps((p,))}")
    parts.append(f"<h2>{TABLE_CAPTION}</h2>{_table()}{_dl()}")
    parts.append('<div class="faq">' + "".join(
        f'<div class="faq__item"><button class="faq__question" aria-expanded="false" aria-controls="faq-{n}">{escape(q)}</button>'
        f'<div class="faq__answer" id="faq-{n}" hidden>{_ps((a,))}</div></div>' for n, (q, a) in enumerate(FAQ)
    ) + "</div>")
    parts.append(f'<div class="kader"><h3>{STORY_TITLE}</h3>{_ps((STORY,))}</div>')
    body = (
        f'{COOKIE}<div id="wrapper"><div id="top">{MEGA_MENU}</div><div class="breadcrumbs"><a href="/">Home</a> &gt; '
        f'<a href="/over-ons">Over ons</a> &gt; Kwaliteit</div><div class="content">{"".join(parts)}</div>'
        f'<div class="bottom">{FOOTER}</div></div>'
    )
    return _page(TITLE, body)


PAGES: dict[str, Callable[[], str]] = {
    "gutenberg": gutenberg,
    "elementor": elementor,
    "divi": divi,
    "drupal": drupal,
    "umbraco": umbraco,
    "hugo": hugo,
    "nextjs": nextjs,
    "classic": classic,
}
