"""Reports behind file-hosting and viewer services, login pages and cookie walls, on local stand-in hosts.

Loopback hosts stand in for the services (the service table is extended for the test, nothing real is contacted):
127.0.0.6 for Google Drive, 127.0.0.7 for issuu, 127.0.0.8 for FlippingBook, 127.0.0.9 for OneDrive (both
1drv.ms and onedrive.live.com), 127.0.0.10 for SharePoint and 127.0.0.11 for the Microsoft sign-in pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine, select

from crawler import hosting
from crawler.run import crawl
from kb.db import get_engine, session_scope
from kb.schema import CrawlResult
from kb.settings import load_settings
from tests.crawler.helpers import add_submission, crawl_settings, make_pdf, report_html
from tests.support.webfarm import Reply, WebFarm

FILE_ID, LARGE_ID = "1AbCdEfGhIjKlMnOpQrStUv", "1LargeFileXyZ0123456789"
SEO_TEXT = report_html("Kwaliteitsbeeld 2024")  # a flipbook's text version: looks like a web report itself


def _drive_uc(handler: BaseHTTPRequestHandler) -> Reply:
    """The public download form: a small file answers at once, a large one with a "download anyway" form."""
    query = parse_qs(urlsplit(handler.path).query)
    if query.get("export") != ["download"]:
        return Reply(b"bad request", status=400)
    if query.get("id") == [LARGE_ID]:
        return Reply.html('<html><body><p>Google Drive kan dit bestand niet scannen op virussen.</p>'
                          '<form id="download-form" action="/download" method="get">'
                          f'<input type="hidden" name="id" value="{LARGE_ID}"><input type="hidden" name="confirm" '
                          'value="t"><input type="submit" value="Toch downloaden"></form></body></html>')
    return Reply(status=303, content_type=None, headers={"Location": f"/download?id={query['id'][0]}"})


def _drive_download(handler: BaseHTTPRequestHandler) -> Reply:
    file_id = parse_qs(urlsplit(handler.path).query).get("id", [""])[0]
    return Reply.pdf(make_pdf(f"drive {file_id}"), headers={"Content-Disposition": 'attachment; filename="kb.pdf"'})


DRIVE = {
    f"/file/d/{FILE_ID}/view": Reply.html("<html><body><div id='viewer'></div><script>app()</script></body></html>"),
    f"/file/d/{LARGE_ID}/view": Reply.html("<html><body><div id='viewer'></div></body></html>"),
    "/drive/folders/1FolderAbCdEfGhIjKl": Reply.html("<html><body><div id='drive'></div></body></html>"),
    "/uc": _drive_uc,
    "/download": _drive_download,
}
ISSUU = {"/zorg/docs/kwaliteitsbeeld_2024": Reply.html("<html><body><h1>Kwaliteitsbeeld 2024</h1>"
                                                       "<div id='reader'></div></body></html>")}
FLIPBOOK_PAGE = SEO_TEXT.replace("</head>", '<link rel="stylesheet" href="files/assets/common/page-html5-substrates/'
                                 'style.css"><script>var config = {"downloadPdfUrl": '
                                 '"files/assets/common/downloads/publication.pdf"};</script></head>')
FLIPBOOK = {
    "/kwaliteitsbeeld-2024/": Reply.html(FLIPBOOK_PAGE),
    "/kwaliteitsbeeld-2024/files/assets/common/downloads/publication.pdf": Reply.pdf(make_pdf("flipbook")),
}

VIEWER = Reply.html("<html><body><div id='OneUp'></div><script src='/app.js'></script></body></html>")
SHARED_ID, PRIVATE_ID, AUTHKEY = "A1B2C3D4E5F6!123", "A1B2C3D4E5F6!999", "!AHq9kZx"


def _onedrive_download(handler: BaseHTTPRequestHandler) -> Reply:
    """The public download form: the shared file, or the sign-in page for a file that is not shared."""
    query = parse_qs(urlsplit(handler.path).query)
    if query.get("resid") == [SHARED_ID] and query.get("authkey") == [AUTHKEY]:
        return Reply.pdf(make_pdf("onedrive"), headers={"Content-Disposition": 'attachment; filename="kb.pdf"'})
    return Reply.redirect(f"{LOGIN['base']}/login.srf?wa=wsignin1.0")


def _sharepoint_share(pdf: bytes | None) -> Callable[[BaseHTTPRequestHandler], Reply]:
    """A share link: the viewer, or with download=1 the file (anyone with the link) or the sign-in page."""
    def reply(handler: BaseHTTPRequestHandler) -> Reply:
        if parse_qs(urlsplit(handler.path).query).get("download") != ["1"]:
            return VIEWER
        if pdf is None:
            return Reply.redirect(f"{LOGIN['base']}/72f988bf/oauth2/authorize?client_id=00000003&response_mode=form_post")
        return Reply.pdf(pdf)
    return reply


LOGIN = {"base": ""}  # the sign-in farm's address, set once it listens
ONEDRIVE = {"/b/s!AkShortPdf9": Reply.redirect(f"/redir?resid={SHARED_ID}&authkey={AUTHKEY}&ithint=file%2cpdf",
                                                 status=301),
            "/b/c/a1b2c3d4e5f6/EaNewStyle0": Reply.redirect("/?redeem=aHR0cHM6Ly8xZHJ2Lm1z", status=301),
            "/redir": VIEWER, "/embed": VIEWER, "/": VIEWER, "/download": _onedrive_download,
            "/f/s!AkFolder77": Reply.redirect("/?id=A1B2C3D4E5F6%21200&cid=A1B2C3D4E5F6", status=301)}
SHAREPOINT = {"/:b:/s/Kwaliteit/EaBcD123xYz": _sharepoint_share(make_pdf("sharepoint")),
              "/:b:/g/personal/jan_zorg_example/EPrivate987": _sharepoint_share(None),
              "/:f:/s/Kwaliteit/EFolder42": VIEWER,
              "/sites/Kwaliteit/_layouts/15/embed.aspx": VIEWER,
              "/sites/Kwaliteit/_layouts/15/download.aspx": Reply.pdf(make_pdf("sharepoint embed"))}
MS_LOGIN = {path: Reply.html('<html><body><form method="post"><input name="loginfmt"><input type="password" '
                             'name="passwd"><input type="submit" value="Aanmelden"></form></body></html>')
            for path in ("/login.srf", "/72f988bf/oauth2/authorize")}


@dataclass(frozen=True)
class Case:
    submitted: str  # "main:/path", "drive:/path", ...
    outcome: str
    document: str | None = None  # "drive:/download", ...
    detail: str | None = None  # a text the detail must hold ("{drive}" etc. are the farms' base URLs)


CASES = {
    "drive_link_on_landing_page": Case("main:/drive-landing", "ok", "drive:/download"),
    "drive_view_link_submitted": Case(f"drive:/file/d/{FILE_ID}/view?usp=sharing", "ok", "drive:/download"),
    "drive_large_file_download_form": Case(f"drive:/file/d/{LARGE_ID}/view", "ok", "drive:/download"),
    "flippingbook_submitted": Case("flip:/kwaliteitsbeeld-2024/", "ok",
                                   "flip:/kwaliteitsbeeld-2024/files/assets/common/downloads/publication.pdf"),
    "flippingbook_linked": Case("main:/flip-landing", "ok",
                                "flip:/kwaliteitsbeeld-2024/files/assets/common/downloads/publication.pdf"),
    "issuu_linked": Case("main:/issuu-landing", "no_report_found",
                         detail="online viewer without a download, for a person to look: issuu: "
                                "{issuu}/zorg/docs/kwaliteitsbeeld_2024"),
    "issuu_submitted": Case("issuu:/zorg/docs/kwaliteitsbeeld_2024", "no_report_found",
                            detail="issuu: {issuu}/zorg/docs/kwaliteitsbeeld_2024"),
    "redirect_to_login": Case("main:/intranet/kwaliteitsbeeld", "no_report_found",
                              detail="login required at {main}/login?returnUrl=/intranet/kwaliteitsbeeld"),
    "http_401": Case("main:/afgeschermd.pdf", "http_error", detail="HTTP 401: login required"),
    "cookie_wall_post_form": Case("main:/muur", "no_report_found",
                                  detail="cookie wall at {main}/muur that needs a consent form sent by POST"),
    "login_box_in_header_is_no_login_page": Case("main:/met-inlogvak", "ok", "main:/kb-2024.pdf"),
    "onedrive_short_link_submitted": Case("od:/b/s!AkShortPdf9", "ok", "od:/download"),
    "onedrive_web_view_submitted": Case(f"od:/?cid=A1B2C3D4E5F6&id={SHARED_ID.replace('!', '%21')}&authkey="
                                        f"{AUTHKEY.replace('!', '%21')}&o=OneUp", "ok", "od:/download"),
    "onedrive_viewer_without_download_form_is_named": Case("od:/b/c/a1b2c3d4e5f6/EaNewStyle0", "no_report_found",
                                                           detail="for a person to look: OneDrive: {od}/?redeem="),
    "onedrive_embed_on_landing_page": Case("main:/od-embed", "ok", "od:/download"),
    "onedrive_file_not_shared": Case(f"od:/redir?resid={PRIVATE_ID}&authkey=!AOther", "no_report_found",
                                     detail="login required at {login}/login.srf"),
    "sharepoint_share_link_submitted": Case("sp:/:b:/s/Kwaliteit/EaBcD123xYz?e=4fGh7k", "ok",
                                            "sp:/:b:/s/Kwaliteit/EaBcD123xYz"),
    "sharepoint_link_on_landing_page": Case("main:/sp-landing", "ok", "sp:/:b:/s/Kwaliteit/EaBcD123xYz"),
    "sharepoint_embed_on_landing_page": Case("main:/sp-embed", "ok", "sp:/sites/Kwaliteit/_layouts/15/download.aspx"),
    "sharepoint_personal_link_needs_login": Case("sp:/:b:/g/personal/jan_zorg_example/EPrivate987?e=Qw3rTy",
                                                 "no_report_found",
                                                 detail="login required at {login}/72f988bf/oauth2/authorize"),
    "sharepoint_folder_on_landing_page": Case("main:/sp-folder-landing", "no_report_found",
                                              detail="shared folder, whose files the crawl cannot list (a browser "
                                              "shows them), for a person to look: SharePoint: "
                                              "{sp}/:f:/s/Kwaliteit/EFolder42?e=Ab12"),
    "drive_folder_submitted": Case("drive:/drive/folders/1FolderAbCdEfGhIjKl?usp=sharing", "no_report_found",
                                   detail="shared folder, whose files the crawl cannot list (a browser shows them), "
                                   "for a person to look: Google Drive: {drive}/drive/folders/1FolderAbCdEfGhIjKl"),
    "onedrive_short_folder_link_submitted": Case("od:/f/s!AkFolder77", "no_report_found",
                                                 detail="for a person to look: OneDrive: {od}/f/s!AkFolder77"),
}


def _main_routes(base: dict[str, str]) -> dict[str, Reply]:
    login_form = ('<html><body><h1>Inloggen</h1><form method="post" action="/login"><input name="user">'
                  '<input type="password" name="pw"><button>Inloggen</button></form></body></html>')
    return {
        "/drive-landing": Reply.html(f'<h1>Kwaliteit</h1><p><a href="{base["drive"]}/file/d/{FILE_ID}/view?usp='
                                     'sharing">Kwaliteitsbeeld 2024</a></p>'),
        "/flip-landing": Reply.html(f'<h1>Kwaliteit</h1><p><a href="{base["flip"]}/kwaliteitsbeeld-2024/">'
                                    'Kwaliteitsbeeld 2024 (bladerversie)</a></p>'),
        "/issuu-landing": Reply.html(f'<h1>Kwaliteit</h1><p>Lees ons <a href="{base["issuu"]}/zorg/docs/'
                                     'kwaliteitsbeeld_2024">kwaliteitsbeeld 2024</a>.</p>'),
        "/intranet/kwaliteitsbeeld": Reply.redirect("/login?returnUrl=/intranet/kwaliteitsbeeld"),
        "/login": Reply.html(login_form),
        "/afgeschermd.pdf": Reply(b"Unauthorized", status=401, headers={"WWW-Authenticate": 'Basic realm="kb"'}),
        "/muur": Reply.html('<html><body><h1>Cookies</h1><p>Wij gebruiken cookies om onze website te verbeteren.</p>'
                            '<form method="post" action="/cookies/accept"><input type="hidden" name="c" value="all">'
                            '<button type="submit">Alle cookies accepteren</button></form></body></html>'),
        "/met-inlogvak": Reply.html('<header><form action="/zoek"><input type="password" name="pw"></form></header>'
                                    '<main><a href="/kb-2024.pdf">Kwaliteitsbeeld 2024</a></main>'),
        "/kb-2024.pdf": Reply.pdf(make_pdf("kb")),
        "/od-embed": Reply.html(f'<h1>Kwaliteit</h1><h2>Kwaliteitsbeeld 2024</h2><iframe src="{base["od"]}/embed?cid='
                                f'A1B2C3D4E5F6&resid={SHARED_ID}&authkey={AUTHKEY}&em=2" width="476" height="288">'
                                '</iframe><p><a href="/jaarrekening-2024.pdf">Jaarrekening 2024</a></p>'),
        "/sp-landing": Reply.html(f'<h1>Publicaties</h1><ul><li><a href="{base["sp"]}/:b:/s/Kwaliteit/EaBcD123xYz?'
                                  'e=4fGh7k">Kwaliteitsbeeld 2024</a></li><li><a href="/klachtenregeling.pdf">'
                                  'Klachtenregeling</a></li></ul>'),
        "/sp-folder-landing": Reply.html(f'<h1>Kwaliteit</h1><ul><li><a href="{base["sp"]}/:f:/s/Kwaliteit/EFolder42?'
                                         'e=Ab12">Kwaliteitsbeeld 2024 en bijlagen</a></li><li><a href="/klachten.pdf">'
                                         'Klachtenregeling</a></li></ul>'),
        "/sp-embed": Reply.html(f'<h2>Kwaliteitsverslag 2024</h2><iframe src="{base["sp"]}/sites/Kwaliteit/_layouts/'
                                '15/embed.aspx?UniqueId=5b2e8c1a-0d4f-4e7a-9c3b-2f1e6d8a7b90" title="Document">'
                                '</iframe>'),
    }


@dataclass
class Crawled:
    engine: Engine
    base: dict[str, str]
    results: dict[str, CrawlResult]
    hits: dict[str, list[str]]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp: Path = tmp_path_factory.mktemp("hosted")
    settings = crawl_settings(load_settings(environ={}, config_file=tmp / "none.toml", data_dir=str(tmp / "store")))
    engine = get_engine(settings)
    with pytest.MonkeyPatch.context() as mp, WebFarm(DRIVE, host="127.0.0.6") as drive, \
            WebFarm(ISSUU, host="127.0.0.7") as issuu, WebFarm(FLIPBOOK, host="127.0.0.8") as flip, \
            WebFarm(ONEDRIVE, host="127.0.0.9") as od, WebFarm(SHAREPOINT, host="127.0.0.10") as sp, \
            WebFarm(MS_LOGIN, host="127.0.0.11") as login, WebFarm() as main:
        mp.setattr(hosting, "SERVICES", {**hosting.SERVICES, "127.0.0.6": "Google Drive", "127.0.0.7": "issuu",
                                         "127.0.0.8": "FlippingBook", "127.0.0.9": "OneDrive",
                                         "127.0.0.10": "SharePoint"})
        mp.setitem(LOGIN, "base", login.url("").rstrip("/"))
        farms = {"main": main, "drive": drive, "issuu": issuu, "flip": flip, "od": od, "sp": sp, "login": login}
        base = {name: farm.url("").rstrip("/") for name, farm in farms.items()}
        main.routes.update(_main_routes(base))
        ids = {}
        for name, case in CASES.items():
            farm, _, path = case.submitted.partition(":")
            ids[name] = add_submission(engine, base[farm] + path, name=name)
        summary = crawl(settings, engine, isolate=True)
        with session_scope(engine) as session:
            rows = {r.submission_id: r for r in session.scalars(
                select(CrawlResult).where(CrawlResult.run_id == summary.run_id))}
        yield Crawled(engine, base, {n: rows[i] for n, i in ids.items()},
                      {name: farm.paths_hit() for name, farm in farms.items()})
    engine.dispose()


@pytest.mark.parametrize("name", list(CASES))
def test_each_case_ends_with_its_outcome_and_names_what_stopped_it(crawled: Crawled, name: str) -> None:
    case, result = CASES[name], crawled.results[name]
    assert result.outcome == case.outcome, result.detail
    if case.document:
        farm, _, path = case.document.partition(":")
        assert (result.document_url or "").split("?")[0] == crawled.base[farm] + path and result.sha256
    if case.detail:
        assert case.detail.format(**crawled.base) in (result.detail or "")


def test_viewer_pages_of_shared_files_and_issuu_links_are_not_fetched(crawled: Crawled) -> None:
    """The Drive viewer page is skipped for the download form; a linked issuu page is named, not fetched."""
    assert not any(p.startswith("/file/d/") for p in crawled.hits["drive"])
    assert crawled.hits["issuu"].count("/zorg/docs/kwaliteitsbeeld_2024") == 1  # only the submitted one


def test_onedrive_and_sharepoint_viewers_are_skipped_for_the_download_form(crawled: Crawled) -> None:
    assert not {"/redir", "/embed"} & set(crawled.hits["od"])
    assert crawled.hits["od"].count("/") == 1  # only the viewer a short link led to, with no file id
    assert "/sites/Kwaliteit/_layouts/15/embed.aspx" not in crawled.hits["sp"]


def test_shared_folders_are_named_not_opened(crawled: Crawled) -> None:
    """A folder linked from a landing page is not fetched; a submitted folder's short link is not followed."""
    assert "/:f:/s/Kwaliteit/EFolder42" not in crawled.hits["sp"]
    assert crawled.hits["od"].count("/") == 1  # only the viewer of the file short link, not the folder listing


