"""Pure link scoring: which link on a landing page leads to the kwaliteitsbeeld.

A link is scored on its anchor text, URL/file name and surrounding text.
Report words and the submission's year score up (the strongest report word counts once per
place, so REPORT_TERMS is ordered strongest first); privacy statements, annual
accounts, brochures and vacancies score down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

import lxml.html

from crawler import hosting
from crawler.urls import same_site

REPORT_TERMS: dict[str, float] = {
    "kwaliteitsbeeld": 10.0,
    "kwaliteitsverslag": 10.0,
    "kwaliteitsjaarverslag": 9.0,
    "kwaliteitsrapport": 8.0,
    "kwaliteitsrapportage": 8.0,
    "kwaliteit in beeld": 8.0,  # "Kwaliteit in beeld 2024": a common title of the kwaliteitsbeeld
    "kwaliteitsdocument": 7.0,
    "kwaliteitsverantwoording": 7.0,
    "voortgangsbericht": 6.0,
    "visitatie": 4.0,
    "jaardocument": 4.0,  # the annual report that often carries the quality account
    "kwaliteitsplan": 3.0,
    "jaarverslag": 3.0,
    "kwaliteit": 2.0,
    # English, for reports of organisations with international staff or readers
    "quality report": 9.0,
    "quality picture": 9.0,
    "quality": 2.0,
}
NEGATIVE_TERMS: dict[str, float] = {
    "privacy": 12.0,
    "jaarrekening": 12.0,
    "cookie": 12.0,
    "brochure": 8.0,
    "vacature": 10.0,
    "folder": 6.0,
    "klacht": 6.0,
    "voorwaarden": 8.0,
    "nieuwsbrief": 6.0,
    "huisregels": 6.0,
    "werken bij": 8.0,
    "inschrijf": 6.0,
    "aanmeld": 6.0,
    "disclaimer": 8.0,
    "jobs": 8.0,
    "vacanc": 10.0,
    "annual accounts": 12.0,
    "financial statement": 12.0,
    # a part or a digest of the report: found when it is all there is, but the full report beats it
    "samenvatting": 2.0,
    "bijlage": 2.0,
    "infographic": 2.0,
    "summary": 2.0,
    "appendix": 2.0,
    "in het kort": 2.0,  # "Kwaliteitsbeeld 2024 in het kort": a digest in plain language
    # an easy-read version next to the full report ("Kwaliteitsrapport 2023-2024 in makkelijke taal")
    "makkelijk lezen": 2.0,
    "makkelijke taal": 2.0,
    "eenvoudige taal": 2.0,
    "begrijpelijke taal": 2.0,
    "easy read": 2.0,
    "verkorte versie": 2.0,
    "reactie": 2.0,  # "Reactie van de cliëntenraad op het kwaliteitsrapport": a response to the report
    "zienswijze": 2.0,
    "locatie": 2.0,  # "Locatie De Waalhof - kwaliteitsbeeld 2024": one location's part of the organisation's report
    "location": 2.0,
}
# terms that count only as a whole word: "alle locaties" and "locatieoverstijgend" are the whole organisation,
# "redactie" and "interactie" no response
WHOLE_WORD_TERMS = frozenset({"locatie", "location", "reactie"})
_TERM_PATTERNS = {term: re.compile(rf"\b{re.escape(term)}\b" if term in WHOLE_WORD_TERMS else re.escape(term))
                  for term in (*REPORT_TERMS, *NEGATIVE_TERMS)}
# Pages where care organisations keep their reports: explored when no link names a report (a site entered by its
# home page, whose menu shows "Over ons" but not yet "Kwaliteit")
PAGE_HINTS = ("over ons", "over-ons", "wie zijn wij", "wie-zijn-wij", "organisatie", "publicaties", "documenten",
              "downloads", "verantwoording", "jaarverslagen")
PAGE_HINT_SCORE = 2.0
# Form words, not topics: "brochure Kwaliteit 2024" may well be the report, so next to a report term
# they weigh a quarter; a privacy statement or the annual accounts never are.
SOFT_NEGATIVES = frozenset({"brochure", "folder"})
SOFT_FACTOR = 0.25
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc")
DOCUMENT_BONUS = 3.0
YEAR_EXACT, YEAR_NEXT, YEAR_OTHER = 5.0, 1.0, -4.0
YEAR_STEP, YEAR_STEP_MAX = 0.5, 2.0  # every further year away loses this much more (the nearest other year wins)
# "label": the context of an anchor that names nothing ("PDF (2,1 MB)" in a table row): the row is its label
WEIGHTS = {"anchor": 1.0, "url": 0.8, "context": 0.3, "heading": 0.5, "label": 0.8}
MIN_DOCUMENT_SCORE = 4.0  # a document link needs more than the bare extension bonus
MIN_PAGE_SCORE = 2.0  # a page link needs at least "kwaliteit" in its anchor
CONSENT_WORDS = ("accepteer", "akkoord", "accept", "doorgaan", "ga verder", "ga door", "toestaan")
MAX_REPORT_PARTS = 10
# anchors of the next part of a web report: "Volgende", "Volgende: Leren en ontwikkelen", "Deel 2", "Part 3", "2"
PART_ANCHOR = re.compile(r"^\s*(volgende|next)\b|\b(deel|part|hoofdstuk|chapter)\s*\d+\b|^\s*\d{1,2}\s*$", re.IGNORECASE)
# "next" anchors that lead to the next news item or post, never to the next part of a report
NOT_A_PART_ANCHOR = re.compile(r"\b(bericht|nieuws\w*|artikel|article|post|blog\w*|item|vacature\w*|agenda)\b",
                               re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|"
           "apr|jun|jul|aug|sep|sept|okt|nov|dec|january|february|march|may|june|july|august|october")
# a full date next to a link ("30 juni 2025", "30-06-2025", "2025-06-30") says when the document was published:
# a report is published in the year after the one it is about
_DATE = re.compile(rf"(?<!\d)(?:\d{{1,2}}\s+(?:{_MONTHS})\.?\s+(20\d\d)|\d{{1,2}}[-/.]\d{{1,2}}[-/.](20\d\d)"
                   rf"|(20\d\d)-\d{{2}}-\d{{2}})(?!\d)", re.IGNORECASE)
# characters that hide inside words (soft hyphen, zero-width space and joiners) and separators between words
_HIDDEN = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SEPARATORS = re.compile("[-_\u2010\u2011\u2012\u2013\u2014+]+")
# "kwaliteits-verslag", "Kwaliteits verslag", "kwaliteits\nbeeld": one word (not "kwaliteits- en ...")
_SPLIT_COMPOUND = re.compile(r"\b(kwaliteits)\s+(?=[^\W\d_]{3,})")
# upload-date folders of content systems ("/wp-content/uploads/2025/05/", "/files/2024-06/"): when the file was
# put online, not the year the report is about
_DATE_FOLDER = re.compile(r"/20\d\d[/-](?:0?[1-9]|1[0-2])(?=/)")
# <summary>: the label of a <details> block (an accordion per year: "<summary>2024</summary><ul>...")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "summary"})
MAX_CONTEXT_CHARS = 300
MAX_CONTEXT_LEVELS = 3  # a link's context climbs at most this far: cell -> row, item -> card
MAX_HEADING_LEVELS, MAX_HEADING_SIBLINGS = 4, 8
# a link's context block never grows into these; a link in site chrome (menu, footer) has no section heading
SECTION_TAGS = frozenset({"html", "body", "main", "article", "section", "table", "tbody", "ul", "ol", "dl", "nav",
                          "header", "footer", "aside", "form"})
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
# anchors that say nothing of what they link to: "Download", "Bekijk hier", "Lees meer (pdf, 2 MB)", "Lees het
# volledige verslag", an icon; such a link is about the heading of its section ("<h2>Kwaliteitsbeeld 2024</h2><p>
# <a>Download</a></p>"), or on a page titled as the report, about the page's title
GENERIC_ANCHOR_WORDS = frozenset({
    "download", "downloaden", "downloads", "bekijk", "bekijken", "lees", "lezen", "meer", "hier", "klik", "open",
    "openen", "pdf", "docx", "doc", "document", "bestand", "bijlage", "link", "verder", "naar", "het", "de", "deze",
    "dit", "ons", "onze", "kb", "mb", "view", "read", "more", "here", "click", "file", "the",
    "volledige", "volledig", "hele", "gehele", "integrale", "verslag", "rapport", "versie", "full", "complete",
    "report", "version",
})
STRONG_TERM = 6.0  # a report term at least this strong names a report ("kwaliteitsbeeld"), not a topic ("kwaliteit")
_WORD = re.compile(r"[^\W\d_]+")
_DOCUMENT_WORD = re.compile(r"\b(?:pdf|docx?)\b", re.IGNORECASE)
DOCUMENT_TYPES = ("pdf", "msword", "officedocument")
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")
_LINK_ELEMENTS = ("//a|//area|//iframe|//embed|//object|//button"
                  "|//*[@onclick or @*[starts-with(name(), 'data-')]]")
_SCRIPT_TARGET = re.compile(
    r"""window\.open\(\s*["']([^"']+)["']|location(?:\.href)?\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
# a quoted address in a click handler of the site's own ("openDocument('/files/kb.pdf')") or in a data attribute
# ("data-file", "data-download", "data-pdf"): a URL, a path from the site root, or a document's file name
_QUOTED_ADDRESS = re.compile(r"""["']((?:https?://|/|\.{1,2}/)[^"'\s]+|[^"'\s]+\.(?:pdf|docx?)(?:[?#][^"'\s]*)?)["']""",
                             re.IGNORECASE)
_ADDRESS = re.compile(r"^(?:https?://|/|\.{1,2}/)\S+$|^[^\s\"']+\.(?:pdf|docx?)(?:[?#]\S*)?$", re.IGNORECASE)
# what a data attribute or script also names that is never a report: images, styles, scripts, media, data
_ASSET = re.compile(r"\.(?:jpe?g|png|gif|svg|webp|avif|ico|css|js|json|mp4|webm|mp3|woff2?)(?:[?#]|$)", re.IGNORECASE)
LINK_TAGS = frozenset({"a", "area", "iframe", "embed", "object", "button"})
PUBLICATION_PDF_SCORE = 10.0  # a FlippingBook publication's own PDF: the document the page shows (+ document bonus)
VIEWER_PARAMS = frozenset({"file", "url", "src", "doc", "document", "pdf"})  # pdf.js, Google and Office viewers


@dataclass(frozen=True)
class RawLink:
    """A link as found on a page."""

    url: str
    anchor: str
    context: str
    heading: str = ""  # the heading of the link's section, for an anchor that says nothing itself
    declared_document: bool = False  # <a download>, type="application/pdf" or "(pdf, 2 MB)": a file without .pdf


@dataclass(frozen=True)
class LinkCandidate:
    """A link scored as a possible report: a document to fetch or a page to explore."""

    url: str
    score: float
    kind: str  # document / page
    reasons: tuple[str, ...]
    anchor: str = ""
    year: int | None = None  # the newest year the link names: of two equal scores, the newer report first


def _clean(text: str) -> str:
    return " ".join(text.split())


def _anchor_text(element: lxml.html.HtmlElement) -> str:
    parts = [element.text_content(), element.get("title", ""), element.get("aria-label", "")]
    parts += [img.get("alt", "") for img in element.iter("img")]
    return _clean(" ".join(parts))


def _link_count(element: lxml.html.HtmlElement) -> int:
    """How many links an element holds, counted up to 2 (only "one" or "more" matters)."""
    return sum(1 for _ in islice(element.iter("a"), 2))


def _context_block(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The block around a link that holds no other link: its parent, or further up its table row, list item or
    card while that stays short (never a whole section, list, table or page)."""
    parent = element.getparent()
    if parent is None or _link_count(parent) > 1:
        return None
    block, node = parent, parent.getparent()
    for _level in range(MAX_CONTEXT_LEVELS - 1):
        if (node is None or block.tag in SECTION_TAGS or node.tag in SECTION_TAGS or _link_count(node) > 1
                or len(node.text_content()) > MAX_CONTEXT_CHARS):
            break
        block, node = node, node.getparent()
    return block


def _context(element: lxml.html.HtmlElement) -> str:
    block = _context_block(element)
    if block is None:
        return _clean(element.tail or "")[:200]
    return _clean(block.text_content())[:MAX_CONTEXT_CHARS]


def is_generic_anchor(anchor: str) -> bool:
    """Whether an anchor names nothing: "Download", "Bekijk hier", "Lees meer (pdf, 2 MB)", "" (an icon)."""
    return all(word in GENERIC_ANCHOR_WORDS for word in _WORD.findall(anchor.casefold()))


def _heading_within(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    if element.tag in HEADING_TAGS:
        return element
    inside = list(element.iter(*HEADING_TAGS))
    return inside[-1] if inside else None  # the last heading inside is the nearest one


def _section_heading(element: lxml.html.HtmlElement) -> str:
    """The nearest heading before a link within the same section: a preceding sibling of the link or of one of
    its nearest ancestors (a heading in another part of the page, like the footer's, is never reached)."""
    node = element
    for _level in range(MAX_HEADING_LEVELS):
        if node.tag in ("body", "html") or node.tag in CHROME_TAGS:
            break
        sibling = node.getprevious()
        for _step in range(MAX_HEADING_SIBLINGS):
            if sibling is None:
                break
            if isinstance(sibling.tag, str) and sibling.tag not in CHROME_TAGS:
                heading = _heading_within(sibling)
                if heading is not None:
                    return _clean(heading.text_content())[:200]
            sibling = sibling.getprevious()
        parent = node.getparent()
        if parent is None:
            break
        node = parent
    return ""


def _link_heading(element: lxml.html.HtmlElement, anchor: str, context: str, url: str, title: str) -> str:
    """The heading a link is read with: for an anchor that names nothing its section heading, or the page title
    when neither that heading nor the link's label ("Jaarverslag 2024 | PDF") names a document; for any other
    link its section heading only to find a year (the links under "<h3>2024</h3>"), when the link names none."""
    if is_generic_anchor(anchor):
        heading = _section_heading(element)
        anonymous = not names_report(heading) and not _term_score(context, "context")[1]
        return title if anonymous and names_report(title) else heading
    if named_years((anchor + " " + url_text(url), context))[0]:
        return ""
    return _section_heading(element)


def names_report(text: str) -> bool:
    """Whether a text names a report ("Kwaliteitsverslag 2024"), not just its topic ("Kwaliteit en veiligheid")."""
    text = normal_text(text)
    return any(weight >= STRONG_TERM and _TERM_PATTERNS[term].search(text) for term, weight in REPORT_TERMS.items())


def _script_target(script: str) -> str | None:
    """The URL a click handler opens: window.open('...'), location.href = '...', location.assign('...'), else
    the first quoted address it passes on ("openDocument('/files/kb.pdf')", "download(this, 'kb-2024.pdf')")."""
    match = _SCRIPT_TARGET.search(script)
    if match:
        return match.group(1) or match.group(2)
    for match in _QUOTED_ADDRESS.finditer(script):
        if not _ASSET.search(match.group(1)):
            return match.group(1)
    return None


def _data_target(element: lxml.html.HtmlElement) -> str:
    """The address a data attribute holds: data-href or data-url, else the first data-* whose value is an address
    ("data-file", "data-download", "data-pdf"; not "data-id" or "data-toggle")."""
    for name in ("data-href", "data-url"):
        value = (element.get(name) or "").strip()
        if value:
            return value
    for name, value in element.attrib.items():
        if name.startswith("data-") and _ADDRESS.match(value.strip()) and not _ASSET.search(value):
            return value.strip()
    return ""


def _element_target(element: lxml.html.HtmlElement) -> str:
    """Where an element leads: a link's href/src/data, else its click handler or data attribute (an image's or a
    script's own source is no link)."""
    href = (element.get("href") or element.get("src") or element.get("data") or "").strip() \
        if element.tag in LINK_TAGS else ""
    if href.lower().startswith("javascript:"):
        href = _script_target(href) or ""
    if not href or href.startswith("#"):
        href = (_script_target(element.get("onclick") or "") or _data_target(element)).strip()
    return href


def _viewer_target(url: str) -> str:
    """The document an online viewer shows ("/pdfjs/web/viewer.html?file=/uploads/kb.pdf",
    "docs.google.com/viewer?url=...") instead of the viewer, whose page holds no link to it."""
    if "?" not in url:
        return url
    for name, value in parse_qsl(urlsplit(url).query):
        if name.lower() in VIEWER_PARAMS and value.strip():
            target = urljoin(url, value.strip())
            if urlsplit(target).scheme in {"http", "https"} and is_document_url(target):
                return target
    return url


def _declared_document(element: lxml.html.HtmlElement, anchor: str) -> bool:
    """Whether a link says it is a file although its URL has no file suffix ("/media/4411", "?download=1")."""
    if element.tag != "a":  # a clickable block that says "PDF, 2,4 MB"
        return element.tag not in LINK_TAGS and _DOCUMENT_WORD.search(anchor) is not None
    kind = (element.get("type") or "").lower()
    return element.get("download") is not None or any(t in kind for t in DOCUMENT_TYPES) \
        or _DOCUMENT_WORD.search(anchor) is not None


def extract_links(base_url: str, html: str) -> list[RawLink]:
    """Every followable link (a, area, iframe/embed/object sources, buttons and click handlers that open a URL)
    with anchor and context; a viewer's link is the document it shows."""
    try:
        root = lxml.html.fromstring(html or "<html></html>")
    except (ValueError, lxml.etree.ParserError):
        return []
    base = root.find(".//base[@href]")
    base_url = urljoin(base_url, base.get("href")) if base is not None else base_url
    h1 = root.find(".//h1")
    title = _clean(h1.text_content())[:200] if h1 is not None else ""
    found: dict[str, RawLink] = {}
    for element in root.xpath(_LINK_ELEMENTS):
        href = _element_target(element)
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        url = _viewer_target(urljoin(base_url, href).split("#", 1)[0])
        if urlsplit(url).scheme not in {"http", "https"} or url in found:
            continue
        anchor, context = _anchor_text(element), _context(element)
        found[url] = RawLink(url, anchor, context, _link_heading(element, anchor, context, url, title),
                             _declared_document(element, anchor))
    return list(found.values())


def is_document_url(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(DOCUMENT_EXTENSIONS)


def normal_text(text: str) -> str:
    """Text as the report terms are matched against it: case-folded, hidden characters dropped, hyphens and
    underscores read as spaces, and a compound written apart ("Kwaliteits-verslag") joined again."""
    text = _SEPARATORS.sub(" ", _HIDDEN.sub("", text.casefold()))
    return _SPLIT_COMPOUND.sub(r"\1", " ".join(text.split()))


def _term_score(text: str, where: str) -> tuple[float, list[str]]:
    text = normal_text(text)
    score, reasons = 0.0, []
    for term, weight in REPORT_TERMS.items():
        if _TERM_PATTERNS[term].search(text):
            score += weight * WEIGHTS[where]
            reasons.append(f"+{term}@{where}")
            break  # the strongest report term counts once per place
    has_report_term = bool(reasons)
    for term, weight in NEGATIVE_TERMS.items():
        if _TERM_PATTERNS[term].search(text):
            factor = SOFT_FACTOR if has_report_term and term in SOFT_NEGATIVES else 1.0
            score -= weight * factor * WEIGHTS[where]
            reasons.append(f"-{term}@{where}")
    return score, reasons


def year_score(years: set[int], report_year: int | None) -> tuple[float, str | None]:
    """Prefer the report year; the year after (publication year) a little; other years lose."""
    if not years or report_year is None:
        return 0.0, None
    if report_year in years:
        return YEAR_EXACT, f"+year {report_year}"
    if report_year + 1 in years:
        return YEAR_NEXT, f"+year {report_year + 1}"
    distance = min(abs(year - report_year) for year in years)
    return YEAR_OTHER - min(YEAR_STEP_MAX, YEAR_STEP * (distance - 1)), f"-year {sorted(years)}"


def named_years(texts: tuple[str, ...]) -> tuple[set[int], bool]:
    """The years the first of `texts` that names one names, and whether they come from a publication date only
    (then the year before: a report published on "30 juni 2025" is about 2024). Two dates are a period
    ("1 januari 2024 t/m 31 december 2024"): their own years."""
    published: set[int] = set()
    for text in texts:
        dates = [int(next(y for y in m.groups() if y)) for m in _DATE.finditer(text)]
        years = {int(y) for y in _YEAR.findall(_DATE.sub(" ", text) if len(dates) == 1 else text)}
        if years:
            return years, False
        published |= {year - 1 for year in dates}
    return published, bool(published)


def url_text(url: str) -> str:
    """The words of a URL's path and query (upload-date folders left out)."""
    parts = urlsplit(url)
    return unquote(_DATE_FOLDER.sub("/", parts.path) + " " + parts.query).replace("_", " ")


def score_report_link(link: RawLink, report_year: int | None) -> LinkCandidate:
    """Score one link as the possible report of `report_year`."""
    return _score_link(link, report_year, hosting.service_of(link.url))


def _score_link(link: RawLink, report_year: int | None, service: str | None) -> LinkCandidate:
    """`score_report_link` with the link's hosting service (`hosting.service_of`) known."""
    url_words = url_text(link.url)
    score, reasons = 0.0, list[str]()
    generic = is_generic_anchor(link.anchor)
    places = [(link.anchor, "anchor"), (url_words, "url"), (link.context, "label" if generic else "context")]
    for text, where in places + ([(link.heading, "heading")] if generic else []):  # a heading's words: see _link_heading
        s, r = _term_score(text, where)
        score, reasons = score + s, reasons + r
    years, published = named_years((link.anchor + " " + url_words, link.context, link.heading))
    ys, why = year_score(years, report_year)
    why = f"{why} (published a year later)" if why and published else why
    if why and score > 0:
        score, reasons = score + ys, [*reasons, why]
    kind = "document" if link.declared_document or is_document_url(link.url) \
        or hosting.service_shared_file(link.url, service) \
        else "page"
    if kind == "page" and any(hint in text.casefold() for text in (link.anchor, url_words) for hint in PAGE_HINTS):
        score, reasons = score + PAGE_HINT_SCORE, [*reasons, "+page hint"]
    if kind == "document":
        score, reasons = score + DOCUMENT_BONUS, [*reasons, "+document"]
    return LinkCandidate(link.url, round(score, 2), kind, tuple(reasons), link.anchor[:120], max(years, default=None))


def is_consent_link(link: RawLink) -> bool:
    text = link.anchor.casefold()
    return any(word in text for word in CONSENT_WORDS)


def report_links(page_url: str, html: str, report_year: int | None) -> list[LinkCandidate]:
    """Candidate report links of a page, best first; pages only on the same site."""
    out = [LinkCandidate(url, PUBLICATION_PDF_SCORE + DOCUMENT_BONUS, "document", ("+publication pdf", "+document"))
           for url in hosting.publication_downloads(page_url, html)]
    known = {c.url for c in out}
    for link in extract_links(page_url, html):
        service = hosting.service_of(link.url)  # looked up once per link
        cand = _score_link(link, report_year, service)
        if cand.url in known:
            continue
        if hosting.viewer_only_service(service):  # never fetched: named in the outcome for a person to look
            if cand.score >= 0:
                out.append(LinkCandidate(cand.url, cand.score, "viewer", cand.reasons, link.anchor[:120], cand.year))
            continue
        if hosting.service_shared_folder(cand.url, service):  # lists its files only in a browser: named, not fetched
            if cand.score >= MIN_PAGE_SCORE:
                out.append(LinkCandidate(cand.url, cand.score, "folder", cand.reasons, link.anchor[:120], cand.year))
            continue
        off_site = not same_site(page_url, cand.url) and service is None
        if cand.kind == "page" and (off_site or cand.url == page_url):
            continue
        threshold = MIN_DOCUMENT_SCORE if cand.kind == "document" else MIN_PAGE_SCORE
        if cand.score >= threshold:
            out.append(cand)
        elif cand.kind == "page" and is_consent_link(link):
            out.append(LinkCandidate(cand.url, MIN_PAGE_SCORE, "consent", ("+consent",), link.anchor[:120]))
    return sorted(out, key=lambda c: (-c.score, c.kind != "document", -(c.year or 0), c.url))


MAX_CHILD_SITEMAPS = 2  # of a sitemap index, the sitemaps read (a request each): those most likely to hold reports
_SITEMAP_KINDS = re.compile(r"attachment|media|document|download|file|bestand|publicat|upload|page|pagina",
                            re.IGNORECASE)


def sitemap_links(sitemap_url: str, urls: list[str], report_year: int | None) -> list[LinkCandidate]:
    """Report candidates among the URLs a site's sitemap lists (scored by their address alone; same site only),
    best first."""
    out: dict[str, LinkCandidate] = {}
    for url in urls:
        if urlsplit(url).scheme not in {"http", "https"} or not same_site(sitemap_url, url) or url in out:
            continue
        cand = _score_link(RawLink(url, "", ""), report_year, None)
        if cand.score >= (MIN_DOCUMENT_SCORE if cand.kind == "document" else MIN_PAGE_SCORE):
            out[url] = LinkCandidate(url, cand.score, cand.kind, (*cand.reasons, "+sitemap"), "", cand.year)
    return sorted(out.values(), key=lambda c: (-c.score, c.kind != "document", -(c.year or 0), c.url))


def child_sitemaps(sitemap_url: str, sitemaps: list[str]) -> list[str]:
    """The further sitemaps of a sitemap index worth reading: those of files, pages and publications first (a
    WordPress "attachment-sitemap.xml", "page-sitemap.xml"), at most MAX_CHILD_SITEMAPS."""
    own = [url for url in sitemaps if urlsplit(url).scheme in {"http", "https"} and same_site(sitemap_url, url)]
    ranked = sorted(own, key=lambda url: (_SITEMAP_KINDS.search(urlsplit(url).path) is None, own.index(url)))
    return ranked[:MAX_CHILD_SITEMAPS]


def report_part_candidates(report_url: str, page_url: str, html: str,
                           limit: int = MAX_REPORT_PARTS) -> list[tuple[str, str]]:
    """Further pages of a web report, in link order, each with why: "child" (a page under the report's path)
    or "next" (a "Volgende"/"Deel N" anchor elsewhere on the site, which the page itself must confirm).

    `report_url` is the report's first page (children are paths under it), `page_url` the page `html` is of.
    """
    base = urlsplit(report_url).path.rstrip("/")
    out: dict[str, str] = {}
    for link in extract_links(page_url, html):
        url = link.url
        if url in (report_url, page_url) or url in out or is_document_url(url) or not same_site(report_url, url):
            continue
        path = urlsplit(url).path
        if len(base) > 1 and path.startswith(base + "/") and path.rstrip("/") != base:
            out[url] = "child"
        elif PART_ANCHOR.search(link.anchor) and not NOT_A_PART_ANCHOR.search(link.anchor):
            out[url] = "next"
        if len(out) >= limit:
            break
    return list(out.items())


def report_part_links(report_url: str, page_url: str, html: str, limit: int = MAX_REPORT_PARTS) -> list[str]:
    """The URLs of `report_part_candidates`."""
    return [url for url, _kind in report_part_candidates(report_url, page_url, html, limit)]
