"""`kb check URL` fetching: the connection goes to the addresses that were checked, on every hop,
with the host name kept for Host, SNI and the certificate; sizes, time and types are capped.

The resolver is replaced in these tests (the thing under test is our guard, not DNS): a name can
answer one address the first time and another the next time, like a rebinding DNS server.
"""

from __future__ import annotations

import datetime
import gzip
import http.server
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from analysis.check import CheckOutcome, fetch_url
from kb.cli import cli
from kb.settings import Settings
from tests.analysis.test_check_cli import env_of
from tests.support.webfarm import Reply, WebFarm

NAME = "kwaliteit.zorg-voorbeeld.nl"
PAGE = "<html><head><title>Kwaliteitsbeeld</title></head><body><p>{}</p></body></html>"


class Resolver:
    """socket.getaddrinfo with fixed answers per name: successive answers, the last one repeating."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]) -> None:
        self.answers, self.calls = answers, Counter[str]()
        real = socket.getaddrinfo

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
            if host not in self.answers:
                return real(host, port, *args, **kwargs)
            seq = self.answers[host]
            addresses = seq[min(self.calls[host], len(seq) - 1)]
            self.calls[host] += 1
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0))
                    for a in addresses]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def twin_farms() -> Iterator[tuple[WebFarm, WebFarm]]:
    """Two farms on one port: 127.0.0.1 (the address that is checked) and 127.0.0.2 (a rebound one)."""
    checked = WebFarm({"/r.html": Reply.html(PAGE.format("gecontroleerd adres"))})
    with checked:
        rebound = WebFarm({"/r.html": Reply.html(PAGE.format("ander adres")), "/start": Reply.redirect("/r.html")},
                          host="127.0.0.2", port=checked.port)
        with rebound:
            yield checked, rebound


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, twin_farms: tuple[WebFarm, WebFarm]
) -> None:
    checked, rebound = twin_farms
    resolver = Resolver(monkeypatch, {NAME: [["127.0.0.1"], ["127.0.0.2"]]})
    outcome, content, media_type = fetch_url(f"http://{NAME}:{checked.port}/r.html", settings, allow_private=True)
    assert outcome is CheckOutcome.OK and b"gecontroleerd adres" in content and media_type == "text/html"
    assert rebound.hits == [] and resolver.calls[NAME] == 1
    assert checked.hits[0][2]["Host"] == f"{NAME}:{checked.port}", "the Host header still names the site"


def test_every_redirect_hop_is_resolved_once_checked_and_pinned(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, twin_farms: tuple[WebFarm, WebFarm]
) -> None:
    checked, rebound = twin_farms
    checked.routes["/start"] = Reply.redirect(f"http://docs.zorg-voorbeeld.nl:{checked.port}/r.html")
    resolver = Resolver(monkeypatch, {NAME: [["127.0.0.1"], ["127.0.0.2"]],
                                      "docs.zorg-voorbeeld.nl": [["127.0.0.1"], ["127.0.0.2"]]})
    outcome, content, _ = fetch_url(f"http://{NAME}:{checked.port}/start", settings, allow_private=True)
    assert outcome is CheckOutcome.OK and b"gecontroleerd adres" in content
    assert rebound.hits == [] and resolver.calls == {NAME: 1, "docs.zorg-voorbeeld.nl": 1}


@pytest.mark.parametrize(
    ("answers", "allow_private", "expected"),
    [
        ([["93.184.216.34", "127.0.0.1"]], False, "blocked_address: kwaliteit.zorg-voorbeeld.nl resolves to loopback"),
        ([["127.0.0.1", "169.254.169.254"]], True, "blocked_address: kwaliteit.zorg-voorbeeld.nl resolves to 169.254"),
        ([["10.0.0.8"]], False, "blocked_address: kwaliteit.zorg-voorbeeld.nl resolves to private address 10.0.0.8"),
    ],
    ids=["public-and-loopback", "loopback-and-metadata", "private"],
)
def test_a_name_with_any_refused_address_is_never_contacted(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, answers: list[list[str]], allow_private: bool, expected: str
) -> None:
    Resolver(monkeypatch, {NAME: answers})
    outcome, content, detail = fetch_url(f"http://{NAME}/r.pdf", settings, allow_private)
    assert f"{outcome.value}: {detail}".startswith(expected) and content == b""


def test_a_redirect_to_a_name_that_resolves_to_metadata_is_refused(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    Resolver(monkeypatch, {"intern.zorg-voorbeeld.nl": [["169.254.169.254"]]})
    with WebFarm({"/r.pdf": Reply.redirect("http://intern.zorg-voorbeeld.nl/latest/meta-data/")}) as farm:
        outcome, _, detail = fetch_url(farm.url("/r.pdf"), settings, allow_private=True)
    assert outcome is CheckOutcome.BLOCKED_ADDRESS and detail.startswith("redirect refused: intern.zorg-voorbeeld.nl")


def test_a_url_typed_with_spaces_accents_and_an_idn_host_is_fetched(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    """ZiN lists hold URLs as people type them: spaces and accents in the path, accents in the host."""
    ace = "zorg-caf\u00e9.example".encode("idna").decode()
    Resolver(monkeypatch, {ace: [["127.0.0.1"]]})
    route = "/Kwaliteitsbeeld%202024%20caf%C3%A9.html"
    raw_utf8 = "/Kwaliteitsbeeld 2024 caf\u00e9.html".encode().decode("latin-1")  # as servers send it
    with WebFarm({route: Reply.html(PAGE.format("verslag")), "/nieuw": Reply.redirect(raw_utf8)}) as farm:
        for path in ("/Kwaliteitsbeeld 2024 caf\u00e9.html", "/nieuw"):
            outcome, content, _ = fetch_url(f"http://zorg-caf\u00e9.example:{farm.port}{path}", settings, True)
            assert outcome is CheckOutcome.OK and b"verslag" in content, content
        assert farm.hits[0][2]["Host"] == f"{ace}:{farm.port}"


def _trickle(handler: http.server.BaseHTTPRequestHandler) -> Reply:
    """One byte every 50 ms (of the body, or of the headers): never idle long enough for a socket timeout."""
    farm: WebFarm = handler.farm  # type: ignore[attr-defined]
    in_headers = handler.path.startswith("/headers")
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n" + (b"X-Slow: " if in_headers else b"\r\n%PDF-1.4\n"))
    try:
        while not farm.stopping.wait(0.05):
            handler.wfile.write(b"a")
            handler.wfile.flush()
    except OSError:
        pass
    return Reply(hang=True)


@pytest.mark.parametrize("path", ["/headers", "/body"])
def test_a_download_that_trickles_is_stopped_at_the_time_limit(settings: Settings, path: str) -> None:
    with WebFarm({path: _trickle}) as farm:
        started = time.monotonic()
        outcome, _, detail = fetch_url(farm.url(path), settings.with_overrides(download_timeout=0.5), True)
        took = time.monotonic() - started
    assert outcome is CheckOutcome.TIMEOUT and "0.5 s" in detail and took < 3


def _gzipped(data: bytes, content_type: str = "text/html; charset=utf-8") -> Reply:
    return Reply(body=gzip.compress(data), content_type=content_type, headers={"Content-Encoding": "gzip"})


@pytest.mark.parametrize(
    ("reply", "max_bytes", "expected"),
    [
        (Reply(stream_bytes=50_000_000, content_type="application/pdf"), 200_000, "too_large: larger than 200000"),
        (Reply.pdf(b"%PDF-1.4\n" + b"0" * 300_000), 200_000, "too_large: announced 300009 bytes"),
        (_gzipped(b"<html><body>" + b"a" * 5_000_000), 200_000, "too_large: larger than 200000"),
        (_gzipped(PAGE.format("ingepakt verslag").encode()), 200_000, "ok: text/html"),
        (Reply(body=b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\0" * 100_000, content_type="image/jpeg"), 10**6,
         "unsupported_type: image/jpeg"),
        (Reply(body=b"\x00\x00\x00\x18ftypmp42" + b"\0" * 100, content_type="video/mp4"), 10**6,
         "unsupported_type: video/mp4"),
        (Reply.pdf(b"%PDF-1.4\n% a report served with the wrong type\n", content_type="image/pdf"), 10**6,
         "ok: image/pdf"),
        (Reply(body=b"x", content_type="text/html", headers={"Content-Encoding": "br"}), 10**6,
         "unsupported_type: text/html sent with content encoding 'br'"),
        (Reply(status=303, content_type=None), 10**6, "http_error: status 303"),
    ],
    ids=["streamed-past-the-cap", "announced-past-the-cap", "gzip-bomb", "gzip-page", "image", "video",
         "pdf-with-wrong-type", "unknown-encoding", "redirect-without-location"],
)
def test_sizes_types_and_encodings_are_checked_while_streaming(
    settings: Settings, reply: Reply, max_bytes: int, expected: str
) -> None:
    with WebFarm({"/doc": reply}) as farm:
        outcome, content, info = fetch_url(farm.url("/doc"), settings.with_overrides(max_bytes=max_bytes), True)
        sent = farm.bytes_sent
    assert f"{outcome.value}: {info}".startswith(expected)
    if outcome is CheckOutcome.OK and "html" in info:
        assert b"ingepakt verslag" in content, "a gzip body is decoded"
    if reply.stream_bytes:
        assert sent < reply.stream_bytes / 2, "the download stops at the cap"


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _TlsSite:
    """An HTTPS server on 127.0.0.1 recording the SNI name and Host header of each request."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.sni: list[str | None] = []
        self.hosts: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                site.hosts.append(self.headers.get("Host", ""))
                body = PAGE.format("beveiligd verslag").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.sni_callback = lambda _sock, name, _ctx: self.sni.append(name)  # type: ignore[assignment,misc,func-returns-value]
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = int(self.server.server_address[1])

    def __enter__(self) -> _TlsSite:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("cert_name", "expected"), [(NAME, "ok"), ("ander.example", "connection_error")])