@pytest.mark.parametrize(("url", "folder"), [
    ("https://zorg.sharepoint.com/:f:/s/Kwaliteit/EaBcD123?e=xYz", True),
    ("https://zorg.sharepoint.com/:b:/s/Kwaliteit/EaBcD123?e=xYz", False),
    ("https://1drv.ms/f/s!AkXyZ123abc", True),
    ("https://1drv.ms/b/s!AkXyZ123abc", False),
    ("https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOp?usp=sharing", True),
    ("https://drive.google.com/drive/u/0/folders/1AbCdEfGhIjKlMnOp", True),
    ("https://drive.google.com/embeddedfolderview?id=1AbCdEfGhIjKlMnOp#list", True),
    ("https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view", False),
    ("https://www.dropbox.com/scl/fo/abc123/def?rlkey=x&dl=0", True),
    ("https://www.dropbox.com/scl/fi/abc123/kb.pdf?rlkey=x&dl=0", False),
    ("https://www.zorg.example/drive/folders/1AbCdEfGhIjKlMnOp", False),  # the same path on an ordinary site
])
def test_shared_folder_links_are_told_from_file_links(url: str, folder: bool) -> None:
    assert hosting.is_shared_folder(url) is folder


@pytest.mark.parametrize(("url", "download"), [
    ("https://drive.google.com/open?id=1AbCdEfGhIjKlMnOp", "https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOp"),
    ("https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOp", None),  # already the download form
    ("https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOp", None),  # a folder: no single file
    ("https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQ/edit?usp=sharing",
     "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQ/export?format=pdf"),
    ("https://www.dropbox.com/scl/fi/abc123/kb.pdf?rlkey=x&dl=0", "https://www.dropbox.com/scl/fi/abc123/kb.pdf?rlkey=x&dl=1"),
    ("https://www.zorg.example/file/d/1AbCdEfGhIjKlMnOp/view", None),  # the same path on an ordinary site
    ("https://onedrive.live.com/redir?resid=A1B2!45&authkey=!AXyz&ithint=file%2cpdf&e=q1",
     "https://onedrive.live.com/download?cid=A1B2&resid=A1B2!45&authkey=!AXyz"),
    ("https://onedrive.live.com/embed?cid=A1B2&resid=A1B2%2145&authkey=%21AXyz&em=2",
     "https://onedrive.live.com/download?cid=A1B2&resid=A1B2!45&authkey=!AXyz"),
    ("https://onedrive.live.com/download?cid=A1B2&resid=A1B2!45&authkey=!AXyz", None),  # already the download form
    ("https://onedrive.live.com/?cid=A1B2", None),  # a whole drive: no single file
    ("https://1drv.ms/b/s!AkXyZ123abc", None),  # a short link: followed, its target gets the download form
    ("https://zorg.sharepoint.com/:b:/s/Kwaliteit/EaBcD123?e=xYz",
     "https://zorg.sharepoint.com/:b:/s/Kwaliteit/EaBcD123?e=xYz&download=1"),
    ("https://zorg-my.sharepoint.com/:w:/g/personal/jan_zorg_nl/EaBcD?e=xYz&action=embedview",
     "https://zorg-my.sharepoint.com/:w:/g/personal/jan_zorg_nl/EaBcD?e=xYz&download=1"),
    ("https://zorg.sharepoint.com/:f:/s/Kwaliteit/EaBcD123?e=xYz", None),  # a shared folder
    ("https://zorg.sharepoint.com/sites/Kwaliteit/_layouts/15/Doc.aspx?sourcedoc=%7B5b2e-8c1a%7D&file=kb.docx",
     "https://zorg.sharepoint.com/sites/Kwaliteit/_layouts/15/download.aspx?UniqueId=5b2e-8c1a"),
])
def test_shared_file_links_get_their_download_form(url: str, download: str | None) -> None:
    assert hosting.download_url(url) == download


