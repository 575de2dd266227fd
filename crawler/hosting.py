"""Pure decisions about reports published through other services and about pages that stop a crawl.

- File hosting (Google Drive, Google Docs, Dropbox, OneDrive, SharePoint): a shared link opens a viewer page that
  holds no link to the file; the service's public download form of the same link gives the file itself. A OneDrive
  short link (1drv.ms) is followed to the link it redirects to, which gets its download form then.
- Publication viewers: a FlippingBook publication usually offers its PDF under
  `files/assets/common/downloads/`; viewers such as issuu offer no download at all, so the crawl ends by naming
  the viewer for a person to look.
- Login pages and server-side cookie walls (a consent form that must be POSTed) are named, never passed.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

# host (or parent domain) -> service; a service is "download" (its links have a download form) or "viewer"
SERVICES: dict[str, str] = {
    "drive.google.com": "Google Drive",
    "docs.google.com": "Google Docs",
    "dropbox.com": "Dropbox",
    "onedrive.live.com": "OneDrive",
    "1drv.ms": "OneDrive",
    "sharepoint.com": "SharePoint",
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
# OneDrive pages that show one shared file: the old share link (redir), the embed code, the web view
_ONEDRIVE_VIEWS = frozenset({"/", "/redir", "/redir.aspx", "/embed", "/view.aspx", "/edit.aspx"})
_ONEDRIVE_KEEP = ("cid", "resid", "authkey")
# a share link "/:b:/s/<site>/<token>", "/:w:/g/personal/<user>/<token>", "/:b:/r/sites/..." of a single file
# (b pdf, w word, p powerpoint, x excel, o onenote, t text, u other, i image, v video; f is a folder)
_SHARE_LINK = re.compile(r"^/:([a-eg-z]):/[a-z]/", re.IGNORECASE)
# the OneDrive short link of a file ("1drv.ms/b/s!Abc", "1drv.ms/w/c/<cid>/<token>"), not of a folder ("/f/")
_ONEDRIVE_SHORT = re.compile(r"^/[a-eg-z]/[\w!-]", re.IGNORECASE)
# shared folders: the page lists its files only in a browser (script), so the crawl names the folder for a person
# SharePoint/OneDrive for Business "/:f:/s/<site>/<token>", OneDrive "1drv.ms/f/...", Google Drive "/drive/folders/<id>"
# (also "/drive/u/0/folders/", "/folderview?id=", "/embeddedfolderview?id="), Dropbox "/scl/fo/" and "/sh/"
_FOLDERS = {"SharePoint": re.compile(r"^/:f:/[a-z]/", re.IGNORECASE),
            "OneDrive": re.compile(r"^/f/[\w!-]", re.IGNORECASE),
            "Google Drive": re.compile(r"^/drive/(?:u/\d+/)?folders/|^/(?:embedded)?folderview$", re.IGNORECASE),
            "Dropbox": re.compile(r"^/(?:scl/fo|sh)/", re.IGNORECASE)}
# SharePoint's web views of one file (the Office viewer, the embed code) that name the file by its id
_SHAREPOINT_VIEWS = re.compile(r"/_layouts/15/(?:doc|doc2|embed|wopiframe)\.aspx$", re.IGNORECASE)
_SHAREPOINT_GUEST = re.compile(r"/_layouts/15/guestaccess\.aspx$", re.IGNORECASE)  # the older anonymous link
# the download forms themselves: a file, although the URL has no file suffix
_DOWNLOAD_FORMS = {"Google Drive": re.compile(r"^/uc$"), "OneDrive": re.compile(r"^/download$", re.IGNORECASE),
                   "SharePoint": re.compile(r"/_layouts/15/download\.aspx$", re.IGNORECASE)}
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
    `/document/d/<id>/edit` -> its PDF export; Dropbox `?dl=0` -> `?dl=1`; OneDrive `redir`/`embed`/web view with
    `resid` (or `id`) -> `/download?cid=..&resid=..&authkey=..`; a SharePoint share link `/:b:/s/<site>/<token>`
    (also `/g/personal/`, `/r/`) -> `?download=1`, its Office viewer or embed page `/_layouts/15/Doc.aspx?sourcedoc=
    {id}` -> `/_layouts/15/download.aspx?UniqueId={id}`.
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
    if name == "OneDrive":
        return _onedrive_download(parts, query)
    if name == "SharePoint":
        return _sharepoint_download(parts, query)
    if name == "Dropbox" and ("/s/" in parts.path or "/scl/fi/" in parts.path) and query.get("dl") != "1":
        query["dl"] = "1"
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return None


def _onedrive_download(parts: SplitResult, query: dict[str, str]) -> str | None:
    query = {k.lower(): v for k, v in query.items()}
    resid = query.get("resid") or query.get("id")
    if (parts.path.rstrip("/").lower() or "/") not in _ONEDRIVE_VIEWS or not resid:
        return None
    kept = {"cid": query.get("cid") or resid.split("!", 1)[0], "resid": resid, "authkey": query.get("authkey")}
    return urlunsplit((parts.scheme, parts.netloc, "/download",
                       urlencode({k: v for k, v in kept.items() if v}, safe="!"), ""))


def _sharepoint_download(parts: SplitResult, query: dict[str, str]) -> str | None:
    if _SHARE_LINK.match(parts.path) or _SHAREPOINT_GUEST.search(parts.path):
        if query.get("download") == "1":
            return None
        query.pop("action", None)  # "embedview", "view": the viewer, not the file
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode({**query, "download": "1"}), ""))
    file_id = next((v for k, v in query.items() if k.lower() in ("sourcedoc", "uniqueid")), None)
    match = _SHAREPOINT_VIEWS.search(parts.path)
    if match is None or not file_id:
        return None
    site = parts.path[:match.start()]
    return urlunsplit((parts.scheme, parts.netloc, f"{site}/_layouts/15/download.aspx",
                       urlencode({"UniqueId": file_id.strip("{}")}), ""))


def is_shared_file(url: str) -> bool:
    """A link to one file on a file service: it has a download form, or it is a short link that leads to one."""
    return service_shared_file(url, service_of(url))


def service_shared_file(url: str, name: str | None) -> bool:
    """`is_shared_file` for a URL whose `service_of` (`name`) is known already."""
    if service_download_url(url, name):
        return True
    path = urlsplit(url).path
    form = _DOWNLOAD_FORMS.get(name or "")
    return form is not None and form.search(path) is not None \
        or name == "OneDrive" and _ONEDRIVE_SHORT.match(path) is not None \
        or name == "SharePoint" and (_SHARE_LINK.match(path) or _SHAREPOINT_GUEST.search(path)) is not None


def is_shared_folder(url: str) -> bool:
    """A link to a shared folder on a file service (not to one file): SharePoint "/:f:/", OneDrive "1drv.ms/f/",
    Google Drive "/drive/folders/", Dropbox "/scl/fo/"."""
    return service_shared_folder(url, service_of(url))


def service_shared_folder(url: str, name: str | None) -> bool:
    """`is_shared_folder` for a URL whose `service_of` (`name`) is known already."""
    folder = _FOLDERS.get(name or "")
    return folder is not None and folder.search(urlsplit(url).path) is not None


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
