"""URL normalisation, link scoring and content decisions on in-memory values."""

from __future__ import annotations

import pytest

from crawler import content
from crawler.links import report_links
from crawler.urls import normalise_url

NORMALISED = [
    ("missing_scheme", "zorg.nl/kwaliteit", "https://zorg.nl/kwaliteit"),
    ("www_without_scheme", "www.Zorg.NL", "https://www.zorg.nl/"),
    ("uppercase_host", "HTTPS://WWW.ZORG.NL/Path", "https://www.zorg.nl/Path"),
    ("spaces_and_quotes", '  "https://zorg.nl/kb.pdf"  ', "https://zorg.nl/kb.pdf"),
    ("trailing_punctuation", "https://zorg.nl/kwaliteitsbeeld).", "https://zorg.nl/kwaliteitsbeeld"),
    ("idn_host", "https://zörg.nl/x", "https://xn--zrg-sna.nl/x"),
    ("several_urls", "https://a.nl/x; https://b.nl/y", "https://a.nl/x"),
    ("text_around", "Ons verslag staat op www.foo.nl/kb. Groet", "https://www.foo.nl/kb"),
    ("space_in_file_name", "https://a.nl/docs/Kwaliteitsbeeld 2024.pdf", "https://a.nl/docs/Kwaliteitsbeeld%202024.pdf"),
    ("space_in_scheme", "http ://foo.nl", "http://foo.nl/"),
    ("port_kept", "http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
    ("bare_ip_without_scheme_is_http", "127.0.0.1:8765/helmgras/kwaliteit", "http://127.0.0.1:8765/helmgras/kwaliteit"),
    ("localhost_without_scheme_is_http", "localhost:8000/kb.pdf", "http://localhost:8000/kb.pdf"),
]
INVALID = [("nee", "nee"), ("x_with_nvt", "X"), ("empty", "  "), ("mailto", "mailto:info@zorg.nl"),
           ("no_host", "kwaliteitsbeeld"), ("ftp", "ftp://zorg.nl/x")]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in NORMALISED], ids=[c[0] for c in NORMALISED])
def test_typed_url_is_normalised(raw: str, expected: str) -> None:
    assert normalise_url(raw).url == expected


@pytest.mark.parametrize("raw", [c[1] for c in INVALID], ids=[c[0] for c in INVALID])
def test_value_that_is_no_url_gets_a_reason(raw: str) -> None:
    result = normalise_url(raw)
    assert result.url is None and result.reason


def _best(html: str, year: int | None = 2024) -> str:
    return report_links("https://zorg.nl/kwaliteit", html, year)[0].url.rsplit("/", 1)[-1]


