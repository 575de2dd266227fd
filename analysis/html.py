"""HTML -> text blocks with trafilatura (XML output keeps headings, lists, tables and quotes).

Site chrome (menus, cookie banners, footers) is left out by trafilatura's main
content detection; headings keep their h1-h6 level. Report text trafilatura judged boilerplate
(headings alone in page-builder widgets, an article's title, story boxes, cards) is put back from
a structural reading of the page (analysis.html_structure).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any

from analysis.clean import normalise_unicode, printable_share
from analysis.html_structure import BOLD_STYLE, chrome_names, merge, paragraph_blocks, read_layout
from analysis.segment import TextBlock
from kb.models import ExtractionStatus

MIN_PRINTABLE_SHARE = 0.85
TITLE_SCAN_CHARS = 300_000  # the title sits in the head; never scan a huge page for it
_OG_TITLE = re.compile(
    r"<meta\b[^>]*?(?:property|name)\s*=\s*[\"']og:title[\"'][^>]*?content\s*=\s*[\"']([^\"']*)"
    r"|<meta\b[^>]*?content\s*=\s*[\"']([^\"']*)[\"'][^>]*?(?:property|name)\s*=\s*[\"']og:title",
    re.I | re.S,
)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class HtmlRead:
    status: ExtractionStatus
    error: str | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    title: str | None = None


def decode_text(content: bytes) -> str:
    """Bytes of a web page or text file as str: UTF-8, else the detected encoding."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content[:2_000_000]).best()
    encoding = best.encoding if best else "cp1252"
    return content.decode(encoding, errors="replace")


def _text(element: Any) -> str:
    """The element's text on one line; a line break (<br>) separates words like a space."""
    return normalise_unicode(" ".join("".join(text for text, _ in _pieces(element)).split()))


_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "div"})


def _pieces(element: Any) -> list[tuple[str, bool]]:
    """The text of a paragraph as (text, bold) runs, with ("\n", False) for each line break."""
    out: list[tuple[str, bool]] = []

    def walk(el: Any, bold: bool) -> None:
        if el.text:
            out.append((el.text, bold))
        for child in el:
            if child.tag == "lb":
                out.append(("\n", False))
            elif child.tag in _BLOCK_TAGS:  # a paragraph inside a table cell or list item
                out.append(("\n", False))
                walk(child, bold)
                out.append(("\n", False))
            else:
                walk(child, bold or child.tag == "hi" and "#b" in str(child.get("rend") or ""))
            if child.tail:
                out.append((child.tail, bold))

    walk(element, False)
    return out


def _blocks_of(main: object) -> list[TextBlock]:
    """The blocks of trafilatura's main-content tree. trafilatura keeps a <div> of the page as a
    <div> around its blocks (a layout column, a page-builder section); those are read through, so
    their headings stay headings and their paragraphs separate."""
    from lxml import etree

    assert isinstance(main, etree._Element)
    blocks: list[TextBlock] = []
    level = 1  # of the last markup heading; a bold line is a heading one level below it

    def loose(text: str | None) -> None:  # text of a <div> outside its blocks
        if text and text.strip():
            blocks.append(TextBlock("text", normalise_unicode(" ".join(text.split()))))

    def read(container: Any) -> None:
        nonlocal level
        for el in container:
            tag = el.tag
            if tag == "div":
                loose(el.text)
                read(el)
            elif tag == "head":
                rend = str(el.get("rend") or "h2")
                level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
                blocks.append(TextBlock("heading", _text(el), None, level))
            elif tag == "list":
                blocks.extend(TextBlock("list", _text(item)) for item in el.iter("item"))
            elif tag == "table":
                rows = [" | ".join(_text(c) for c in row.iter("cell")) for row in el.iter("row")]
                blocks.append(TextBlock("table", "\n".join(r for r in rows if r.strip())))
            else:
                for kind, text in paragraph_blocks(_pieces(el), "quote" if tag == "quote" else "text"):
                    if kind == "bold-heading":
                        blocks.append(TextBlock("heading", text, None, min(level + 1, 6)))
                    else:
                        blocks.append(TextBlock(kind, text))
            if container is not main:
                loose(el.tail)

    read(main)
    return [b for b in blocks if b.text]


