"""Evaluation: cross-validation on the training data, scores on the real passages.

- ``cross_validate``: 5 folds grouped by passage-id prefix (``analysis.weak.group_of``);
  the model is retrained per fold (thresholds tuned inside the fold); weak examples
  only ever train.
- ``score_eval_set``: the real passages of ``Settings.eval_path`` (evaluation only: never
  trained or tuned on). Per sector, the sector's model is scored on every passage
  against ``bouwstenen_<sector>`` and on the subset written for that sector; strata by
  source format (html/pdf) and document type.
- ``annotator_agreement``: Cohen's kappa where two annotators labelled the same passage.
Reports sort their keys so they diff cleanly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score
from sklearn.model_selection import GroupKFold
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from analysis.classify import Predictor, TrainOptions, predict, train
from analysis.keywords import KeywordModel
from analysis.weak import Example, load_training_examples, read_jsonl_lines
from kb.models import PassageLabels
from kb.schema import Annotation
from kb.settings import Settings
from kb.taxonomy import Taxonomy, load_taxonomy

HTML_DOC_TYPES = frozenset({"webpagina", "webpage", "html"})
NONE = "(geen)"


def label_report(gold: list[set[str]], pred: list[set[str]], ids: list[str]) -> dict[str, Any]:
    """Per-label precision/recall/F1 and micro/macro averages over `ids`."""
    per: dict[str, dict[str, float]] = {}
    tp_all = fp_all = fn_all = 0
    for lid in ids:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if lid in g and lid in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if lid not in g and lid in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if lid in g and lid not in p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        per[lid] = _prf(tp, fp, fn)
    scored = [per[lid] for lid in ids if per[lid]["support"] > 0]
    macro = float(np.mean([r["f1"] for r in scored])) if scored else 0.0
    return {"labels": per, "micro": _prf(tp_all, fp_all, fn_all), "macro_f1": round(macro, 4), "n": len(gold)}


def bootstrap_macro_f1(gold: list[set[str]], pred: list[set[str]], ids: list[str], rounds: int = 1000,
                       level: float = 0.9, seed: int = 0) -> list[float]:
    """A percentile bootstrap interval of the macro-F1 over passages (resampled with replacement).

    Small evaluation sets move a lot with one passage; the interval says how much.
    """
    if not gold:
        return [0.0, 0.0]
    G = np.array([[lid in g for lid in ids] for g in gold])
    P = np.array([[lid in p for lid in ids] for p in pred])
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(gold), size=(rounds, len(gold)))
    g, p = G[idx], P[idx]  # (rounds, n, labels)
    tp = (g & p).sum(axis=1)
    denom = g.sum(axis=1) + p.sum(axis=1)
    f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    support = g.sum(axis=1) > 0
    macro = np.where(support.any(axis=1), (f1 * support).sum(axis=1) / np.maximum(support.sum(axis=1), 1), 0.0)
    tail = (1 - level) / 2 * 100
    return [round(float(np.percentile(macro, tail)), 4), round(float(np.percentile(macro, 100 - tail)), 4)]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def confusion(gold: list[set[str]], pred: list[set[str]], ids: list[str]) -> dict[str, dict[str, int]]:
    """Counts gold bouwsteen (rows, incl. none) x predicted bouwsteen (columns, incl. none)."""
    keys = [*ids, NONE]
    table = {g: dict.fromkeys(keys, 0) for g in keys}
    for g, p in zip(gold, pred, strict=True):
        for gi in sorted(g & set(ids)) or [NONE]:
            for pi in sorted(p & set(ids)) or [NONE]:
                table[gi][pi] += 1
    return table


def _kind_reports(gold: list[PassageLabels], pred: list[PassageLabels], taxonomy: Taxonomy, sector: str) -> dict[str, Any]:
    b_ids = [b.id for b in taxonomy.bouwstenen_for(sector)]
    gb, pb = [set(x.bouwstenen) for x in gold], [set(x.bouwstenen) for x in pred]
    return {
        "bouwstenen": label_report(gb, pb, b_ids),
        "elements": label_report([set(x.elements) for x in gold], [set(x.elements) for x in pred],
                                 [e.id for e in taxonomy.elements_for(sector)]),
        "facets": label_report([set(x.facets) for x in gold], [set(x.facets) for x in pred],
                               [f.id for f in taxonomy.facets]),
        "confusion": confusion(gb, pb, b_ids),
    }


def _gold_of(ex: Example, taxonomy: Taxonomy) -> PassageLabels:
    kinds = {lid: taxonomy.kind_of(lid) for lid in ex.labels}
    pick = lambda k: tuple(sorted(lid for lid, kind in kinds.items() if kind == k))  # noqa: E731
    return PassageLabels(pick("bouwsteen"), pick("element"), pick("facet"), {})


Factory = Callable[[list[Example]], Predictor]


def model_factory(kind: str, taxonomy: Taxonomy, opts: TrainOptions | None = None) -> Factory:
    """How to build a model from training examples: 'default' (learned) or 'keywords'."""
    if kind == "keywords":
        return lambda _examples: KeywordModel(taxonomy)
    return lambda examples: train(examples, taxonomy, opts)


def cross_validate(examples: list[Example], taxonomy: Taxonomy, factory: Factory, folds: int = 5) -> dict[str, Any]:
    """Per-sector reports of out-of-fold predictions (weak examples only train)."""
    scored = [ex for ex in examples if ex.source != "weak"]
    weak = [ex for ex in examples if ex.source == "weak"]
    groups = np.array([ex.group or ex.id for ex in scored])
    pred: dict[str, PassageLabels] = {}
    splitter = GroupKFold(n_splits=min(folds, len(set(groups))))
    for tr, te in splitter.split(np.zeros(len(scored)), groups=groups):
        model = factory([scored[i] for i in tr] + weak)
        for sector in taxonomy.sector_ids():
            test = [scored[i] for i in te if scored[i].sector == sector]
            for ex, pl in zip(test, predict(model, [ex.text for ex in test], sector, explain=False), strict=True):
                pred[ex.id] = pl
    out: dict[str, Any] = {}
    for sector in taxonomy.sector_ids():
        rows = [ex for ex in scored if ex.sector == sector]
        out[sector] = _kind_reports([_gold_of(ex, taxonomy) for ex in rows], [pred[ex.id] for ex in rows], taxonomy, sector)
        # a cross-scheme copy knows only its bouwstenen: elements and facets are scored on the originals
        own = [ex for ex in rows if ex.source != "cross"]
        if len(own) < len(rows):
            own_rep = _kind_reports([_gold_of(ex, taxonomy) for ex in own], [pred[ex.id] for ex in own], taxonomy, sector)
            out[sector]["elements"], out[sector]["facets"] = own_rep["elements"], own_rep["facets"]
            out[sector]["bouwstenen_own_passages"] = own_rep["bouwstenen"]
    return out


def load_eval_rows(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def source_format(doc_type: str | None) -> str:
    return "html" if (doc_type or "").lower() in HTML_DOC_TYPES else "pdf"


def _eval_gold(row: dict[str, Any], taxonomy: Taxonomy, sector: str) -> PassageLabels:
    element_ids = {e.id for e in taxonomy.elements_for(sector)}
    return PassageLabels(
        tuple(row.get(f"bouwstenen_{sector}") or []),
        tuple(e for e in row.get("elements") or [] if e in element_ids),
        tuple(row.get("facets") or []),
        {},
    )


def score_eval_set(model: Predictor, rows: list[dict[str, Any]], taxonomy: Taxonomy) -> dict[str, Any]:
    """Per sector: all passages, the sector's own passages, and strata of the latter."""
    out: dict[str, Any] = {}
    for sector in taxonomy.sector_ids():
        pred = predict(model, [r["text"] for r in rows], sector, explain=False)
        gold = [_eval_gold(r, taxonomy, sector) for r in rows]
        own = [i for i, r in enumerate(rows) if r.get("sector") == sector]
        report: dict[str, Any] = {"all": _kind_reports(gold, pred, taxonomy, sector),
                                  "own": _kind_reports([gold[i] for i in own], [pred[i] for i in own], taxonomy, sector)}
        b_ids = [b.id for b in taxonomy.bouwstenen_for(sector)]
        for key, idx in (("all", list(range(len(rows)))), ("own", own)):
            report[key]["bouwstenen"]["macro_f1_ci90"] = bootstrap_macro_f1(
                [set(gold[i].bouwstenen) for i in idx], [set(pred[i].bouwstenen) for i in idx], b_ids)
        strata: dict[str, Any] = {}
        for key, fn in (("format", lambda r: source_format(r.get("doc_type"))), ("doc_type", lambda r: r.get("doc_type") or "?")):
            for value in sorted({fn(rows[i]) for i in own}):
                idx = [i for i in own if fn(rows[i]) == value]
                rep = label_report([set(gold[i].bouwstenen) for i in idx], [set(pred[i].bouwstenen) for i in idx],
                                   [b.id for b in taxonomy.bouwstenen_for(sector)])
                strata[f"{key}={value}"] = {"n": len(idx), "bouwsteen_macro_f1": rep["macro_f1"]}
        report["strata"] = strata
        out[sector] = report
    return out


