"""Whole sites of invented Dutch care organisations, each with a shape the landing pages of landing_pages.py do
not have: the report three clicks from the home page, announced in a news item, one of 40 files in a downloads
table, on page 2 of a publication list, one per region, behind click handlers or icon links, named only in the
sitemap, or moved after a site relaunch.

Written as a hold-out before the crawler was changed for them. Each site is served by a farm of its own (its own
robots.txt and sitemap.xml); `expected` is the document a kompaspartij would pick for the submission's year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INTRO = ("Bij ons staat de cliënt centraal. Samen met naasten en medewerkers werken we elke dag aan goede zorg "
         "en een fijn leven, thuis en in onze locaties. ")
NEWS = ("Afgelopen week vierden bewoners en medewerkers samen het zomerfeest. Er was muziek, er werd gedanst en "
        "de vrijwilligers zorgden voor een heerlijke barbecue. ")


def page(org: str, title: str, body: str, menu: str = "") -> str:
    """A page in the chrome of a care organisation's site: cookie banner, mega menu, footer."""
    menu = menu or ('<li><a href="/zorg-en-ondersteuning">Zorg en ondersteuning</a></li>'
                    '<li><a href="/wonen">Wonen</a></li><li><a href="/over-ons">Over ons</a></li>'
                    '<li><a href="/werken-bij">Werken bij</a></li><li><a href="/nieuws">Nieuws</a></li>'
                    '<li><a href="/contact">Contact</a></li>')
    return f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title} | {org}</title></head>
<body><div id="cookie-notice">Deze website gebruikt cookies. <a href="/cookiebeleid">Meer informatie</a>
<button>Akkoord</button></div>
<header><a href="/" class="logo"><img src="/img/logo.svg" alt="{org}"></a><nav><ul>{menu}</ul></nav>
<form action="/zoeken"><input name="q" placeholder="Zoeken"></form></header>
<main><h1>{title}</h1>{body}</main>
<footer><h2>{org}</h2><p>Postbus 100, 1000 AA Ergens</p><ul>
<li><a href="/privacyverklaring">Privacyverklaring</a></li><li><a href="/klachten">Klachten</a></li>
<li><a href="/documenten/algemene-voorwaarden.pdf">Algemene voorwaarden</a></li>
<li><a href="/anbi">ANBI</a></li><li><a href="https://www.linkedin.com/company/example">LinkedIn</a></li></ul>
</footer></body></html>"""


@dataclass(frozen=True)
class Site:
    org: str
    pages: dict[str, str]  # path -> html
    documents: tuple[str, ...]  # paths served as PDF
    expected: str  # the path of the document a kompaspartij would pick
    start: str = "/"  # the submitted path
    year: int = 2024
    sector: str = "vvt"
    extra: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (content type, body)


def _three_clicks() -> Site:
    org = "Zorggroep Heuvelrug"
    home = page(org, "Welkom bij Zorggroep Heuvelrug", f"""<p>{INTRO}</p>
<section class="news"><h2>Nieuws</h2><article><h3><a href="/nieuws/zomerfeest">Zomerfeest op De Linde</a></h3>
<p>{NEWS}</p></article><article><h3><a href="/nieuws/nieuwe-bestuurder">Nieuwe bestuurder benoemd</a></h3></article>
</section><section><h2>Direct naar</h2><ul><li><a href="/zorg-en-ondersteuning/thuiszorg">Thuiszorg</a></li>
<li><a href="/wonen/verpleeghuizen">Verpleeghuizen</a></li><li><a href="/werken-bij/vacatures">Vacatures</a></li>
</ul></section>""")
    over_ons = page(org, "Over ons", f"""<p>{INTRO}</p><div class="tiles">
<a class="tile" href="/over-ons/organisatie">Organisatie en bestuur</a>
<a class="tile" href="/over-ons/clientenraad">Cliëntenraad</a>
<a class="tile" href="/over-ons/kwaliteit">Kwaliteit</a>
<a class="tile" href="/over-ons/geschiedenis">Geschiedenis</a>
<a class="tile" href="/over-ons/anbi">ANBI-gegevens</a></div>""")
    kwaliteit = page(org, "Kwaliteit", f"""<p>{INTRO}</p><h2>Hoe wij werken aan kwaliteit</h2>
