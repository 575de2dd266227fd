"""Benchmark: full and incremental `kb analyse` on a generated corpus.

Default scale is the issue's: 5,000 documents / 500,000 passages. Documents are
unique (sentences drawn from the training passages into new combinations) so
that shared-wording detection sees a realistic, mostly-original corpus; a small
share carries a planted template. 10% are PDFs made with kb.docmaker, the rest
HTML pages. Measures wall time and peak RSS (this process and its workers) of a
full run and of an incremental run after `--changed` of the documents changed.

    .venv/bin/python bench/analyse.py --documents 5000 --passages 100
    .venv/bin/python bench/analyse.py --documents 500 --passages 100   # quick
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.pipeline import analyse, load_classifier  # noqa: E402
from kb import docmaker  # noqa: E402
from kb.db import get_engine, session_scope  # noqa: E402
from kb.schema import Document, Organisation, Passage, Submission, SubmissionDocument  # noqa: E402
from kb.settings import load_settings  # noqa: E402
from kb.storage import store_bytes  # noqa: E402

TEMPLATE = ("Dit kwaliteitsbeeld is opgesteld volgens de methode van ons adviesbureau, waarbij cliënten, naasten en "
            "professionals samen terugkijken op het afgelopen jaar en vooruitkijken naar de doelen van het komende jaar.")


def sentence_pool() -> list[str]:
    pool: list[str] = []
    for path in sorted((ROOT / "data" / "training").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pool += [s for s in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]) if len(s.split()) >= 6]
    return pool


def make_blocks(rng: random.Random, pool: list[str], passages: int, template: bool) -> list[docmaker.Block]:
    blocks: list[docmaker.Block] = []
    for i in range(passages):
        if i % 10 == 0:
            blocks.append(docmaker.Block(kind="heading", text=f"Hoofdstuk {i // 10 + 1}: {rng.choice(pool)[:40]}", level=2))
        text = TEMPLATE if template and i == 1 else " ".join(rng.sample(pool, 5))
        blocks.append(docmaker.Block(kind="paragraph", text=text))
    return blocks


def render(rng: random.Random, pool: list[str], n: int, passages: int, pdf: bool) -> tuple[bytes, str]:
    spec = docmaker.DocSpec(title=f"Kwaliteitsbeeld {n}", blocks=tuple(make_blocks(rng, pool, passages, n % 50 == 0)),
                            running_header=f"Organisatie {n} - Kwaliteitsbeeld 2024")
    if pdf:
        return docmaker.render_pdf(spec)[0], "application/pdf"
    return docmaker.render_html(spec).encode("utf-8"), "text/html"


def store_document(settings, engine, n: int, content: bytes, media: str, sector: str) -> None:  # type: ignore[no-untyped-def]
    sha, path = store_bytes(settings, content)
    with session_scope(engine) as s:
        org = s.scalar(select(Organisation).where(Organisation.name_key == f"bench {n}"))
        if org is None:
            org = Organisation(name=f"Bench Zorg {n}", name_key=f"bench {n}", sectors=[sector])
            s.add(org)
            s.flush()
            sub = Submission(organisation_id=org.id, sector=sector, report_year=2024, submitted_url=f"http://bench/{n}")
            s.add(sub)
            s.flush()
        else:
            sub = s.scalar(select(Submission).where(Submission.organisation_id == org.id))
            for link in s.scalars(select(SubmissionDocument).where(SubmissionDocument.submission_id == sub.id)):
                link.is_current = False
        doc = Document(sha256=sha, media_type=media, size=len(content), storage_path=str(path))
        s.add(doc)
        s.flush()
        s.add(SubmissionDocument(submission_id=sub.id, document_id=doc.id, url=f"http://bench/{n}.doc"))


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=5000)
    ap.add_argument("--passages", type=int, default=100, help="passages per document")
    ap.add_argument("--pdf-share", type=float, default=0.1)
    ap.add_argument("--changed", type=float, default=0.01)
    ap.add_argument("--data-dir", default=None)
    args = ap.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="kb-bench-analyse-")
    settings = load_settings(environ={}, data_dir=data_dir)
    engine = get_engine(settings)
    rng, pool = random.Random(7), sentence_pool()
    t0 = time.perf_counter()
    for n in range(args.documents):
        content, media = render(rng, pool, n, args.passages, rng.random() < args.pdf_share)
        store_document(settings, engine, n, content, media, "vvt" if n % 3 else "ghz")
    gen = time.perf_counter() - t0
    # the model exists before any real `kb analyse` (`make model` / the first run builds it): not timed here
    tm = time.perf_counter()
    classifier = load_classifier(settings)
    model_s = time.perf_counter() - tm
    assert classifier.model is not None, classifier.note
    del classifier
    t1 = time.perf_counter()
    full = analyse(settings, engine)
    full_s = time.perf_counter() - t1
    with session_scope(engine) as s:
        n_passages = s.scalar(select(func.count()).select_from(Passage))
    print(json.dumps({"full_analyse_s": round(full_s, 1), "full_corpus_step_s": round(full.corpus_seconds, 1),
                      "model_load_or_train_s": round(model_s, 1), "passages": n_passages, "documents": args.documents,
                      "generation_s": round(gen, 1), "peak_rss_mb_so_far": round(peak_rss_mb(), 1)}), flush=True)
    changed = max(1, int(args.documents * args.changed))
    for n in rng.sample(range(args.documents), changed):
        content, media = render(rng, pool, n, args.passages, False)
        store_document(settings, engine, n, content, media, "vvt" if n % 3 else "ghz")
    t2 = time.perf_counter()
    inc = analyse(settings, engine)
    inc_s = time.perf_counter() - t2
    result = {
        "documents": args.documents, "passages": n_passages, "generation_s": round(gen, 1),
        "full_analyse_s": round(full_s, 1), "incremental_documents": changed, "incremental_analyse_s": round(inc_s, 1),
        "incremental_corpus_step_s": round(inc.corpus_seconds, 1), "model_load_or_train_s": round(model_s, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1), "full_report": getattr(full, "__dict__", str(full)),
    }
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
