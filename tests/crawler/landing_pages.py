"""Landing pages of invented Dutch care organisations where the kwaliteitsbeeld sits among many other documents.

Each page is wrapped in the chrome real sites have (menu, cookie banner, footer with privacy statement and
complaints procedure); `expected` is the document a kompaspartij would pick for the submission's year: the
organisation's newest kwaliteitsbeeld / -rapport / -verslag of that year.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html

INTRO = ("Goede zorg begint bij wat voor onze cliënten belangrijk is. Wij werken volgens het kwaliteitskader en "
         "leren samen met cliënten, naasten en medewerkers hoe het beter kan. ")


@dataclass(frozen=True)
class Landing:
    site: str  # the path prefix of the organisation's site on the farm
    title: str
    body: str  # the page's main content; links are relative to the site ("{s}" is the site prefix)
    expected: str  # the path of the document a kompaspartij would pick
    year: int = 2024
    sector: str = "vvt"
    intro_words: int = 0  # a long introduction (the page then looks like a report itself)

    def html(self) -> str:
        s = f"/{self.site}"
        intro = "".join(f"<p>{INTRO * 4}</p>" for _ in range(self.intro_words // 100))
        return f"""<!DOCTYPE html><html lang="nl"><head><title>{self.title}</title></head><body>
<div class="cookie-banner">Wij gebruiken cookies. <a href="{s}/cookies">Akkoord</a></div>
<header><nav><ul><li><a href="{s}/">Home</a></li><li><a href="{s}/over-ons">Over ons</a></li>
<li><a href="{s}/kwaliteit">Kwaliteit</a></li><li><a href="{s}/werken-bij">Werken bij</a></li>
<li><a href="{s}/contact">Contact</a></li></ul></nav></header>
<main><h1>{self.title.split(" | ")[0]}</h1>{intro}{self.body.replace("{s}", s)}</main>
<footer><h2>Stichting</h2><ul><li><a href="{s}/downloads/privacyverklaring.pdf">Privacyverklaring</a></li>
<li><a href="{s}/downloads/klachtenregeling-clienten.pdf">Klachtenregeling</a></li>
<li><a href="{s}/disclaimer">Disclaimer</a></li></ul></footer></body></html>"""

    def documents(self) -> list[str]:
        """Paths of the site's documents (every link that is not one of the chrome's pages)."""
        root = lxml.html.fromstring(self.html())
        pages = {f"/{self.site}/{p}" for p in ("", "cookies", "over-ons", "kwaliteit", "werken-bij", "contact",
                                                "disclaimer")}
        return [href for href in root.xpath("//a/@href|//iframe/@src") if href not in pages]


LANDINGS: dict[str, Landing] = {
    "list_of_years_and_other_documents": Landing("vlasbloem", "Kwaliteit | Zorggroep De Vlasbloem", """
<h2>Kwaliteitsverslagen</h2><ul>
<li><a href="{s}/media/2207/kwaliteitsverslag-2024.pdf">Kwaliteitsverslag 2024 (PDF, 1,8 MB)</a></li>
<li><a href="{s}/media/1983/kwaliteitsverslag-2023.pdf">Kwaliteitsverslag 2023 (PDF, 2,0 MB)</a></li>
<li><a href="{s}/media/1702/kwaliteitsverslag-2022.pdf">Kwaliteitsverslag 2022 (PDF, 1,5 MB)</a></li></ul>
<h2>Overige documenten</h2><ul>
<li><a href="{s}/media/2250/kwaliteitsplan-2025.pdf">Kwaliteitsplan 2025</a></li>
<li><a href="{s}/media/2231/jaardocument-2024.pdf">Jaardocument 2024</a></li>
<li><a href="{s}/media/2190/visitatierapport-2024.pdf">Visitatierapport 2024</a></li>
<li><a href="{s}/media/1200/klachtenregeling.pdf">Klachtenregeling</a></li>
<li><a href="{s}/media/1340/brochure-wonen-bij-de-vlasbloem.pdf">Brochure Wonen bij De Vlasbloem</a></li></ul>""",
                                                 "/vlasbloem/media/2207/kwaliteitsverslag-2024.pdf"),
    "table_with_pdf_size_anchors_on_a_long_page": Landing("horst", "Kwaliteitsbeeld | Zorgcentrum De Horst", """