@pytest.mark.parametrize(("url", "shared"), [
    ("https://1drv.ms/b/s!AkXyZ123abc", True),
    ("https://1drv.ms/f/s!AkXyZ123abc", False),  # a folder
    ("https://onedrive.live.com/download?cid=A1B2&resid=A1B2!45", True),
    ("https://zorg.sharepoint.com/:b:/s/Kwaliteit/EaBcD123?e=xYz&download=1", True),
    ("https://zorg.sharepoint.com/sites/Kwaliteit/SitePages/Home.aspx", False),
])
def test_links_to_one_shared_file_count_as_documents(url: str, shared: bool) -> None:
    assert hosting.is_shared_file(url) is shared


def test_a_landing_page_looks_up_the_hosting_service_of_each_link_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scoring, the viewer test and the off-site test each used to look it up (three times a link)."""
    from crawler.links import report_links

    looked_up: list[str] = []
    service_of = hosting.service_of
    monkeypatch.setattr(hosting, "service_of", lambda url: looked_up.append(url) or service_of(url))
    html = ('<h2>Kwaliteitsbeeld</h2><a href="https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view">Kwaliteitsbeeld '
            '2024</a> <a href="https://issuu.com/zorg/docs/kwaliteitsbeeld_2023">Kwaliteitsbeeld 2023</a> '
            '<a href="/kwaliteit/verslag">Kwaliteitsverslag</a> <a href="https://partner.example.org/kwaliteit">'
            'Kwaliteit bij onze partner</a> <a href="/contact">Contact</a>')
    found = {c.url: c.kind for c in report_links("https://zorg.example/kwaliteit", html, 2024)}
    assert found == {"https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view": "document",
                     "https://issuu.com/zorg/docs/kwaliteitsbeeld_2023": "viewer",
                     "https://zorg.example/kwaliteit/verslag": "page"}
    assert sorted(looked_up) == sorted(set(looked_up)) and len(looked_up) == 5


def test_login_needs_a_redirect_or_a_password_form_on_a_login_url() -> None:
    assert hosting.is_login_page("https://zorg.example/inloggen", "", redirected=True)
    assert hosting.is_login_page("https://zorg.example/account/login", '<input type="password">', redirected=False)
    assert not hosting.is_login_page("https://zorg.example/account/login", "<p>Tips</p>", redirected=False)
    assert not hosting.is_login_page("https://zorg.example/blog/inloggen-tips", "<p>Tips</p>", redirected=False)
