"""The demo builder: every report parses, every built file is what it claims, the demo stays small."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from kb.demo.build import BUILD_FILE, build_sites, write_submissions
from kb.demo.content import DEMO_SOURCE_DIR, load_content
from kb.demo.markdown import load_reports, parse_report
from kb.demo.server import load_routes

REPORT_FILES = sorted((DEMO_SOURCE_DIR / "reports").glob("*.md"))
MAGIC = {"application/pdf": b"%PDF-", "application/vnd.openxmlformats": b"PK\x03\x04", "text/html": b"<!"}


@pytest.mark.parametrize("path", REPORT_FILES, ids=[p.stem for p in REPORT_FILES])
def test_every_demo_report_parses_into_headed_blocks(path: Path) -> None:
    report = parse_report(path.read_text(encoding="utf-8"))
    assert report.meta.id == path.stem
    assert report.spec().title == report.meta.title
    assert any(block.kind == "paragraph" for block in report.blocks)
    assert any(block.kind == "heading" for block in report.spec().blocks)


def test_every_report_used_by_a_site_exists() -> None:
    reports = load_reports(DEMO_SOURCE_DIR / "reports")
    content = load_content()
    used = {f.report for o in content.organisations for f in o.site.files if f.report}
    used |= {b.report for o in content.organisations for b in o.site.behaviours if b.report}
    missing = sorted(used - set(reports))
    assert not missing, f"orgs.yaml names reports that do not exist: {', '.join(missing)}"


def test_body_syntax_becomes_the_matching_blocks() -> None:
    text = (
        "---\nid: x\norg: o\nsector: vvt\nyear: 2024\ntitle: T\n---\n# T\n\n## Kop\n\nEen zin\nloopt door.\n\n"
        "- een\n- twee\n\n> citaat\n\n| a | b |\n|---|---|\n| 1 | 2 |\n---page---\n# Deel twee\n\nTekst.\n"
    )
    report = parse_report(text)
    kinds = [b.kind for b in report.spec().blocks]
    assert kinds == ["heading", "paragraph", "bullets", "quote", "table", "heading", "paragraph"]
    assert report.spec().blocks[1].text == "Een zin loopt door."
    assert report.spec().blocks[4].rows == (("a", "b"), ("1", "2"))
    assert [spec.title for spec in report.part_specs()] == ["T", "Deel twee"]


def _routes_with_bodies(demo_dir: Path) -> list[tuple[str, str, Path]]:
    site = demo_dir / "site"
    return [(path, r.content_type, site / r.file) for path, r in load_routes(site).items() if r.file]


def test_every_built_file_starts_with_the_magic_of_its_content_type(demo_dir: Path) -> None:
    wrong = []
    for url_path, ctype, file in _routes_with_bodies(demo_dir):
        head = file.read_bytes()[:16]
        expected = next((m for prefix, m in MAGIC.items() if ctype.startswith(prefix)), b"%PDF-")
        if not head.lstrip().lower().startswith(expected.lower()):
            wrong.append(f"{url_path} ({ctype}): {head!r}")
    assert not wrong


@pytest.mark.parametrize("url_path", ["/avondgloed/files/scan-kwaliteitsbeeld-2024.pdf"], ids=["avondgloed"])
def test_scanned_report_has_no_text_layer(demo_dir: Path, url_path: str) -> None:
    route = load_routes(demo_dir / "site")[url_path]
    assert route.file is not None
    doc = pdfium.PdfDocument((demo_dir / "site" / route.file).read_bytes())
    try:
        assert len(doc) >= 1
        assert all(not page.get_textpage().get_text_range().strip() for page in doc)
    finally:
        doc.close()


def test_whole_built_demo_is_under_10_mb(demo_dir: Path) -> None:
    total = sum(f.stat().st_size for f in (demo_dir / "site").rglob("*") if f.is_file())
    assert total < 10 * 1024 * 1024


def test_unchanged_sources_reuse_the_previous_build(demo_dir: Path) -> None:
    before = (demo_dir / "site" / BUILD_FILE).stat().st_mtime_ns
    result = build_sites(demo_dir)
    assert result.cached
    assert (demo_dir / "site" / BUILD_FILE).stat().st_mtime_ns == before


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("zin")
    return write_submissions(out, load_content().organisations, "http://127.0.0.1:8765")


def _data_rows(path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    wb = load_workbook(path, read_only=True)
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    return [str(c) for c in rows[0]], rows[1:]


@pytest.mark.parametrize("sector", ["vvt", "ghz"])
def test_submissions_file_has_the_zin_shape(submissions: dict[str, Path], sector: str) -> None:
    wb = load_workbook(submissions[sector], read_only=True)
    assert wb.sheetnames[0] == "Belangrijke informatie"
    first = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert len(first) == 1 and "IndicatorCode" not in str(first[0])
    header, rows = _data_rows(submissions[sector])
    for column in ("IndicatorsetCode", "Verslagjaar", "KvkNummer", "LocatieNaam", "IndicatorCode", "IndicatorWaarde"):
        assert column in header
    kvk = header.index("KvkNummer")
    assert all(isinstance(row[kvk], int) for row in rows)


@pytest.mark.parametrize(
    ("sector", "kvk", "url"),
    [
        ("vvt", 4567123, "http://127.0.0.1:8765/zonneklaver/kwaliteitsverslagen"),
        ("vvt", 9876543, "127.0.0.1:8765/helmgras/kwaliteit"),
        ("ghz", 7654321, "http://127.0.0.1:8765/hazelaarsdal/over-ons"),
    ],
    ids=["leading-zero-lost", "sloppy-hostport", "ghz"],
)
def test_submitted_urls_stand_on_every_location_row(submissions: dict[str, Path], sector: str, kvk: int,
                                                     url: str) -> None:
    header, rows = _data_rows(submissions[sector])
    col = {name: header.index(name) for name in ("KvkNummer", "LocatieNaam", "IndicatorWaarde")}
    org_rows = [r for r in rows if r[col["KvkNummer"]] == kvk]
    locations = {r[col["LocatieNaam"]] for r in org_rows}
    with_url = {r[col["LocatieNaam"]] for r in org_rows if r[col["IndicatorWaarde"]] == url}
    assert with_url == locations
    assert any(str(loc).lower().startswith("concernniveau: ") for loc in locations)


def test_ghz_rows_use_the_zin_indicator_codes(submissions: dict[str, Path]) -> None:
    header, rows = _data_rows(submissions["ghz"])
    codes = {(r[header.index("IndicatorsetCode")], r[header.index("IndicatorCode")]) for r in rows}
    assert {("ISID000166", "INID023497"), ("ISID000166", "INID023498")} <= codes



def test_a_rebuild_serves_the_same_bytes(demo_dir: Path, tmp_path: Path) -> None:
    build_sites(tmp_path, force=True)
    site, again = demo_dir / "site", tmp_path / "site"
    changed = [r.file for r in load_routes(site).values()
               if r.file and (site / r.file).read_bytes() != (again / r.file).read_bytes()]
    assert not changed
