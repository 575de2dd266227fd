"""Helpers of the crawler tests: minimal PDFs/DOCX, submissions in the database, crawl settings."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import Engine, select

from kb.db import session_scope
from kb.schema import CrawlResult, Organisation, Submission
from kb.settings import Settings


def make_pdf(text: str = "Kwaliteitsbeeld 2024", pad: int = 0) -> bytes:
    """A minimal valid-looking PDF carrying `text` (and `pad` bytes of comment to make it bigger)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
            + b"4 0 obj<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream endobj\n"
            + b"%" + b"x" * pad + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def make_docx(text: str = "Kwaliteitsbeeld 2024") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
                         "</w:body></w:document>")
    return buf.getvalue()


def report_html(title: str = "Kwaliteitsbeeld 2024", words: int = 700) -> str:
    """An HTML page that is itself the report: long text, headings about quality."""
    para = " ".join(["De zorg voor onze cliënten en de kwaliteit van leven staan centraal."] * (words // 12))
    heads = ["Kwaliteit en veiligheid", "Cliëntervaringen", "Leren en verbeteren", "Medewerkers"]
    body = "".join(f"<h2>{h}</h2><p>{para}</p>" for h in heads)
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"


def crawl_settings(settings: Settings, **kw: object) -> Settings:
    base: dict[str, object] = {"allow_private": True, "download_timeout": 2.0, "autothrottle": False,
                               "site_failure_limit": 2}
    base.update(kw)
    return settings.with_overrides(**base)


def add_submission(engine: Engine, url: str | None, name: str = "Zorg", year: int = 2024,
                   sector: str = "vvt", status: str = "pending") -> int:
    with session_scope(engine) as session:
        org = session.scalars(select(Organisation).where(Organisation.name == name)).first()
        if org is None:
            org = Organisation(name=name, name_key=name.casefold(), sectors=[sector])
            session.add(org)
            session.flush()
        sub = Submission(organisation_id=org.id, sector=sector, report_year=year, submitted_url=url,
                         status=status)
        session.add(sub)
        session.flush()
        return sub.id


def results(engine: Engine, run_id: int) -> dict[int, CrawlResult]:
    with session_scope(engine) as session:
        return {r.submission_id: r for r in session.scalars(select(CrawlResult).where(CrawlResult.run_id == run_id))}
