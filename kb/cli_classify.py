"""`kb` commands of the classify area: check, classify-text, train, evaluate."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kb.cli import KbError, echo_json, sector_of, settings_of
from kb.settings import Settings

MODEL_CHOICES = click.Choice(["default", "keywords"])


def _predictor(settings: Settings, kind: str) -> Any:
    from analysis.classify import ModelError, load_model
    from analysis.keywords import KeywordModel
    from analysis.weak import TrainingDataError
    from kb.taxonomy import TaxonomyError, load_taxonomy

    try:
        if kind == "keywords":
            return KeywordModel(load_taxonomy(settings.taxonomy_path))
        return load_model(settings)
    except (ModelError, TaxonomyError, TrainingDataError) as exc:
        raise KbError(str(exc)) from exc


def _sector_param(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    return sector_of(ctx, value)


BATCH_LINES = 2000  # input lines classified (and written) together: output streams, memory stays flat


@dataclass(frozen=True)
class _Line:
    """One input line: its id, and either text and sector or the reason it cannot be classified."""

    number: int
    id: Any = None
    text: str = ""
    sector: str = ""
    error: str = ""
    heading_path: tuple[str, ...] = ()  # optional section context (`heading` or `heading_path` field)


def _read_line(number: int, raw: bytes, default_sector: str | None, known: list[str]) -> _Line | None:
    """Parse one JSONL line (None for a blank one); a bad line becomes a _Line with its error."""
    where = f"line {number}"
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return _Line(number, error=f"{where}: not UTF-8 text")
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return _Line(number, error=f"{where}: not valid JSON ({exc.msg}, column {exc.colno})")
    if not isinstance(row, dict):
        return _Line(number, error=f"{where}: a line must be a JSON object, got {_json_type(row)}")
    row_id, text, sector = row.get("id"), row.get("text"), row.get("sector")
    if text is None:
        return _Line(number, row_id, error=f"{where}: no \"text\" field")
    if not isinstance(text, str):
        return _Line(number, row_id, error=f"{where}: \"text\" must be a string, got {_json_type(text)}")
    if sector in (None, ""):
        if not default_sector:
            return _Line(number, row_id, error=f"{where}: no sector field and no --sector given")
        sector = default_sector
    if not isinstance(sector, str):
        return _Line(number, row_id, error=f"{where}: \"sector\" must be a string, got {_json_type(sector)}")
    if sector.strip().lower() not in known:
        return _Line(number, row_id, error=f"{where}: unknown sector {sector!r}; known: {', '.join(known)}")
    return _Line(number, row_id, text, sector.strip().lower(), heading_path=_heading_path(row))


def _numbered(stream: Any) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw bytes) per input line, then (n + 1, None) once the input ends."""
    number = 0
    for number, raw in enumerate(stream, start=1):  # noqa: B007 - the last number is used below
        yield number, raw
    yield number + 1, None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _classify_batch(model: Any, lines: list[_Line]) -> list[dict[str, Any]]:
    """Output rows for `lines`, same order; a bad line keeps the shape, with empty labels and its error."""
    from analysis.classify import predict
    from analysis.sections import apply_sections

    results: list[dict[str, Any]] = [
        {"id": ln.id, "bouwstenen": [], "elements": [], "facets": [], "scores": {}, "error": ln.error} for ln in lines
    ]
    by_sector: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if not ln.error:
            by_sector.setdefault(ln.sector, []).append(i)
    for sector, idx in by_sector.items():
        labels = predict(model, [lines[i].text for i in idx], sector)
        labels = apply_sections(labels, [lines[i].heading_path for i in idx], model.taxonomy, sector)
        for i, pl in zip(idx, labels, strict=True):
            results[i] = {"id": lines[i].id, "bouwstenen": list(pl.bouwstenen), "elements": list(pl.elements),
                          "facets": list(pl.facets), "scores": pl.scores, "explanations": pl.explanations}
    return results


def _heading_path(row: dict[str, Any]) -> tuple[str, ...]:
    """Optional section context of a classify-text line: `heading_path` (list) or `heading` (text)."""
    path = row.get("heading_path")
    if isinstance(path, list):
        return tuple(str(h) for h in path if h)
    heading = row.get("heading")
    return (str(heading),) if heading else ()