def test_https_to_a_pinned_address_keeps_sni_host_and_certificate_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Settings, cert_name: str, expected: str
) -> None:
    cert, key = _certificate(tmp_path, cert_name)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate (read by the default context)
    resolver = Resolver(monkeypatch, {NAME: [["127.0.0.1"], ["127.0.0.2"]]})
    with _TlsSite(cert, key) as site:
        outcome, content, info = fetch_url(f"https://{NAME}:{site.port}/r.html", settings, allow_private=True)
    assert outcome.value == expected, info
    assert site.sni[:1] == [NAME] and resolver.calls[NAME] == 1
    if expected == "ok":
        assert b"beveiligd verslag" in content and site.hosts == [f"{NAME}:{site.port}"]
    else:
        assert "certificate" in info


def test_a_file_error_is_named_before_the_model_is_loaded(tmp_path: Path) -> None:
    env = {**env_of(tmp_path), "KB_MODELS_DIR": str(tmp_path / "no-model-yet")}
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "missing.pdf"), "--sector", "zz"], env=env)
    assert result.exit_code == 1 and "not_found: no such file" in result.stderr
    assert not (tmp_path / "no-model-yet").exists(), "no model was trained or loaded for a file that is not there"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_or_pipe_without_a_size_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    env = {**env_of(tmp_path), "KB_MAX_BYTES": "1000"}
    result = CliRunner().invoke(cli, ["check", "/dev/zero", "--sector", "zz"], env=env)
    assert result.exit_code == 1 and "too_large: /dev/zero gives more than the cap of 1000 bytes" in result.stderr