SCORING = [
    ("report_beats_privacy", '<a href="/privacyverklaring.pdf">Privacyverklaring</a><a href="/kb.pdf">Kwaliteitsbeeld</a>', "kb.pdf"),
    ("report_beats_jaarrekening", '<a href="/jaarrekening-2024.pdf">Jaarrekening 2024</a><a href="/x.pdf">Kwaliteitsverslag</a>', "x.pdf"),
    ("report_year_beats_other_years", '<a href="/kb-2023.pdf">Kwaliteitsbeeld 2023</a><a href="/kb-2024.pdf">Kwaliteitsbeeld 2024</a>'
     '<a href="/kb-2022.pdf">Kwaliteitsbeeld 2022</a>', "kb-2024.pdf"),
    ("publication_year_beats_older", '<a href="/kb-2022.pdf">Kwaliteitsbeeld 2022</a><a href="/kb-2025.pdf">Kwaliteitsbeeld 2025</a>', "kb-2025.pdf"),
    ("file_name_counts", '<a href="/files/Kwaliteitsrapport_2024.pdf">Download</a><a href="/brochure.pdf">Download</a>', "Kwaliteitsrapport_2024.pdf"),
    ("surrounding_text_counts", '<p>Ons kwaliteitsbeeld: <a href="/d/123.pdf">download</a></p><p><a href="/d/9.pdf">download</a></p>', "123.pdf"),
    ("report_called_brochure_is_still_found", '<a href="/welkom-folder.pdf">Folder Welkom</a>'
     '<a href="/m-kwaliteit-2024.pdf">Bekijk onze brochure Kwaliteit 2024</a>', "m-kwaliteit-2024.pdf"),
    ("english_quality_report", '<a href="/jobs.pdf">Jobs</a><a href="/org-quality-report-2024.pdf">Quality report 2024</a>'
     '<a href="/privacy-statement.pdf">Privacy statement</a>', "org-quality-report-2024.pdf"),
    ("annual_report_beats_accounts_when_no_quality_report", '<a href="/jaarrekening-2024.pdf">Jaarrekening 2024</a>'
     '<a href="/jaarverslag-2024.pdf">Jaarverslag 2024</a>', "jaarverslag-2024.pdf"),
    ("quality_report_beats_annual_report", '<a href="/jv-2024.pdf">Jaarverslag 2024</a>'
     '<a href="/kjv-2024.pdf">Kwaliteitsjaarverslag 2024</a><a href="/kp-2025.pdf">Kwaliteitsplan 2025</a>', "kjv-2024.pdf"),
    ("download_under_its_section_heading", '<h2>Jaarrekening 2024</h2><p><a href="/media/1">Download</a></p>'
     '<h2>Kwaliteitsbeeld 2024</h2><p><a href="/media/2">Download</a></p>', "2"),
    ("bekijk_hier_in_a_card_after_its_heading", '<div class="card"><div class="head"><h3>Kwaliteitsbeeld 2024</h3></div>'
     '<div class="body"><p><a href="/files/d-1.pdf">Bekijk hier</a></p></div></div>'
     '<div class="card"><div class="head"><h3>Privacyverklaring</h3></div><div class="body"><p><a href="/files/d-0.pdf">'
     'Bekijk hier</a></p></div></div>', "d-1.pdf"),
    ("download_in_a_table_row", '<table><tr><td>Jaarrekening 2024</td><td><a href="/dl/1">Download</a></td></tr>'
     '<tr><td>Kwaliteitsbeeld 2024</td><td><span><a href="/dl/2">Download</a></span></td></tr></table>', "2"),
    ("nearest_other_year_when_the_report_year_is_not_offered", '<a href="/kb-2021.pdf">Kwaliteitsbeeld 2021</a>'
     '<a href="/kb-2022.pdf">Kwaliteitsbeeld 2022</a><a href="/kb-2023.pdf">Kwaliteitsbeeld 2023</a>', "kb-2023.pdf"),
    ("upload_date_folder_is_no_report_year", '<a href="/wp-content/uploads/2024/06/kwaliteitsbeeld-2023.pdf">Kwaliteitsbeeld'
     ' 2023</a><a href="/wp-content/uploads/2025/05/kwaliteitsbeeld-2024.pdf">Kwaliteitsbeeld 2024</a>', "kwaliteitsbeeld-2024.pdf"),
    ("pdf_js_viewer_gives_its_document", '<h1>Kwaliteitsbeeld 2024</h1><iframe src="/pdfjs/web/viewer.html?file='
     '%2Fuploads%2Fkb2024.pdf"></iframe>', "kb2024.pdf"),
    ("google_viewer_gives_its_document", '<iframe title="Kwaliteitsbeeld 2024" src="https://docs.google.com/viewer?'
     'url=https%3A%2F%2Fzorg.nl%2Fdocs%2Fkb.pdf&amp;embedded=true"></iframe>', "kb.pdf"),
    ("button_that_opens_the_report", '<h2>Kwaliteitsbeeld 2024</h2><button onclick="window.open(\'/docs/kb.pdf\')">'
     'Download</button><a href="/docs/folder.pdf">Folder</a>', "kb.pdf"),
    ("javascript_link_with_click_handler", '<a href="javascript:void(0)" onclick="location.href=\'/docs/k.pdf\'">'
     'Kwaliteitsbeeld 2024</a>', "k.pdf"),
    ("block_whose_click_handler_calls_a_site_function", '<div onclick="openDocument(\'/a/jv-2024.pdf\')">Jaarverslag '
     '2024</div><div role="link" onclick="trackClick(this); openDocument(\'/a/kb-2024.pdf\', \'_blank\')">'
     'Kwaliteitsbeeld 2024 <span>PDF, 2,4 MB</span></div>', "kb-2024.pdf"),
    ("block_with_a_data_file_attribute", '<div class="doc" data-id="7" data-file="/a/jr.pdf">Jaarrekening 2024</div>'
     '<li data-toggle="modal" data-download="kwaliteitsbeeld-def.pdf">Kwaliteitsbeeld 2024</li>', "kwaliteitsbeeld-def.pdf"),
    ("easy_read_version_below_the_full_report", '<a href="/kr-2023-2024-makkelijk-lezen.pdf">Kwaliteitsrapport '
     '2023-2024 in makkelijke taal</a><a href="/kr-2023-2024.pdf">Kwaliteitsrapport 2023-2024</a>', "kr-2023-2024.pdf"),
    ("over_ons_is_the_way_when_no_link_names_a_report", '<nav><a href="/nieuws">Nieuws</a><a href="/over-ons">Over ons'
     '</a><a href="/werken-bij">Werken bij</a><a href="/contact">Contact</a></nav>', "over-ons"),
    ("a_kwaliteit_page_beats_over_ons", '<nav><a href="/over-ons">Over ons</a><a href="/kwaliteit-en-veiligheid">'
     'Kwaliteit en veiligheid</a></nav>', "kwaliteit-en-veiligheid"),
    ("full_report_beats_its_summary", '<a href="/kb-2024-samenvatting.pdf">Kwaliteitsbeeld 2024 samenvatting</a>'
     '<a href="/kb-2024.pdf">Kwaliteitsbeeld 2024</a>', "kb-2024.pdf"),
    ("full_report_beats_its_appendix", '<a href="/a.pdf">Bijlage kwaliteitsbeeld 2024</a><a href="/b.pdf">Kwaliteitsbeeld 2024</a>',
     "b.pdf"),
    ("summary_alone_is_still_found", '<a href="/s.pdf">Samenvatting kwaliteitsbeeld 2024</a><a href="/f.pdf">Folder</a>', "s.pdf"),
    ("link_in_consent_overlay_counts", '<div class="cookie-overlay">Cookies <a href="/kb.pdf">Kwaliteitsbeeld 2024</a></div>', "kb.pdf"),
]