<p>Wij meten cliëntervaringen en leren van incidenten.</p><ul>
<li><a href="/media/4102/kwaliteitsbeeld-2024-zorggroep-heuvelrug.pdf">Kwaliteitsbeeld 2024</a></li>
<li><a href="/media/3540/kwaliteitsbeeld-2023.pdf">Kwaliteitsbeeld 2023</a></li>
<li><a href="/over-ons/kwaliteit/keurmerk">Ons keurmerk</a></li></ul>""")
    return Site(org, {"/": home, "/over-ons": over_ons, "/over-ons/kwaliteit": kwaliteit},
                ("/media/4102/kwaliteitsbeeld-2024-zorggroep-heuvelrug.pdf", "/media/3540/kwaliteitsbeeld-2023.pdf",
                 "/documenten/algemene-voorwaarden.pdf"),
                "/media/4102/kwaliteitsbeeld-2024-zorggroep-heuvelrug.pdf")


def _news_item() -> Site:
    org = "Stichting Wijkzorg Oost"
    news_list = page(org, "Nieuws", f"""<ul class="news-list">
<li><a href="/nieuws/2025/06/ons-kwaliteitsbeeld-2024-is-gepubliceerd"><h2>Ons kwaliteitsbeeld over 2024 is
gepubliceerd</h2><p>Hoe kijken cliënten en medewerkers terug op 2024?</p></a><span>27 juni 2025</span></li>
<li><a href="/nieuws/2025/05/nieuwe-locatie"><h2>Nieuwe wijkpost in Oost</h2><p>{NEWS}</p></a></li>
<li><a href="/nieuws/2025/04/jaarverslag-2024"><h2>Jaarverslag 2024 online</h2></a></li></ul>""")
    item = page(org, "Ons kwaliteitsbeeld over 2024 is gepubliceerd", f"""<p class="date">27 juni 2025</p>
<p>{INTRO * 3}</p><p>In het kwaliteitsbeeld lees je wat cliënten van onze zorg vinden, hoe wij leren en
verbeteren en wat we in 2025 gaan doen. {INTRO * 2}</p>
<p>Het volledige kwaliteitsbeeld leest u <a href="/media/3321/def-versie-wijkzorg-oost.pdf">hier</a>.</p>
<h2>Meer nieuws</h2><ul><li><a href="/nieuws/2025/05/nieuwe-locatie">Nieuwe wijkpost in Oost</a></li>
<li><a href="/nieuws/2024/06/kwaliteitsbeeld-2023">Kwaliteitsbeeld 2023 gepubliceerd</a></li></ul>""")
    return Site(org, {"/nieuws": news_list, "/nieuws/2025/06/ons-kwaliteitsbeeld-2024-is-gepubliceerd": item},
                ("/media/3321/def-versie-wijkzorg-oost.pdf",), "/media/3321/def-versie-wijkzorg-oost.pdf",
                start="/nieuws")


def _downloads_table() -> Site:
    org = "Zorgcentra De Meierij"
    rows = [("Jaarrekening 2024", "Financieel", "12-06-2025"), ("Jaarverslag 2024", "Verantwoording", "12-06-2025"),
            ("Kwaliteitsbeeld 2024", "Kwaliteit", "28-03-2025"),
            ("Kwaliteitsbeeld 2024 - samenvatting voor cliënten", "Kwaliteit", "28-03-2025"),
            ("Kwaliteitsplan 2025", "Kwaliteit", "15-01-2025"), ("Kwaliteitsbeeld 2023", "Kwaliteit", "29-03-2024"),
            ("Kwaliteitsverslag 2022", "Kwaliteit", "30-06-2023"), ("Klachtenregeling cliënten", "Klachten", "01-01-2024"),
            ("Jaarverslag klachtenfunctionaris 2024", "Klachten", "01-03-2025"),
            ("Jaarverslag cliëntenraad 2024", "Medezeggenschap", "01-04-2025")]
    rows += [(f"Brochure {name}", "Brochures", "01-09-2024") for name in (
        "dagbesteding", "wonen met dementie", "revalidatie", "thuiszorg", "huishoudelijke hulp", "mantelzorg",
        "palliatieve zorg", "logeren", "maaltijdservice", "alarmering")]
    rows += [(f"Huisregels {name}", "Wonen", "01-02-2024") for name in (
        "De Meierij", "Het Hooghuis", "De Kloostertuin", "Nieuwe Erf")]
    rows += [(f"Menukaart {name}", "Wonen", "01-10-2024") for name in ("herfst", "winter", "lente", "zomer")]
    rows += [(f"Inschrijfformulier {name}", "Formulieren", "01-01-2025") for name in (
        "wonen", "dagbesteding", "vrijwilliger", "thuiszorg")]
    rows += [(f"Nieuwsbrief {m} 2025", "Nieuwsbrief", f"01-0{i}-2025") for i, m in enumerate(
        ("januari", "februari", "maart", "april", "mei", "juni"), start=1)]
    rows += [("Privacyreglement", "Privacy", "25-05-2018"), ("Gedragscode medewerkers", "Organisatie", "01-01-2023")]
    body = ['<p>Alle documenten van De Meierij op een rij.</p><table class="downloads"><thead><tr><th>Document</th>'
            '<th>Categorie</th><th>Datum</th><th></th></tr></thead><tbody>']
    docs = []
    for i, (title, cat, date) in enumerate(rows):
        path = f"/downloads/file/{9100 + i * 7}"
        docs.append(path)
        body.append(f'<tr><td>{title}</td><td>{cat}</td><td>{date}</td><td><a href="{path}" class="btn">'
                    f'<i class="icon-download"></i> PDF</a></td></tr>')
    body.append("</tbody></table>")
    return Site(org, {"/downloads": page(org, "Downloads", "".join(body))}, (*docs,), docs[2], start="/downloads")


def _ghz_report_and_progress_note() -> Site:
    org = "Stichting Het Baken"
    kwaliteit = page(org, "Kwaliteit", f"""<p>{INTRO}</p><h2>Ons kwaliteitsrapport</h2>
