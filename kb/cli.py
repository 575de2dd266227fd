"""The `kb` command line. Commands live in per-room modules (cli_crawl, cli_analysis, cli_portal)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from kb.settings import Settings, load_settings


class KbError(click.ClickException):
    """A domain error shown to the user as one clean line (exit code 1)."""


def settings_of(ctx: click.Context) -> Settings:
    obj = ctx.find_root().obj
    assert isinstance(obj, Settings), "kb context not initialised"
    return obj


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", "database_url", envvar="KB_DATABASE_URL", help="Database URL (default: SQLite in the data dir).")
@click.option("--data-dir", envvar="KB_DATA_DIR", help="Raw documents, models, caches (default data/store).")
@click.version_option(package_name="kwaliteitsbeelden")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, data_dir: str | None) -> None:
    """kwaliteitsbeelden: harvest, analyse and compare the Dutch care kwaliteitsbeelden.

    Example: kb run zin-export.xlsx && kb portal
    """
    ctx.obj = load_settings(database_url=database_url, data_dir=data_dir)


def _register() -> None:
    from kb import cli_analyse, cli_classify, cli_crawl, cli_demo, cli_export, cli_portal

    for module in (cli_crawl, cli_analyse, cli_classify, cli_export, cli_portal, cli_demo):
        module.register(cli)


_register()


def main() -> None:  # console script entry point
    try:
        cli(prog_name="kb")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("afgebroken", err=True)
        sys.exit(130)
