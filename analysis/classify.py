"""Passage classifiers: train, predict, save and load one model artefact.

One fitted feature Pipeline (``analysis.features``) is shared by all label heads: one
head per sector (its bouwstenen and elements, from the taxonomy) and one head for the
sector-neutral facets. A head is a one-vs-rest set of logistic regressions with
Platt-calibrated probabilities and a threshold per label, both fitted on
cross-validated predictions over the training data (``analysis.tuning``-style logic in
``_tune_head``; the evaluation set is never used). Facets may use rules instead of, or
averaged with, the model when cross-validation says so (``analysis.facets``).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import joblib
import numpy as np
import sklearn
from sklearn.pipeline import Pipeline

from analysis import tuning
from analysis.facets import rule_scores, rule_terms
from analysis.features import FeatureOptions, build_vectorizer, readable_terms, surface_map, tokens_of
from analysis.weak import Example, load_training_examples
from kb.models import PassageLabels
from kb.settings import Settings
from kb.taxonomy import Taxonomy, load_taxonomy

MODEL_VERSION = "1"
FACETS = "_facets"
MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
EXPLAIN_CANDIDATES = 12  # strongest features per label mapped to words; 5 terms are kept


class ModelError(RuntimeError):
    """A saved model cannot be used (missing, or built for another taxonomy/library)."""


@dataclass(frozen=True)
class TrainOptions:
    """Training choices; the defaults are the ones chosen by cross-validation."""

    features: FeatureOptions = field(default_factory=FeatureOptions)
    C: float = 16.0
    folds: int = 5
    weak_weight: float = 0.3
    threshold_floor: float = 0.2
    threshold_ceiling: float = 0.6
    threshold_tolerance: float = 0.01  # thresholds: middle of the F1 plateau within this of the best (0: arg-max)
    top_bars: tuple[float, ...] = (0.2, 0.25, 0.3, 0.35, 0.4)
    top_bar_min_gain: float = 0.005  # CV macro-F1 gain a top-bouwsteen bar must bring to be used
    seed: int = 0


@dataclass
class Head:
    """Calibrated one-vs-rest logistic regressions over the shared features."""

    label_ids: list[str]
    coef: np.ndarray  # (labels, features) float32
    intercept: np.ndarray
    calib: np.ndarray  # (labels, 2): Platt slope and offset on the decision value
    thresholds: np.ndarray

    def proba(self, X: Any) -> np.ndarray:
        decision = np.asarray(X @ self.coef.T) + self.intercept
        z = decision * self.calib[:, 0] + self.calib[:, 1]
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


@dataclass
class Model:
    features: Pipeline
    heads: dict[str, Head]
    facet_modes: dict[str, str]  # facet id -> model / rule / mean
    facet_thresholds: dict[str, float]
    top_bar: dict[str, float | None]  # sector -> lower bar for "at least the top bouwsteen"
    taxonomy: Taxonomy
    manifest: dict[str, Any] = field(default_factory=dict)
    # element id -> True when the element is only assigned together with its own bouwsteen
    # (chosen per element on cross-validated F1; kept in the manifest; absent = no gate)
    element_gate: dict[str, bool] = field(default_factory=dict)
    _names: list[str] | None = None

    @property
    def model_id(self) -> str:
        return str(self.manifest.get("model_id", ""))

    def feature_names(self) -> list[str]:
        if self._names is None:
            self._names = [str(n) for n in self.features.named_steps["features"].get_feature_names_out()]
        return self._names

    def predict_labels(self, texts: list[str], sector: str, explain: bool = True) -> list[PassageLabels]:
        return _predict_model(self, texts, sector, explain)


class Predictor(Protocol):
    def predict_labels(self, texts: list[str], sector: str, explain: bool = True) -> list[PassageLabels]: ...


def predict(model: Predictor, texts: list[str], sector: str, explain: bool = True) -> list[PassageLabels]:
    """Labels for each text under `sector`'s scheme (learned model or keyword baseline)."""
    return model.predict_labels(texts, sector, explain)


