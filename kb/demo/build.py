"""Build the demo sector into ``<data_dir>/demo/``: the websites and the ZiN submissions files.

``site/`` holds one directory per organisation plus ``routes.json`` (what the server
answers per URL path) and ``build.json`` (source hash, counts, warnings). A build is
skipped when the hash of the sources (orgs.yaml, reports, this package, kb/docmaker.py)
is unchanged. The submissions XLSX files depend on the server's port and are written
separately by `write_submissions`.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kb import docmaker
from kb.demo import sitepages
from kb.demo.content import DEMO_SOURCE_DIR, Behaviour, DemoContent, Organisation, load_content
from kb.demo.fillers import filler_text
from kb.demo.markdown import DemoReport, body_spec, load_reports
from kb.demo.server import Route, save_routes
from kb.demo.zin import write_submissions_xlsx

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html; charset=utf-8"
BUILD_FILE = "build.json"
_HERE = Path(__file__).parent
# the code that decides the bytes served (not the pipeline or the portal launcher)
CODE_FILES = [*(_HERE / f"{name}.py" for name in ("build", "content", "fillers", "markdown", "server", "sitepages")),
              Path(docmaker.__file__)]

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    site_dir: Path
    source_hash: str
    cached: bool = False
    seconds: float = 0.0
    routes: int = 0
    bytes: int = 0
    reports: int = 0
    warnings: list[str] = field(default_factory=list)


def source_hash(source_dir: Path = DEMO_SOURCE_DIR) -> str:
    """sha256 over the demo content and the code that renders it."""
    digest = hashlib.sha256()
    paths = [source_dir / "orgs.yaml", *sorted((source_dir / "reports").glob("*.md"))]
    for path in [*paths, *CODE_FILES]:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class _SiteWriter:
    """Writes bodies under the site dir and collects the routes."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.routes: dict[str, Route] = {}
        self.bytes = 0

    def add(self, url_path: str, body: bytes | None, content_type: str = HTML, status: int = 200,
            headers: dict[str, str] | None = None) -> None:
        rel = None
        if body is not None:
            rel = url_path.strip("/")
            rel = f"{rel}/index.html" if content_type == HTML or not rel else rel
            target = self.site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            self.bytes += len(body)
        self.routes[url_path.rstrip("/") or "/"] = Route(status, rel, content_type, headers or {})

    def update(self, url_path: str, **changes: object) -> None:
        route = self.routes.get(url_path)
        if route is not None:
            self.routes[url_path] = Route(**{**route.__dict__, **changes})


def _report_year(org: Organisation) -> int:
    return max((s.year for s in org.submissions), default=2024)


def _render_filler(org: Organisation, kind: str) -> bytes:
    title, body = filler_text(kind, org.name, _report_year(org))  # type: ignore[arg-type]
    pdf, _truth = docmaker.render_pdf(body_spec(title, body, author=org.name))
    return pdf


def _write_report(out: _SiteWriter, url_path: str, report: DemoReport, org: Organisation) -> None:
    fmt = report.meta.format
    if fmt == "docx":
        out.add(url_path, _fixed_zip_times(docmaker.render_docx(report.spec(author=org.name))), DOCX)
    elif fmt == "html":
        _write_html_report(out, url_path, report)
    else:
        pdf, _truth = docmaker.render_pdf(report.spec(author=org.name))
        out.add(url_path, pdf, PDF)


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip (DOCX) with every entry dated 1980-01-01: a rebuild gives the same bytes."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            out.writestr(fixed, source.read(info))
    return target.getvalue()


def _write_html_report(out: _SiteWriter, url_path: str, report: DemoReport) -> None:
    specs = report.part_specs()
    paths = [url_path] + [f"{url_path}/deel-{n}" for n in range(2, len(specs) + 1)]
    for index, spec in enumerate(specs):
        html = docmaker.render_html(spec, chrome=True)
        previous = paths[index - 1] if index else None
        following = (paths[index + 1], specs[index + 1].title) if index + 1 < len(specs) else None
        out.add(paths[index], sitepages.with_part_navigation(html, previous, following).encode(), HTML)


def _build_org(out: _SiteWriter, org: Organisation, reports: dict[str, DemoReport], warnings: list[str]) -> None:
    root = f"/{org.slug}"
    home = sitepages.site_href(org, org.site.pages[0].path) if org.site.pages else root
    for page in org.site.pages:
        out.add(f"{root}/{page.path}", sitepages.render_page(org, page, home).encode())
    for item in org.site.files:
        path = f"{root}/{item.path}"
        if item.report:
            _add_report(out, path, item.report, org, reports, warnings)
        elif item.filler:
            out.add(path, _render_filler(org, item.filler), PDF)
    for rule in org.site.behaviours:
        _apply_behaviour(out, org, rule, reports, warnings)


def _add_report(out: _SiteWriter, path: str, report_id: str, org: Organisation,
                reports: dict[str, DemoReport], warnings: list[str]) -> None:
    report = reports.get(report_id)
    if report is None:
        warnings.append(f"{org.slug}: report {report_id} not found in data/demo/reports (served as 404)")
        return
    _write_report(out, path, report, org)


