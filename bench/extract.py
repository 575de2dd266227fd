"""Benchmark: the project's PDF extractor next to pdfminer.six and poppler's pdftotext.

On generated ground-truth reports (tests/support/corpus.py; 10, 40 and 120 pages,
running header/footer, page numbers, hyphenated line ends, tables; a 40-page
report without an outline, so headings come from fonts; plus a 40-page two-column
brochure) each tool runs in a fresh child process so that peak RSS is its own.
Reported: CPU seconds and pages per CPU-second (best of REPEAT runs; the Python tools'
imports are done before timing, pdftotext's figure is its whole process: exec,
libraries, font set-up), wall-clock pages/s, peak RSS, word-level F1 against the
true body words, the share of running-line and page-number tokens in the output,
and (kb only) heading recall. pdftotext's fixed start-up cost is measured apart on
a one-page document so that the comparison can also be read without it.

Usage: .venv/bin/python bench/extract.py [--out docs/benchmarks-extract.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.docmaker import render_pdf  # noqa: E402
from tests.support.corpus import chrome_share, report_spec, word_f1  # noqa: E402

DOCS = [
    ("report-10p", 10, 1, True),
    ("report-40p", 40, 1, True),
    ("report-120p", 120, 1, True),
    ("report-40p-no-outline", 40, 1, False),
    ("brochure-40p-2col", 40, 2, True),
]
REPEAT = 5  # runs per process, best taken: the machine may be shared
ROUNDS = 3  # fresh processes per document and tool, best taken (pdfminer.six: one)
TOOLS = ("kb (pypdfium2)", "pypdfium2 raw text", "pdfminer.six", "pdftotext (poppler)")

CHILD = r"""
import json, resource, subprocess, sys, time
tool, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[4])
sys.path.insert(0, sys.argv[3])
data = open(path, "rb").read()
headings = []
best = best_cpu = float("inf")

def cpu():
    own = time.process_time()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + kids.ru_utime + kids.ru_stime

if tool == "kb (pypdfium2)":  # imports before timing (the PDF reader is imported lazily)
    import analysis.docfacts, analysis.pdf, analysis.segment, pypdfium2  # noqa: F401
    from analysis.extract import ExtractOptions, extract_document
elif tool == "pypdfium2 raw text":
    import pypdfium2 as pdfium
elif tool == "pdfminer.six":
    from pdfminer.high_level import extract_text
first_cpu = None
for _ in range(1 if tool == "pdfminer.six" else repeat):
  if tool == "kb (pypdfium2)":
      t, c = time.perf_counter(), cpu()
      ext = extract_document(data, None, ExtractOptions())
      secs, cpu_secs = time.perf_counter() - t, cpu() - c
      text = "\n".join(p.text for p in ext.passages)
      full = ext.text
      headings = [[lvl, h, pg] for lvl, h, pg in ext.headings]
  elif tool == "pypdfium2 raw text":
      t, c = time.perf_counter(), cpu()
      doc = pdfium.PdfDocument(data)
      parts = []
      for i in range(len(doc)):
          page = doc[i]
          tp = page.get_textpage()
          parts.append(tp.get_text_range())
          tp.close(); page.close()
      secs, cpu_secs = time.perf_counter() - t, cpu() - c
      text = full = "\n".join(parts)
  elif tool == "pdfminer.six":
      t, c = time.perf_counter(), cpu()
      text = full = extract_text(path)
      secs, cpu_secs = time.perf_counter() - t, cpu() - c
  else:
      t, c = time.perf_counter(), cpu()
      text = full = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True).stdout.decode()
      secs, cpu_secs = time.perf_counter() - t, cpu() - c
  best, best_cpu = min(best, secs), min(best_cpu, cpu_secs)
  first_cpu = cpu_secs if first_cpu is None else first_cpu