# --------------------------------------------------------------------------- training


def train(examples: list[Example], taxonomy: Taxonomy, opts: TrainOptions | None = None) -> Model:
    """Fit features, one head per sector and the facet head; tune on cross-validated predictions."""
    o = opts or TrainOptions()
    started = time.perf_counter()
    features = Pipeline([("features", build_vectorizer(o.features))])
    X = features.fit_transform([ex.text for ex in examples])
    heads: dict[str, Head] = {}
    metrics: dict[str, Any] = {}
    top_bar: dict[str, float | None] = {}
    element_gate: dict[str, bool] = {}
    for sector in taxonomy.sector_ids():
        ids = [lb.id for lb in (*taxonomy.bouwstenen_for(sector), *taxonomy.elements_for(sector))]
        fit = tuning.fit_head(X, examples, ids, tuning.sector_targets(examples, ids, sector, taxonomy), o)
        heads[sector] = fit.head
        bouwsteen_ids = [b.id for b in taxonomy.bouwstenen_for(sector)]
        top_bar[sector] = tuning.choose_top_bar(fit, bouwsteen_ids, o.top_bars, o.top_bar_min_gain)
        element_gate.update(tuning.choose_element_gates(fit, taxonomy.elements_for(sector)))
        metrics[sector] = fit.metrics
    facet_ids = [f.id for f in taxonomy.facets]
    fit = tuning.fit_head(X, examples, facet_ids, tuning.facet_targets(examples, facet_ids), o)
    heads[FACETS] = fit.head
    modes, facet_thresholds, facet_metrics = tuning.choose_facet_modes(fit, [ex.text for ex in examples], o)
    metrics[FACETS] = facet_metrics
    model = Model(features, heads, modes, facet_thresholds, top_bar, taxonomy, element_gate=element_gate)
    model.manifest = _manifest(model, examples, o, metrics, time.perf_counter() - started)
    return model


