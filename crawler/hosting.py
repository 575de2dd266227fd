"""Pure decisions about reports published through other services and about pages that stop a crawl.

- File hosting (Google Drive, Google Docs, Dropbox): a shared link opens a viewer page that holds no link to
  the file; the service's public download form of the same link gives the file itself.
- Publication viewers: a FlippingBook publication usually offers its PDF under
  `files/assets/common/downloads/`; viewers such as issuu offer no download at all, so the crawl ends by naming
  the viewer for a person to look.
- Login pages and server-side cookie walls (a consent form that must be POSTed) are named, never passed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

# host (or parent domain) -> service; a service is "download" (its links have a download form) or "viewer"
SERVICES: dict[str, str] = {
    "drive.google.com": "Google Drive",
    "docs.google.com": "Google Docs",
    "dropbox.com": "Dropbox",
    "flippingbook.com": "FlippingBook",
    "cld.bz": "FlippingBook",
    "issuu.com": "issuu",
    "yumpu.com": "Yumpu",
    "calameo.com": "Calaméo",
    "publitas.com": "Publitas",
    "joomag.com": "Joomag",
    "fliphtml5.com": "FlipHTML5",
    "anyflip.com": "AnyFlip",
    "flipsnack.com": "Flipsnack",
    "scribd.com": "Scribd",
}
# viewers whose pages hold no downloadable file: the crawl names them instead of exploring them
VIEWER_ONLY = frozenset({"issuu", "Yumpu", "Calaméo", "Publitas", "Joomag", "FlipHTML5", "AnyFlip", "Flipsnack",
                         "Scribd"})
_DRIVE_FILE = re.compile(r"^/file/d/([\w-]{10,})(?:/|$)")
_DOCS_FILE = re.compile(r"^/(document|presentation)/d/([\w-]{10,})(?:/|$)")
# a FlippingBook publication's own PDF, relative to the publication ("files/assets/common/downloads/x.pdf"),
# as a link or in the publication's script configuration
_FLIPBOOK_DOWNLOAD = re.compile(r"""[^"'\s<>()]*files/assets/common/downloads/[^"'\s<>?#()]+?\.pdf""", re.IGNORECASE)
_FLIPBOOK_MARK = re.compile(r"files/assets/(?:common|basic-html|html|flash)/|flippingbook", re.IGNORECASE)
_LOGIN_PATH = re.compile(
    r"(?:^|[/._-])(?:log-?in|inloggen|aanmelden|sign-?in|signon|sso|wp-login\.php|servicelogin|authenticate"
    r"|authorize|adfs|saml2?|oauth2?|cas/login|mijn-?omgeving/login)(?:$|[/._?-])", re.IGNORECASE)
_LOGIN_HOSTS = ("accounts.google.com", "login.microsoftonline.com", "login.live.com", "login.windows.net")
_CONSENT_WORDS = re.compile(r"accept|akkoord|toestaan|sta .*toe|ga verder|doorgaan|agree|allow|ja,? ik", re.IGNORECASE)
_COOKIE_WORDS = re.compile(r"cookie|privacy|toestemming|consent", re.IGNORECASE)
MAX_WALL_WORDS = 400  # a cookie wall is a short page; a long page with a consent form is content with a banner


def service_of(url: str) -> str | None:
    """The hosting or viewer service a URL belongs to (by host or parent domain), None for any other site."""
    host = (urlsplit(url).hostname or "").lower()
    while host:
        name = SERVICES.get(host)
        if name:
            return name
        host = host.partition(".")[2]
    return None


def viewer_only(url: str) -> str | None:
    """The name of a publication viewer that offers no download, if `url` is one."""
    return viewer_only_service(service_of(url))


def viewer_only_service(service: str | None) -> str | None:
    """`viewer_only` for a URL whose `service_of` is known already."""
    return service if service in VIEWER_ONLY else None


def download_url(url: str) -> str | None:
    """The service's public download form of a shared-file link, or None (not a shared file, or already it).

    Google Drive `/file/d/<id>/view` -> `/uc?export=download&id=<id>`, `/open?id=<id>` likewise; Google Docs
    `/document/d/<id>/edit` -> its PDF export; Dropbox `?dl=0` -> `?dl=1`.
    """
    return service_download_url(url, service_of(url))


def service_download_url(url: str, name: str | None) -> str | None:
    """`download_url` for a URL whose `service_of` (`name`) is known already."""
    if name is None:
        return None
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if name == "Google Drive":
        match = _DRIVE_FILE.match(parts.path)
        file_id = match.group(1) if match else query.get("id") if parts.path in ("/open", "/uc") else None
        if not file_id or (parts.path == "/uc" and query.get("export") == "download"):
            return None
        return urlunsplit((parts.scheme, parts.netloc, "/uc", urlencode({"export": "download", "id": file_id}), ""))
    if name == "Google Docs":
        match = _DOCS_FILE.match(parts.path)
        if not match or "/export" in parts.path:
            return None
        kind, file_id = match.groups()
        path = f"/{kind}/d/{file_id}/export" + ("/pdf" if kind == "presentation" else "")
        return urlunsplit((parts.scheme, parts.netloc, path, "format=pdf" if kind == "document" else "", ""))
    if name == "Dropbox" and ("/s/" in parts.path or "/scl/fi/" in parts.path) and query.get("dl") != "1":
        query["dl"] = "1"
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return None


def download_form_target(page_url: str, html: str) -> str | None:
    """A file service's "download anyway" page (Google Drive's virus-scan notice for large files): the URL its
    GET form leads to, with the form's hidden fields."""
    if service_of(page_url) not in ("Google Drive", "Google Docs") or "<form" not in html:
        return None
    root = _root(html)
    if root is None:
        return None
    for form in root.iter("form"):
        marker = f"{form.get('id', '')} {form.get('action', '')}".lower()
        if (form.get("method") or "get").lower() != "get" or "download" not in marker:
            continue
        fields = [(i.get("name"), i.get("value") or "") for i in form.iter("input") if i.get("name")]
        action = urljoin(page_url, form.get("action") or page_url)
        sep = "&" if "?" in action else "?"
        return action + (sep + urlencode(fields) if fields else "")
    return None


def publication_downloads(page_url: str, html: str) -> list[str]:
    """The downloadable PDF of a FlippingBook publication shown by this page (absolute URLs, the page's own first)."""
    if not _FLIPBOOK_MARK.search(html):
        return []
    found: list[str] = []
    for match in _FLIPBOOK_DOWNLOAD.finditer(html):
        url = urljoin(page_url, match.group(0))
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return found


def _root(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html or "<html></html>")
    except (ValueError, lxml.etree.ParserError):
        return None


def is_login_page(url: str, html: str, redirected: bool) -> bool:
    """A sign-in page: a login URL (path or identity-provider host) that was redirected to or asks for a
    password, or a page redirected to that asks for one (a login box in the header of an ordinary page is
    not enough: the page was asked for and answered)."""
    parts = urlsplit(url)
    login_url = (parts.hostname or "").lower() in _LOGIN_HOSTS or _LOGIN_PATH.search(parts.path) is not None
    if login_url and redirected:
        return True
    password = re.search(r"""type\s*=\s*["']?password\b""", html, re.IGNORECASE) is not None
    return password and (login_url or redirected)


def is_cookie_wall(html: str) -> bool:
    """A server-side cookie wall: a short page about cookies whose way on is a consent form sent by POST."""
    if "<form" not in html.lower():
        return False
    root = _root(html)
    if root is None:
        return False
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    text = root.text_content()
    if len(text.split()) > MAX_WALL_WORDS or not _COOKIE_WORDS.search(text):
        return False
    for form in root.iter("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        buttons = [b.text_content() or b.get("value", "") for b in form.xpath(".//button|.//input[@type='submit']")]
        if any(_CONSENT_WORDS.search(label) for label in buttons):
            return True
    return False
