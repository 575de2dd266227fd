"""`kb` commands of the classify area: check, classify-text, train, evaluate."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from kb.cli import KbError, echo_json, settings_of
from kb.settings import Settings

MODEL_CHOICES = click.Choice(["default", "keywords"])


def _predictor(settings: Settings, kind: str) -> Any:
    from analysis.classify import ModelError, load_model
    from analysis.keywords import KeywordModel
    from kb.taxonomy import TaxonomyError, load_taxonomy

    try:
        if kind == "keywords":
            return KeywordModel(load_taxonomy(settings.taxonomy_path))
        return load_model(settings)
    except (ModelError, TaxonomyError) as exc:
        raise KbError(str(exc)) from exc


def _sector_option(settings: Settings, sector: str | None) -> str:
    from kb.taxonomy import load_taxonomy

    known = load_taxonomy(settings.taxonomy_path).sector_ids()
    if sector is not None and sector not in known:
        raise KbError(f"unknown sector {sector!r}; known: {', '.join(known)}")
    return sector or ""


def _heading_path(row: dict[str, Any]) -> list[str]:
    """Optional section context of a classify-text line: `heading_path` (list) or `heading` (text)."""
    path = row.get("heading_path")
    if isinstance(path, list):
        return [str(h) for h in path if h]
    heading = row.get("heading")
    return [str(heading)] if heading else []


@click.command("classify-text")
@click.option("--sector", help="Sector scheme (vvt, ghz, ...) for lines without a sector field.")
@click.option("--model", "model_kind", type=MODEL_CHOICES, default="default", show_default=True)
@click.pass_context
def classify_text(ctx: click.Context, sector: str | None, model_kind: str) -> None:
    """Label JSONL passages from stdin; labelled JSONL to stdout, same order.

    A line may carry its section context as `heading` (text) or `heading_path` (list, outermost
    first): a heading that names a bouwsteen ("Bouwsteen 3", "Het werk organiseren") adds it.

    Example: echo '{"id": "1", "text": "Ons ziekteverzuim daalde naar 6%."}' | kb classify-text --sector vvt
    """
    from analysis.classify import predict
    from analysis.sections import apply_sections

    settings = settings_of(ctx)
    default_sector = _sector_option(settings, sector)
    rows = [json.loads(line) for line in sys.stdin if line.strip()]
    model = _predictor(settings, model_kind)
    results: list[dict[str, Any] | None] = [None] * len(rows)
    by_sector: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        row_sector = row.get("sector") or default_sector
        if not row_sector:
            raise KbError(f"line {i + 1} has no sector and no --sector was given")
        by_sector.setdefault(_sector_option(settings, row_sector), []).append(i)
    for row_sector, idx in by_sector.items():
        labels = predict(model, [str(rows[i].get("text", "")) for i in idx], row_sector)
        labels = apply_sections(labels, [_heading_path(rows[i]) for i in idx], model.taxonomy, row_sector)
        for i, pl in zip(idx, labels, strict=True):
            results[i] = {"id": rows[i].get("id"), "bouwstenen": list(pl.bouwstenen), "elements": list(pl.elements),
                          "facets": list(pl.facets), "scores": pl.scores, "explanations": pl.explanations}
    for result in results:
        click.echo(json.dumps(result, ensure_ascii=False))


@click.command("check")
@click.argument("source")
@click.option("--sector", required=True, help="Sector scheme: vvt, ghz, ...")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (contract in cli.md).")
@click.option("--allow-private", is_flag=True, help="Allow loopback/private addresses (tests, demo).")
@click.option("--model", "model_kind", type=MODEL_CHOICES, default="default", show_default=True)
@click.pass_context
def check(ctx: click.Context, source: str, sector: str, as_json: bool, allow_private: bool, model_kind: str) -> None:
    """Analyse one document (file or URL) without storing it: passages, labels, coverage.

    Example: kb check kwaliteitsbeeld-2024.pdf --sector vvt --json
    """
    from analysis.check import CheckOutcome, check_document
    from kb.taxonomy import load_taxonomy

    settings = settings_of(ctx)
    _sector_option(settings, sector)
    model = _predictor(settings, model_kind)
    result = check_document(source, sector, settings, model, load_taxonomy(settings.taxonomy_path),
                            allow_private=allow_private or settings.allow_private)
    if result.outcome is not CheckOutcome.OK:
        raise KbError(f"{result.outcome.value}: {result.detail}")
    if as_json:
        echo_json(result.report)
        return
    _print_check(result.report)


def _print_check(report: dict[str, Any]) -> None:
    click.echo(f"{report['document']['source']} ({report['sector']}): {len(report['passages'])} passages")
    for kind in ("bouwstenen", "elements"):
        click.echo(f"\n{kind}:")
        for lid, cov in report["coverage"][kind].items():
            mark = "ja " if cov["covered"] else "nee"
            click.echo(f"  {mark} {lid:28s} strength {cov['strength']:.2f}  {', '.join(cov['passages'][:5])}")
    facets = ", ".join(f"{k} {v:.0%}" for k, v in report["coverage"]["facets"].items())
    click.echo(f"\nfacets: {facets}")


@click.command("train")
@click.option("--quiet", is_flag=True, help="Print only the model id.")
@click.option("--weak/--no-weak", default=True, show_default=True,
              help="Add weakly labelled passages (headings of crawled reports) and human annotations.")
@click.pass_context
def train_cmd(ctx: click.Context, quiet: bool, weak: bool) -> None:
    """(Re)train the classifiers on data/training (+ weak labels) and save the model.

    Example: kb train && kb evaluate
    """
    from analysis.classify import model_dir, save_model, train_default
    from analysis.weak import TrainingDataError, load_weak_examples
    from kb.db import get_engine
    from kb.taxonomy import TaxonomyError, load_taxonomy

    settings = settings_of(ctx)
    started = time.perf_counter()
    try:
        extra = []
        if weak:
            engine = get_engine(settings)
            extra = load_weak_examples(engine, load_taxonomy(settings.taxonomy_path))
            engine.dispose()
        model = train_default(settings, extra=extra)
    except (TrainingDataError, TaxonomyError) as exc:
        raise KbError(str(exc)) from exc
    directory = save_model(model, model_dir(settings))
    if quiet:
        click.echo(model.model_id)
        return
    click.echo(f"model {model.model_id} saved to {directory} in {time.perf_counter() - started:.1f}s")
    click.echo(f"examples: {model.manifest['examples']}")
    for sector in settings_taxonomy_sectors(settings):
        cv = model.manifest["metrics"][sector]["bouwsteen_macro_f1"]
        click.echo(f"{sector}: cross-validated bouwsteen macro-F1 {cv:.3f} (threshold tuning folds)")


def settings_taxonomy_sectors(settings: Settings) -> list[str]:
    from kb.taxonomy import load_taxonomy

    return load_taxonomy(settings.taxonomy_path).sector_ids()


@click.command("evaluate")
@click.option("--model", "model_kind", type=MODEL_CHOICES, default="default", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Report directory (default <data_dir>/evaluation).")
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds (grouped by passage id prefix).")
@click.pass_context
def evaluate_cmd(ctx: click.Context, model_kind: str, out_dir: str | None, folds: int) -> None:
    """Per-label report: cross-validation on the training data, scores on the real passages.

    Example: kb evaluate --model keywords --out reports/
    """
    from analysis.evaluate import run_evaluation

    settings = settings_of(ctx)
    target = Path(out_dir) if out_dir else settings.data_path / "evaluation"
    model = _predictor(settings, model_kind)
    report, paths = run_evaluation(settings, model, model_kind, target, folds)
    for sector, rep in sorted(report["cv"].items()):
        line = f"{sector}: CV bouwsteen macro-F1 {rep['bouwstenen']['macro_f1']:.3f}"
        if sector in report.get("eval", {}):
            ev = report["eval"][sector]
            ci = ev["own"]["bouwstenen"].get("macro_f1_ci90")
            line += (f"; real passages {ev['all']['bouwstenen']['macro_f1']:.3f} (all),"
                     f" {ev['own']['bouwstenen']['macro_f1']:.3f} ({sector} only"
                     + (f", 90 % interval {ci[0]:.2f}-{ci[1]:.2f})" if ci else ")"))
        click.echo(line)
    click.echo(f"written: {', '.join(str(p) for p in paths)}")


def register(group: click.Group) -> None:
    """Add this module's commands to the `kb` group."""
    for command in (check, classify_text, train_cmd, evaluate_cmd):
        group.add_command(command)