def training_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for ex in sorted(examples, key=lambda e: e.id):
        known = sorted(ex.known) if ex.known is not None else None
        row = [ex.id, ex.sector, ex.text, sorted(ex.labels), known, ex.weight, ex.source]
        digest.update(json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def _manifest(model: Model, examples: list[Example], o: TrainOptions, metrics: dict[str, Any], secs: float) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for ex in examples:
        counts[f"{ex.sector}/{ex.source}"] = counts.get(f"{ex.sector}/{ex.source}", 0) + 1
    thresholds = {lid: round(float(t), 4) for h in model.heads.values() for lid, t in zip(h.label_ids, h.thresholds, strict=True)}
    thresholds.update({k: round(v, 4) for k, v in model.facet_thresholds.items()})
    manifest: dict[str, Any] = {
        "model_version": MODEL_VERSION,
        "taxonomy_hash": model.taxonomy.hash,
        "taxonomy_version": model.taxonomy.version,
        "training_hash": training_hash(examples),
        "examples": dict(sorted(counts.items())),
        "sklearn_version": sklearn.__version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_seconds": round(secs, 2),
        "options": asdict(o),
        "thresholds": thresholds,
        "facet_modes": model.facet_modes,
        "top_bar": model.top_bar,
        "element_gate": model.element_gate,
        "features": len(model.feature_names()),
        "metrics": metrics,
    }
    manifest["model_id"] = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()[:16]
    return manifest


# --------------------------------------------------------------------------- prediction


def _predict_model(model: Model, texts: list[str], sector: str, explain: bool) -> list[PassageLabels]:
    if sector not in model.heads:
        raise KeyError(f"unknown sector {sector!r}; known: {', '.join(model.taxonomy.sector_ids())}")
    if not texts:
        return []
    tokens = [tokens_of(t) for t in texts]
    X = model.features.named_steps["features"].transform_tokens(tokens)
    head, facet_head = model.heads[sector], model.heads[FACETS]
    probs = head.proba(X)
    facet_probs = _facet_scores(model, facet_head.proba(X), texts, tokens)
    assigned = probs >= head.thresholds
    _add_top_bouwsteen(assigned, probs, head.label_ids, model, sector)
    _gate_elements(assigned, head.label_ids, model, sector)
    facet_assigned = facet_probs >= np.array([model.facet_thresholds[f] for f in facet_head.label_ids])
    ids, facet_ids = head.label_ids, facet_head.label_ids
    bouwsteen_ids = {b.id for b in model.taxonomy.bouwstenen_for(sector)}
    all_ids = [*ids, *facet_ids]
    all_scores = np.round(np.hstack([probs, facet_probs]), 4).tolist()
    out = []
    assigned_rows, facet_rows = assigned.tolist(), facet_assigned.tolist()  # plain lists: no numpy call per passage
    for i, text in enumerate(texts):
        chosen = [lid for lid, on in zip(ids, assigned_rows[i], strict=True) if on]
        facets = [fid for fid, on in zip(facet_ids, facet_rows[i], strict=True) if on]
        explanations = _explain(model, X, i, text, sector, chosen, facets) if explain else {}
        out.append(PassageLabels(
            bouwstenen=tuple(c for c in chosen if c in bouwsteen_ids),
            elements=tuple(c for c in chosen if c not in bouwsteen_ids),
            facets=tuple(facets), scores=dict(zip(all_ids, all_scores[i], strict=True)),
            explanations=explanations,
        ))
    return out


def _add_top_bouwsteen(assigned: np.ndarray, probs: np.ndarray, ids: list[str], model: Model, sector: str) -> None:
    """Add the best bouwsteen where none passed its threshold but it passes the lower bar."""
    bar = model.top_bar.get(sector)
    if bar is None:
        return
    bouwstenen = {b.id for b in model.taxonomy.bouwstenen_for(sector)}
    cols = np.array([j for j, lid in enumerate(ids) if lid in bouwstenen])
    sub = probs[:, cols]
    best = sub.argmax(axis=1)
    rows = np.flatnonzero(~assigned[:, cols].any(axis=1) & (sub[np.arange(len(sub)), best] >= bar))
    assigned[rows, cols[best[rows]]] = True


def _gate_elements(assigned: np.ndarray, ids: list[str], model: Model, sector: str) -> None:
    """An element is a reflection on a bouwsteen: where gated, it needs that bouwsteen assigned too."""
    gate = model.element_gate
    for el in model.taxonomy.elements_for(sector):
        if gate.get(el.id) and el.bouwsteen in ids and el.id in ids:
            assigned[:, ids.index(el.id)] &= assigned[:, ids.index(el.bouwsteen)]


def _facet_scores(model: Model, probs: np.ndarray, texts: list[str], tokens: list[list[str]]) -> np.ndarray:
    ids = model.heads[FACETS].label_ids
    modes = [model.facet_modes.get(f, "model") for f in ids]
    if all(m == "model" for m in modes):
        return probs
    rules = [rule_scores(text, toks) for text, toks in zip(texts, tokens, strict=True)]
    out = probs.copy()
    for j, (f, mode) in enumerate(zip(ids, modes, strict=True)):
        if mode != "model" and f in rules[0]:
            r = np.array([row[f] for row in rules])
            out[:, j] = r if mode == "rule" else (probs[:, j] + r) / 2
    return out


def _explain(model: Model, X: Any, i: int, text: str, sector: str, chosen: list[str], facets: list[str]) -> dict[str, list[str]]:
    """Top terms per assigned label: feature value x coefficient in this passage."""
    start, end = X.indptr[i], X.indptr[i + 1]
    indices, values = X.indices[start:end], X.data[start:end]
    names = model.feature_names()
    surface = surface_map(text)
    out: dict[str, list[str]] = {}
    for head_name, ids in ((sector, chosen), (FACETS, facets)):
        head = model.heads[head_name]
        for lid in ids:
            if head_name == FACETS and model.facet_modes.get(lid) == "rule":
                out[lid] = rule_terms(lid, text)
                continue
            weights = values * head.coef[head.label_ids.index(lid), indices]
            top = np.argsort(-weights)[:EXPLAIN_CANDIDATES]
            pairs = [(names[f], w) for f, w in zip(indices[top].tolist(), weights[top].tolist(), strict=True) if w > 0]
            out[lid] = readable_terms(pairs, text, surface=surface)
    return out


# --------------------------------------------------------------------------- persistence


def model_dir(settings: Settings, name: str | None = None) -> Path:
    return settings.models_path / (name or settings.model_name)


def save_model(model: Model, directory: Path) -> Path:
    """Write model.joblib and manifest.json (with the model file's sha256) to `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{MODEL_FILE}.{os.getpid()}.tmp"
    joblib.dump((model.features, model.heads, model.facet_modes, model.facet_thresholds, model.top_bar), tmp, compress=3)
    manifest = dict(model.manifest, model_file_sha256=hashlib.sha256(tmp.read_bytes()).hexdigest())
    tmp_manifest = directory / f".{MANIFEST_FILE}.{os.getpid()}.tmp"
    tmp_manifest.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True))
    os.replace(tmp, directory / MODEL_FILE)  # readers check the file hash against the manifest,
    os.replace(tmp_manifest, directory / MANIFEST_FILE)  # so a half-swapped pair is refused, not misused
    return directory


def check_manifest(manifest: dict[str, Any], taxonomy: Taxonomy) -> list[str]:
    """Why a saved model does not fit this installation (empty when it does)."""
    problems = []
    if manifest.get("model_version") != MODEL_VERSION:
        problems.append(f"model version {manifest.get('model_version')} != {MODEL_VERSION}")
    if manifest.get("taxonomy_hash") != taxonomy.hash:
        problems.append(f"taxonomy changed (model {manifest.get('taxonomy_hash')}, now {taxonomy.hash})")
    if manifest.get("sklearn_version") != sklearn.__version__:
        problems.append(f"scikit-learn {manifest.get('sklearn_version')} != installed {sklearn.__version__}")
    return problems


def load_saved_model(directory: Path, taxonomy: Taxonomy) -> Model:
    """Load a saved model; refuses (ModelError) when it does not match taxonomy or libraries."""
    manifest_path, model_path = directory / MANIFEST_FILE, directory / MODEL_FILE
    if not manifest_path.is_file() or not model_path.is_file():
        raise ModelError(f"no model in {directory}: run `kb train`")
    manifest = json.loads(manifest_path.read_text())
    problems = check_manifest(manifest, taxonomy)
    if hashlib.sha256(model_path.read_bytes()).hexdigest() != manifest.get("model_file_sha256"):
        problems.append("model file does not match its manifest")
    if problems:
        raise ModelError(f"model in {directory} cannot be used: {'; '.join(problems)}. Run `kb train` to rebuild it.")
    features, heads, modes, facet_thresholds, top_bar = joblib.load(model_path)
    gate = {str(k): bool(v) for k, v in (manifest.get("element_gate") or {}).items()}
    return Model(features, heads, modes, facet_thresholds, top_bar, taxonomy, manifest, element_gate=gate)


def train_default(settings: Settings, extra: list[Example] | None = None, opts: TrainOptions | None = None) -> Model:
    """Train on the bundled training data (plus `extra`, e.g. weak examples)."""
    taxonomy = load_taxonomy(settings.taxonomy_path)
    examples = load_training_examples(settings.training_dir, taxonomy) + list(extra or [])
    return train(examples, taxonomy, opts)


def load_model(settings: Settings, name: str | None = None) -> Model:
    """The saved model `name` (default: settings.model_name); trained and saved on first use."""
    taxonomy = load_taxonomy(settings.taxonomy_path)
    directory = model_dir(settings, name)
    if not (directory / MANIFEST_FILE).exists():
        save_model(train_default(settings), directory)
    return load_saved_model(directory, taxonomy)