@pytest.mark.parametrize(("html", "best"), [c[1:] for c in SCORING], ids=[c[0] for c in SCORING])
def test_best_report_link(html: str, best: str) -> None:
    assert _best(html) == best


@pytest.mark.parametrize("html", [
    '<a href="https://files.example.org/d/8812" download>Kwaliteitsbeeld 2024</a>',
    '<a href="https://files.example.org/d/8812" type="application/pdf">Kwaliteitsbeeld 2024</a>',
    '<a href="https://files.example.org/d/8812">Kwaliteitsbeeld 2024 (PDF, 2,3 MB)</a>',
], ids=["download_attribute", "type_attribute", "named_in_the_anchor"])
def test_link_that_declares_a_file_is_a_document_even_on_another_site(html: str) -> None:
    """A file without a .pdf suffix on a document host: no page to explore elsewhere, but the report to fetch."""
    [cand] = report_links("https://zorg.nl/kwaliteit", html, 2024)
    assert (cand.url, cand.kind) == ("https://files.example.org/d/8812", "document")


@pytest.mark.parametrize("html", [
    '<a href="/kb-2022.pdf">Kwaliteitsbeeld 2022</a><a href="/kb-2024.pdf">Kwaliteitsbeeld 2024</a>'
    '<a href="/kb-2023.pdf">Kwaliteitsbeeld 2023</a>',
    '<h3>Kwaliteitsbeeld 2022</h3><p><a href="/media/7">Download</a></p><h3>Kwaliteitsbeeld 2024</h3><p><a href="/media/8">'
    'Download</a></p><h3>Kwaliteitsplan 2025</h3><p><a href="/media/6">Download</a></p>',
], ids=["named", "in_headings"])
def test_without_a_report_year_the_newest_report_wins(html: str) -> None:
    assert _best(html, year=None) in {"kb-2024.pdf", "8"}


@pytest.mark.parametrize("html", [
    '<main><h2>Kwaliteitsbeeld 2024</h2><p>Tekst</p></main><footer><p><a href="/x">Lees meer</a></p></footer>',
    '<h2>Kwaliteitsbeeld 2024</h2><p><a href="/nieuws">Nieuws</a> | <a href="/contact">Contact</a></p>',
    '<a href="/privacy.pdf">Privacyverklaring</a>', '<a href="/vacatures.pdf">Vacatures</a>',
                                  '<a href="https://other.nl/kwaliteit">Kwaliteit</a>',
    '<div class="card" data-image="/uploads/kwaliteitsbeeld-2024-cover.jpg">Kwaliteitsbeeld 2024</div>'
    '<img src="/uploads/kwaliteitsbeeld-2024.png" data-src="/uploads/kwaliteitsbeeld-2024.webp" alt="Kwaliteitsbeeld">'
    '<span onclick="ga(\'send\', \'event\', \'kwaliteitsbeeld\')">Kwaliteitsbeeld 2024</span>'],
                         ids=["heading_of_another_section", "anchor_that_names_its_own_topic", "privacy", "vacature",
                              "page_on_other_site", "images_and_tracking_calls"])
