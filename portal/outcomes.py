"""Crawl outcomes and their details in the words of a portal user (no streamlit here).

The crawler records an outcome from the cli.md vocabulary and an English detail for engineers
("HTTP 404", "DNSLookupError: ...", "no report among 7 fetched URLs (best link score 3)"). A
kompaspartij reads a Dutch explanation first; the raw detail stays available next to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Crawl outcomes (cli.md vocabulary) as a Dutch reader says them.
OUTCOME_NL = {
    "ok": "rapport gevonden", "invalid_url": "geen geldige URL", "blocked_address": "adres geblokkeerd",
    "robots_disallowed": "robots.txt verbiedt", "dns_error": "domein bestaat niet", "connection_error": "geen verbinding",
    "timeout": "time-out", "http_error": "HTTP-fout (dode link)", "redirect_loop": "doorverwijslus",
    "too_large": "te groot", "no_report_found": "geen rapport gevonden", "unsupported_type": "bestandstype niet ondersteund",
    "declared_no": "verklaard: geen openbaar kwaliteitsbeeld", "nog_niet_opgehaald": "nog niet opgehaald",
}
OUTCOME_UITLEG = {
    "ok": "Het kwaliteitsbeeld is gevonden en opgeslagen.",
    "invalid_url": "De ingezonden waarde is geen webadres.",
    "blocked_address": "Het adres wijst naar een intern of privé-netwerk en wordt niet opgehaald.",
    "robots_disallowed": "De website staat het ophalen niet toe (robots.txt).",
    "dns_error": "Het domein bestaat niet (meer).",
    "connection_error": "De website gaf geen verbinding.",
    "timeout": "De website antwoordde niet op tijd.",
    "http_error": "De pagina bestaat niet (meer) of gaf een foutmelding.",
    "redirect_loop": "De website verwijst eindeloos door.",
    "too_large": "Het bestand is groter dan de ingestelde grens.",
    "no_report_found": "De pagina is bereikbaar, maar er is geen kwaliteitsbeeld op of achter gevonden.",
    "unsupported_type": "Het gevonden bestand is geen PDF, Word-document of webpagina.",
    "declared_no": "De organisatie heeft verklaard geen openbaar kwaliteitsbeeld te hebben.",
    "nog_niet_opgehaald": "Deze inzending is nog niet opgehaald (kb crawl).",
}

HTTP_STATUS_NL = {
    400: "ongeldig verzoek", 401: "inloggen vereist", 403: "geen toegang", 404: "pagina niet gevonden",
    410: "pagina verwijderd", 429: "te veel verzoeken", 451: "niet beschikbaar om juridische redenen",
    500: "serverfout", 502: "serverfout (gateway)", 503: "website tijdelijk niet beschikbaar",
    504: "serverfout (time-out van de gateway)",
}


def http_status_nl(status: int) -> str:
    """'404 (pagina niet gevonden)'; a status without a known name by its class."""
    name = HTTP_STATUS_NL.get(status) or ("serverfout" if status >= 500 else "foutmelding" if status >= 400 else "")
    return f"{status} ({name})" if name else str(status)


def _http(m: re.Match[str]) -> str:
    status = int(m.group(1))
    if status in (404, 410):
        return f"De website gaf HTTP-status {http_status_nl(status)}: de pagina bestaat niet (meer)."
    if status in (401, 403):
        return f"De website gaf HTTP-status {http_status_nl(status)}: de pagina is niet openbaar."
    if status >= 500:
        return f"De website gaf HTTP-status {http_status_nl(status)}: een storing bij de website."
    return f"De website gaf HTTP-status {http_status_nl(status)}."


# (pattern in the raw detail, Dutch sentence); every matching rule adds its sentence, in this order.
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
_RULES: list[_Rule] = [
    (re.compile(r"site skipped after (\d+) earlier failures?"),
     lambda m: f"Overgeslagen: deze website faalde eerder in dezelfde ophaalronde al {m.group(1)} keer."),
    (re.compile(r"best report candidate failed"),
     lambda m: "Er is een link naar een mogelijk rapport gevonden, maar dat rapport kon niet worden opgehaald."),
    (re.compile(r"(?:\bHTTP |^)([45]\d\d)\b(?!: no robots)"), _http),
    (re.compile(r"no report among (\d+) fetched URLs"),
     lambda m: f"Er zijn {m.group(1)} pagina's van de website bekeken; geen daarvan is een kwaliteitsbeeld "
               "of linkt er herkenbaar naar."),
    (re.compile(r"embeds a video"),
     lambda m: "De website toont een video; mogelijk is die video het kwaliteitsbeeld (die wordt niet geanalyseerd)."),
    (re.compile(r"empty response"), lambda m: "De pagina was leeg."),
    (re.compile(r"login required at (\S+?);?(?:\s|$)"),
     lambda m: f"Om het rapport te zien moet je inloggen ({m.group(1)}); de ophaalronde logt nergens in."),
    (re.compile(r"cookie wall at (\S+)"),
     lambda m: f"De website toont eerst een cookiemelding ({m.group(1)}) die alleen met een formulier weggaat; "
               "dat formulier wordt niet verstuurd."),
    (re.compile(r"online viewer without a download, for a person to look: ([^:;]+): (\S+?);?(?:\s|$)"),
     lambda m: f"Mogelijk staat het rapport in een online bladerprogramma ({m.group(1).strip()}) zonder downloadknop: "
               f"bekijk het zelf op {m.group(2)}."),
    (re.compile(r"shared folder, whose files the crawl cannot list \(a browser shows them\), for a person to look: "
                r"([^:;]+): (\S+?);?(?:\s|$)"),
     lambda m: f"Mogelijk staat het rapport in een gedeelde map ({m.group(1).strip()}); de bestanden in zo'n map zijn "
               f"alleen in een browser te zien: bekijk de map zelf op {m.group(2)}."),
    (re.compile(r"submitted URL answered HTTP"),
     lambda m: "Het ingezonden adres bestaat niet meer; daarom is elders op de website gezocht."),
    (re.compile(r"followed the site's home page"), lambda m: "Er is gezocht vanaf de startpagina van de website."),
    (re.compile(r"read the site's sitemap"),
     lambda m: "Ook de sitemap van de website (sitemap.xml) is doorzocht."),
    (re.compile(r"redirect loop"), lambda m: "De doorverwijzingen komen weer uit bij een eerder adres."),
    (re.compile(r"more than (\d+) redirects"), lambda m: f"Meer dan {m.group(1)} doorverwijzingen na elkaar."),
    (re.compile(r"DNS lookup failed"), lambda m: "De domeinnaam is niet gevonden: controleer de spelling van het adres."),
    (re.compile(r"forbidden by .*robots\.txt"),
     lambda m: "De robots.txt van de website verbiedt het ophalen van deze pagina."),
    (re.compile(r"(unsupported content|is not an HTML page) \(([^)]*)\)"),
     lambda m: f"Het bestandstype is {m.group(2) or 'onbekend'}; alleen PDF, Word-documenten en webpagina's "
               "worden gelezen."),
    (re.compile(r"size cap"), lambda m: "Het downloaden is gestopt bij de ingestelde maximale bestandsgrootte."),
    (re.compile(r"\bis an e-mail address\b"), lambda m: "Er is een e-mailadres ingevuld in plaats van een webadres."),
    (re.compile(r"\bis a file name\b"), lambda m: "Er is een bestandsnaam ingevuld in plaats van een webadres."),
    (re.compile(r"^empty value"), lambda m: "Het veld voor de URL is leeg gelaten."),
    (re.compile(r"scheme '([^']*)' is not http"),
     lambda m: f"Het adres begint met '{m.group(1)}:' en is geen webadres (http of https)."),
    (re.compile(r"URL taken from (Opmerking|another column)"),
     lambda m: "Het webadres is overgenomen uit "
               + ("de kolom Opmerking" if m.group(1) == "Opmerking" else "een andere kolom")
               + ", omdat de URL-kolom geen bruikbaar adres bevatte."),
    (re.compile(r"(\d+) different URLs given; used the (concern-level|most frequent) one"),
     lambda m: f"Er waren {m.group(1)} verschillende webadressen opgegeven; het "
               + ("adres op concernniveau" if m.group(2) == "concern-level" else "vaakst genoemde adres")
               + " is gebruikt."),
    (re.compile(r"URL answer: "),
     lambda m: "In het URL-veld stond wel een waarde, maar de organisatie antwoordde 'nee'."),
]

FETCH_OK_NL = {"robots.txt": "robots.txt gelezen", "report part": "opgehaald als deel van het rapport"}


def outcome_explanation(outcome: str | None, detail: str | None = None) -> str:
    """A Dutch explanation of a submission's (or fetch's) outcome, made specific by its raw detail."""
    outcome = outcome or "nog_niet_opgehaald"
    text = str(detail or "")
    sentences = [say(m) for rx, say in _RULES for m in [rx.search(text)] if m]
    base = OUTCOME_UITLEG.get(outcome)
    if base is None:
        base = f"Uitkomst: {OUTCOME_NL.get(outcome, outcome)}."
    if outcome == "http_error" and any(s.startswith("De website gaf HTTP-status") for s in sentences):
        base = ""  # the status sentence says it better
    return " ".join(s for s in (base, *dict.fromkeys(sentences)) if s)


def fetch_explanation(outcome: str | None, detail: str | None, role: str | None = None) -> str:
    """One fetch (a row of the fetch history) in Dutch: what was fetched, or why it failed."""
    text = str(detail or "")
    if outcome == "ok" or outcome is None:
        if text in FETCH_OK_NL:
            return FETCH_OK_NL[text]
        if text.startswith("left out"):
            return "niet meegenomen: een pagina na het rapport, geen deel ervan"
        if m := re.match(r"sitemap: (\d+) addresses, (\d+) sitemaps", text):
            return f"sitemap gelezen: {m.group(1)} adressen, {m.group(2)} verdere sitemaps"
        if text.startswith("shared folder"):
            return "gedeelde map: niet verder gevolgd (de bestanden zijn alleen in een browser te zien)"
        return "robots.txt gelezen" if role == "robots" else "opgehaald"
    if role == "robots" and "everything allowed" in text:
        return "geen robots.txt gevonden; ophalen is dan toegestaan"
    return outcome_explanation(outcome, detail)