def annotator_agreement(engine: Engine) -> dict[str, Any]:
    """Cohen's kappa per label where two annotators judged the same passage (first two only)."""
    with Session(engine) as session:
        rows = session.execute(
            select(Annotation.passage_id, Annotation.label_id, Annotation.annotator, Annotation.value)
            .where(Annotation.revoked_at.is_(None)).order_by(Annotation.created_at, Annotation.id)
        ).all()
    votes: dict[tuple[int, str], dict[str, bool]] = {}
    for pid, lid, who, value in rows:
        votes.setdefault((pid, lid), {})[who] = bool(value)
    pairs: dict[str, list[tuple[bool, bool]]] = {}
    for (_, lid), by in votes.items():
        if len(by) >= 2:
            a, b = list(by.values())[:2]
            pairs.setdefault(lid, []).append((a, b))
    return {lid: {"n": len(p), "kappa": _kappa(p)} for lid, p in sorted(pairs.items())}


def training_agreement(training_dir: str | Path, examples: list[Example], taxonomy: Taxonomy) -> dict[str, Any]:
    """Second annotator vs the training labels (``<training_dir>/agreement/*.jsonl``).

    Each line: ``{"id", "sector", "bouwstenen"}`` labelled blind by another annotator, under the
    passage's own sector's scheme. Per sector: Cohen's kappa per bouwsteen and the second
    annotator's macro-F1 against the first (a human ceiling to read the model's scores by).
    """
    by_id = {ex.id: ex for ex in examples}
    second: dict[str, list[tuple[str, set[str]]]] = {}
    for path in sorted((Path(training_dir) / "agreement").glob("*.jsonl")):
        for _, row in read_jsonl_lines(path):
            ex = by_id.get(str(row.get("id")))
            if ex is None or ex.sector != row.get("sector"):
                continue
            labels = row.get("bouwstenen") or []
            second.setdefault(ex.sector, []).append((ex.id, {str(x) for x in labels} if isinstance(labels, list) else set()))
    out: dict[str, Any] = {}
    for sector, rows in sorted(second.items()):
        ids = [b.id for b in taxonomy.bouwstenen_for(sector)]
        first = [set(by_id[i].labels) & set(ids) for i, _ in rows]
        other = [labels & set(ids) for _, labels in rows]
        per = {lid: {"n": len(rows), "kappa": _kappa([(lid in a, lid in b) for a, b in zip(first, other, strict=True)])}
               for lid in ids}
        out[sector] = {"n": len(rows), "kappa": per,
                       "second_vs_first_macro_f1": label_report(first, other, ids)["macro_f1"]}
    return out


