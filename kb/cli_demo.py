"""`kb` commands of the demo area (one owner per module)."""

from __future__ import annotations

import signal
import time
import webbrowser
from types import FrameType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the demo package imports the document renderers: load it only when run
    from kb.demo.pipeline import DemoRun


@click.command("demo")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Portal port (default: the portal_port setting, 8501).")
@click.option("--sites-port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port of the demo websites on 127.0.0.1 (a free one is used when busy; 0 = any).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser on the portal.")
@click.option("--no-portal", is_flag=True, help="Stop after the analysis (build, serve, import, crawl, analyse).")
@click.option("--subset", type=int, default=None, help="Only the first N organisations of data/demo/orgs.yaml.")
@click.option("--rebuild", is_flag=True, help="Rebuild the demo sites even when the sources are unchanged.")
@click.pass_context
def demo(ctx: click.Context, port: int | None, sites_port: int, no_browser: bool, no_portal: bool,
         subset: int | None, rebuild: bool) -> None:
    """Serve the bundled demo sites on 127.0.0.1, run the whole pipeline on them, open the portal.

    Example: kb demo --no-browser

    Runs again idempotently: the sites are rebuilt only when data/demo changed, the import
    is idempotent, the crawl fetches what was not fetched yet, the analysis is incremental.
    """
    from kb.cli import KbError, settings_of
    from kb.demo.pipeline import DemoRun, build_step, global_args, run_pipeline, start_server

    settings = settings_of(ctx)
    _stop_on_termination()
    started = time.monotonic()
    run = DemoRun()
    site_dir = build_step(settings, run, click.echo, force=rebuild)
    if not run.ok:
        raise KbError("building the demo sites failed")
    with start_server(settings, site_dir, sites_port) as server:
        _announce_server(server.base_url, sites_port, server.port)
        run = run_pipeline(settings, server, subset, click.echo, run)
        _report_steps(run, started)
        if no_portal or not run.ok:
            if not run.ok:
                raise KbError("the demo stopped early: " + _first_problem(run))
            return
        _serve_portal(global_args(settings), port or settings.portal_port, not no_browser, started)


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop_on_termination() -> None:
    """SIGTERM and SIGHUP stop the demo like Ctrl-C: portal subprocess and websites included."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_interrupt)


def _announce_server(base_url: str, requested: int, actual: int) -> None:
    click.echo(f"[2/6] demo websites served at {base_url}/")
    if requested and requested != actual:
        click.echo(f"      port {requested} was busy: the submissions file uses port {actual}")


def _report_steps(run: DemoRun, started: float) -> None:
    steps = ", ".join(f"{step.name.split()[0]} {step.seconds} s" for step in run.steps)
    click.echo(f"      pipeline finished in {time.monotonic() - started:.1f} s ({steps})")


def _first_problem(run: DemoRun) -> str:
    from kb.demo.pipeline import StepOutcome

    for step in run.steps:
        if step.outcome is not StepOutcome.OK:
            return f"{step.name}: {step.detail or step.outcome.value}"
    return "unknown"


def _serve_portal(args: list[str], preferred_port: int, open_browser: bool, started: float) -> None:
    """Step 6: run the portal until Ctrl-C (the demo websites keep being served meanwhile)."""
    from kb.cli import KbError
    from kb.demo.pipeline import command_available
    from kb.demo.portal import free_port, start_portal, stop_portal, wait_until_ready

    if not command_available("portal"):
        raise KbError("[6/6] `kb portal` is not available yet; the data is ready in the store")
    port = free_port(preferred_port)
    url = f"http://127.0.0.1:{port}/"
    click.echo(f"[6/6] starting the portal on {url} ...")
    proc = start_portal(args, port)
    _stop_on_termination()  # again: the in-process crawl (Scrapy) installs its own handlers
    try:
        if not wait_until_ready(proc, url):
            raise KbError("the portal did not start (see its output above)")
        click.echo(f"[6/6] portal ready at {url} ({time.monotonic() - started:.1f} s after start); Ctrl-C stops")
        if open_browser:
            webbrowser.open(url)
        proc.wait()
    except KeyboardInterrupt:
        click.echo("stopping the portal and the demo websites ...")
    finally:
        stop_portal(proc)


def register(group: click.Group) -> None:
    """Add this module's commands to the `kb` group."""
    group.add_command(demo)
