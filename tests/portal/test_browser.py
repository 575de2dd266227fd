"""End to end: `kb portal` on the fixture database, driven by headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kb.settings import Settings
from tests.support.fixture_db import build_fixture_db

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("kb portal exited early")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("portal did not start")


@pytest.fixture
def portal_url(settings: Settings, engine: Engine) -> Iterator[str]:
    build_fixture_db(engine, settings)
    port = _free_port()
    cmd = [sys.executable, "-c", "from kb.cli import main; main()", "--db", settings.db_url,
           "--data-dir", str(settings.data_path), "portal", "--port", str(port)]
    # the user's KB_* settings stay out, but the session's shared trained model is used (no training on upload)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_") or k == "KB_MODELS_DIR"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # `kb portal` stopped means the Streamlit server stopped too (no orphan keeping the port)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                break
        time.sleep(0.2)
    else:
        raise AssertionError(f"the portal server still listens on port {port} after kb portal was stopped")


def _pdf(tmp: Path) -> Path:
    from kb import docmaker

    text = ("In het open gesprek vertellen cliënten en hun naasten wat voor hen belangrijk is. De wijkverpleegkundige "
            "legt de afspraken vast in het zorgleefplan en bespreekt ze elk half jaar opnieuw. In 2024 vulden 180 "
            "cliënten de PREM wijkverpleging in; de NPS was 48. Met de cliëntenraad bespraken we de uitkomsten.")
    spec = docmaker.DocSpec(title="Kwaliteitsbeeld 2024 - concept", blocks=(
        docmaker.Block(kind="heading", text="Het open gesprek", level=1), docmaker.Block(kind="paragraph", text=text)))
    path = tmp / "concept.pdf"
    path.write_bytes(docmaker.render_pdf(spec)[0])
    return path


def _browser(p):  # type: ignore[no-untyped-def]
    return p.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"])


def test_a_deep_link_as_first_visit_gets_the_portal_navigation_and_layout(portal_url: str) -> None:
    """A bookmarked /zoeken on a fresh server runs through app.py: Dutch page titles in sections, wide layout."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{portal_url}/zoeken", wait_until="domcontentloaded")
        page.get_by_label("Zoekterm").wait_for(timeout=30_000)
        nav = page.locator("[data-testid=stSidebarNav]")
        nav.get_by_text("Goede voorbeelden").wait_for(timeout=30_000)
        assert nav.get_by_text("Verkennen").count() == 1
        assert nav.get_by_text("app", exact=True).count() == 0
        width = page.locator("[data-testid=stMainBlockContainer]").bounding_box()
        assert width is not None and width["width"] > 1000  # layout="wide" of app.py applied
        browser.close()


def test_portal_loads_searches_and_opens_an_organisation(portal_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(portal_url, wait_until="domcontentloaded")
        page.get_by_role("heading", name="Overzicht").wait_for(timeout=30_000)
        page.get_by_text("Dekking van bouwstenen").first.wait_for(timeout=30_000)

        page.goto(f"{portal_url}/zoeken", wait_until="domcontentloaded")
        box = page.get_by_label("Zoekterm")
        box.wait_for(timeout=30_000)
        box.fill("clienten")
        box.press("Enter")
        page.get_by_text("10 passages").wait_for(timeout=30_000)
        # the count can show before the result list has rendered: wait for a highlighted hit
        page.locator("strong", has_text="cliënten").first.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "portal-zoeken.png"), full_page=True)

        page.goto(f"{portal_url}/organisaties?org=1", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Inzendingen").wait_for(timeout=30_000)
        page.get_by_text("Dekking met bewijs").wait_for(timeout=30_000)
        page.get_by_text("Origineel downloaden").wait_for(timeout=30_000)
        page.get_by_text("In het open gesprek vertelde mevrouw Jansen").first.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "portal-organisatie.png"), full_page=True)

        page.goto(f"{portal_url}/zelfcheck", wait_until="domcontentloaded")
        page.locator("input[type=file]").wait_for(state="attached", timeout=30_000)
        page.locator("input[type=file]").set_input_files(str(_pdf(tmp_path)))
        page.get_by_text("Verplichte elementen aanwezig").first.wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "portal-zelfcheck.png"), full_page=True)
        browser.close()
    assert (ARTIFACTS / "portal-organisatie.png").stat().st_size > 10_000
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists()