@click.command("classify-text")
@click.option("--sector", callback=_sector_param, help="Sector scheme (vvt, ghz, ...) for lines without a sector field.")
@click.option("--model", "model_kind", type=MODEL_CHOICES, default="default", show_default=True)
@click.pass_context
def classify_text(ctx: click.Context, sector: str | None, model_kind: str) -> None:
    """Label JSONL passages from stdin; labelled JSONL to stdout, same order.

    A line may carry its section context as `heading` (text) or `heading_path` (list, outermost
    first): a heading that names a bouwsteen ("Bouwsteen 3", "Het werk organiseren") adds it.

    Example: echo '{"id": "1", "text": "Ons ziekteverzuim daalde naar 6%."}' | kb classify-text --sector vvt

    Every non-blank input line gives one output line. A line that cannot be classified (not
    JSON, no text, unknown sector) gives {"id": ..., "error": "line N: ...", empty labels}; the
    others are still labelled, and the command then exits with code 1.
    """
    from kb.taxonomy import load_taxonomy

    settings = settings_of(ctx)
    known = load_taxonomy(settings.taxonomy_path).sector_ids()
    stdin = sys.stdin.buffer  # bytes: a line that is not UTF-8 is one bad line, not the end of the run
    if stdin.isatty():
        click.echo("reading JSONL passages from stdin (end with Ctrl-D)", err=True)
    model: Any = None
    total, errors = 0, []
    batch: list[_Line] = []
    for number, raw in _numbered(stdin):
        line = _read_line(number, raw, sector, known) if raw is not None else None
        if line is not None:
            batch.append(line)
        if batch and (raw is None or len(batch) >= BATCH_LINES):
            if model is None and any(not ln.error for ln in batch):
                model = _predictor(settings, model_kind)
            for result in _classify_batch(model, batch):
                click.echo(json.dumps(result, ensure_ascii=False))
            total += len(batch)
            errors += [ln.error for ln in batch if ln.error]
            batch = []
    if errors:
        raise KbError(f"{len(errors)} of {total} lines not classified (their output line has an \"error\"); "
                      f"first: {errors[0]}")


DOC_TYPES = ("kwaliteitsbeeld", "voortgangsbericht", "visitatieverslag")


@click.command("check")
@click.argument("source")
@click.option("--sector", required=True, callback=_sector_param, help="Sector scheme: vvt, ghz, ...")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), default=None,
              help="Check as this document type (default: the type the document names itself).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (contract in cli.md).")
@click.option("--allow-private", is_flag=True, help="Allow loopback/private addresses (tests, demo).")
@click.option("--model", "model_kind", type=MODEL_CHOICES, default="default", show_default=True)
@click.pass_context
def check(ctx: click.Context, source: str, sector: str, doc_type: str | None, as_json: bool, allow_private: bool,
          model_kind: str) -> None:
    """Analyse one document (file or URL) without storing it: passages, labels, coverage.

    Says which mandatory elements the document type (kwaliteitsbeeld, voortgangsbericht,
    visitatieverslag; read from the document unless --doc-type) still misses, where each
    bouwsteen and element is evidenced (page, heading), and when and where the document is due.

    Example: kb check kwaliteitsbeeld-2024.pdf --sector vvt --json
    """
    from analysis.check import CheckOutcome, check_document
    from analysis.documents import DocumentRulesError
    from kb.taxonomy import load_taxonomy

    settings = settings_of(ctx)
    taxonomy = load_taxonomy(settings.taxonomy_path)
    if doc_type and doc_type not in taxonomy.sector(sector).doc_types:
        raise click.UsageError(f"--doc-type {doc_type}: sector {sector} knows only "
                               f"{', '.join(taxonomy.sector(sector).doc_types)}")
    # the model is loaded only once the document is read and has text: a bad source is named at once
    try:
        result = check_document(source, sector, settings, lambda: _predictor(settings, model_kind), taxonomy,
                                allow_private=allow_private or settings.allow_private, doc_type=doc_type,
                                finder=_report_finder())
    except DocumentRulesError as exc:
        raise KbError(str(exc)) from exc
    if result.outcome is not CheckOutcome.OK:
        raise KbError(f"{result.outcome.value}: {result.detail}")
    if as_json:
        echo_json(result.report)
        return
    _print_check(result.report)


