"""Pure content decisions: what a response body is, how to read HTML, client-side redirects."""

from __future__ import annotations

import html as html_lib
import io
import re
import zipfile
import zlib
from email.message import Message
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from w3lib.encoding import html_to_unicode

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
REPORT_TITLE = re.compile(r"kwaliteits(beeld|verslag|rapport)|voortgangsbericht|quality report", re.IGNORECASE)
QUALITY_HEADING = re.compile(
    r"kwaliteit|cli[eë]nt|zorg|veiligheid|medewerker|leren|verbeter|ervaring|bouwsteen|visitatie",
    re.IGNORECASE,
)
MIN_REPORT_WORDS = 500  # an untitled page must be long and full of quality headings to be the report
MIN_TITLED_REPORT_WORDS = 200  # a page titled "Kwaliteitsbeeld ..." may be a short web report (or part 1 of several)
MAX_REDIRECT_PAGE_WORDS = 150
PART_HEADING = re.compile(r"\b(deel|part|hoofdstuk|chapter)\s*\d+\b", re.IGNORECASE)
MIN_PART_QUALITY_HEADINGS = 2  # a page reached by "Volgende" without a part title needs this many quality headings
# a kwaliteitsbeeld published as a video: an embedded player or a video file (not a channel link in the footer)
_VIDEO = re.compile(
    r"""<(?:iframe|embed|video|source|object)\b[^>]*?\b(?:src|data)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_VIDEO_HOST = re.compile(
    r"youtube(?:-nocookie)?\.com/(?:embed|watch|v)/?|youtu\.be/|player\.vimeo\.com/video/|vimeo\.com/\d+"
    r"|\.(?:mp4|webm|m4v|mov)(?:$|[?#])", re.IGNORECASE)
_SITEMAP_LOC = re.compile(rb"<(url|sitemap)\b[^>]*>.*?<loc\b[^>]*>\s*(.*?)\s*</loc>", re.IGNORECASE | re.DOTALL)
MAX_SITEMAP_BYTES = 20_000_000  # a sitemap unpacked (the protocol allows 50 MB; the cap keeps a gzip bomb small)
MAX_SITEMAP_URLS = 50_000
_SECTION_URL = re.compile(rb'<section data-source-url="([^"]*)"')
_META_REFRESH = re.compile(
    r"<meta[^>]+http-equiv\s*=\s*[\"']?refresh[\"']?[^>]*content\s*=\s*[\"']?\s*\d*\s*[;,]?\s*url\s*=\s*[\"']?([^\"'>\s]+)",
    re.IGNORECASE,
)
_META_REFRESH_REV = re.compile(
    r"<meta[^>]+content\s*=\s*[\"']?\s*\d*\s*[;,]?\s*url\s*=\s*[\"']?([^\"'>\s]+)[^>]*http-equiv\s*=\s*[\"']?refresh",
    re.IGNORECASE,
)
_REFRESH_HEADER = re.compile(r"""\s*\d*(?:\.\d+)?\s*[;,]\s*url\s*=\s*["']?([^"'\s]+)""", re.IGNORECASE)
_JS_REDIRECT = re.compile(
    r"(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*[\"']([^\"']+)[\"']"
    r"|location\.(?:replace|assign)\s*\(\s*[\"']([^\"']+)[\"']\s*\)",
    re.IGNORECASE,
)


def sniff_media_type(body: bytes, content_type: str | None) -> str | None:
    """The real type of a body: magic bytes beat the Content-Type header; None = unsupported."""
    head = body[:1024]
    if b"%PDF-" in head:
        return PDF
    if body[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
        return None
    sample = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--", b"<div", b"<p")):
        return HTML
    if b"<html" in head.lower() or b"<body" in head.lower():
        return HTML
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in {HTML, "application/xhtml+xml"} and b"\x00" not in head:
        return HTML
    return None


def sitemap_locations(body: bytes) -> tuple[list[str], list[str]]:
    """The page and file URLs of a sitemap (<urlset>) and the further sitemaps of a sitemap index, in order; a
    gzipped sitemap is unpacked (at most MAX_SITEMAP_BYTES). Anything else gives ([], [])."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(body, MAX_SITEMAP_BYTES)
        except zlib.error:
            return [], []
    if b"<loc" not in body[:MAX_SITEMAP_BYTES].lower():
        return [], []
    pages: list[str] = []
    sitemaps: list[str] = []
    for match in _SITEMAP_LOC.finditer(body, 0, MAX_SITEMAP_BYTES):
        url = html_lib.unescape(match.group(2).decode("utf-8", "replace")).strip()
        if url.startswith("<![CDATA["):
            url = url[9:].removesuffix("]]>").strip()
        (sitemaps if match.group(1).lower() == b"sitemap" else pages).append(url)
        if len(pages) + len(sitemaps) >= MAX_SITEMAP_URLS:
            break
    return pages, sitemaps


def filename_from_disposition(header: str | None) -> str | None:
    """The file name of a Content-Disposition header (RFC 6266, also filename*=UTF-8'')."""
    if not header:
        return None
    msg = Message()
    msg["content-disposition"] = header
    name = msg.get_filename()
    if not name:
        match = re.search(r"filename\*?=\s*(?:UTF-8'')?\"?([^\";]+)", header, re.IGNORECASE)
        name = unquote(match.group(1)) if match else None
    return name.strip().replace("/", "_").replace("\\", "_") if name else None


def filename_of(url: str, disposition: str | None) -> str | None:
    return filename_from_disposition(disposition) or (unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or None)


def decode_html(body: bytes, content_type: str | None) -> str:
    """HTML text: a byte-order mark beats the HTTP charset, which beats <meta charset>."""
    _encoding, text = html_to_unicode(content_type, body)
    return text


def refresh_header_target(page_url: str, header: str | None) -> str | None:
    """The target of an HTTP `Refresh: 0; url=/kwaliteit` header (the header twin of a meta refresh)."""
    match = _REFRESH_HEADER.match(header or "")
    if not match:
        return None
    url = urljoin(page_url, match.group(1).strip())
    return url if urlsplit(url).scheme in {"http", "https"} and url != page_url else None


def client_redirect(page_url: str, html: str) -> str | None:
    """The target of a meta refresh (also in <noscript>) or a simple JavaScript location redirect.

    Only for short pages: a long page with a location snippet is content, not a redirect.
    """
    match = _META_REFRESH.search(html) or _META_REFRESH_REV.search(html)
    target = match.group(1) if match else None
    if target is None:
        js = _JS_REDIRECT.search(html)  # before counting words: most pages have no location snippet
        if js and page_words(html) <= MAX_REDIRECT_PAGE_WORDS:
            target = js.group(1) or js.group(2)
    if not target:
        return None
    url = urljoin(page_url, target.strip().strip("'\""))
    return url if urlsplit(url).scheme in {"http", "https"} and url != page_url else None


def _root(html: str) -> lxml.html.HtmlElement | None:
    try:
        root = lxml.html.fromstring(html or "<html></html>")
    except (ValueError, lxml.etree.ParserError):
        return None
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return root


def page_words(html: str) -> int:
    root = _root(html)
    return len(root.text_content().split()) if root is not None else 0


def first_video(page_url: str, html: str) -> str | None:
    """The first video player or file a page embeds (absolute URL), if any."""
    for m in _VIDEO.finditer(html):
        src = html_lib.unescape(m.group(1).strip())
        if _VIDEO_HOST.search(src):
            return urljoin(page_url, src)
    return None


def looks_like_report(html: str) -> bool:
    """An HTML page that is itself the kwaliteitsbeeld: long text with headings about quality."""
    root = _root(html)
    if root is None:
        return False
    words = len(root.text_content().split())
    title = " ".join(t.text_content() for t in root.xpath("//title|//h1"))
    headings = [h.text_content() for h in root.xpath("//h2|//h3|//h4")]
    quality = sum(1 for h in headings if QUALITY_HEADING.search(h))
    if REPORT_TITLE.search(title) and words >= MIN_TITLED_REPORT_WORDS and (quality >= 1 or len(headings) >= 2):
        return True
    return words >= MIN_REPORT_WORDS and quality >= 4


def continues_report(html: str) -> bool:
    """Whether a page reached by a "Volgende"/"next" link is a further part of a web report, not the next
    news item or another section of the site: it is titled as a report or a numbered part ("Deel 3"),
    or it has quality headings of its own."""
    root = _root(html)
    if root is None:
        return False
    title = " ".join(t.text_content() for t in root.xpath("//title|//h1"))
    headings = [h.text_content() for h in root.xpath("//h1|//h2|//h3")]
    if REPORT_TITLE.search(title) or any(PART_HEADING.search(h) for h in headings):
        return True
    return sum(1 for h in headings if QUALITY_HEADING.search(h)) >= MIN_PART_QUALITY_HEADINGS


def report_page_urls(document: bytes) -> list[str]:
    """The page URLs of a web report stored by `combine_report_pages`, in order ([] for any other document)."""
    urls = [html_lib.unescape(m.decode("utf-8", "replace")) for m in _SECTION_URL.findall(document)]
    return urls if len(urls) > 1 else []


def combine_report_pages(pages: list[tuple[str, str]]) -> bytes:
    """One HTML document of a report spread over pages: the first page's <head>, then every page's body
    content in a `<section data-source-url="...">`, in the given order (UTF-8, declared in the head)."""
    first = lxml.html.document_fromstring(pages[0][1] or "<html></html>")
    head = first.find("head")
    if head is None:
        head = lxml.html.Element("head")
    for meta in head.xpath("meta[@charset]|meta[@http-equiv]"):
        if meta.get("charset") or (meta.get("http-equiv") or "").lower() == "content-type":
            meta.drop_tree()
    head.insert(0, lxml.html.Element("meta", charset="utf-8"))
    root = lxml.html.Element("html")
    if first.get("lang"):
        root.set("lang", first.get("lang") or "")
    root.append(head)
    body = lxml.html.Element("body")
    root.append(body)
    for i, (url, html) in enumerate(pages):
        page = first if i == 0 else lxml.html.document_fromstring(html or "<html></html>")
        section = lxml.html.Element("section")
        section.set("data-source-url", url)
        page_body = page.find("body")
        if page_body is not None:
            section.text = page_body.text
            for child in list(page_body):
                section.append(child)
        body.append(section)
    return bytes(lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>"))
