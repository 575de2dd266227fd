"""A structural reading of a web page, to put back what trafilatura's main-content detection dropped.

trafilatura judges every block of a page on its own and drops real report text that looks like
boilerplate to it: headings alone in a page-builder widget (Elementor, Umbraco grid cells), a
title in the article's <header>, a story box in an <aside> inside the article, cards and other
short blocks between long ones. A kwaliteitsbeeld must be read whole, so here the page is read
as a browser lays it out (headings with their level, paragraphs, list items, definition lists,
tables, <summary> titles, block-level <div>s holding text), leaving out what is site chrome by
tag or name (nav, header/footer, forms, dialogs, menus, cookie banners, search, share buttons,
breadcrumbs, sidebars) or hidden. `merge` then takes trafilatura's blocks and inserts every
block of this reading that trafilatura left out, when it lies in the region of the page that
holds trafilatura's text (so site chrome that no name gives away stays out), at its place in
the reading order.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from analysis.clean import heading_like, normalise_unicode
from analysis.segment import TextBlock

Piece = tuple[str, bool]  # (text, bold); ("\n", False) is a line break

_SKIP_TAGS = frozenset({
    "script", "style", "template", "noscript", "svg", "head", "iframe", "object", "embed", "canvas", "select",
    "option", "textarea", "input", "button", "img", "picture", "video", "audio", "map", "math", "title", "meta",
    "link",
})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "details", "dialog", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "li", "main", "nav",
    "ol", "p", "pre", "section", "summary", "table", "ul", "caption", "tr", "td", "th",
})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_ALWAYS_CHROME = frozenset({"nav", "form", "dialog"})
_CONTENT_ROOTS = frozenset({"main", "article"})
# words of class/id names of site chrome; matched against the start of each part of the name
# ("main-navigation", "CybotCookiebotDialog", "sharedaddy"), so "onderzoek" or "totaal" are no chrome
_CHROME_NAME = re.compile(
    r"^(?:menu|nav(?:bar|igation)?$|cookie|consent|gdpr|search|zoek(?:en|balk|formulier|resultaten)?$|"
    r"share|sharing|sharedaddy|social$|socials$|breadcrumb|kruimel|sidebar|skip|sitemap|newsletter|nieuwsbrief|popup|"
    r"modal|offcanvas|lang(?:uage)?$|taal(?:keuze|switch)?$|related|gerelateerd|comments?$|reacties$|"
    r"screen$|sr$|visually$|toc$)",
    re.I,
)
_NAME_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_HIDING_CLASS = frozenset({"hidden", "hide", "is-hidden", "d-none", "sr-only", "screen-reader-text", "visually-hidden"})
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
MAX_LINK_SHARE = 0.5  # a block whose text is mostly link text is navigation, not report text
REGION_SHARE = 0.9  # the report region is the smallest element holding this share of trafilatura's words
MIN_FUZZY_WORDS = 8  # a block at least this long counts as read when nearly all of its words were read
FUZZY_SHARE = 0.9
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def paragraph_blocks(pieces: list[Piece], kind: str) -> list[tuple[str, str]]:
    """(kind, text) of one paragraph given as (text, bold) runs: a double line break starts a new
    paragraph, and a line that is all bold and short ('<p><strong>Bouwsteen 3</strong></p>',
    '<b>Wat gaan we doen</b><br>...') is a heading."""
    lines: list[list[tuple[str, bool]]] = [[]]
    for text, bold in pieces:
        if text == "\n":
            lines.append([])
        else:
            lines[-1].append((text, bold))
    blocks: list[tuple[str, str]] = []
    body: list[str] = []

    def flush() -> None:
        text = normalise_unicode(" ".join(" ".join(body).split()))
        if text:
            blocks.append((kind, text))
        body.clear()

    for line in lines:
        text = " ".join("".join(t for t, _ in line).split())
        if not text:
            flush()  # an empty line: two breaks in a row end the paragraph
            continue
        all_bold = all(bold for t, bold in line if t.strip())
        if all_bold and not body and heading_like(text):
            blocks.append(("bold-heading", normalise_unicode(text)))
        else:
            body.append(text)
    flush()
    return blocks


@dataclass
class LaidBlock:
    """One block of the structural reading: a TextBlock, the element it comes from and how much of
    its text is link text."""

    block: TextBlock
    element: Any
    link_share: float = 0.0


_CHROME_ROLES = frozenset(f"role={r}" for r in ("navigation", "banner", "contentinfo", "search", "dialog", "alertdialog"))


@functools.lru_cache(maxsize=4096)
def chrome_names(names: str) -> str:
    """'chrome' when class/id/role names say site chrome, 'header' when they name a header (chrome
    unless it holds a heading: an accordion's header holds its title), else ''."""
    for name in names.split():
        if name in _CHROME_ROLES:
            return "chrome"
        for part in re.split(r"[-_:.]+", name):
            if any(_CHROME_NAME.match(w) for w in _NAME_PARTS.findall(part)):
                return "chrome"
    if _FOOTER_NAME.search(names):
        return "chrome"
    return "header" if _HEADER_NAME.search(names) else ""


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if _HIDING_STYLE.search(el.get("style") or ""):
        return True
    return bool(_HIDING_CLASS & {c.lower() for c in (el.get("class") or "").split()})


_BANNER_NAME = re.compile(r"cookie|consent|gdpr", re.I)


def _is_banner(el: Any) -> bool:
    """Chrome that is never report text: a cookie banner, dialog, menu or the page footer."""
    if el.tag in {"nav", "dialog", "footer"} or el.get("role") in {"navigation", "dialog", "alertdialog", "contentinfo"}:
        return not _holds_content_root(el)
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(_BANNER_NAME.search(names)) and not _holds_content_root(el)


# a page's header or footer by name ("site-footer", "masthead"); an accordion's or card's "header"
# holds its title and is no chrome
_FOOTER_NAME = re.compile(r"(?<![a-z])(?:footer|colophon)(?![a-z])", re.I)
_HEADER_NAME = re.compile(r"(?<![a-z])(?:header|masthead)(?![a-z])", re.I)


def _names(el: Any) -> str:
    role = el.get("role")
    return f"{el.get('class') or ''} {el.get('id') or ''}" + (f" role={role}" if role else "")


def _holds_heading(el: Any) -> bool:
    return any(True for _ in el.iter("h1", "h2", "h3", "h4", "h5", "h6"))


def _holds_content_root(el: Any) -> bool:
    return any(True for _ in el.iter("main", "article", "h1")) or el.get("role") == "main"


def _aria_level(el: Any) -> int:
    """The level of an element marked up as a heading by role (a <div role="heading" aria-level="2">)."""
    if el.get("role") != "heading":
        return 0
    level = str(el.get("aria-level") or "2").strip()
    return min(int(level), 6) if level.isdigit() and int(level) > 0 else 2


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[LaidBlock] = []
        self.pieces: list[Piece] = []
        self.link_chars = 0
        self.owner: Any = None
        self.level = 1  # of the last markup heading
        self.banners: list[str] = []  # text of cookie banners, dialogs, menus and the page footer

    # -- inline text -------------------------------------------------------------------------------
    def add(self, text: str | None, bold: bool, link: bool, owner: Any) -> None:
        if not text:
            return
        if self.owner is None and text.strip():
            self.owner = owner
        self.pieces.append((text, bold))
        if link:
            self.link_chars += len(text.strip())

    def flush(self, kind: str) -> None:
        pieces, owner, link_chars = self.pieces, self.owner, self.link_chars
        self.pieces, self.owner, self.link_chars = [], None, 0
        total = sum(len(t.strip()) for t, _ in pieces)
        if not total:
            return
        share = link_chars / total
        for sub_kind, text in paragraph_blocks(pieces, kind):
            if sub_kind == "bold-heading":
                self.blocks.append(LaidBlock(TextBlock("heading", text, None, min(self.level + 1, 6)), owner, share))
            else:
                self.blocks.append(LaidBlock(TextBlock(sub_kind, text), owner, share))

    # -- elements ----------------------------------------------------------------------------------
    def skip(self, el: Any, in_root: bool) -> bool:
        tag = el.tag
        if tag in _SKIP_TAGS or _hidden(el):
            return True
        if tag in _ALWAYS_CHROME or (tag == "footer") or (tag in {"header", "aside"} and not in_root):
            return True
        if tag in {"html", "body", "main", "article"} or tag in _HEADINGS:
            return False
        names = _names(el)
        if not names.strip() or not chrome_names(names):
            return False
        if _holds_content_root(el):
            return False
        return chrome_names(names) == "chrome" or not _holds_heading(el)

    def visit(self, el: Any, kind: str, bold: bool, link: bool, in_root: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if self.skip(el, in_root):
            if _is_banner(el):
                self.banners.append(" ".join(el.itertext()))
            return
        in_root = in_root or tag in _CONTENT_ROOTS or el.get("role") == "main"
        if tag == "br":
            self.pieces.append(("\n", False))
            return
        level = _HEADINGS.get(tag) or _aria_level(el)
        if level:
            self.flush(kind)
            text = _inline_text(el, self, in_root)
            if text:
                self.level = level
                links = sum(len(t) for a in el.iter("a") for t in a.itertext())
                self.blocks.append(LaidBlock(TextBlock("heading", text, None, self.level), el, min(1.0, links / len(text))))
            return
        if tag == "table":
            self.flush(kind)
            self.table(el, in_root)
            return
        if tag == "dl":
            self.flush(kind)
            self.definitions(el, in_root)
            return
        if tag == "summary":
            self.flush(kind)
            text = _inline_text(el, self, in_root)
            if text:
                self.blocks.append(LaidBlock(TextBlock("heading", text, None, min(self.level + 1, 6)), el))
            return
        if tag in _BLOCK_TAGS:
            self.flush(kind)
            inner = "list" if tag == "li" else "quote" if tag == "blockquote" else kind
            self.add(el.text, bold, link, el)
            for child in el:
                self.visit(child, inner, bold, link, in_root)
                self.add(child.tail, bold, link, el)
            self.flush(inner)
            return
        bold = bold or tag in {"b", "strong"} or bool(BOLD_STYLE.search(el.get("style") or ""))
        link = link or tag == "a"
        self.add(el.text, bold, link, el)
        for child in el:
            self.visit(child, kind, bold, link, in_root)
            self.add(child.tail, bold, link, el)

    def table(self, table: Any, in_root: bool) -> None:
        rows = []
        for row in table.iter("tr"):
            cells = [_inline_text(c, self, in_root) for c in row if c.tag in {"td", "th"}]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            self.blocks.append(LaidBlock(TextBlock("table", "\n".join(rows)), table))

    def definitions(self, dl: Any, in_root: bool) -> None:
        """A <dl> as list items 'term: description'."""
        term: str | None = None
        for child in dl.iter("dt", "dd"):
            text = _inline_text(child, self, in_root)
            if child.tag == "dt":
                if term:
                    self.blocks.append(LaidBlock(TextBlock("list", term), child))
                term = text
            elif text:
                self.blocks.append(LaidBlock(TextBlock("list", f"{term}: {text}" if term else text), child))
                term = None
        if term:
            self.blocks.append(LaidBlock(TextBlock("list", term), dl))


def _inline_text(el: Any, reader: _Reader, in_root: bool) -> str:
    """The text of `el` on one line, without what the reader skips (icons, buttons, hidden parts)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not reader.skip(child, in_root):
                if child.tag in _BLOCK_TAGS or child.tag == "br":
                    parts.append(" ")
                walk(child)
                if child.tag in _BLOCK_TAGS:
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return normalise_unicode(" ".join("".join(parts).split()))


@dataclass
class Layout:
    blocks: list[LaidBlock]
    banners: list[str]  # text of the cookie banners, dialogs, menus and footers left out


def read_layout(tree: Any) -> Layout:
    """The blocks of a parsed page (lxml.html document) in reading order, site chrome left out."""
    reader = _Reader()
    body = tree.find("body")
    reader.visit(body if body is not None else tree, "text", False, False, False)
    reader.flush("text")
    return Layout([b for b in reader.blocks if b.block.text], reader.banners)


def _drop_banners(words: list[list[str]], layout: Layout, laid_words: list[list[str]]) -> list[int]:
    """The indexes of trafilatura's blocks (given as their `words`) to keep: not those that are text of a cookie
    banner, dialog, menu or footer and nowhere in the page's own reading (`laid_words`; trafilatura sometimes keeps
    a cookie notice at the end)."""
    if not layout.banners:
        return list(range(len(words)))
    banner = " " + " ".join(" ".join(_tokens(t)) for t in layout.banners) + " "
    own = " " + " ".join(" ".join(w) for w in laid_words) + " "
    kept = []
    for i, w in enumerate(words):
        needle = " " + " ".join(w) + " "
        if needle.strip() and needle in banner and needle not in own:
            continue
        kept.append(i)
    return kept


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _region(laid: list[LaidBlock], read: list[bool]) -> Any:
    """The smallest element holding REGION_SHARE of the words of the blocks trafilatura read."""
    weight: Counter[Any] = Counter()
    total = 0
    for item, was_read in zip(laid, read, strict=True):
        if not was_read or item.element is None:
            continue
        n = len(item.block.text.split())
        total += n
        for el in (item.element, *item.element.iterancestors()):
            weight[el] += n
    if not total:
        return None
    best = None
    best_depth = -1
    for el, n in weight.items():
        if n >= REGION_SHARE * total:
            depth = sum(1 for _ in el.iterancestors())
            if depth > best_depth:
                best, best_depth = el, depth
    return best


def _inside(el: Any, region: Any) -> bool:
    return el is region or any(a is region for a in el.iterancestors())


MAX_CANDIDATES = 200  # places of a block's rarest word that are tried


def _locate(words: list[str], stream: list[str], places: dict[str, list[int]], cursor: int) -> int | None:
    """Where `words` stand in `stream`, preferring the first place at or after `cursor`: tried at the
    places of the block's rarest word, so a long page costs no scan of the stream per block."""
    anchor = min(range(len(words)), key=lambda k: len(places.get(words[k], ())))
    found = places.get(words[anchor])
    if not found:
        return None
    j = bisect.bisect_left(found, cursor + anchor)
    for place in (*found[j : j + MAX_CANDIDATES], *found[: min(j, MAX_CANDIDATES)]):
        start = place - anchor
        if start >= 0 and stream[start : start + len(words)] == words:
            return start
    return None


def _match(laid_words: list[list[str]], block_words: list[list[str]]) -> list[int | None]:
    """For each laid-out block (given as its words), the index of trafilatura's block (`block_words`) that
    holds its text (its last word: a <dl> item spans two of trafilatura's), -1 when read but not placed, or None."""
    stream: list[str] = []
    owner: list[int] = []
    for i, words in enumerate(block_words):
        stream += words
        owner += [i] * len(words)
    places: dict[str, list[int]] = {}
    for k, w in enumerate(stream):
        places.setdefault(w, []).append(k)
    left = Counter(stream)
    cursor = 0
    found: list[int | None] = []
    for words in laid_words:
        at = _locate(words, stream, places, cursor) if words else None
        if at is not None:
            found.append(owner[at + len(words) - 1])
            cursor = max(cursor, at + len(words))
            left.subtract(words)
            continue
        have = Counter(words)
        if len(words) >= MIN_FUZZY_WORDS and sum(min(n, left[w]) for w, n in have.items()) >= FUZZY_SHARE * len(words):
            left.subtract(words)
            found.append(-1)
        else:
            found.append(None)
    return found


def _heads_text(laid: list[LaidBlock], i: int) -> bool:
    """Whether the heading laid[i] stands over text: a heading over only link lists (a sidebar's
    'Nieuws') or over nothing is navigation."""
    level = laid[i].block.level
    for item in laid[i + 1 :]:
        if item.block.kind == "heading":
            if item.block.level <= level:
                return False
        elif item.link_share <= MAX_LINK_SHARE:
            return True
    return False


def _relabel_headings(blocks: list[TextBlock], laid: list[LaidBlock], found: list[int | None]) -> list[TextBlock]:
    """trafilatura's paragraphs that are headings in the page (a <div role="heading">, a heading
    whose class trafilatura misreads) as headings."""
    out = list(blocks)
    for item, f in zip(laid, found, strict=True):
        if f is None or f < 0 or item.block.kind != "heading" or out[f].kind != "text":
            continue
        if _tokens(out[f].text) == _tokens(item.block.text):
            out[f] = TextBlock("heading", out[f].text, None, item.block.level)
    return out


def merge(blocks: list[TextBlock], layout: Layout) -> tuple[list[TextBlock], int]:
    """trafilatura's `blocks` with the laid-out blocks it left out put back in reading order, and how
    many words were put back. Only blocks in the report region (see `_region`) come back, link
    lists never, and the headings right before the region (the title in an article header).
    Blocks of trafilatura's that are cookie-banner, dialog, menu or footer text are dropped."""
    laid = layout.blocks
    laid_words = [_tokens(item.block.text) for item in laid]  # each text is split into words once
    block_words = [_tokens(b.text) for b in blocks]
    kept = _drop_banners(block_words, layout, laid_words)
    if len(kept) < len(blocks):
        blocks, block_words = [blocks[i] for i in kept], [block_words[i] for i in kept]
    if not blocks or not laid:
        return blocks, 0
    found = _match(laid_words, block_words)
    region = _region(laid, [f is not None for f in found])
    if region is None:
        return blocks, 0
    read_in = [i for i, item in enumerate(laid) if found[i] is not None and _inside(item.element, region)]
    first_in = read_in[0] if read_in else None
    # when trafilatura's text is spread over the whole page, text before or after it is the page's
    # own header or footer as likely as report text: only what lies between its blocks comes back
    spread = region.tag in {"body", "html"}
    lead = set()  # missing headings right before the region's first read block
    if first_in is not None:
        scope = region.getparent() if region.getparent() is not None else region
        i = first_in - 1
        while i >= 0 and laid[i].block.kind == "heading" and found[i] is None and _inside(laid[i].element, scope):
            lead.add(i)
            i -= 1
    blocks = _relabel_headings(blocks, laid, found)
    after: dict[int, list[TextBlock]] = {}  # trafilatura block index -> blocks to put after it
    before: list[TextBlock] = []
    last = -1
    added = 0
    for i, item in enumerate(laid):
        f = found[i]
        if f is not None:
            if f >= 0:
                last = max(last, f)
            continue
        if item.link_share > MAX_LINK_SHARE or not (i in lead or _inside(item.element, region)):
            continue
        if spread and i not in lead and not read_in[0] < i < read_in[-1]:
            continue
        if item.block.kind == "heading" and not _heads_text(laid, i):
            continue
        (after.setdefault(last, []) if last >= 0 else before).append(item.block)
        added += len(item.block.text.split())
    if not added:
        return blocks, 0
    out = list(before)
    for i, b in enumerate(blocks):
        out.append(b)
        out.extend(after.get(i, ()))
    return out, added
