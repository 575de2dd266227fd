"""HTML of the demo websites' own pages (landing, plain, consent, no_report, redirects).

Reports themselves are rendered by kb.docmaker; these are the pages around them. Hrefs in
orgs.yaml are relative to the site root ``/<slug>/`` and become absolute paths here.
"""

from __future__ import annotations

from html import escape

from kb.demo.content import Link, Organisation, Page

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:0 1rem;color:#222}"
    "header{border-bottom:3px solid #2b6e6a;padding:.8rem 0;display:flex;justify-content:space-between}"
    "header a{color:#2b6e6a;font-weight:bold;text-decoration:none}"
    "li{margin:.4rem 0}.context{color:#555;font-size:.9rem;margin:.1rem 0 0}"
    ".consent{position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:center;"
    "justify-content:center}.consent div{background:#fff;padding:1.5rem;max-width:30rem;border-radius:6px}"
    "footer{margin-top:3rem;border-top:1px solid #ccc;font-size:.8rem;color:#666;padding:.6rem 0}"
)


def site_href(org: Organisation, href: str) -> str:
    """An orgs.yaml href as an absolute path on the demo server (absolute URLs unchanged)."""
    if "://" in href or href.startswith("/"):
        return href
    return f"/{org.slug}/{href.lstrip('/')}"


def _document(title: str, body: str, head_extra: str = "", lang: str = "nl") -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{head_extra}<style>{_STYLE}</style></head>\n"
        f"<body>{body}</body></html>\n"
    )


def _header(org: Organisation, home: str) -> str:
    return f'<header><a href="{escape(home)}">{escape(org.name)}</a><span>Demonstratiewebsite</span></header>'


def _footer(org: Organisation) -> str:
    return (
        f"<footer>{escape(org.name)} · KvK {escape(org.kvk)} · "
        "Fictieve organisatie, gemaakt als demonstratiemateriaal.</footer>"
    )


def _link_item(org: Organisation, link: Link) -> str:
    item = f'<a href="{escape(site_href(org, link.href))}">{escape(link.text)}</a>'
    if link.context:
        item += f'<p class="context">{escape(link.context)}</p>'
    return f"<li>{item}</li>"


def _consent_banner() -> str:
    return (
        '<div class="consent" role="dialog" aria-label="Cookies"><div>'
        "<h2>Wij gebruiken cookies</h2><p>Wij gebruiken cookies om deze website goed te laten werken "
        "en om het gebruik te meten.</p>"
        '<form method="get"><button name="cookies" value="noodzakelijk">Alleen noodzakelijke cookies</button> '
        '<button name="cookies" value="alle">Alle cookies accepteren</button></form></div></div>'
    )


def render_page(org: Organisation, page: Page, home: str) -> str:
    """One site page; kind `consent` puts a cookie interstitial over the content."""
    links = "".join(_link_item(org, link) for link in page.links)
    banner = _consent_banner() if page.kind == "consent" else ""
    lang = "en" if page.path.startswith("en/") else "nl"
    body = (
        f"{_header(org, home)}<main><h1>{escape(page.title)}</h1><p>{escape(page.text)}</p>"
        f"<ul>{links}</ul></main>{_footer(org)}{banner}"
    )
    return _document(f"{page.title} - {org.name}", body, lang=lang)


def render_meta_refresh(org: Organisation, target: str) -> str:
    href = escape(site_href(org, target))
    head = f'<meta http-equiv="refresh" content="0; url={href}">'
    return _document(org.name, f"<p>U wordt doorgestuurd naar de nieuwe pagina.</p>{_footer(org)}", head)


def render_js_redirect(org: Organisation, target: str) -> str:
    """A page that only JavaScript leaves: no link in the body, as on many real sites."""
    href = site_href(org, target).replace('"', "%22")
    head = f'<script>window.location.replace("{href}");</script>'
    return _document(org.name, "<p>Een moment geduld alstublieft...</p>", head)


def render_index(orgs: tuple[Organisation, ...], home_of: dict[str, str]) -> str:
    """The root page of the demo server: one link per organisation's first page."""
    items = "".join(
        f'<li><a href="{escape(home_of[org.slug])}">{escape(org.name)}</a> ({org.sector.upper()})</li>'
        for org in orgs
    )
    body = (
        "<main><h1>Demosector kwaliteitsbeelden</h1><p>Websites van verzonnen zorgorganisaties, "
        f"alleen bedoeld als demonstratiemateriaal.</p><ul>{items}</ul></main>"
    )
    return _document("Demosector kwaliteitsbeelden", body)


def with_part_navigation(html: str, previous: str | None, following: tuple[str, str] | None) -> str:
    """Add links between the parts of a multi-page HTML report (before </body>)."""
    nav = []
    if previous:
        nav.append(f'<a href="{escape(previous)}" rel="prev">Vorige deel</a>')
    if following:
        nav.append(f'<a href="{escape(following[0])}" rel="next">Volgende deel: {escape(following[1])}</a>')
    if not nav:
        return html
    block = f'<nav class="report-parts">{" | ".join(nav)}</nav>'
    marker = "</body>"
    if marker in html:
        return html.replace(marker, block + marker, 1)
    return html + block