def _apply_behaviour(out: _SiteWriter, org: Organisation, rule: Behaviour, reports: dict[str, DemoReport],
                     warnings: list[str]) -> None:
    path = f"/{org.slug}/{rule.path}"
    if rule.report:
        _add_report(out, path, rule.report, org, reports, warnings)
    if rule.redirect:
        location = sitepages.site_href(org, rule.redirect)
        out.add(path, None, HTML, rule.status or 301, {"Location": location})
    elif rule.meta_refresh:
        out.add(path, sitepages.render_meta_refresh(org, rule.meta_refresh).encode())
    elif rule.js_redirect:
        out.add(path, sitepages.render_js_redirect(org, rule.js_redirect).encode())
    elif rule.status and rule.status >= 400:
        out.add(path, None, HTML, rule.status)
    if rule.content_type:
        out.update(path, content_type=rule.content_type)
    if rule.content_disposition and path in out.routes:
        headers = {**out.routes[path].headers, "Content-Disposition": rule.content_disposition}
        out.update(path, headers=headers)


def _read_stamp(site_dir: Path) -> BuildResult | None:
    """The result recorded by the last complete build, or None."""
    try:
        data = json.loads((site_dir / BUILD_FILE).read_text(encoding="utf-8"))
        return BuildResult(site_dir=site_dir, cached=True, **data)
    except (OSError, ValueError, TypeError):
        return None


def is_up_to_date(demo_dir: Path, source_dir: Path = DEMO_SOURCE_DIR) -> bool:
    stamp = _read_stamp(demo_dir / "site")
    return stamp is not None and stamp.source_hash == source_hash(source_dir)


def build_sites(demo_dir: Path, source_dir: Path = DEMO_SOURCE_DIR, force: bool = False,
                progress: Progress | None = None) -> BuildResult:
    """Build every organisation's site into ``demo_dir/site`` (skipped when up to date)."""
    digest = source_hash(source_dir)
    site_dir = demo_dir / "site"
    stamp = _read_stamp(site_dir)
    if not force and stamp is not None and stamp.source_hash == digest:
        return stamp
    started = time.monotonic()
    content, reports = load_content(source_dir), load_reports(source_dir / "reports")
    tmp = demo_dir / "site.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    result = _build_into(tmp, content, reports, progress)
    result.seconds = round(time.monotonic() - started, 2)
    result.source_hash = digest
    stamp_data = {k: v for k, v in result.__dict__.items() if k not in ("site_dir", "cached")}
    (tmp / BUILD_FILE).write_text(json.dumps(stamp_data, indent=1), encoding="utf-8")
    shutil.rmtree(site_dir, ignore_errors=True)
    tmp.rename(site_dir)
    result.site_dir = site_dir
    return result


@contextmanager
def _invariant_pdfs() -> Iterator[None]:
    """reportlab without creation dates and random ids: a rebuild serves the same bytes (same sha256)."""
    from reportlab import rl_config

    before = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = before


def _build_into(site_dir: Path, content: DemoContent, reports: dict[str, DemoReport],
                progress: Progress | None) -> BuildResult:
    with _invariant_pdfs():
        return _build_sites_into(site_dir, content, reports, progress)


def _build_sites_into(site_dir: Path, content: DemoContent, reports: dict[str, DemoReport],
                      progress: Progress | None) -> BuildResult:
    out = _SiteWriter(site_dir)
    warnings: list[str] = []
    for org in content.organisations:
        if progress:
            progress(org.slug)
        _build_org(out, org, reports, warnings)
    homes = {o.slug: sitepages.site_href(o, o.site.pages[0].path) if o.site.pages else f"/{o.slug}"
             for o in content.organisations}
    out.add("/", sitepages.render_index(content.organisations, homes).encode())
    save_routes(site_dir, out.routes)
    used = {r for o in content.organisations for r in _report_ids(o)}
    warnings.extend(f"report {rid} is not used by any site in orgs.yaml" for rid in sorted(set(reports) - used))
    return BuildResult(site_dir, "", routes=len(out.routes), bytes=out.bytes,
                       reports=len(used & set(reports)), warnings=warnings)


def _report_ids(org: Organisation) -> list[str]:
    ids = [f.report for f in org.site.files if f.report]
    return ids + [b.report for b in org.site.behaviours if b.report]


def write_submissions(demo_dir: Path, orgs: tuple[Organisation, ...], base: str) -> dict[str, Path]:
    """One ZiN-shaped XLSX per sector (as ZiN publishes them), URLs on `base`."""
    files = {}
    for sector, sheet in (("vvt", "VVT kwaliteitsbeeld VJ2024"), ("ghz", "GHZ Kwaliteitsbeeld VJ2023")):
        chosen = tuple(o for o in orgs if o.sector == sector)
        if chosen:
            path = demo_dir / f"zin-demo-{sector}.xlsx"
            write_submissions_xlsx(chosen, base, path, sheet)
            files[sector] = path
    return files