def _kappa(pairs: Iterable[tuple[bool, bool]]) -> float | None:
    a, b = zip(*pairs, strict=True)
    if len(set(a) | set(b)) < 2:
        return None  # one class only: kappa undefined
    return round(float(cohen_kappa_score(a, b)), 4)


def inference_speed(model: Predictor, texts: list[str], sector: str, explain: bool, repeat: int = 3) -> float:
    """Passages per CPU second on one core (best of `repeat` runs)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        predict(model, texts, sector, explain=explain)
        best = min(best, time.process_time() - started)
    return round(len(texts) / best, 1) if best > 0 else float("inf")


def run_evaluation(settings: Settings, model: Predictor, kind: str, out_dir: Path, folds: int = 5) -> tuple[dict[str, Any], tuple[Path, Path]]:
    """Everything `kb evaluate` reports, written as JSON and Markdown to `out_dir`."""
    from analysis.classify import model_dir
    from kb.db import get_engine

    taxonomy = load_taxonomy(settings.taxonomy_path)
    examples = load_training_examples(settings.training_dir, taxonomy)
    report: dict[str, Any] = {"model": kind, "model_id": getattr(model, "model_id", kind)}
    report["cv"] = cross_validate(examples, taxonomy, model_factory(kind, taxonomy), folds)
    report["eval"] = score_eval_set(model, load_eval_rows(settings.eval_path), taxonomy) if Path(settings.eval_path).is_file() else {}
    texts = [ex.text for ex in examples] * max(1, 5000 // max(1, len(examples)))
    sector = taxonomy.sector_ids()[0]
    report["speed"] = {"passages_per_cpu_second": inference_speed(model, texts, sector, explain=False),
                       "with_explanations": inference_speed(model, texts, sector, explain=True, repeat=1)}
    if kind != "keywords":
        files = list(model_dir(settings).glob("*"))
        report["model_bytes"] = sum(f.stat().st_size for f in files if f.is_file())
        report["train_seconds"] = getattr(model, "manifest", {}).get("train_seconds")
    engine = get_engine(settings)
    report["agreement"] = annotator_agreement(engine)
    engine.dispose()
    report["training_agreement"] = training_agreement(settings.training_dir, examples, taxonomy)
    return report, write_report(report, out_dir)


def write_report(report: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write evaluation.json and evaluation.md to `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "evaluation.json", out_dir / "evaluation.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))
    md_path.write_text("\n".join(markdown_lines(report)) + "\n")
    return json_path, md_path


def markdown_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"# Evaluation of model `{report.get('model_id', '?')}` ({report.get('model', '?')})", ""]
    for name, section in (("Cross-validation on the training data", report.get("cv", {})),):
        lines += [f"## {name}", ""]
        for sector, rep in sorted(section.items()):
            lines += _sector_lines(sector, rep)
            if "bouwstenen_own_passages" in rep:
                lines += [f"Bouwsteen macro-F1 on the {sector} passages alone (without the copies of other sectors' "
                          f"passages labelled under this scheme): {rep['bouwstenen_own_passages']['macro_f1']:.3f}.", ""]
    evalrep = report.get("eval") or {}
    if evalrep:
        lines += ["## Real passages (evaluation only)", ""]
        for sector, rep in sorted(evalrep.items()):
            lines += [f"### {sector}: all passages (n={rep['all']['bouwstenen']['n']}) -> bouwsteen macro-F1 "
                      f"{rep['all']['bouwstenen']['macro_f1']:.3f}{_ci(rep['all']['bouwstenen'])}; "
                      f"own sector passages (n={rep['own']['bouwstenen']['n']}) "
                      f"{rep['own']['bouwstenen']['macro_f1']:.3f}{_ci(rep['own']['bouwstenen'])}", ""]
            lines += _sector_lines(f"{sector} (own sector passages)", rep["own"])
            lines += ["| stratum | n | bouwsteen macro-F1 |", "|---|---|---|"]
            lines += [f"| {k} | {v['n']} | {v['bouwsteen_macro_f1']:.3f} |" for k, v in sorted(rep["strata"].items())]
            lines.append("")
    else:
        lines += ["(no evaluation file found: real-passage scores skipped)", ""]
    speed = report.get("speed") or {}
    if speed:
        lines += [f"Inference: {speed['passages_per_cpu_second']:.0f} passages per CPU second on one core "
                  f"({speed['with_explanations']:.0f} with explanations).", ""]
    if report.get("model_bytes"):
        lines += [f"Model size: {report['model_bytes'] / 1e6:.1f} MB; training took {report.get('train_seconds')} s.", ""]
    kappa = report.get("agreement") or {}
    if kappa:
        lines += ["## Annotator agreement (Cohen's kappa)", "", "| label | pairs | kappa |", "|---|---|---|"]
        lines += [f"| {lid} | {v['n']} | {v['kappa']} |" for lid, v in kappa.items()]
        lines.append("")
    for sector, rep in (report.get("training_agreement") or {}).items():
        lines += [f"## Training data: two annotators, {sector} (n={rep['n']} passages labelled blind twice)", "",
                  f"Second annotator against the first: bouwsteen macro-F1 {rep['second_vs_first_macro_f1']:.3f}.", "",
                  "| bouwsteen | Cohen's kappa |", "|---|---|"]
        lines += [f"| {lid} | {v['kappa']} |" for lid, v in rep["kappa"].items()]
        lines.append("")
    return lines


def _ci(rep: dict[str, Any]) -> str:
    ci = rep.get("macro_f1_ci90")
    return f" (90 % bootstrap interval {ci[0]:.3f}-{ci[1]:.3f})" if ci else ""


def _sector_lines(title: str, rep: dict[str, Any]) -> list[str]:
    lines = [f"### {title}", "", "| kind | label | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
    for kind in ("bouwstenen", "elements", "facets"):
        for lid, r in sorted(rep[kind]["labels"].items()):
            lines.append(f"| {kind} | {lid} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['support']} |")
        micro = rep[kind]["micro"]
        lines.append(f"| {kind} | **macro / micro F1** | | | {rep[kind]['macro_f1']:.3f} / {micro['f1']:.3f} | |")
    ids = list(rep["confusion"])
    lines += ["", "Confusion (rows gold, columns predicted):", "", "| gold \\ pred | " + " | ".join(ids) + " |",
              "|---" * (len(ids) + 1) + "|"]
    lines += [f"| {g} | " + " | ".join(str(rep["confusion"][g][p]) for p in ids) + " |" for g in ids]
    return [*lines, ""]