secs = best
usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if tool.startswith("pdftotext"):
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"secs": secs, "cpu": best_cpu, "first_cpu": first_cpu, "rss_mb": usage / 1024, "text": text, "full": full, "headings": headings}))
"""


def run_tool(tool: str, path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, tool, str(path), str(ROOT), str(REPEAT)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def pdftotext_startup(tmp: Path) -> float:
    """CPU seconds of pdftotext on a one-page document (best of REPEAT x ROUNDS): its fixed cost per process."""
    pdf, _ = render_pdf(report_spec(1, seed=1, columns=1))
    path = tmp / "one-page.pdf"
    path.write_bytes(pdf)
    return min(float(run_tool(TOOLS[3], path)["cpu"]) for _ in range(ROUNDS))


def measure(tmp: Path, rounds: int = ROUNDS) -> list[dict[str, Any]]:
    """One row per document and tool; times are the best over `rounds` rounds of fresh processes
    (pdfminer.six: one round), so that a burst of load from other jobs costs one round only."""
    docs = []
    for name, pages, columns, outline in DOCS:
        pdf, truth = render_pdf(report_spec(pages, seed=pages + columns, columns=columns, outline=outline))
        path = tmp / f"{name}.pdf"
        path.write_bytes(pdf)
        docs.append((name, path, truth))
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for round_no in range(rounds):
        for name, path, truth in docs:
            for tool in TOOLS:
                if round_no and tool == "pdfminer.six":
                    continue
                res = run_tool(tool, path)
                secs, cpu = float(res["secs"]), float(res["cpu"])
                row = rows.get((name, tool))
                if row is not None:  # a later round: keep the best times
                    row["secs"], row["cpu"] = min(row["secs"], secs), min(row["cpu"], cpu)
                    row["first_cpu"] = min(row["first_cpu"], float(res["first_cpu"]))
                    continue
                found = {(h[1], h[2]) for h in res["headings"]}
                recall = sum((t, p) in found for _, t, p in truth.headings) / len(truth.headings)
                rows[(name, tool)] = {
                    "doc": name,
                    "pages": truth.pages,
                    "tool": tool,
                    "secs": secs,
                    "cpu": cpu,
                    "first_cpu": float(res["first_cpu"]),
                    "rss_mb": float(res["rss_mb"]),
                    "f1": word_f1(truth.body_words, str(res["full"]))[2],
                    "chrome": chrome_share(str(res["text"])),
                    "heading_recall": recall if tool.startswith("kb") else None,
                }
                print(f"{name:22} {tool:22} {truth.pages / cpu:8.1f} p/CPU-s  F1 {rows[(name, tool)]['f1']:.4f}")
    for row in rows.values():
        row["pages_per_s"] = row["pages"] / row["secs"]
        row["pages_per_cpu_s"] = row["pages"] / row["cpu"]
    return list(rows.values())


def _table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| document | pages | tool | CPU s | CPU s, first run | pages/CPU-s | wall s | pages/s (wall) |"
        " peak RSS MB | word F1 | header/footer tokens | heading recall |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        hr = "" if r["heading_recall"] is None else f"{r['heading_recall']:.3f}"
        lines.append(
            f"| {r['doc']} | {r['pages']} | {r['tool']} | {r['cpu']:.3f} | {r['first_cpu']:.3f} | "
            f"{r['pages_per_cpu_s']:.0f} | {r['secs']:.3f} | {r['pages_per_s']:.0f} | "
            f"{r['rss_mb']:.0f} | {r['f1']:.4f} | {100 * float(r['chrome']):.2f}% | {hr} |"
        )
    return lines


def total_rate(rows: list[dict[str, Any]], tool: str, key: str = "cpu", less: float = 0.0) -> float:
    """All pages of `tool` over its summed seconds (`less` taken off each document's seconds)."""
    mine = [r for r in rows if r["tool"] == tool]
    return sum(int(r["pages"]) for r in mine) / sum(float(r[key]) - less for r in mine)


def _summary(rows: list[dict[str, Any]], startup: float) -> list[str]:
    kb = [r for r in rows if str(r["tool"]).startswith("kb")]
    kb_rate, poppler = total_rate(rows, TOOLS[0]), total_rate(rows, TOOLS[3])
    checks = [
        ("body-text word F1 >= 0.98 (worst document)", min(float(r["f1"]) for r in kb), 0.98, True),
        (
            "header/footer/page-number tokens <= 1% of passage tokens",
            max(float(r["chrome"]) for r in kb),
            0.01,
            False,
        ),
        ("heading recall >= 0.9 (worst document)", min(float(r["heading_recall"]) for r in kb), 0.9, True),
        ("throughput >= half of pdftotext (ratio of pages per CPU-second)", kb_rate / poppler, 0.5, True),
    ]
    out = ["| target | measured | met |", "|---|---:|---|"]
    for label, value, bar, higher in checks:
        ok = value >= bar if higher else value <= bar
        out.append(f"| {label} | {value:.4f} | {'yes' if ok else 'NO'} |")
    out.append("")
    per_cpu = ", ".join(f"{tool} {total_rate(rows, tool):.0f}" for tool in TOOLS)
    per_wall = ", ".join(f"{tool} {total_rate(rows, tool, 'secs'):.0f}" for tool in TOOLS)
    out.append(f"Overall pages per CPU-second: {per_cpu}; pages per wall-clock second: {per_wall}.")
    bare = total_rate(rows, TOOLS[3], less=startup)
    out += [
        "",
        "pdftotext's CPU seconds include its process start (exec, shared libraries, font set-up): on a",
        f"one-page document it takes {startup:.3f} CPU s (start-up plus one page). kb's exclude the interpreter",
        "start and the imports (a worker process reads many documents), so the comparison favours kb. Taking",
        f"those {startup:.3f} s off every pdftotext run (a slight overcorrection) gives pdftotext {bare:.0f} pages",
        f"per CPU-second and kb a ratio of {kb_rate / bare:.2f}.",
    ]
    return out


def write_report(rows: list[dict[str, Any]], out: Path, startup: float, load: tuple[float, float]) -> None:
    cpu = os.cpu_count()
    text = [
        "# Extraction benchmark",
        "",
        f"Generated by `bench/extract.py` on {platform.machine()} with {cpu} cores, Python {platform.python_version()}.",
        "Documents come from `tests/support/corpus.py` (exactly known body text, running header and footer,",
        "'Pagina N van M' page numbers, hyphenated line ends, tables, three heading levels with an outline;",
        "report-40p-no-outline has the same layout without bookmarks, so its headings come from font size and",
        f"weight). Each tool runs in a fresh process {ROUNDS} times, interleaved with the others; times are the",
        f"best of {REPEAT} runs in each (pdfminer: one run, one process), and the Python tools are imported",
        "before timing. CPU seconds are user plus system time of the process",
        "and its children (for pdftotext: the pdftotext process, start-up included); the throughput target",
        "is judged on them, wall-clock figures are noisy on a shared machine. 'First run' is kb's first",
        f"extraction in its process. Load average (1 min) at start and end of this run: {load[0]:.1f}, {load[1]:.1f}.",
        "Word F1 compares the multiset of words of the whole output with the true body words (so running",
        "lines and broken hyphenation cost precision and recall); header/footer tokens are measured on kb's",
        "passages and on the raw output of the others.",
        "",
        "## Targets",
        "",
        *_summary(rows, startup),
        "",
        "## Per document",
        "",
        *_table(rows),
        "",
        "## Choice",
        "",
        "pypdfium2 (Apache-2.0/BSD-3, PDFium) reads text in content order, so two-column pages come out column",
        "by column, and it marks line-end hyphens it recognises (U+FFFE), which the cleaner joins. Asking it for",
        "baseline, font size and font name once per line (not per character) keeps the layout analysis cheap.",
        "pdfminer.six is pure Python and far slower; pdftotext (GPL) is a separate program and gives no",
        "font information. PyMuPDF was not considered (AGPL).",
        "",
    ]
    out.write_text("\n".join(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-extract.md"))
    parser.add_argument("--json", help="also write the rows, start-up and load here")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        startup = pdftotext_startup(Path(tmp))
        rows = measure(Path(tmp))
    load = (load_start, os.getloadavg()[0])
    write_report(rows, Path(args.out), startup, load)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "startup": startup, "load": load}))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