<h2>Kwaliteit en veiligheid</h2><p>Hieronder vindt u onze documenten over kwaliteit.</p>
<table><thead><tr><th>Document</th><th>Jaar</th><th>Download</th></tr></thead><tbody>
<tr><td>Kwaliteitsbeeld</td><td>2024</td><td><a href="{s}/documenten/download/4471">PDF (2,1 MB)</a></td></tr>
<tr><td>Kwaliteitsbeeld</td><td>2023</td><td><a href="{s}/documenten/download/3920">PDF (1,9 MB)</a></td></tr>
<tr><td>Jaarverslag</td><td>2024</td><td><a href="{s}/documenten/download/4480">PDF (3,4 MB)</a></td></tr>
<tr><td>Jaarrekening</td><td>2024</td><td><a href="{s}/documenten/download/4481">PDF (0,8 MB)</a></td></tr>
<tr><td>Klachtenregeling</td><td>2023</td><td><a href="{s}/documenten/download/3311">PDF (0,2 MB)</a></td></tr>
</tbody></table>""", "/horst/documenten/download/4471", intro_words=300),
    "year_only_in_the_file_name": Landing("anker", "Kwaliteit | Woonzorgcentrum Het Anker", """
<div class="downloads"><p><a href="{s}/wp-content/uploads/2025/06/Kwaliteitsbeeld-Het-Anker-2024-def.pdf">Lees ons
kwaliteitsbeeld</a></p>
<p><a href="{s}/wp-content/uploads/2024/06/Kwaliteitsbeeld-Het-Anker-2023.pdf">Vorig kwaliteitsbeeld</a></p>
<p><a href="{s}/wp-content/uploads/2025/01/Kwaliteitsplan-2025.pdf">Kwaliteitsplan</a></p>
<p><a href="{s}/wp-content/uploads/2025/05/Jaarverslag-2024.pdf">Jaarverslag</a></p>
<p><a href="{s}/wp-content/uploads/2025/05/Jaarrekening-2024.pdf">Jaarrekening</a></p></div>""",
                                          "/anker/wp-content/uploads/2025/06/Kwaliteitsbeeld-Het-Anker-2024-def.pdf"),
    "hyphenated_kwaliteits_verslag": Landing("lindehof", "Publicaties | Lindehof Zorg", """
<h2>Publicaties</h2><ul>
<li><a href="{s}/docs/KV2024-Lindehof.pdf">Kwaliteits-verslag 2024</a></li>
<li><a href="{s}/docs/jaarverslag-2024-lindehof.pdf">Jaarverslag 2024</a></li>
<li><a href="{s}/docs/kwaliteitsplan-2024-2025.pdf">Kwaliteitsplan 2024-2025</a></li>
<li><a href="{s}/docs/cliëntwaarderingsonderzoek-2024.pdf">Cliëntwaarderingsonderzoek 2024</a></li></ul>""",
                                             "/lindehof/docs/KV2024-Lindehof.pdf"),
    "soft_hyphen_and_spaced_kwaliteits_beeld": Landing("meander", "Documenten | Meander Thuiszorg", """
<h2>Documenten</h2><ul>
<li><a href="{s}/files/meander-jaarverslag-2024.pdf">Jaarverslag 2024</a></li>
<li><a href="{s}/files/meander-kb-2024.pdf">Kwaliteits&shy;beeld 2024</a></li>
<li><a href="{s}/files/meander-kb-2023.pdf">Kwaliteits beeld 2023</a></li>
<li><a href="{s}/files/meander-kwaliteitsplan-2024.pdf">Kwaliteitsplan 2024</a></li></ul>""",
                                                       "/meander/files/meander-kb-2024.pdf"),
    "english_link_texts": Landing("amstelcare", "Publications | Amstel Care", """