def test_link_that_is_no_candidate_is_dropped(html: str) -> None:
    assert report_links("https://zorg.nl/", html, 2024) == []


SNIFF = [
    ("pdf_magic_beats_type", b"%PDF-1.7\n...", "text/html", content.PDF),
    ("html_as_pdf_is_html", b"<!DOCTYPE html><html>x</html>", "application/pdf", content.HTML),
    ("zip_without_word_is_unsupported", b"PK\x03\x04garbage", "application/zip", None),
    ("image_is_unsupported", b"\x89PNG\r\n", "image/png", None),
]


@pytest.mark.parametrize(("body", "ctype", "media"), [c[1:] for c in SNIFF], ids=[c[0] for c in SNIFF])
def test_content_is_sniffed(body: bytes, ctype: str, media: str | None) -> None:
    assert content.sniff_media_type(body, ctype) == media


@pytest.mark.parametrize(("body", "header", "text"), [
    (b"\xef\xbb\xbf<meta charset='latin-1'>caf\xc3\xa9", "text/html; charset=cp1252", "café"),
    (b"<meta charset='utf-8'>caf\xe9", "text/html; charset=cp1252", "café"),
    (b"<meta charset='windows-1252'>caf\xe9", "text/html", "café"),
], ids=["bom_beats_header", "header_beats_meta", "meta_when_no_header"])
def test_html_decoding_order(body: bytes, header: str, text: str) -> None:
    assert text in content.decode_html(body, header)


@pytest.mark.parametrize(("html", "target"), [
    ('<meta http-equiv="refresh" content="0; url=/kb">', "https://a.nl/kb"),
    ("<noscript><meta http-equiv='refresh' content='5;URL=/kb'></noscript>", "https://a.nl/kb"),
    ("<script>window.location = '/kb';</script>", "https://a.nl/kb"),
    ('<script>location.href="/kb"</script>', "https://a.nl/kb"),
    ("<script>location.replace('https://b.nl/kb')</script>", "https://b.nl/kb"),
    ("<p>Gewone pagina</p>", None),
], ids=["meta", "noscript_meta", "window_location", "location_href", "location_replace", "none"])
def test_client_side_redirect_is_found(html: str, target: str | None) -> None:
    assert content.client_redirect("https://a.nl/start", html) == target


@pytest.mark.parametrize(("header", "name"), [
    ('attachment; filename="Kwaliteitsbeeld 2024.pdf"', "Kwaliteitsbeeld 2024.pdf"),
    ("attachment; filename*=UTF-8''Kwaliteitsbeeld%20cli%C3%ABnt.pdf", "Kwaliteitsbeeld cliënt.pdf"),
    ("inline", None),
], ids=["quoted", "rfc5987", "none"])
def test_file_name_from_content_disposition(header: str, name: str | None) -> None:
    assert content.filename_from_disposition(header) == name


def _page(title: str, words: int, headings: tuple[str, ...]) -> str:
    body = "".join(f"<h2>{h}</h2><p>{'zorg ' * (words // max(1, len(headings)))}</p>" for h in headings)
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "is_report"),
    [
        (_page("Kwaliteitsbeeld 2024 De Linde", 260, ("Wat cliënten belangrijk vinden", "Leren")), True),
        (_page("Kwaliteitsbeeld 2024", 120, ("Wat cliënten belangrijk vinden", "Leren")), False),
        (_page("Over ons", 300, ("Onze locaties", "Contact")), False),
        (_page("Nieuws", 700, ("Kwaliteit", "Cliënten", "Veiligheid", "Medewerkers", "Leren")), True),
    ],
    ids=["short-titled-web-report", "titled-but-too-short", "plain-page", "long-untitled-quality-page"],
)
def test_html_page_that_is_the_report(html: str, is_report: bool) -> None:
    assert content.looks_like_report(html) is is_report


@pytest.mark.parametrize(("header", "seconds"), [
    ("7", 7.0), (None, 5.0), ("onzin", 5.0), ("86400", 30.0),
    ("Tue, 24 Nov 2026 12:00:20 GMT", 20.0), ("Tue, 24 Nov 2026 11:00:00 GMT", 0.0),
], ids=["seconds", "absent", "garbage", "capped", "http_date", "date_in_the_past"])
def test_retry_after_is_read_and_bounded(header: str | None, seconds: float) -> None:
    from datetime import UTC, datetime

    from crawler.spider import retry_delay

    assert retry_delay(header, now=datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC)) == seconds