def page_title(page: str) -> str | None:
    """og:title, else <title>, else the first <h1>: unescaped, tags and extra spaces removed.

    trafilatura's own metadata pass would give this too, but it also hunts for a publication
    date (htmldate/dateparser), which cost ~70 % of the HTML extraction time.
    """
    head = page[:TITLE_SCAN_CHARS]
    for pattern in (_OG_TITLE, _TITLE, _H1):
        m = pattern.search(head)
        if m:
            raw = next((g for g in m.groups() if g), "")
            title = " ".join(html_lib.unescape(_TAG.sub(" ", raw)).split())[:300]
            if title:
                return normalise_unicode(title)
    return None


_OPTIONS: dict[str, object] = {
    "output_format": "xml",
    "include_formatting": True,
    "include_tables": True,
    "include_comments": False,
    "include_images": False,
    "with_metadata": False,
    "favor_recall": True,
}


_FOLDING = re.compile(r"aria-controls|aria-expanded|accordion|collaps|toggle|font-weight|<button", re.I)
# classes of accordion, toggle and tab panels (Bootstrap, Elementor, Divi, WPBakery, plain themes)
_PANEL_CLASS = re.compile(r"accordion|collaps|toggle|tab-?content|tabs?-pane|tta-panel|faq|uitklap", re.I)
# toggles that open more of the same text, not a titled section
_NOT_A_TITLE = re.compile(r"^(?:lees|toon|bekijk|laat) (?:meer|minder|alles)|^(?:read|show) (?:more|less)|^(?:menu|sluiten|open|meer)$", re.I)
_HIDING_CLASS = {"hidden", "hide", "is-hidden", "d-none", "collapsed"}
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "dialog"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MIN_PANEL_WORDS = 5  # a hidden region opened by a toggle is shown only when it holds a sentence or so


def _chrome_elements(tree: Any) -> set[Any]:
    """The elements that are (inside) site chrome: a nav/header/footer or a menu, cookie or search
    widget; one pass in document order, so a parent is decided before its children."""
    chrome: set[Any] = set()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        if (
            parent in chrome
            or el.tag in _CHROME_TAGS
            or chrome_names(f"{el.get('class') or ''} {el.get('id') or ''}") == "chrome"
        ):
            chrome.add(el)
    return chrome


def _show(panel: Any) -> None:
    """Undo what hides a collapsed panel from trafilatura (which drops hidden elements)."""
    panel.attrib.pop("aria-hidden", None)
    panel.attrib.pop("hidden", None)
    style = panel.get("style")
    if style and "none" in style:
        panel.set("style", re.sub(r"display\s*:\s*none\s*;?", "", style, flags=re.I))
    classes = (panel.get("class") or "").split()
    if any(c.lower() in _HIDING_CLASS for c in classes):
        panel.set("class", " ".join(c for c in classes if c.lower() not in _HIDING_CLASS))


def _is_toggle(el: Any) -> bool:
    if el.get("aria-controls") is not None or el.get("aria-expanded") is not None:
        return True
    parent = el.getparent()
    classes = f"{el.get('class') or ''} {parent.get('class') or '' if parent is not None else ''}"
    return el.tag == "button" and bool(_PANEL_CLASS.search(classes))