<h2>Publications</h2><ul>
<li><a href="{s}/assets/annual-report-2024.pdf">Annual report 2024</a></li>
<li><a href="{s}/assets/ac-qr-2024.pdf">Quality report 2024</a></li>
<li><a href="{s}/assets/ac-qr-2023.pdf">Quality report 2023</a></li>
<li><a href="{s}/assets/financial-statements-2024.pdf">Financial statements 2024</a></li>
<li><a href="{s}/assets/complaints-procedure.pdf">Complaints procedure</a></li>
<li><a href="{s}/assets/quality-policy-brochure.pdf">Our quality policy (brochure)</a></li></ul>""",
                                  "/amstelcare/assets/ac-qr-2024.pdf"),
    "ghz_rapport_and_voortgangsbericht": Landing("debrug", "Kwaliteit | Stichting De Brug", """
<h2>Kwaliteitsrapporten</h2><ul>
<li><a href="{s}/publicaties/voortgangsbericht-2025.pdf">Voortgangsbericht 2025</a></li>
<li><a href="{s}/publicaties/kwaliteitsrapport-2024.pdf">Kwaliteitsrapport 2024</a></li>
<li><a href="{s}/publicaties/2024-kwaliteitsrapport-reactie-clientenraad.pdf">Reactie van de cliëntenraad op
het kwaliteitsrapport 2024</a></li>
<li><a href="{s}/publicaties/kwaliteitsrapport-2022.pdf">Kwaliteitsrapport 2022</a></li>
<li><a href="{s}/publicaties/visitatierapport-2024.pdf">Visitatierapport 2024</a></li>
<li><a href="{s}/publicaties/jaarverslag-2024.pdf">Jaarverslag 2024</a></li></ul>""",
                                                 "/debrug/publicaties/kwaliteitsrapport-2024.pdf", sector="ghz"),
    "report_per_location": Landing("rivierenland", "Kwaliteit | Zorgcentra Rivierenland", """
<h2>Kwaliteitsbeeld 2024</h2><p><a href="{s}/uploads/kb/Kwaliteitsbeeld-2024-Rivierenland.pdf">Kwaliteitsbeeld
2024 Zorgcentra Rivierenland</a></p>
<h3>Per locatie</h3><ul>
<li><a href="{s}/uploads/kb/De-Waalhof-kwaliteitsbeeld-2024.pdf">Locatie De Waalhof - kwaliteitsbeeld 2024</a></li>
<li><a href="{s}/uploads/kb/Lingehof-kwaliteitsbeeld-2024.pdf">Locatie Lingehof - kwaliteitsbeeld 2024</a></li>
</ul>""", "/rivierenland/uploads/kb/Kwaliteitsbeeld-2024-Rivierenland.pdf"),
    "publication_dates_next_to_the_links": Landing("zonnehof", "Kwaliteit | De Zonnehof", """
<h2>Kwaliteitsbeelden</h2><ul class="documents">
<li><a href="{s}/media/5531/kb.pdf">Kwaliteitsbeeld</a> <span class="date">30 juni 2025</span></li>
<li><a href="{s}/media/4410/kb.pdf">Kwaliteitsbeeld</a> <span class="date">28 juni 2024</span></li>
<li><a href="{s}/media/5502/jv.pdf">Jaarverslag</a> <span class="date">12 juni 2025</span></li></ul>""",
                                                   "/zonnehof/media/5531/kb.pdf"),
    "kwaliteit_in_beeld": Landing("eikenlaan", "Over ons | Zorggroep Eikenlaan", """
<h2>Downloads</h2><ul>
<li><a href="{s}/files/jaarverslag-2024.pdf">Jaarverslag 2024</a></li>
<li><a href="{s}/files/kwaliteit-in-beeld-2024.pdf">Kwaliteit in beeld 2024</a></li>
<li><a href="{s}/files/kwaliteitsplan-2024.pdf">Kwaliteitsplan 2024</a></li>
<li><a href="{s}/files/brochure-dagbesteding.pdf">Brochure dagbesteding</a></li></ul>""",
                                  "/eikenlaan/files/kwaliteit-in-beeld-2024.pdf"),
    "newest_without_a_year_and_an_archive": Landing("beukenhof", "Kwaliteitsbeeld | Beukenhof", """
