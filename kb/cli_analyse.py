"""`kb` commands of the analyse area (one owner per module)."""

from __future__ import annotations

from typing import Any

import click

from kb.cli import echo_json, settings_of


@click.command("analyse")
@click.option(
    "--workers", type=int, default=None, help="Worker processes (default: Settings.workers, 0 = cores)."
)
@click.option("--ocr/--no-ocr", default=None, help="Run Tesseract OCR on PDFs without a text layer.")
@click.option("--no-classify", is_flag=True, help="Extract and segment only; store passages unlabelled.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def analyse_cmd(
    ctx: click.Context, workers: int | None, ocr: bool | None, no_classify: bool, as_json: bool
) -> None:
    """Extract, segment, classify and score every document not analysed yet (incremental).

    Example: kb analyse --workers 4 --json
    """
    from analysis.pipeline import analyse
    from kb.db import get_engine

    settings = settings_of(ctx).with_overrides(workers=workers, ocr=ocr)
    engine = get_engine(settings)
    report = analyse(settings, engine, classify=not no_classify)
    if as_json:
        echo_json(report.as_dict())
        return
    print_analyse_report(report)


def print_analyse_report(report: Any) -> None:
    """The human summary of an analyse run (also used by `kb run`)."""
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(report.statuses.items())) or "nothing to do"
    click.echo(
        f"analysed {report.documents} documents ({statuses}); {report.passages} passages; "
        f"{report.workers} workers; {report.seconds:.1f} s"
    )
    for note in report.notes:
        click.echo(f"note: {note}")


def register(group: click.Group) -> None:
    """Add this module's commands to the `kb` group."""
    group.add_command(analyse_cmd)
