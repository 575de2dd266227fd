"""`kb export`: the tagged corpus for researchers."""

from __future__ import annotations

import click

from kb.cli import KbError, echo_json, sector_of, settings_of


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output directory.")
@click.option("--sector", type=str, default=None, callback=lambda ctx, _p, v: sector_of(ctx, v),
              help="Only this sector (vvt, ghz).")
@click.option("--year", type=int, default=None, help="Only this report year.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, out_dir: str, sector: str | None, year: int | None, as_json: bool) -> None:
    """Export documents, passages and figures with a codebook and manifest.

    Example: kb export --format parquet --out export/ --sector ghz --year 2023
    """
    from analysis.export import ExportError, export_corpus
    from kb.db import get_engine

    settings = settings_of(ctx)
    try:
        manifest = export_corpus(get_engine(settings), settings, out_dir, fmt, sector=sector, year=year)
    except ExportError as exc:
        raise KbError(str(exc)) from exc
    if as_json:
        echo_json(manifest)
        return
    counts = manifest["row_counts"]
    click.echo(
        f"exported {counts['documents']} documents, {counts['passages']} passages, "
        f"{counts['figures']} figures to {out_dir} ({fmt}) with codebook.md and manifest.json"
    )
    if manifest["removed"]:
        click.echo(f"removed the earlier export's {', '.join(manifest['removed'])} (another format)")
    if not counts["documents"]:
        click.echo("note: no analysed document matches the filters" if sector or year else
                   "note: no analysed documents yet (kb import-urls, kb crawl, kb analyse)")


def register(group: click.Group) -> None:
    group.add_command(export_cmd)