<p><a href="{s}/docs/kwaliteitsbeeld-beukenhof.pdf">Download ons kwaliteitsbeeld</a></p>
<h2>Archief</h2><ul><li><a href="{s}/docs/kwaliteitsbeeld-2023.pdf">Kwaliteitsbeeld 2023</a></li>
<li><a href="{s}/docs/kwaliteitsbeeld-2022.pdf">Kwaliteitsbeeld 2022</a></li></ul>""",
                                                    "/beukenhof/docs/kwaliteitsbeeld-beukenhof.pdf"),
    "samenvatting_and_easy_read_next_to_the_report": Landing("vechtstroom", "Kwaliteit | Vechtstroom Zorg", """
<div class="cards"><div class="card"><h3>Kwaliteitsbeeld 2024</h3><p>Het volledige kwaliteitsbeeld.</p>
<a href="{s}/bestanden/vechtstroom-kwaliteitsbeeld-2024.pdf">Download</a></div>
<div class="card"><h3>Kwaliteitsbeeld 2024 in het kort</h3><p>Samenvatting in eenvoudige taal.</p>
<a href="{s}/bestanden/kwaliteitsbeeld-2024-in-het-kort.pdf">Download</a></div>
<div class="card"><h3>Jaarverslag 2024</h3><p>Ons jaarverslag.</p>
<a href="{s}/bestanden/jaarverslag-2024.pdf">Download</a></div></div>""",
                                                             "/vechtstroom/bestanden/vechtstroom-kwaliteitsbeeld-2024.pdf"),
    "year_anchors_under_a_heading": Landing("wielewaal", "Verantwoording | De Wielewaal", """
<h2>Jaarverslagen</h2><ul><li><a href="{s}/pdf/jv-2024.pdf">2024</a></li><li><a href="{s}/pdf/jv-2023.pdf">2023</a></li></ul>
<h2>Kwaliteitsbeelden</h2><ul><li><a href="{s}/pdf/kb-2024.pdf">2024</a></li><li><a href="{s}/pdf/kb-2023.pdf">2023</a></li>
</ul><h2>Jaarrekeningen</h2><ul><li><a href="{s}/pdf/jr-2024.pdf">2024</a></li></ul>""", "/wielewaal/pdf/kb-2024.pdf"),
    "organisation_wide_report_for_all_locations": Landing("dijkzicht", "Kwaliteit | Dijkzicht Wonen en Zorg", """
<ul><li><a href="{s}/docs/kwaliteitsbeeld-2024-locatie-de-kreek.pdf">Kwaliteitsbeeld 2024 De Kreek</a></li>
<li><a href="{s}/docs/kwaliteitsbeeld-2024-locatie-de-bres.pdf">Kwaliteitsbeeld 2024 De Bres</a></li>
<li><a href="{s}/docs/kwaliteitsbeeld-2024-locatieoverstijgend.pdf">Kwaliteitsbeeld 2024 (alle locaties)</a></li>
</ul><p>Bekijk ook het <a href="{s}/docs/kwaliteitskader-verpleeghuiszorg.pdf">Kwaliteitskader Verpleeghuiszorg</a>.</p>""",
                                                          "/dijkzicht/docs/kwaliteitsbeeld-2024-locatieoverstijgend.pdf"),
    "dates_in_a_document_table": Landing("heideweg", "Documenten | Zorggroep Heideweg", """
<table><tr><th>Titel</th><th>Datum</th><th></th></tr>
<tr><td>Kwaliteitsverslag</td><td>01-07-2025</td><td><a href="{s}/Document/Download?id=8842">Download</a></td></tr>
<tr><td>Kwaliteitsverslag</td><td>03-07-2024</td><td><a href="{s}/Document/Download?id=7310">Download</a></td></tr>
<tr><td>Jaarverslag</td><td>15-06-2025</td><td><a href="{s}/Document/Download?id=8790">Download</a></td></tr>
<tr><td>Klachtenregeling</td><td>01-01-2023</td><td><a href="{s}/Document/Download?id=5100">Download</a></td></tr>
</table>""", "/heideweg/Document/Download?id=8842"),
    "report_words_in_capitals_with_file_name_anchor": Landing("polderhuis", "Downloads | Het Polderhuis", """