def unfold(page: str) -> str:
    """The page with accordions and tabs opened, for trafilatura.

    Reports on web pages often sit in accordions: a button (or link) per bouwsteen that opens a
    hidden panel. trafilatura drops buttons and hidden elements, which lost both the panel and the
    title that says what it is about. Here, outside the site chrome, a toggle becomes a bold
    paragraph (a heading, see `paragraph_blocks`), a button inside a heading becomes its text,
    the panels a toggle controls (aria-controls) or that are accordion/tab panels by class are
    shown, and text made bold by a style is marked bold.
    """
    if not _FOLDING.search(page):
        return page
    from lxml import etree, html

    try:
        tree = html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page
    by_id = {el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    chrome = _chrome_elements(tree)
    for el in list(tree.iter("button", "a", "div", "span")):
        in_heading = el.tag == "button" and any(a.tag in _HEADING_TAGS for a in el.iterancestors())
        if not (in_heading or _is_toggle(el)) or el in chrome:
            continue
        panels = [by_id[i] for i in (el.get("aria-controls") or "").split() if i in by_id]
        for panel in panels:
            if len(" ".join(panel.itertext()).split()) >= MIN_PANEL_WORDS and panel not in chrome:
                _show(panel)
        title = " ".join(" ".join(el.itertext()).split())
        if in_heading:
            el.drop_tag()  # the heading keeps the button's text
        elif title and not _NOT_A_TITLE.search(title) and (panels or el.tag == "button"):
            tail = el.tail
            el.clear()
            el.tag, el.text, el.tail = "p", None, tail
            etree.SubElement(el, "strong").text = title
    for panel in tree.iter("div", "section"):
        if _PANEL_CLASS.search(panel.get("class") or "") and panel not in chrome:
            _show(panel)
    for el in tree.iter("span", "p", "div"):
        if BOLD_STYLE.search(el.get("style") or "") and el.text and not len(el):
            strong = etree.SubElement(el, "strong")
            strong.text, el.text = el.text, None
    return str(html.tostring(tree, encoding="unicode"))


def _main_content(page: str) -> object | None:
    """trafilatura's main-content tree (head/p/list/table/quote elements), or None.

    ``bare_extraction`` gives the tree itself; ``trafilatura.extract`` would also fingerprint
    the text, serialise it to XML and parse it back (~20 % of the HTML time), so it is only the
    fallback should a trafilatura release change the Document object.
    """
    import trafilatura
    from lxml import etree

    doc = trafilatura.bare_extraction(page, as_dict=False, **_OPTIONS)  # type: ignore[arg-type]
    if doc is None:
        return None
    body = getattr(doc, "body", None)
    if isinstance(body, etree._Element):
        return body
    xml = trafilatura.extract(page, **_OPTIONS)  # type: ignore[arg-type]
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    found = root.find("main")
    return found if found is not None else root


SHELL_MAX_WORDS = 60  # a page whose own text is this short and asks for JavaScript has no content of its own
SHELL_CHECK_WORDS = 400  # pages whose main text is longer are not checked for being a script shell
_JAVASCRIPT = re.compile(r"\bjava-?script\b", re.I)
_LOADING = re.compile(
    r"^(?:(?:bezig met )?laden|wordt geladen|loading|een (?:ogenblik|moment)(?: geduld)?|even geduld|please wait)"
    r"\W*$",
    re.I,
)
_SCRIPTS = re.compile(r"<script\b", re.I)
_NOT_SHOWN = {"script", "style", "template", "head"}


def _own_text(page: str) -> tuple[str, str] | None:
    """(text of the page outside site chrome, scripts and <noscript>; text of its <noscript>
    elements), or None when the page cannot be parsed."""
    from lxml import etree, html

    try:
        tree = html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None
    skipped = _chrome_elements(tree)
    in_noscript: set[Any] = set()
    own: list[str] = []
    noscript: list[str] = []
    for el in tree.iter():  # document order: a parent is decided before its children
        parent = el.getparent()
        if parent is not None and parent not in skipped and el.tail:  # a tail is text of the parent
            (noscript if parent in in_noscript else own).append(el.tail)
        if not isinstance(el.tag, str) or parent in skipped or el.tag in _NOT_SHOWN:
            skipped.add(el)
            continue
        if el.tag == "noscript" or parent in in_noscript:
            in_noscript.add(el)
        if el in skipped:
            continue
        if el.text:
            (noscript if el in in_noscript else own).append(el.text)
    return " ".join(" ".join(own).split()), " ".join(" ".join(noscript).split())


def script_shell(page: str, text: str) -> str | None:
    """Why a page whose main text is `text` holds no content of its own, when it is a script shell:
    outside the site chrome (menus, cookie banners) it only asks to turn on JavaScript (often in a
    <noscript> notice), or it is an app root with at most a 'Laden...' placeholder. Its content is
    loaded by scripts, which kb does not run."""
    if len(text.split()) > SHELL_CHECK_WORDS:
        return None
    parts = _own_text(page)
    if parts is None:
        return None
    own, noscript = parts
    words = own.split()
    if len(words) > SHELL_MAX_WORDS:
        return None
    notice = own if _JAVASCRIPT.search(own) else noscript if _JAVASCRIPT.search(noscript) else ""
    if notice and (not words or notice is own or _LOADING.match(own)):
        shown = notice.split()
        quote = " ".join(shown[:12]) + (" ..." if len(shown) > 12 else "")
        return f"the page only asks to turn on JavaScript ('{quote}'): its content is loaded by scripts, which kb does not run"
    if _SCRIPTS.search(page) and (not words or _LOADING.match(own)):
        shown_own = f" ('{own}')" if words else ""
        return f"the page is an empty script-driven app shell{shown_own}: its content is loaded by scripts, which kb does not run"
    return None


def _complete(page: str, blocks: list[TextBlock]) -> list[TextBlock]:
    """trafilatura's blocks with the report text it judged boilerplate put back (see
    analysis.html_structure): headings alone in a page-builder widget, an article's title, story
    boxes, definition lists, cards."""
    if not blocks:
        return blocks
    from lxml import etree, html

    try:
        tree = html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return blocks
    return merge(blocks, read_layout(tree))[0]


def report_pages(page: str) -> list[str]:
    """The pages of a web report stored as one document (the crawl joins its pages, each page's body in a
    `<section data-source-url="...">`), each again a page with the report's <head>; [] for any other page.

    Read one by one: each page has its own menu, footer and <main>, and the main-content reader would keep
    only the first page's."""
    if "data-source-url" not in page:
        return []
    from lxml import etree, html

    try:
        tree = html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    body, head = tree.find("body"), tree.find("head")
    sections = [] if body is None else [el for el in body if el.tag == "section" and el.get("data-source-url")]
    if len(sections) < 2:
        return []
    head_html = html.tostring(head, encoding="unicode") if head is not None else "<head></head>"
    pages = []
    for section in sections:
        inner = html_lib.escape(section.text or "") + "".join(html.tostring(child, encoding="unicode") for child in section)
        pages.append(f"<!DOCTYPE html><html>{head_html}<body>{inner}</body></html>")
    return pages


def _page_blocks(page: str) -> list[TextBlock]:
    main = _main_content(page)
    return _complete(page, _blocks_of(main) if main is not None else [])


def read_html(content: bytes) -> HtmlRead:
    """Main-content blocks of a web page (of every page of a web report stored as one), or a status saying why not."""

    html = decode_text(content)
    if printable_share(html) < MIN_PRINTABLE_SHARE:
        return HtmlRead(ExtractionStatus.UNSUPPORTED, "content is not text (binary data served as HTML?)")
    page = unfold(html)
    title = page_title(html)
    blocks = [block for part in report_pages(page) or [page] for block in _page_blocks(part)]
    shell = script_shell(html, " ".join(b.text for b in blocks))
    if shell:
        return HtmlRead(ExtractionStatus.EMPTY_TEXT, shell, [], title)
    if not blocks:
        return HtmlRead(ExtractionStatus.EMPTY_TEXT, "no main content found in the page", [], title)
    return HtmlRead(ExtractionStatus.OK, None, blocks, title)
