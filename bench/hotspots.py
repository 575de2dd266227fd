"""Benchmark: the known slow spots of session 6, each on a realistic size, with a check that the output is unchanged.

- compare: the portal's comparison table (vergelijken) for 50 documents on a generated database (1,000
  documents, 100 passages each); next to it, in the same run, the former way (one coverage query per
  document and one passage query per covered label), and a check that every cell reads the same;
- docx: extraction of a ~100-page Word document (Heading styles, a house heading style with an outline
  level, bold lines, lists, tables);
- html: extraction of the same report as one web page;
- figures: `find_figures` on 100,000 passages recombined from the training sentences, a share with survey
  results (NPS, Zorgkaart, PREM, grades);
- links: `report_links` on a landing page with 500 links (site pages, PDFs, shared-drive and viewer links).

Each timing is the best CPU time of REPEAT runs (the machine is shared; SQLite runs in-process). A digest of each output is printed so that
runs before and after a change can be compared.

Usage: .venv/bin/python bench/hotspots.py [--only compare,docx,html,figures,links] [--db /tmp/kb-hot/kb.sqlite]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb import docmaker  # noqa: E402
from tests.support.corpus import report_spec  # noqa: E402

REPEAT = 5


def best(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    """Best CPU seconds of this process over `repeat` runs (wall time is noisy on a shared machine), and the output."""
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:12]


def sentence_pool() -> list[str]:
    pool: list[str] = []
    for path in sorted((ROOT / "data" / "training").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pool += [s for s in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]) if len(s.split()) >= 4]
    return pool


# --------------------------------------------------------------------------- compare


def bench_compare(db: Path) -> None:
    from sqlalchemy import func, select, text

    from kb.db import make_engine, migrate
    from kb.schema import Passage
    from portal import queries as q
    from portal import render
    from tests.support.fixture_db import build_bulk_db

    db.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    with engine.connect() as conn:
        if not conn.execute(select(func.count()).select_from(Passage)).scalar_one():
            build_bulk_db(engine, 1000, 100)
            with engine.begin() as c2:
                c2.execute(text("ANALYZE"))
    doc_ids = list(range(1, 100, 2))[:50]  # 50 vvt documents
    statements = [0]

    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args: Any) -> None:
        statements[0] += 1

    def former() -> dict[int, dict[str, str]]:
        def cell(covered: bool, passage_ids: list[int] | None) -> str:
            if not covered:
                return "✗"
            views = q.load_passages(engine, [int(i) for i in passage_ids or []])
            pages = sorted({p.page for p in views if p.page})
            if pages:
                return "✓ p. " + ", ".join(str(n) for n in pages[:6]) + (" …" if len(pages) > 6 else "")
            return "✓ " + render.nl_count(len(views), "passage", "passages") if views else "✓"

        cols = {}
        for doc_id in doc_ids:
            cov = q.document_coverage(engine, doc_id)
            cols[doc_id] = {r.label_id: cell(bool(r.covered), r.passage_ids) for r in cov.itertuples()}
        return cols

    def now() -> dict[int, dict[str, str]]:
        return render.coverage_cells(engine, doc_ids)

    for name, fn in (("former (per document, per label)", former), ("now", now)):
        statements[0] = 0
        fn()
        n = statements[0]
        secs, out = best(fn)
        print(f"compare 50 documents, {name}: {secs * 1000:.1f} ms CPU, {n} SQL statements, digest {digest(out)}")
    assert former() == now(), "the comparison cells differ"


# --------------------------------------------------------------------------- docx / html


def report_docx(pages: int) -> bytes:
    """The report of `report_spec(pages)` as Word writes it, plus a house heading style and bold lines."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    spec = report_spec(pages)
    document = docx.Document()
    house = document.styles.add_style("Kop Eigen", WD_STYLE_TYPE.PARAGRAPH)
    house.base_style = document.styles["Normal"]
    ppr = house.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    ppr.append(outline)
    body = document.styles.add_style("Brood", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = document.styles["Normal"]
    document.add_heading(spec.title, level=0)
    for n, block in enumerate(spec.blocks):
        if block.kind == "heading":
            if block.level == 2 and n % 3 == 0:
                document.add_paragraph(block.text, style="Kop Eigen")
            else:
                document.add_heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            if n % 4 == 0:
                document.add_paragraph().add_run("Wat vinden cliënten ervan").bold = True
            document.add_paragraph(block.text, style="Brood" if n % 2 else None)
        elif block.kind == "quote":
            document.add_paragraph(block.text, style="Quote")
        elif block.kind == "bullets":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=max(len(r) for r in block.rows))
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _extraction_digest(ext: Any) -> str:
    return digest([ext.status, ext.title, [(p.heading_path, p.text, p.kind) for p in ext.passages]])