<ul><li><a href="{s}/dl/JAARVERSLAG_2024_DEF.pdf">JAARVERSLAG_2024_DEF.pdf</a></li>
<li><a href="{s}/dl/KWALITEITSRAPPORTAGE_2024_V2.pdf">KWALITEITSRAPPORTAGE_2024_V2.pdf</a></li>
<li><a href="{s}/dl/KWALITEITSRAPPORTAGE_2023.pdf">KWALITEITSRAPPORTAGE_2023.pdf</a></li>
<li><a href="{s}/dl/Klachtenjaarverslag_2024.pdf">Klachtenjaarverslag_2024.pdf</a></li></ul>""",
                                                              "/polderhuis/dl/KWALITEITSRAPPORTAGE_2024_V2.pdf"),
    "ghz_report_over_two_years": Landing("lichtpunt", "Kwaliteit | Stichting Lichtpunt", """
<h2>Kwaliteitsrapport</h2><p>Ons kwaliteitsrapport beschrijft twee jaar.</p><ul>
<li><a href="{s}/files/kwaliteitsrapport-2023-2024.pdf">Kwaliteitsrapport 2023-2024</a></li>
<li><a href="{s}/files/kwaliteitsrapport-2021-2022.pdf">Kwaliteitsrapport 2021-2022</a></li>
<li><a href="{s}/files/visitatie-kwaliteitsrapport-2023-2024.pdf">Visitatierapport bij het kwaliteitsrapport
2023-2024</a></li><li><a href="{s}/files/kwaliteitskader-gehandicaptenzorg-2023-2027.pdf">Kwaliteitskader
Gehandicaptenzorg 2023-2027</a></li></ul>""", "/lichtpunt/files/kwaliteitsrapport-2023-2024.pdf", sector="ghz"),
    "report_page_with_its_pdf_behind_a_plain_anchor": Landing("kreek", "Kwaliteitsverslag 2024 | Zorgboerderij De Kreek",
                                                              """
<h2>Kwaliteit en veiligheid</h2><p>In ons kwaliteitsverslag kijken we terug op 2024.</p>
<p><a href="{s}/media/8812/kv.pdf">Lees het volledige verslag (pdf)</a></p>""", "/kreek/media/8812/kv.pdf",
                                                              intro_words=300),
    "documents_grouped_under_year_headings": Landing("vijverhof", "Publicaties | De Vijverhof", """
<h2>Publicaties</h2>
<h3>2023</h3><ul><li><a href="{s}/docs/vh-kb-def.pdf">Kwaliteitsbeeld</a></li>
<li><a href="{s}/docs/vh-jv-def.pdf">Jaarverslag</a></li></ul>
<h3>2024</h3><ul><li><a href="{s}/docs/vijverhof-kb-definitief.pdf">Kwaliteitsbeeld</a></li>
<li><a href="{s}/docs/vijverhof-jv-definitief.pdf">Jaarverslag</a></li></ul>""",
                                                     "/vijverhof/docs/vijverhof-kb-definitief.pdf"),
    "documents_grouped_in_year_accordions": Landing("esdoorn", "Documenten | Esdoorn Zorg", """
<details><summary>2022</summary><ul><li><a href="{s}/d/1/kb.pdf">Kwaliteitsbeeld</a></li></ul></details>
<details><summary>2023</summary><ul><li><a href="{s}/d/2/kb.pdf">Kwaliteitsbeeld</a></li></ul></details>
<details open><summary>2024</summary><ul><li><a href="{s}/d/3/kb.pdf">Kwaliteitsbeeld</a></li>
<li><a href="{s}/d/3/klachten.pdf">Klachtenjaarverslag</a></li></ul></details>""", "/esdoorn/d/3/kb.pdf"),
}
