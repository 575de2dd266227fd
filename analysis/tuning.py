"""Fitting label heads and choosing thresholds from cross-validated training predictions.

Everything here is decided on out-of-fold predictions over the training data
(GroupKFold by passage-id group, so near-variants stay in one fold). Weak examples are
trained on but never scored: thresholds and choices come from written/human labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from analysis.facets import RULE_THRESHOLD, rule_scores
from analysis.weak import Example
from kb.taxonomy import Label, Taxonomy

if TYPE_CHECKING:
    from analysis.classify import Head, TrainOptions

UNKNOWN = -1
GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)


@dataclass
class HeadFit:
    head: Head
    oof: np.ndarray  # (n, labels) calibrated out-of-fold probabilities
    y: np.ndarray  # (n, labels) 1 / 0 / UNKNOWN
    scored: np.ndarray  # (n,) rows whose labels are trusted for tuning (not weak)
    metrics: dict[str, Any]


def sector_targets(examples: list[Example], ids: list[str], sector: str, taxonomy: Taxonomy) -> np.ndarray:
    """Targets of a sector head. Generic negatives of other sectors count as negatives too."""
    all_bouwstenen = {b.id for b in taxonomy.bouwstenen}
    Y = np.full((len(examples), len(ids)), UNKNOWN, dtype=np.int8)
    for i, ex in enumerate(examples):
        if ex.sector == sector:
            Y[i] = [(1 if lid in ex.labels else 0) if ex.knows(lid) else UNKNOWN for lid in ids]
        elif ex.known is None and sector not in ex.cross_sectors and not (ex.labels & all_bouwstenen):
            Y[i] = 0
    return Y


def facet_targets(examples: list[Example], ids: list[str]) -> np.ndarray:
    Y = np.full((len(examples), len(ids)), UNKNOWN, dtype=np.int8)
    for i, ex in enumerate(examples):
        Y[i] = [(1 if lid in ex.labels else 0) if ex.knows(lid) else UNKNOWN for lid in ids]
    return Y


def _classifier(C: float) -> LogisticRegression:
    # dual liblinear: far faster than the primal when features outnumber passages
    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=500)


def _folds(examples: list[Example], n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    groups = np.array([ex.group or ex.id for ex in examples])
    k = min(n_folds, len(set(groups)))
    return list(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups))


def _fit_one(X: Any, y: np.ndarray, w: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    """Coefficients and intercept; a constant scorer when one class is missing."""
    if len(set(y.tolist())) < 2:
        return np.zeros(X.shape[1], dtype=np.float32), (4.0 if y.size and y[0] == 1 else -4.0)
    clf = _classifier(C).fit(X, y, sample_weight=w)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _platt(decision: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    if decision.size < 4 or len(set(y.tolist())) < 2:
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0).fit(decision.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def best_threshold(probs: np.ndarray, y: np.ndarray, floor: float, ceiling: float, tolerance: float = 0.0) -> float:
    """The threshold on the grid that maximises out-of-fold F1, kept within [floor, ceiling].

    With a `tolerance`, the middle (median) of every grid point whose F1 lies within
    `tolerance` of the best: F1 curves are flat near their top, so the arg-max jumps
    between distant points when a few passages change, and the middle of the plateau
    does not (measured: thresholds moved 5x less between two training-data revisions).
    """
    if y.sum() == 0:
        return ceiling
    f1s = np.array([f1(probs >= t, y) for t in GRID])
    if tolerance > 0:
        best = float(np.median(GRID[f1s >= f1s.max() - tolerance]))
    else:
        best = float(GRID[int(np.argmax(f1s))])
    return float(min(max(best, floor), ceiling))


def f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    denom = float(np.sum(pred)) + float(np.sum(y == 1))
    return 2 * tp / denom if denom else 1.0


def fit_head(X: Any, examples: list[Example], ids: list[str], Y: np.ndarray, o: TrainOptions) -> HeadFit:
    """Fit one calibrated, thresholded logistic regression per label."""
    from analysis.classify import Head

    w = np.array([ex.weight for ex in examples], dtype=np.float64)
    scored = np.array([ex.source != "weak" for ex in examples])
    folds = _folds(examples, o.folds)
    n, L = Y.shape
    coef = np.zeros((L, X.shape[1]), dtype=np.float32)
    intercept, calib = np.zeros(L), np.tile([1.0, 0.0], (L, 1))
    thresholds, oof = np.full(L, o.threshold_ceiling), np.full((n, L), np.nan)
    metrics: dict[str, Any] = {}
    sliced = [(X[tr], tr, X[te], te) for tr, te in folds]  # slice once, reuse for every label
    for j, lid in enumerate(ids):
        known = Y[:, j] != UNKNOWN
        decision = np.full(n, np.nan)
        for Xtr, tr, Xte, te in sliced:
            keep = known[tr]
            Xk = Xtr if keep.all() else Xtr[keep]
            c, b = _fit_one(Xk, Y[tr[keep], j], w[tr[keep]], o.C)
            decision[te] = np.asarray(Xte @ c) + b
        coef[j], intercept[j] = _fit_one(X if known.all() else X[known], Y[known, j], w[known], o.C)
        tune = known & scored
        calib[j] = _platt(decision[tune], Y[tune, j])
        oof[:, j] = 1.0 / (1.0 + np.exp(-(decision * calib[j, 0] + calib[j, 1])))
        thresholds[j] = best_threshold(oof[tune, j], Y[tune, j], o.threshold_floor, o.threshold_ceiling,
                                       o.threshold_tolerance)
        metrics[lid] = _label_metrics(oof[tune, j] >= thresholds[j], Y[tune, j])
    head = Head(list(ids), coef, intercept, calib, thresholds)
    return HeadFit(head, oof, Y, scored, metrics)


def _label_metrics(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = float(np.sum(pred & (y == 1)))
    p = tp / float(np.sum(pred)) if np.sum(pred) else 0.0
    r = tp / float(np.sum(y == 1)) if np.sum(y == 1) else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1(pred, y), 4), "support": int(np.sum(y == 1))}


def oof_predictions(fit: HeadFit, columns: list[int], bar: float | None) -> np.ndarray:
    """Out-of-fold assignments for `columns`, with the optional top-label lower bar."""
    probs = np.nan_to_num(fit.oof[:, columns], nan=0.0)
    pred = probs >= fit.head.thresholds[columns]
    if bar is not None:
        none = ~pred.any(axis=1)
        best = probs.argmax(axis=1)
        add = none & (probs[np.arange(len(probs)), best] >= bar)
        pred[np.where(add)[0], best[add]] = True
    return pred


def macro_f1(pred: np.ndarray, Y: np.ndarray, rows: np.ndarray) -> float:
    return float(np.mean([f1(pred[rows, j], Y[rows, j]) for j in range(Y.shape[1])])) if Y.shape[1] else 0.0


def choose_top_bar(fit: HeadFit, bouwsteen_ids: list[str], bars: tuple[float, ...], min_gain: float = 0.0) -> float | None:
    """The lower bar for 'at least the top bouwsteen' that maximises CV macro-F1 (None: off).

    The bar is only switched on when it gains at least `min_gain` over no bar: a gain of a
    tenth of a point on written passages is noise, and real text has more passages without
    any bouwsteen than the training data (a forced label there is a false positive).
    """
    cols = [fit.head.label_ids.index(b) for b in bouwsteen_ids]
    Y = fit.y[:, cols]
    rows = fit.scored & (Y != UNKNOWN).all(axis=1)
    off = macro_f1(oof_predictions(fit, cols, None), Y, rows)
    best_bar, best = None, off
    for bar in bars:
        score = macro_f1(oof_predictions(fit, cols, bar), Y, rows)
        if score > best + 1e-9 and score >= off + min_gain:
            best_bar, best = bar, score
    fit.metrics["bouwsteen_macro_f1"] = round(best, 4)
    fit.metrics["top_bar"] = best_bar
    return best_bar


def choose_element_gates(fit: HeadFit, elements: list[Label]) -> dict[str, bool]:
    """Per element with a bouwsteen: require that bouwsteen when it does not lower CV F1.

    The element definitions are reflections on a bouwsteen, so the gate is the default; an
    element whose passages often sit elsewhere (a terugblik on speerpunten of any kind) keeps
    its own decision.
    """
    ids = fit.head.label_ids
    probs = np.nan_to_num(fit.oof)
    pred = probs >= fit.head.thresholds
    gates: dict[str, bool] = {}
    report: dict[str, Any] = {}
    for el in elements:
        if el.id not in ids or not el.bouwsteen or el.bouwsteen not in ids:
            continue
        j, b = ids.index(el.id), ids.index(el.bouwsteen)
        rows = fit.scored & (fit.y[:, j] != UNKNOWN)
        y = fit.y[rows, j]
        free, gated = f1(pred[rows, j], y), f1(pred[rows, j] & pred[rows, b], y)
        gates[el.id] = gated >= free - 1e-9
        report[el.id] = {"free": round(free, 4), "gated": round(gated, 4), "gate": gates[el.id]}
    fit.metrics["element_gate"] = report
    return gates


def combine(mode: str, model_score: float, rule: float | None) -> float:
    if rule is None or mode == "model":
        return model_score
    return rule if mode == "rule" else (model_score + rule) / 2


def choose_facet_modes(
    fit: HeadFit, texts: list[str], o: TrainOptions
) -> tuple[dict[str, str], dict[str, float], dict[str, Any]]:
    """Per facet: model, rule or mean, whichever has the best CV F1."""
    rules = [rule_scores(t) for t in texts]
    modes: dict[str, str] = {}
    thresholds: dict[str, float] = {}
    metrics: dict[str, Any] = {}
    for j, fid in enumerate(fit.head.label_ids):
        rows = fit.scored & (fit.y[:, j] != UNKNOWN)
        y, p = fit.y[rows, j], np.nan_to_num(fit.oof[rows, j])
        options = {"model": (p, float(fit.head.thresholds[j]))}
        if fid in rules[0]:
            r = np.array([rules[i][fid] for i in np.where(rows)[0]])
            options["rule"] = (r, RULE_THRESHOLD)
            mean = (p + r) / 2
            options["mean"] = (mean, best_threshold(mean, y, o.threshold_floor, o.threshold_ceiling, o.threshold_tolerance))
        scores = {m: f1(s >= t, y) for m, (s, t) in options.items()}
        modes[fid] = max(scores, key=lambda m: (scores[m], m == "model"))
        thresholds[fid] = options[modes[fid]][1]
        metrics[fid] = {m: round(v, 4) for m, v in scores.items()} | {"chosen": modes[fid]}
    return modes, thresholds, metrics