def bench_docx() -> None:
    from analysis.extract import ExtractOptions, extract_document

    data = report_docx(100)
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    secs, ext = best(lambda: extract_document(data, mime, ExtractOptions()))
    print(f"docx ~100 pages ({len(ext.passages)} passages): {secs * 1000:.0f} ms CPU, digest {_extraction_digest(ext)}")


def bench_html() -> None:
    from analysis.extract import ExtractOptions, extract_document

    data = docmaker.render_html(report_spec(100)).encode()
    secs, ext = best(lambda: extract_document(data, "text/html", ExtractOptions()))
    print(f"html ~100 pages ({len(ext.passages)} passages): {secs * 1000:.0f} ms CPU, digest {_extraction_digest(ext)}")


# --------------------------------------------------------------------------- figures

SURVEY = (
    "Uit het cliëntervaringsonderzoek ({n} respondenten) blijkt dat cliënten ons gemiddeld een {g} geven.",
    "Op ZorgkaartNederland kregen we in {y} een {g} en een aanbevelingsscore van {p}%.",
    "De NPS kwam in {y} uit op {nps}.",
    "Met de PREM wijkverpleging vroegen we {n} cliënten naar hun ervaring; de totaalscore was {g}.",
    "Via Vraag het de cliënt spraken we {n} bewoners; {p}% raadt ons aan.",
)


def figure_passages(n: int) -> list[tuple[str, str]]:
    rng = random.Random(6)
    pool = sentence_pool()
    out = []
    for i in range(n):
        sentences = rng.sample(pool, rng.randint(2, 6))
        if i % 7 == 0:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(SURVEY).format(
                n=rng.randint(30, 400), g=f"{rng.randint(70, 92) / 10:.1f}".replace(".", ","), y=rng.choice((2022, 2023)),
                p=rng.randint(80, 99), nps=rng.randint(-5, 60)))
        out.append((f"p{i}", " ".join(sentences)))
    return out


def bench_figures() -> None:
    from analysis.figures import find_figures

    passages = figure_passages(100_000)
    secs, rows = best(lambda: find_figures(passages), 3)
    print(f"figures 100,000 passages ({len(rows)} figures): {secs:.2f} s CPU, digest {digest(rows)}")


# --------------------------------------------------------------------------- links


def landing_page(n: int) -> str:
    rng = random.Random(5)
    words = ("nieuws", "over-ons", "zorg", "locaties", "werken-bij", "contact", "agenda", "kwaliteit", "jaarverslag",
             "clientenraad", "privacy", "brochure", "dagbesteding", "wonen", "thuiszorg")
    parts = ["<html><head><title>Kwaliteit | Zorggroep De Linde</title></head><body><nav><ul>"]
    for i in range(n):
        if i % 50 == 0:
            parts.append(f"</ul><h2>Onderdeel {i // 50 + 1}: {rng.choice(words).replace('-', ' ')}</h2><ul>")
        w = rng.choice(words)
        kind = i % 10
        if kind == 0:
            href, anchor = f"/documenten/{w}-{2018 + i % 7}.pdf", f"{w.replace('-', ' ').title()} {2018 + i % 7} (pdf)"
        elif kind == 1:
            href, anchor = f"https://drive.google.com/file/d/{'x' * 12}{i}/view", "Bekijk het document"
        elif kind == 2:
            href, anchor = f"https://issuu.com/zorggroep/docs/{w}{i}", f"Lees {w} online"
        elif kind == 3:
            href, anchor = f"https://www.partner{i}.example.org/{w}", f"Partner {i}"
        else:
            href, anchor = f"/{w}/{rng.randrange(1000)}", w.replace("-", " ").title()
        parts.append(f'<li><a href="{href}">{anchor}</a> <span>meer over {w} bij ons</span></li>')
    parts.append("</ul></nav><main><h1>Kwaliteit</h1><p>Lees hier ons kwaliteitsbeeld 2023.</p>"
                 '<a href="/kwaliteitsbeeld-2023.pdf">Kwaliteitsbeeld 2023</a></main></body></html>')
    return "".join(parts)


def bench_links() -> None:
    from crawler.links import report_links

    page = landing_page(500)
    secs, cands = best(lambda: report_links("https://www.zorggroep-delinde.example.nl/kwaliteit", page, 2023), 20)
    print(f"links 500 on a landing page ({len(cands)} candidates): {secs * 1000:.1f} ms CPU, digest {digest(cands)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="compare,docx,html,figures,links")
    ap.add_argument("--db", type=Path, default=Path("/tmp/kb-hot/kb.sqlite"))
    args = ap.parse_args()
    parts = args.only.split(",")
    for name in parts:
        if name == "compare":
            bench_compare(args.db)
        elif name == "docx":
            bench_docx()
        elif name == "html":
            bench_html()
        elif name == "figures":
            bench_figures()
        elif name == "links":
            bench_links()


if __name__ == "__main__":
    main()
