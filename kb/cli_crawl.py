"""`kb` commands of the crawl room: import-urls, crawl, status, run."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from kb.cli import Interrupted, KbError, echo_json, settings_of
from kb.db import get_engine


def _print_intake(report: Any) -> None:
    sheets = report.sheets or ([report.sheet] if report.sheet else [])
    where = "sheets " + ", ".join(repr(s) for s in sheets) + ", " if len(sheets) > 1 else (
        f"sheet {report.sheet!r}, " if report.sheet else "")
    enc = f", encoding {report.encoding}, delimiter {report.delimiter!r}" if report.encoding else ""
    click.echo(f"{report.file}: {report.shape} file; {where}header row {report.header_row}{enc}")
    click.echo("columns used: " + ", ".join(f"{k}={v!r}" for k, v in report.columns.items()))
    click.echo(f"submissions: {report.submissions} ({report.new} new, {report.unchanged} unchanged, "
               f"{report.updated} updated, {len(report.kept)} kept); declared no: {report.declared_no}; invalid URLs: {len(report.invalid)}; "
               f"skipped rows: {len(report.skipped)}; rows of other indicators: {report.other_indicator_rows}")
    for note in report.notes:
        click.echo(f"note: {note}")
    for bad in report.invalid:
        click.echo(f"  invalid row {_at(bad)} ({bad['organisation']}): {bad['reason']}")
    for change in report.changed:
        click.echo(f"  changed row {_at(change)} ({change['organisation']}): {change['old']} -> {change['new']}")
    for kept in report.kept:
        click.echo(f"  kept row {_at(kept)} ({kept['organisation']}): {kept['stored']}: {kept['reason']}")
    for skip in report.skipped[:50]:
        click.echo(f"  skipped row {_at(skip)}: {skip['reason']}")
    if len(report.skipped) > 50:
        click.echo(f"  ... and {len(report.skipped) - 50} more skipped rows (--json lists them all)")


def _at(entry: dict[str, Any]) -> str:
    return f"{entry['row']} of sheet {entry['sheet']!r}" if entry.get("sheet") else str(entry["row"])


def _show_intake(report: Any, as_json: bool) -> None:
    """The import report (JSON, or text unless nothing could be read), then exit 1 when nothing could be."""
    if as_json:
        echo_json(asdict(report))
    elif not _unusable(report):
        _print_intake(report)
    _refuse_unusable(report)  # one error line (stderr) and exit 1: nothing was imported


def _unusable(report: Any) -> bool:
    return bool(report.problem) or report.shape == "unknown"


def _refuse_unusable(report: Any) -> None:
    """A file in which no URL list was found (a PDF, an empty or unrelated sheet) is an error, not 0 rows."""
    if _unusable(report):
        reason = report.problem or (report.skipped[0]["reason"] if report.skipped else "no URL list found")
        raise KbError(f"{report.file}: {reason}; expected a CSV or XLSX list of organisations and report URLs "
                      "(the Zorginstituut open-data file, or organisatie,url[,sector,jaar,kvk])")


@contextmanager
def _signals_restored() -> Iterator[None]:
    """Scrapy's Ctrl-C/SIGTERM handlers stay installed after its reactor stopped and then swallow the
    signal: give the handlers back, so the steps after a crawl (`kb run`'s analyse) can be stopped."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _check_writable(path: Path) -> None:
    """Refuse a report path that cannot be written before the crawl, not after it."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # an ancestor is a file
        raise KbError(f"cannot write the crawl report to {path}: {exc.filename} is not a directory") from exc
    except OSError as exc:
        raise KbError(f"cannot write the crawl report to {path}: {exc.strerror or exc} ({exc.filename or parent})") from exc
    if path.is_dir() or not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise KbError(f"cannot write the crawl report to {path}: not a writable file")


def _stop_if_interrupted(summary: Any) -> None:
    if summary.status == "interrupted":
        raise Interrupted(f"crawl run {summary.run_id} was interrupted after {summary.submissions} submissions; "
                          "their results are kept: run `kb crawl` again to fetch the rest")


def _print_crawl(summary: Any) -> None:
    idle = "nothing to crawl" if summary.status == "done" else "no results"
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.counts.items())) or idle
    click.echo(f"crawl run {summary.run_id} {summary.status}: {summary.submissions} submissions in "
               f"{summary.seconds:.1f} s, {summary.requests} requests, {summary.bytes} bytes; {counts}")


@click.command("import-urls")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Report year for rows without one.")
@click.option("--sector", type=click.Choice(["vvt", "ghz"], case_sensitive=False), help="Sector for rows without one.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@click.pass_context
def import_urls_cmd(ctx: click.Context, file: Path, year: int | None, sector: str | None, as_json: bool) -> None:
    """Load submitted URLs from a ZiN open-data file (XLSX/CSV) or a plain organisatie,url list.

    Example: kb import-urls openbaar-databestand-ghz-2024.xlsx
    """
    from crawler.intake import import_urls

    report = import_urls(get_engine(settings_of(ctx)), file, year=year, sector=sector)
    _show_intake(report, as_json)


@click.command("crawl")
@click.option("--allow-private", is_flag=True, help="Permit loopback/private addresses (tests, demo).")
@click.option("--refresh", is_flag=True, help="Re-check all submissions with conditional requests.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the crawl report CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def crawl_cmd(ctx: click.Context, allow_private: bool, refresh: bool, report_path: Path | None, as_json: bool) -> None:
    """Fetch every submission not yet fetched and store the reports found.

    Example: kb crawl --report crawl.csv
    """
    from crawler.report import write_crawl_report
    from crawler.run import crawl

    settings = settings_of(ctx).with_overrides(allow_private=allow_private or None)
    engine = get_engine(settings)
    if report_path:
        _check_writable(report_path)
    with _signals_restored():
        summary = crawl(settings, engine, refresh=refresh, progress=None if as_json else click.echo)
    if report_path:
        rows = write_crawl_report(engine, report_path)
        if not as_json:
            click.echo(f"crawl report: {report_path} ({rows} rows)")
    echo_json(asdict(summary)) if as_json else _print_crawl(summary)
    _stop_if_interrupted(summary)


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def status_cmd(ctx: click.Context, as_json: bool) -> None:
    """Counts per stage and per crawl outcome.

    Example: kb status --json
    """
    from crawler.report import load_status

    status = load_status(get_engine(settings_of(ctx)))
    if as_json:
        echo_json(status)
        return
    for key, value in status.items():
        if isinstance(value, dict):
            click.echo(f"{key}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
        else:
            click.echo(f"{key}: {value}")


@click.command("run")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--allow-private", is_flag=True, help="Permit loopback/private addresses (tests, demo).")
@click.option("--year", type=int, help="Report year for rows without one.")
@click.option("--sector", type=click.Choice(["vvt", "ghz"], case_sensitive=False), help="Sector for rows without one.")
@click.pass_context
def run_cmd(ctx: click.Context, file: Path, allow_private: bool, year: int | None, sector: str | None) -> None:
    """import-urls + crawl + analyse in one go.

    Example: kb run zin-export.xlsx
    """
    from crawler.intake import import_urls
    from crawler.run import crawl

    settings = settings_of(ctx).with_overrides(allow_private=allow_private or None)
    engine = get_engine(settings)
    report = import_urls(engine, file, year=year, sector=sector)
    _show_intake(report, as_json=False)
    with _signals_restored():
        summary = crawl(settings, engine, progress=click.echo)
    _print_crawl(summary)
    _stop_if_interrupted(summary)
    from analysis.pipeline import analyse
    from kb.cli_analyse import print_analyse_report

    print_analyse_report(analyse(settings, engine))


def register(group: click.Group) -> None:
    """Add this room's commands to the `kb` group."""
    for command in (import_urls_cmd, crawl_cmd, status_cmd, run_cmd):
        group.add_command(command)
