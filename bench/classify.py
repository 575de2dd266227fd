"""Benchmark: passage classification throughput, training time and model size.

Side by side in one process, on the same passages (the training passages, repeated to
--passages, in batches like `kb analyse` sends them):

- kb's learned model (`analysis.classify`), without and with explanations;
- the keyword baseline (`kb evaluate --model keywords`);
- a textbook scikit-learn peer: TfidfVectorizer over word 1-2-grams plus character 3-5-grams,
  one-vs-rest LogisticRegression, `predict_proba` (what the issue suggests as the starting point).

Throughput is passages per CPU second of this process (`time.process_time`), best of
--rounds, so a busy second core does not count against it. Each model is built before timing.

    .venv/bin/python bench/classify.py
    .venv/bin/python bench/classify.py --passages 20000 --rounds 3 --json out.json
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.multiclass import OneVsRestClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline, make_union  # noqa: E402
from sklearn.preprocessing import MultiLabelBinarizer  # noqa: E402

from analysis.classify import TrainOptions, predict, save_model, train  # noqa: E402
from analysis.keywords import KeywordModel  # noqa: E402
from analysis.weak import load_training_examples  # noqa: E402
from kb.settings import load_settings  # noqa: E402
from kb.taxonomy import load_taxonomy  # noqa: E402

BATCH = 2000


def throughput(fn: Callable[[list[str]], object], texts: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for i in range(0, len(texts), BATCH):
            fn(texts[i : i + BATCH])
        best = min(best, time.process_time() - started)
    return len(texts) / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sector", default="vvt")
    ap.add_argument("--words", type=int, default=0,
                    help="join consecutive training passages until each has at least this many words "
                         "(real report passages have a median of about 90)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    settings = load_settings()
    taxonomy = load_taxonomy(settings.taxonomy_path)
    examples = load_training_examples(settings.training_dir, taxonomy)
    originals = [ex for ex in examples if ex.source != "cross"]
    texts = [ex.text for ex in originals]
    if args.words:
        joined, current = [], ""
        for text in texts:
            current = f"{current} {text}".strip()
            if len(current.split()) >= args.words:
                joined.append(current)
                current = ""
        texts = joined
    texts = (texts * (args.passages // len(texts) + 1))[: args.passages]
    words = float(np.median([len(t.split()) for t in texts]))

    t0, c0 = time.perf_counter(), time.process_time()
    model = train(examples, taxonomy, TrainOptions())
    train_wall, train_cpu = time.perf_counter() - t0, time.process_time() - c0
    with tempfile.TemporaryDirectory() as tmp:
        directory = save_model(model, Path(tmp))
        size = sum(f.stat().st_size for f in directory.iterdir())

    sector = args.sector
    labels = [[lid for lid in sorted(ex.labels) if lid.startswith(f"{sector}-b")] for ex in originals if ex.sector == sector]
    peer_x = [ex.text for ex in originals if ex.sector == sector]
    y = MultiLabelBinarizer().fit_transform(labels)
    t0 = time.perf_counter()
    peer = make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
        OneVsRestClassifier(LogisticRegression(C=16, class_weight="balanced", max_iter=1000)),
    ).fit(peer_x, y)
    peer_train = time.perf_counter() - t0
    keywords = KeywordModel(taxonomy)

    rows = {
        "kb model": throughput(lambda b: predict(model, b, sector, explain=False), texts, args.rounds),
        "kb model + explanations": throughput(lambda b: predict(model, b, sector, explain=True), texts, 1),
        "keyword baseline": throughput(lambda b: predict(keywords, b, sector, explain=False), texts, args.rounds),
        "sklearn peer (word+char TF-IDF, OvR LR)": throughput(peer.predict_proba, texts, args.rounds),
    }
    out = {
        "passages": len(texts), "median_words": words, "sector": sector,
        "passages_per_cpu_second": {k: round(v) for k, v in rows.items()},
        "train_seconds_wall": round(train_wall, 1), "train_seconds_cpu": round(train_cpu, 1),
        "peer_train_seconds_wall": round(peer_train, 1),
        "training_examples": len(examples), "model_bytes": size,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(f"{len(texts):,} passages (median {words:.0f} words), sector {sector}, CPU time of this process, best of {args.rounds}")
    for name, value in rows.items():
        print(f"  {name:<42} {value:>9,.0f} passages per CPU second")
    print(f"kb training: {train_wall:.1f} s wall ({train_cpu:.1f} s CPU) on {len(examples):,} examples incl. 5-fold tuning;"
          f" peer training (one sector, no tuning): {peer_train:.1f} s")
    print(f"model files: {size / 1e6:.1f} MB; peak RSS {out['peak_rss_mb']} MB")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
