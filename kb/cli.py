"""The `kb` command line. Commands live in per-room modules (cli_crawl, cli_analysis, cli_portal)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from kb.settings import Settings, load_settings


class KbError(click.ClickException):
    """A domain error shown to the user as one clean line (exit code 1)."""


class Interrupted(click.ClickException):
    """A run stopped by Ctrl-C or SIGTERM: what was done is kept; exit code 130 like a shell."""

    exit_code = 130


class KbGroup(click.Group):
    """The `kb` group: expected failures of any command end as one line, never a traceback.

    A database that cannot be used or fails midway, and file-system errors (missing directory, no permission,
    disk full) are named with the path; Ctrl-C ends with exit code 130.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import DBAPIError

        from kb.db import DatabaseError, first_line

        try:
            return super().invoke(ctx)
        except DatabaseError as exc:
            raise KbError(str(exc)) from exc
        except DBAPIError as exc:  # the database failed midway (locked, server gone, damaged file)
            raise KbError(f"database error: {first_line(exc)}") from exc
        except BrokenPipeError:
            raise  # the reader went away (`kb ... | head`): click ends quietly
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            raise KbError(f"{exc.strerror or exc}{where}") from exc
        except KeyboardInterrupt as exc:
            raise Interrupted("interrupted; what was finished is kept, run the command again to continue") from exc


def sector_of(ctx: click.Context, sector: str | None, param: str = "--sector") -> str | None:
    """A sector id of the taxonomy (case and spaces ignored), or a usage error naming the known ones."""
    if sector is None:
        return None
    from kb.taxonomy import load_taxonomy

    known = load_taxonomy(settings_of(ctx).taxonomy_path).sector_ids()
    clean = sector.strip().lower()
    if clean not in known:
        raise click.BadParameter(f"unknown sector {sector!r}; known: {', '.join(known)}", ctx=ctx, param_hint=param)
    return clean


def settings_of(ctx: click.Context) -> Settings:
    obj = ctx.find_root().obj
    assert isinstance(obj, Settings), "kb context not initialised"
    return obj


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(cls=KbGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    except KeyboardInterrupt:  # pragma: no cover - interactive (outside a command: while parsing)
        click.echo("interrupted", err=True)
        sys.exit(130)