<p>Eens in de twee jaar schrijven wij een kwaliteitsrapport, in het jaar ertussen een voortgangsbericht.</p>
<div class="docs"><div class="doc"><h3>Voortgangsbericht 2025</h3>
<a href="/wp-content/uploads/2025/11/Voortgangsbericht-2025-Het-Baken.pdf">Download (pdf)</a></div>
<div class="doc"><h3>Kwaliteitsrapport 2023-2024</h3>
<a href="/wp-content/uploads/2024/06/Kwaliteitsrapport-Het-Baken-2023-2024.pdf">Download (pdf)</a></div>
<div class="doc"><h3>Kwaliteitsrapport 2023-2024 in makkelijke taal</h3>
<a href="/wp-content/uploads/2024/06/Kwaliteitsrapport-2023-2024-makkelijk-lezen.pdf">Download (pdf)</a></div>
<div class="doc"><h3>Kwaliteitsrapport 2021-2022</h3>
<a href="/wp-content/uploads/2022/06/Kwaliteitsrapport-2021-2022.pdf">Download (pdf)</a></div></div>""")
    docs = ("/wp-content/uploads/2025/11/Voortgangsbericht-2025-Het-Baken.pdf",
            "/wp-content/uploads/2024/06/Kwaliteitsrapport-Het-Baken-2023-2024.pdf",
            "/wp-content/uploads/2024/06/Kwaliteitsrapport-2023-2024-makkelijk-lezen.pdf",
            "/wp-content/uploads/2022/06/Kwaliteitsrapport-2021-2022.pdf")
    return Site(org, {"/over-ons/kwaliteit": kwaliteit}, docs, docs[1], start="/over-ons/kwaliteit", year=2023,
                sector="ghz")


def _one_report_per_region() -> Site:
    org = "Zorgorganisatie Brabantse Kempen"
    kwaliteit = page(org, "Kwaliteitsbeeld", f"""<p>{INTRO}</p><p>Wij werken in drie regio's. Elke regio
beschrijft zijn eigen kwaliteit; het organisatiebrede kwaliteitsbeeld vat ze samen.</p>
<h2>Kwaliteitsbeeld per regio</h2><ul>
<li><a href="/documenten/kwaliteitsbeeld-2024-regio-noord.pdf">Kwaliteitsbeeld 2024 regio Noord</a></li>
<li><a href="/documenten/kwaliteitsbeeld-2024-regio-midden.pdf">Kwaliteitsbeeld 2024 regio Midden</a></li>
<li><a href="/documenten/kwaliteitsbeeld-2024-regio-zuid.pdf">Kwaliteitsbeeld 2024 regio Zuid</a></li></ul>
<h2>Organisatiebreed</h2><p><a href="/documenten/kwaliteitsbeeld-2024-brabantse-kempen.pdf">Kwaliteitsbeeld 2024
Brabantse Kempen</a></p>""")
    docs = ("/documenten/kwaliteitsbeeld-2024-regio-noord.pdf", "/documenten/kwaliteitsbeeld-2024-regio-midden.pdf",
            "/documenten/kwaliteitsbeeld-2024-regio-zuid.pdf", "/documenten/kwaliteitsbeeld-2024-brabantse-kempen.pdf")
    return Site(org, {"/kwaliteit": kwaliteit}, docs, docs[3], start="/kwaliteit")


def _click_handlers() -> Site:
    org = "Woonzorg Vechtdal"
    kwaliteit = page(org, "Kwaliteit en verantwoording", f"""<p>{INTRO}</p><div class="document-list">
