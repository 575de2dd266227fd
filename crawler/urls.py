"""Normalise URLs as people type them into the Zorginstituut forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

_QUOTES = "\"'`\u201c\u201d\u2018\u2019\u00ab\u00bb<>()[]{}"
_TRAILING = ".,;:!?)]}>\"'\u201d\u2019\u2026"
# Between two URLs: spaces, '|', or ',' / ';' that end a token (a comma inside a path stays: /a,b.pdf)
_SEPARATORS = re.compile(r"\s+|\|+|[;,]+(?=\s|https?:|www\.|$)", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
# File names typed without a site ("kwaliteitsbeeld.pdf") look like host names: these are not top-level domains
_FILE_SUFFIXES = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "htm", "html", "txt", "jpg",
                  "jpeg", "png", "gif", "rtf", "csv"}
_SCHEME_SPACES = re.compile(r"^(https?)\s*:\s*/\s*/\s*", re.IGNORECASE)
_URL_START = re.compile(r"(https?://|www\.)", re.IGNORECASE)
_BARE_HOST = re.compile(
    r"^(?:[\w\-]+(\.[\w\-]+)*\.[a-z\u00c0-\uffff]{2,}|\d{1,3}(?:\.\d{1,3}){3}|localhost)(:\d+)?([/?#].*)?$",
    re.IGNORECASE,
)
_IP_OR_LOCAL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}|localhost)(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)
_DOC_TAIL = re.compile(r"^[^\s/]*\.(pdf|docx?)$", re.IGNORECASE)
_NO_VALUES = {"nee", "n.v.t", "n.v.t.", "nvt", "x", "-", "geen", "nb", "n.b.", "0"}


@dataclass(frozen=True)
class NormalisedUrl:
    """The URL as normalised, or None with the reason why the value cannot be one."""

    url: str | None
    reason: str | None = None


def _strip_wrapping(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def _first_candidate(text: str) -> str | None:
    """The first URL-like token of a cell; a file name split by a space is joined back."""
    text = _SCHEME_SPACES.sub(lambda m: f"{m.group(1)}://", text)
    match = _URL_START.search(text)
    if match:
        text = text[match.start() :]
    tokens = [t for t in _SEPARATORS.split(text) if t]
    for i, token in enumerate(tokens):
        token = _strip_wrapping(token).rstrip(_TRAILING)
        if not (_URL_START.match(token) or _BARE_HOST.match(token)):
            continue
        joined = [token]
        for nxt in tokens[i + 1 : i + 4]:  # "…/Kwaliteitsbeeld 2024.pdf" typed with spaces
            joined.append(nxt.rstrip(_TRAILING))
            if _DOC_TAIL.match(nxt.rstrip(_TRAILING)) and "/" in token[8:]:
                return "%20".join(joined)
        return token
    return None


def _idna_host(host: str) -> str | None:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def _valid_host(host: str) -> bool:
    if host == "localhost" or re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", host):
        return True
    if host.startswith("[") or ":" in host:
        return True
    labels = host.split(".")
    return len(labels) >= 2 and all(labels) and re.fullmatch(r"[a-z]{2,63}|xn--[a-z0-9-]+", labels[-1]) is not None


def _rebuild(candidate: str) -> NormalisedUrl:
    try:
        return _rebuild_parts(candidate)
    except ValueError as exc:  # urlsplit refuses e.g. an unbalanced '[' in the host
        return NormalisedUrl(None, f"not a valid URL ({exc}) in {candidate[:80]!r}")


def _rebuild_parts(candidate: str) -> NormalisedUrl:
    if not re.match(r"^[a-z][a-z0-9+.-]*://", candidate, re.IGNORECASE):
        # a bare IP address or localhost has no TLS certificate to speak of: people mean http there
        candidate = ("http://" if _IP_OR_LOCAL.match(candidate) else "https://") + candidate
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in {"http", "https"}:
        return NormalisedUrl(None, f"scheme {parts.scheme!r} is not http(s)")
    hostname = parts.hostname or ""
    host = hostname if hostname.startswith("[") or ":" in hostname else _idna_host(hostname)
    if host and host.rsplit(".", 1)[-1] in _FILE_SUFFIXES:
        return NormalisedUrl(None, f"{hostname!r} is a file name, not a web address")
    if not host or not _valid_host(host):
        return NormalisedUrl(None, f"no valid host name in {candidate!r}")
    try:
        port = parts.port
    except ValueError:
        return NormalisedUrl(None, f"invalid port in {candidate!r}")
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="=&%/:+,;@!$'()*?-._~")
    return NormalisedUrl(urlunsplit((parts.scheme.lower(), netloc, path, query, "")))


def normalise_url(raw: str | None) -> NormalisedUrl:
    """The submitted URL as normalised on import (cli.md), or a reason it cannot be a URL."""
    text = _INVISIBLE.sub("", str(raw or ""))
    text = _MARKDOWN_LINK.sub(lambda m: m.group(2), text)  # [tekst](https://...) pasted from a chat or wiki
    text = _strip_wrapping(text)
    if not text:
        return NormalisedUrl(None, "empty value")
    if text.casefold().rstrip(".") in {v.rstrip(".") for v in _NO_VALUES}:
        return NormalisedUrl(None, f"{text!r} is not a URL")
    if re.match(r"^(mailto|tel|ftp|file|javascript):", text, re.IGNORECASE):
        return NormalisedUrl(None, f"{text.split(':', 1)[0]} link is not a web address")
    candidate = _first_candidate(text)
    if candidate is None:
        if _EMAIL.match(text.removeprefix("E-mail:").removeprefix("e-mail:").strip()):
            return NormalisedUrl(None, f"{text[:80]!r} is an e-mail address, not a web address")
        return NormalisedUrl(None, f"no web address found in {text[:80]!r}")
    return _rebuild(candidate)


def site_of(url: str) -> str:
    """The site a URL belongs to: its host without a leading www."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    sa, sb = site_of(a), site_of(b)
    return sa == sb or sa.endswith("." + sb) or sb.endswith("." + sa)
