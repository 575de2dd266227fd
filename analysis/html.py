"""HTML -> text blocks with trafilatura (XML output keeps headings, lists, tables and quotes).

Site chrome (menus, cookie banners, footers) is left out by trafilatura's main
content detection; headings keep their h1-h6 level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.clean import normalise_unicode, printable_share
from analysis.segment import TextBlock
from kb.models import ExtractionStatus

MIN_PRINTABLE_SHARE = 0.85


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


def read_html(content: bytes) -> HtmlRead:
    """Main-content blocks of a web page, or a status saying why not."""
    import trafilatura
    from lxml import etree

    html = decode_text(content)
    if printable_share(html) < MIN_PRINTABLE_SHARE:
        return HtmlRead(ExtractionStatus.UNSUPPORTED, "content is not text (binary data served as HTML?)")
    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        include_images=False,
        with_metadata=True,
        favor_recall=True,
    )
    if not xml:
        return HtmlRead(ExtractionStatus.EMPTY_TEXT, "no main content found in the page")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks = _blocks_of(main if main is not None else root)
    title = root.get("title") or None
    if not blocks:
        return HtmlRead(ExtractionStatus.EMPTY_TEXT, "no main content found in the page", [], title)
    return HtmlRead(ExtractionStatus.OK, None, blocks, title)