<div class="document" data-file="/assets/files/jaarverslag-2024.pdf"><span class="title">Jaarverslag 2024</span>
<span class="meta">PDF, 3,1 MB</span></div>
<div class="document" role="link" tabindex="0" onclick="openDocument('/assets/files/kwaliteitsbeeld-2024.pdf')">
<span class="title">Kwaliteitsbeeld 2024</span><span class="meta">PDF, 2,4 MB</span></div>
<div class="document" onclick="openDocument('/assets/files/kwaliteitsbeeld-2023.pdf')">
<span class="title">Kwaliteitsbeeld 2023</span><span class="meta">PDF, 2,2 MB</span></div>
<div class="document" data-file="/assets/files/jaarrekening-2024.pdf"><span class="title">Jaarrekening 2024</span>
</div></div><script>function openDocument(u) {{ window.open(u, '_blank'); }}</script>""")
    docs = ("/assets/files/jaarverslag-2024.pdf", "/assets/files/kwaliteitsbeeld-2024.pdf",
            "/assets/files/kwaliteitsbeeld-2023.pdf", "/assets/files/jaarrekening-2024.pdf")
    return Site(org, {"/kwaliteit": kwaliteit}, docs, docs[1], start="/kwaliteit")


def _icon_links() -> Site:
    org = "Thuiszorg Het Groene Hart"
    kwaliteit = page(org, "Publicaties", f"""<p>{INTRO}</p><ul class="publicaties">
<li><span>Jaarverslag 2024</span><a href="/sites/default/files/2025-05/jv24.pdf" title="Jaarverslag 2024
downloaden"><svg class="icon"><use href="#icon-download"></use></svg></a></li>
<li><span>Documenten kwaliteit</span><a href="/sites/default/files/2025-03/kb24-def.pdf" aria-label="Kwaliteitsbeeld
2024 (pdf)"><svg class="icon"><use href="#icon-download"></use></svg></a>
<a href="/sites/default/files/2024-03/kb23.pdf" aria-label="Kwaliteitsbeeld 2023 (pdf)"><svg class="icon">
<use href="#icon-download"></use></svg></a></li>
<li><span>Klachten</span><a href="/sites/default/files/2024-01/klachtenregeling.pdf"><img src="/img/pdf.png"
alt="Klachtenregeling (pdf)"></a></li></ul>""")
    docs = ("/sites/default/files/2025-05/jv24.pdf", "/sites/default/files/2025-03/kb24-def.pdf",
            "/sites/default/files/2024-03/kb23.pdf", "/sites/default/files/2024-01/klachtenregeling.pdf")
    return Site(org, {"/publicaties": kwaliteit}, docs, docs[1], start="/publicaties")


def _sitemap_only() -> Site:
    org = "Zorgboog Noord"
    shell = ('<!DOCTYPE html><html lang="nl"><head><title>Kwaliteit | Zorgboog Noord</title>'
             '<script src="/static/js/main.4f2a.js" defer></script></head><body><noscript>Schakel JavaScript in om '
             'deze website te gebruiken.</noscript><div id="root"></div></body></html>')
    sitemap = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/</loc><lastmod>2025-05-01</lastmod></url>
<url><loc>{base}/kwaliteit</loc><lastmod>2025-05-01</lastmod></url>
<url><loc>{base}/werken-bij</loc></url>
<url><loc>{base}/documenten/jaarverslag-2024.pdf</loc></url>
<url><loc>{base}/documenten/kwaliteitsbeeld-2024-zorgboog-noord.pdf</loc><lastmod>2025-03-28</lastmod></url>
<url><loc>{base}/documenten/kwaliteitsbeeld-2023-zorgboog-noord.pdf</loc></url>
<url><loc>{base}/documenten/privacyverklaring.pdf</loc></url>
</urlset>"""
    docs = ("/documenten/jaarverslag-2024.pdf", "/documenten/kwaliteitsbeeld-2024-zorgboog-noord.pdf",
            "/documenten/kwaliteitsbeeld-2023-zorgboog-noord.pdf", "/documenten/privacyverklaring.pdf")
    return Site(org, {"/kwaliteit": shell}, docs, docs[1], start="/kwaliteit",
                extra={"/robots.txt": ("text/plain", "User-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap.xml\n"),
                       "/sitemap.xml": ("application/xml", sitemap)})


