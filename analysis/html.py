"""HTML -> text blocks with trafilatura (XML output keeps headings, lists, tables and quotes).

Site chrome (menus, cookie banners, footers) is left out by trafilatura's main
content detection; headings keep their h1-h6 level.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from analysis.clean import normalise_unicode, printable_share
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
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content[:2_000_000]).best()
    encoding = best.encoding if best else "cp1252"
    return content.decode(encoding, errors="replace")


def _text(element: object) -> str:
    from lxml import etree

    assert isinstance(element, etree._Element)
    return normalise_unicode(" ".join("".join(element.itertext()).split()))


def _blocks_of(main: object) -> list[TextBlock]:
    from lxml import etree

    assert isinstance(main, etree._Element)
    blocks: list[TextBlock] = []
    for el in main:
        tag = el.tag
        if tag == "head":
            rend = str(el.get("rend") or "h2")
            level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            blocks.append(TextBlock("heading", _text(el), None, level))
        elif tag == "list":
            blocks.extend(TextBlock("list", _text(item)) for item in el.iter("item"))
        elif tag == "table":
            rows = [" | ".join(_text(c) for c in row.iter("cell")) for row in el.iter("row")]
            blocks.append(TextBlock("table", "\n".join(r for r in rows if r.strip())))
        elif tag == "quote":
            blocks.append(TextBlock("quote", _text(el)))
        else:
            blocks.append(TextBlock("text", _text(el)))
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


def read_html(content: bytes) -> HtmlRead:
    """Main-content blocks of a web page, or a status saying why not."""

    html = decode_text(content)
    if printable_share(html) < MIN_PRINTABLE_SHARE:
        return HtmlRead(ExtractionStatus.UNSUPPORTED, "content is not text (binary data served as HTML?)")
    main = _main_content(html)
    if main is None:
        return HtmlRead(ExtractionStatus.EMPTY_TEXT, "no main content found in the page")
    blocks = _blocks_of(main)
    title = page_title(html)
    if not blocks:
        return HtmlRead(ExtractionStatus.EMPTY_TEXT, "no main content found in the page", [], title)
    return HtmlRead(ExtractionStatus.OK, None, blocks, title)
