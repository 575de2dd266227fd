"""The demo server answers each behaviour of orgs.yaml over real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kb.demo.server import DemoServer, Route, save_routes


def _get(base: str, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """One GET without following redirects."""
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()  # keeps .status/.headers; body re-read below where needed
    return response


def _body(base: str, path: str) -> bytes:
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    conn.request("GET", path)
    return conn.getresponse().read()


def test_avondgloed_answers_301_to_its_quality_page(demo_base: str) -> None:
    response = _get(demo_base, "/avondgloed/kwaliteit")
    assert response.status == 301
    assert response.headers["Location"] == "/avondgloed/over-ons/kwaliteit-en-verbetering"


def test_heideweelde_entry_is_a_meta_refresh_to_the_landing_page(demo_base: str) -> None:
    body = _body(demo_base, "/heideweelde/kwaliteitsbeeld").decode()
    assert 'http-equiv="refresh"' in body
    assert "url=/heideweelde/over-ons/kwaliteit" in body


def test_grachtengoed_entry_leaves_only_by_javascript(demo_base: str) -> None:
    body = _body(demo_base, "/grachtengoed/quality").decode()
    assert 'window.location.replace("/grachtengoed/en/quality")' in body
    assert "<a " not in body


@pytest.mark.parametrize(
    ("path", "content_type", "magic"),
    [
        ("/oeverloop/files/kwaliteitsbeeld-oeverloop-2024.pdf", "application/octet-stream", b"%PDF-"),
        ("/rietkraag/files/kwaliteitsbeeld-2024.pdf", "application/pdf", b"%PDF-"),
        ("/brakeland/files/kwaliteitsbeeld-brakeland-2024.docx", "application/vnd.openxmlformats", b"PK"),
        ("/zilverhuis/kwaliteitsbeeld-2024", "text/html", b"<"),
        ("/lindewaard/kwaliteit", "text/html", b"<!doctype html>"),
    ],
    ids=["pdf-as-octet-stream", "pdf", "docx", "html-report", "landing-page"],
)
def test_files_are_served_with_their_content_type(demo_base: str, path: str, content_type: str, magic: bytes) -> None:
    response = _get(demo_base, path)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith(content_type)
    assert _body(demo_base, path).lstrip().startswith(magic)


def test_krekelveld_download_is_an_attachment_with_a_filename(demo_base: str) -> None:
    response = _get(demo_base, "/krekelveld/files/download")
    assert response.status == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="kwaliteitsbeeld-krekelveld-2024.pdf"'
    assert _body(demo_base, "/krekelveld/files/download").startswith(b"%PDF-")


@pytest.mark.parametrize("path", ["/slinkerd/files/kwaliteitsbeeld-2024.pdf", "/nergens/pagina"], ids=["planted", "unknown"])
def test_missing_pages_answer_404(demo_base: str, path: str) -> None:
    assert _get(demo_base, path).status == 404


def test_robots_txt_allows_everything(demo_base: str) -> None:
    assert _body(demo_base, "/robots.txt") == b"User-agent: *\nAllow: /\n"


def test_brakeland_landing_page_is_a_consent_interstitial_with_the_links_underneath(demo_base: str) -> None:
    body = _body(demo_base, "/brakeland/kwaliteit").decode()
    assert "Alle cookies accepteren" in body
    assert 'href="/brakeland/files/kwaliteitsbeeld-brakeland-2024.docx"' in body


def test_unchanged_document_answers_304_to_a_conditional_request(demo_base: str) -> None:
    first = _get(demo_base, "/rietkraag/files/kwaliteitsbeeld-2024.pdf")
    again = _get(demo_base, "/rietkraag/files/kwaliteitsbeeld-2024.pdf", {"If-None-Match": first.headers["ETag"]})
    assert again.status == 304


def test_busy_port_falls_back_to_a_free_one(tmp_path: Path) -> None:
    save_routes(tmp_path, {"/": Route(file=None)})
    with DemoServer(tmp_path, port=0) as first, DemoServer(tmp_path, port=first.port) as second:
        assert second.port != first.port
        assert _get(second.base_url, "/").status == 200


def test_busy_port_without_fallback_raises(tmp_path: Path) -> None:
    save_routes(tmp_path, {"/": Route(file=None)})
    with DemoServer(tmp_path, port=0) as first, pytest.raises(OSError):
        DemoServer(tmp_path, port=first.port, fallback=False).start()