def _paginated_publications() -> Site:
    org = "Zorggroep Rijnland-Oost"
    first = page(org, "Publicaties", """<ul class="publications">
<li><a href="/publicaties/kwaliteitsplan-2026">Kwaliteitsplan 2026</a> <span>15 december 2025</span></li>
<li><a href="/publicaties/jaarverslag-clientenraad-2024">Jaarverslag cliëntenraad 2024</a></li>
<li><a href="/publicaties/nieuwsbrief-najaar-2025">Nieuwsbrief najaar 2025</a></li>
<li><a href="/publicaties/brochure-thuiszorg">Brochure thuiszorg</a></li></ul>
<nav class="pager" aria-label="Paginering"><a href="/publicaties?page=1" aria-current="page">1</a>
<a href="/publicaties/pagina/2">2</a><a href="/publicaties/pagina/3">3</a>
<a href="/publicaties/pagina/2" rel="next">Volgende &rsaquo;</a></nav>""")
    second = page(org, "Publicaties - pagina 2", """<ul class="publications">
<li><a href="/publicaties/jaarverslag-2024">Jaarverslag 2024</a></li>
<li><a href="/media/files/kwaliteitsbeeld-2024-rijnland-oost.pdf">Kwaliteitsbeeld 2024</a></li>
<li><a href="/media/files/jaarrekening-2024.pdf">Jaarrekening 2024</a></li></ul>
<nav class="pager"><a href="/publicaties">1</a><a href="/publicaties/pagina/3">3</a></nav>""")
    third = page(org, "Publicaties - pagina 3", """<ul class="publications">
<li><a href="/media/files/kwaliteitsbeeld-2023-rijnland-oost.pdf">Kwaliteitsbeeld 2023</a></li></ul>""")
    docs = ("/media/files/kwaliteitsbeeld-2024-rijnland-oost.pdf", "/media/files/jaarrekening-2024.pdf",
            "/media/files/kwaliteitsbeeld-2023-rijnland-oost.pdf")
    return Site(org, {"/publicaties": first, "/publicaties/pagina/2": second, "/publicaties/pagina/3": third}, docs,
                docs[0], start="/publicaties")


def _moved_after_relaunch() -> Site:
    org = "Woonzorgcentrum De Eikenhorst"
    home = page(org, "Welkom bij De Eikenhorst", f"""<p>{INTRO}</p><section><h2>Kwaliteit</h2>
<p>Wij leggen verantwoording af over onze zorg. <a href="/kwaliteit">Lees meer over kwaliteit</a></p></section>""")
    kwaliteit = page(org, "Kwaliteit", f"""<p>{INTRO}</p><ul>
<li><a href="/files/documenten/kwaliteitsbeeld-2024-eikenhorst.pdf">Kwaliteitsbeeld 2024</a></li>
<li><a href="/files/documenten/kwaliteitsbeeld-2023-eikenhorst.pdf">Kwaliteitsbeeld 2023</a></li></ul>""")
    docs = ("/files/documenten/kwaliteitsbeeld-2024-eikenhorst.pdf",
            "/files/documenten/kwaliteitsbeeld-2023-eikenhorst.pdf")
    # the submitted link is the old CMS's file, gone since the site was relaunched
    return Site(org, {"/": home, "/kwaliteit": kwaliteit}, docs, docs[0],
                start="/wp-content/uploads/2025/03/Kwaliteitsbeeld-2024-definitief.pdf")


SITES: dict[str, Site] = {
    "report_three_clicks_from_the_home_page": _three_clicks(),
    "report_announced_in_a_news_item": _news_item(),
    "downloads_table_of_forty_files": _downloads_table(),
    "ghz_rapport_2023_2024_and_voortgangsbericht_2025": _ghz_report_and_progress_note(),
    "one_report_per_region_and_one_for_all": _one_report_per_region(),
    "documents_behind_click_handlers_and_data_attributes": _click_handlers(),
    "icon_links_named_by_title_and_aria_label": _icon_links(),
    "report_named_only_in_the_sitemap": _sitemap_only(),
    "report_on_page_two_of_the_publications": _paginated_publications(),
    "submitted_file_gone_after_a_relaunch": _moved_after_relaunch(),
}