def _report_finder() -> Any:
    """The crawler's way to the report behind a landing page (link scoring, shared-file download forms),
    for `kb check URL`: analysis does not import the crawler, the CLI hands it over."""
    from analysis.check import ReportFinder
    from crawler import landing
    from crawler.hosting import download_url
    from crawler.links import MAX_REPORT_PARTS

    return ReportFinder(read_page=landing.read_page, download_form=download_url,
                        part_links=landing.report_part_links, part_belongs=landing.part_belongs,
                        combine_parts=landing.combine_parts, max_parts=MAX_REPORT_PARTS)


def _print_found(found: dict[str, Any], source: str, limit: int = 5) -> None:
    """Which URL was checked and why, and the other candidate reports (Dutch)."""
    if found["url"] != source or found["reason"] != "het opgegeven adres":
        click.echo(f"getoetst: {found['url']}\n  ({found['reason']})")
    if found.get("parts"):
        click.echo(f"  met {len(found['parts'])} vervolgpagina('s): {', '.join(found['parts'][:3])}"
                   + (" ..." if len(found["parts"]) > 3 else ""))
    others = [o for o in found.get("others", []) if o["kind"] == "document"]
    if others:
        click.echo("andere mogelijke verslagen:")
        for other in others[:limit]:
            tried = f" [{other['tried']}]" if other.get("tried") else ""
            click.echo(f"  {other['link_text'][:80]}: {other['url']}{tried}")
        if len(others) > limit:
            click.echo(f"  (+{len(others) - limit})")


def _where(entry: dict[str, Any], limit: int = 4) -> str:
    """Where a label is evidenced, for a reader: 'p. 3 “Onze medewerkers”; p. 5 “Leren”' (pages, headings)."""
    places: dict[str, list[str]] = {}
    for ev in entry.get("evidence", []):
        heading = str(ev.get("heading") or "").strip()
        place = f"p. {ev['page']}" if ev.get("page") else ("" if heading else f"passage {ev['passage']}")
        headings = places.setdefault(place, [])
        if heading and f"\u201c{heading[:50]}\u201d" not in headings:
            headings.append(f"\u201c{heading[:50]}\u201d")
    spots = [" ".join(filter(None, (place, ", ".join(headings)))) for place, headings in places.items()]
    more = f" (+{len(spots) - limit})" if len(spots) > limit else ""
    return "; ".join(spots[:limit]) + more


def _print_check(report: dict[str, Any]) -> None:
    """The report for a person (Dutch): what is missing first, then where each label is evidenced."""
    doc, req = report["document"], report.get("requirements", {})
    pages = f", {doc['pages']} pagina{'' if doc['pages'] == 1 else chr(39) + 's'}" if doc.get("pages") else ""
    click.echo(f"{doc['source']}: {doc.get('title') or '(zonder titel)'}")
    if report.get("found"):
        _print_found(report["found"], doc["source"])
    click.echo(f"sector {report['sector']}, getoetst als {req.get('doc_type', '?')}{pages}, "
               f"{len(report['passages'])} passage{'' if len(report['passages']) == 1 else 's'}, {doc.get('words', 0)} woorden")
    if doc.get("note"):
        click.echo(f"opmerking: {doc['note']}")
    for warning in report.get("warnings", []):
        click.echo(f"Let op: {warning['text']}")
    if req.get("deadline") or req.get("submit"):
        click.echo(f"Termijn: {req.get('deadline') or 'onbekend'}. Indienen: {req.get('submit') or 'onbekend'}.")
    required = req.get("required", [])
    missing = report.get("missing", [])
    click.echo(f"\nVerplichte onderdelen: {len(required) - len(missing)} van {len(required)} gevonden")
    for item in missing:
        click.echo(f"  ONTBREEKT  {item['name']} ({item['id']})")
    for kind, title in (("elements", "Onderdelen"), ("bouwstenen", "Bouwstenen")):
        click.echo(f"\n{title}:")
        for lid, cov in report["coverage"][kind].items():
            mark = "ja " if cov["covered"] else "nee"
            extra = "" if cov.get("required", True) else " (niet verplicht voor dit document)"
            click.echo(f"  {mark} {cov.get('name', lid)} ({lid}){extra}")
            if cov.get("evidence"):
                weak = "" if cov["covered"] else "zwak bewijs: "
                click.echo(f"        {weak}{_where(cov)}")
    facets = ", ".join(f"{k} {v:.0%}" for k, v in report["coverage"]["facets"].items())
    click.echo(f"\nBalans (aandeel passages): {facets}")


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
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds (grouped by passage id prefix).")
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
