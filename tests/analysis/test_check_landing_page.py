"""`kb check URL` of the page where a care provider publishes the report: the report behind it is found
the way the crawl finds it, fetched with the same guarded fetcher, checked, and named in the output.

The sites are WebFarms on 127.0.0.1 (`--allow-private`, as in the other check tests); the documents are
real PDFs made by kb.docmaker for the toy sector of test_classify_model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.docmaker import Block, DocSpec, render_pdf
from tests.analysis.test_check_cli import env_of
from tests.analysis.test_check_fetch import Resolver
from tests.support.webfarm import Reply, WebFarm

GARDEN = "De bewoners oogst tomaten en courgettes in de moestuin. " * 6
MUSIC = "Het koor ging zingen met piano en gitaar. " * 6


def _pdf(title: str) -> bytes:
    spec = DocSpec(title=title, blocks=(Block("heading", "Onze moestuin", 1), Block("paragraph", GARDEN),
                                        Block("heading", "Muziek", 1), Block("paragraph", MUSIC)))
    return render_pdf(spec)[0]


REPORT = _pdf("Kwaliteitsbeeld 2024 Zorggroep De Proeftuin")


def _page(title: str, main: str) -> str:
    return (f"<!DOCTYPE html><html lang='nl'><head><title>{title} | Zorggroep De Proeftuin</title></head><body>"
            "<header><nav><a href='/'>Home</a> <a href='/over-ons'>Over ons</a> <a href='/werken-bij'>Werken bij</a>"
            f"</nav></header><main><h1>{title}</h1>{main}</main><footer><a href='/privacyverklaring.pdf'>"
            "Privacyverklaring</a></footer></body></html>")


LIST_OF_REPORTS = _page("Kwaliteit", """<p>Hier vindt u hoe wij werken aan goede zorg.</p>
<h2>Kwaliteitsbeelden</h2><ul>
<li><a href="/media/2207/kwaliteitsbeeld-2023.pdf">Kwaliteitsbeeld 2023 (PDF, 1,8 MB)</a></li>
<li><a href="/media/2301/kwaliteitsbeeld-2024.pdf">Kwaliteitsbeeld 2024 (PDF, 2,1 MB)</a></li>
<li><a href="/media/2302/samenvatting-kwaliteitsbeeld-2024.pdf">Samenvatting kwaliteitsbeeld 2024</a></li></ul>""")
WEB_REPORT = _page("Kwaliteitsbeeld 2024", "".join(
    f"<h2>{h}</h2><p>{GARDEN if i % 2 else MUSIC}</p>"
    for i, h in enumerate(("Wat cliënten belangrijk vinden", "Samenwerking in de zorg", "Onze medewerkers",
                           "Leren en verbeteren", "Veiligheid")))
    + '<p><a href="/media/kwaliteitsplan-2025.pdf">Kwaliteitsplan 2025</a></p>')
TWO_STEPS = _page("Over ons", '<p>Wie wij zijn.</p><p><a href="/kwaliteit">Kwaliteit en verantwoording</a></p>')
NO_REPORT = _page("Kwaliteit", "<p>Goede zorg vinden wij belangrijk. Het koor ging zingen met piano.</p>"
                               '<p><a href="/contact">Neem contact op</a></p>')


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return env_of(tmp_path)


def _check(farm: WebFarm, path: str, env: dict[str, str], *extra: str) -> Any:
    return CliRunner().invoke(cli, ["check", farm.url(path), "--sector", "zz", "--allow-private", *extra], env=env)


@pytest.mark.parametrize(
    ("start", "routes", "checked", "reason", "others"),
    [
        ("/kwaliteit", {"/kwaliteit": LIST_OF_REPORTS}, "/media/2301/kwaliteitsbeeld-2024.pdf",
         "gevonden op de opgegeven pagina: Kwaliteitsbeeld 2024 (PDF, 2,1 MB)",
         ["/media/2207/kwaliteitsbeeld-2023.pdf", "/media/2302/samenvatting-kwaliteitsbeeld-2024.pdf"]),
        ("/over-ons", {"/over-ons": TWO_STEPS, "/kwaliteit": LIST_OF_REPORTS}, "/media/2301/kwaliteitsbeeld-2024.pdf",
         "gevonden op {base}/kwaliteit: Kwaliteitsbeeld 2024 (PDF, 2,1 MB)", []),
        ("/kwaliteitsbeeld-2024", {"/kwaliteitsbeeld-2024": WEB_REPORT}, "/kwaliteitsbeeld-2024",
         "de opgegeven pagina is zelf het verslag", []),
        ("/oud", {"/oud": Reply.redirect("/kwaliteit", 301), "/kwaliteit": LIST_OF_REPORTS},
         "/media/2301/kwaliteitsbeeld-2024.pdf", "gevonden op de opgegeven pagina: Kwaliteitsbeeld 2024 (PDF, 2,1 MB)",
         []),
        ("/verslag", {"/verslag": "<html><head><meta http-equiv='refresh' content='0; url=/kwaliteit'></head></html>",
                      "/kwaliteit": LIST_OF_REPORTS},
         "/media/2301/kwaliteitsbeeld-2024.pdf", "gevonden op de opgegeven pagina: Kwaliteitsbeeld 2024 (PDF, 2,1 MB)",
         []),
    ],
    ids=["list-of-pdfs", "report-one-page-further", "page-is-the-web-report", "http-redirect", "meta-refresh"],
)
def test_check_of_a_landing_page_checks_the_report_behind_it(
    env: dict[str, str], start: str, routes: dict[str, Any], checked: str, reason: str, others: list[str]
) -> None:
    pdfs = {p: Reply.pdf(REPORT) for p in ("/media/2207/kwaliteitsbeeld-2023.pdf", "/media/2301/kwaliteitsbeeld-2024.pdf",
                                           "/media/2302/samenvatting-kwaliteitsbeeld-2024.pdf",
                                           "/media/kwaliteitsplan-2025.pdf")}
    served = {p: r if isinstance(r, Reply) else Reply.html(r) for p, r in routes.items()}
    with WebFarm({**pdfs, **served}) as farm:
        result = _check(farm, start, env, "--json")
        text = _check(farm, start, env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    base = farm.url("")
    assert report["document"]["source"] == farm.url(start), "the source stays what was given"
    assert report["document"]["url"] == farm.url(checked)
    assert report["found"]["url"] == farm.url(checked) and report["found"]["reason"] == reason.format(base=base)
    assert [o["url"] for o in report["found"]["others"] if o["kind"] == "document"][:len(others)] == \
        [farm.url(p) for p in others]
    assert report["passages"] and report["coverage"]["bouwstenen"]["zz-b1"]["covered"]
    if checked.endswith(".pdf"):
        assert report["document"]["pages"] >= 1 and report["document"]["title"].startswith("Kwaliteitsbeeld 2024")
        assert f"getoetst: {farm.url(checked)}" in text.stdout and reason.format(base=base) in text.stdout
    else:
        assert all(path != "/media/kwaliteitsplan-2025.pdf" for _m, path, _h in farm.hits), \
            "a web report is checked itself; its weaker links are not fetched"
    for other in others:
        assert farm.url(other) in text.stdout, "the other candidate reports are listed"


@pytest.mark.parametrize(
    ("report_route", "message"),
    [
        (None, "http_error: the report linked from {page} ('Kwaliteitsbeeld 2024 (PDF, 2,1 MB)') cannot be fetched: "
               "{base}/media/2301/kwaliteitsbeeld-2024.pdf: status 404"),
        (Reply.redirect("http://169.254.169.254/latest/meta-data/kb.pdf"),
         "blocked_address: the report linked from {page} ('Kwaliteitsbeeld 2024 (PDF, 2,1 MB)') cannot be fetched: "
         "{base}/media/2301/kwaliteitsbeeld-2024.pdf: redirect refused: 169.254.169.254"),
    ],
    ids=["broken-link", "link-redirects-to-metadata-address"],
)
def test_a_report_link_that_cannot_be_fetched_is_the_named_outcome(
    env: dict[str, str], report_route: Reply | None, message: str
) -> None:
    page = LIST_OF_REPORTS.replace("/media/2207/kwaliteitsbeeld-2023.pdf", "/media/2207/anders.docx") \
        .replace("/media/2302/samenvatting-kwaliteitsbeeld-2024.pdf", "/elders.pdf")
    routes: dict[str, Any] = {"/kwaliteit": Reply.html(page)}
    if report_route is not None:
        routes["/media/2301/kwaliteitsbeeld-2024.pdf"] = report_route
    with WebFarm(routes) as farm:
        result = _check(farm, "/kwaliteit", env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message.format(page=farm.url("/kwaliteit"), base=farm.url("")) in result.stderr, result.stderr
    assert result.stdout == ""


def test_a_page_without_a_report_link_is_checked_itself_with_a_warning(env: dict[str, str]) -> None:
    with WebFarm({"/kwaliteit": Reply.html(NO_REPORT)}) as farm:
        result = _check(farm, "/kwaliteit", env, "--json")
        text = _check(farm, "/kwaliteit", env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["document"]["url"] == farm.url("/kwaliteit")
    assert report["found"]["reason"].startswith("op de opgegeven pagina is geen link naar een verslag gevonden")
    assert "no_report_link" in [w["code"] for w in report["warnings"]]
    assert "Let op: Op de opgegeven pagina staat geen link naar een kwaliteitsbeeld" in text.stdout


def test_a_shared_drive_link_on_the_page_is_fetched_in_its_download_form(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    """The crawler's download forms (crawler/hosting.py): the viewer page of Google Drive holds no file."""
    Resolver(monkeypatch, {"drive.google.com": [["127.0.0.1"]]})
    with WebFarm({"/uc": Reply.pdf(REPORT), "/file/d/1AbCdEfGhIjKlMnOp/view": Reply.html("<html>viewer</html>")}) \
            as farm:
        drive = f"http://drive.google.com:{farm.port}/file/d/1AbCdEfGhIjKlMnOp/view?usp=sharing"
        farm.routes["/kwaliteit"] = Reply.html(_page("Kwaliteit", f'<p><a href="{drive}">Ons kwaliteitsbeeld 2024</a></p>'))
        result = _check(farm, "/kwaliteit", env, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["document"]["url"] == f"http://drive.google.com:{farm.port}/uc?export=download&id=1AbCdEfGhIjKlMnOp"
    assert report["found"]["reason"] == "gevonden op de opgegeven pagina: Ons kwaliteitsbeeld 2024"
    assert [path for _m, path, _h in farm.hits] == ["/kwaliteit", "/uc"]


def test_a_document_url_is_checked_as_given(env: dict[str, str]) -> None:
    with WebFarm({"/kb.pdf": Reply.pdf(REPORT)}) as farm:
        result = _check(farm, "/kb.pdf", env, "--json")
        text = _check(farm, "/kb.pdf", env)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["found"]
    assert found["url"] == farm.url("/kb.pdf") and found["reason"] == "het opgegeven adres" and found["others"] == []
    assert "getoetst:" not in text.stdout


def test_a_web_report_over_several_pages_is_checked_whole(env: dict[str, str]) -> None:
    """As the crawl stores it: the first page with its parts ("Deel 2", pages under its path) joined; a
    "Volgende" link that leads to a news item is no part."""
    intro = "<p>" + "Wij vertellen hier over ons jaar en wat wij hebben geleerd. " * 30 + "</p>"
    first = _page("Kwaliteitsbeeld 2024", intro + "<h2>Leren en verbeteren</h2><p>Over ons jaar.</p>"
                  '<p><a href="/kwaliteitsbeeld-2024/deel-2">Deel 2: muziek</a></p>')
    second = _page("Kwaliteitsbeeld 2024 - deel 2", f"<h2>Muziek</h2><p>{MUSIC}</p>"
                   '<p><a href="/kwaliteitsbeeld-2024/deel-3">Volgende</a></p>')
    third = _page("Kwaliteitsbeeld 2024 - deel 3", f"<h2>Onze moestuin</h2><p>{GARDEN}</p>"
                  '<p><a href="/nieuws/zomerfeest">Volgende</a></p>')
    news = _page("Zomerfeest", "<p>Het koor ging zingen met piano op het zomerfeest.</p>")
    routes = {"/kwaliteit": Reply.html(_page("Kwaliteit", '<p><a href="/kwaliteitsbeeld-2024">Kwaliteitsbeeld 2024'
                                                          "</a></p>")),
              "/kwaliteitsbeeld-2024": Reply.html(first), "/kwaliteitsbeeld-2024/deel-2": Reply.html(second),
              "/kwaliteitsbeeld-2024/deel-3": Reply.html(third), "/nieuws/zomerfeest": Reply.html(news)}
    with WebFarm(routes) as farm:
        result = _check(farm, "/kwaliteit", env, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["found"]["url"] == farm.url("/kwaliteitsbeeld-2024")
    assert report["found"]["reason"] == "gevonden op de opgegeven pagina: Kwaliteitsbeeld 2024"
    assert report["found"]["parts"] == [farm.url("/kwaliteitsbeeld-2024/deel-2"), farm.url("/kwaliteitsbeeld-2024/deel-3")]
    cover = report["coverage"]["bouwstenen"]
    assert cover["zz-b1"]["covered"] and cover["zz-b2"]["covered"], "both later parts were checked"
    assert not any("zomerfeest" in p["text"] for p in report["passages"])
