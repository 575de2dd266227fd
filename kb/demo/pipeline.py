"""The `kb demo` pipeline: build, serve, import, crawl, analyse (the portal is in portal.py).

The other areas are driven through the `kb` command line in-process, so the demo
depends only on the public command names and flags of spec/cli.md. A step whose
command does not exist yet is reported as ``missing`` and stops the pipeline cleanly.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import click

from kb.demo.build import build_sites, is_up_to_date, write_submissions
from kb.demo.content import Organisation, load_content, subset
from kb.demo.server import DemoServer
from kb.settings import Settings

DEFAULT_SITES_PORT = 8765
STATE_FILE = "state.json"
Echo = Callable[[str], None]


class StepOutcome(Enum):
    OK = "ok"
    MISSING = "missing"  # the command is not part of `kb` (yet)
    FAILED = "failed"


@dataclass(frozen=True)
class StepResult:
    name: str
    outcome: StepOutcome
    seconds: float
    detail: str = ""


@dataclass
class DemoRun:
    """What a pipeline run did; `base_url` is the demo server's address."""

    base_url: str = ""
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.outcome is StepOutcome.OK for step in self.steps)


def demo_dir(settings: Settings) -> Path:
    return settings.data_path / "demo"


def load_state(settings: Settings) -> dict[str, Any]:
    """What the previous `kb demo` runs left: the sites port, the key of the last import."""
    try:
        data = json.loads((demo_dir(settings) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(settings: Settings, **values: Any) -> None:
    path = demo_dir(settings) / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**load_state(settings), **values}, indent=1), encoding="utf-8")


def start_server(settings: Settings, site_dir: Path, requested: int) -> DemoServer:
    """Serve on `requested`; when busy, on the port of the previous run (so the stored URLs
    stay valid), else on any free port. The port used is remembered in the state file."""
    previous = load_state(settings).get("sites_port")
    candidates = [requested] + ([previous] if previous and requested and previous != requested else [])
    for port in candidates:
        server = DemoServer(site_dir, port=port, fallback=False)
        try:
            server.start()
            break
        except OSError:
            continue
    else:
        server = DemoServer(site_dir, port=0)
        server.start()
    save_state(settings, sites_port=server.port)
    return server


def count_submissions(settings: Settings) -> int:
    """Submissions in the store (0 when the database is new or gone)."""
    from sqlalchemy import func, select

    from kb.db import get_engine
    from kb.schema import Submission

    engine = get_engine(settings)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count(Submission.id))).scalar_one())
    finally:
        engine.dispose()


def import_key(settings: Settings, orgs: tuple[Organisation, ...], base_url: str) -> str:
    """Identifies an import: the same organisations, URLs and database need no second import."""
    data = json.dumps([[o.model_dump() for o in orgs], base_url, settings.db_url], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def global_args(settings: Settings) -> list[str]:
    """The global `kb` options that point a sub-command at the same store."""
    args = ["--data-dir", str(settings.data_path)]
    return args + (["--db", settings.database_url] if settings.database_url else [])


def command_available(name: str) -> bool:
    from kb.cli import cli

    return name in cli.commands


def invoke_kb(settings: Settings, args: list[str]) -> StepOutcome | str:
    """Run one `kb` command in-process; OK, MISSING, or the error text."""
    from kb.cli import cli

    if not command_available(args[0]):
        return StepOutcome.MISSING
    try:
        cli.main(args=[*global_args(settings), *args], prog_name="kb", standalone_mode=False)
    except click.ClickException as exc:
        return exc.format_message()
    except SystemExit as exc:
        if exc.code not in (0, None):
            return f"exit code {exc.code}"
    return StepOutcome.OK


@contextmanager
def timed_step(run: DemoRun, number: int, total: int, name: str, echo: Echo) -> Iterator[list[str]]:
    """Print a step line, time the body; the body appends an error text to fail the step."""
    echo(f"[{number}/{total}] {name} ...")
    started = time.monotonic()
    errors: list[str] = []
    yield errors
    seconds = round(time.monotonic() - started, 1)
    outcome = StepOutcome.FAILED if errors else StepOutcome.OK
    if errors and errors[0] == StepOutcome.MISSING.value:
        outcome, errors = StepOutcome.MISSING, [f"`kb {name.split()[0]}` is not available yet"]
    run.steps.append(StepResult(name, outcome, seconds, "; ".join(errors)))
    state = "done" if outcome is StepOutcome.OK else outcome.value
    echo(f"[{number}/{total}] {name}: {state} in {seconds} s" + (f" ({errors[0]})" if errors else ""))


def _record(errors: list[str], result: StepOutcome | str) -> None:
    if result is StepOutcome.MISSING:
        errors.append(StepOutcome.MISSING.value)
    elif isinstance(result, str):
        errors.append(result)


def crawl_summary(report: Path) -> str:
    """'ok 26, http_error 1, ...' from a crawl report CSV."""
    if not report.is_file():
        return ""
    with report.open(encoding="utf-8", newline="") as fh:
        counts = Counter(row.get("outcome", "") for row in csv.DictReader(fh))
    return ", ".join(f"{name} {n}" for name, n in counts.most_common())


TOTAL_STEPS = 6


def run_pipeline(settings: Settings, server: DemoServer, subset_n: int | None, echo: Echo,
                 run: DemoRun | None = None) -> DemoRun:
    """Import, crawl and analyse the demo sector served by the running `server`."""
    run = run or DemoRun()
    run.base_url = server.base_url
    out = demo_dir(settings)
    orgs = subset(load_content(), subset_n)
    key = import_key(settings, orgs, server.base_url)
    with timed_step(run, 3, TOTAL_STEPS, f"import-urls ({len(orgs)} organisations)", echo) as errors:
        if load_state(settings).get("import_key") == key and count_submissions(settings) > 0:
            echo("      unchanged since the previous run: not imported again")
        else:
            for sector, path in write_submissions(out, orgs, server.base_url).items():
                _record(errors, invoke_kb(settings, ["import-urls", str(path), "--sector", sector]))
                if errors:
                    break
    if not run.ok:
        return run
    save_state(settings, import_key=key)
    report = out / "crawl-report.csv"
    with timed_step(run, 4, TOTAL_STEPS, "crawl", echo) as errors:
        _record(errors, invoke_kb(settings, ["crawl", "--allow-private", "--report", str(report)]))
    if summary := crawl_summary(report):
        echo(f"      crawl outcomes: {summary}")
    if not run.ok:
        return run
    with timed_step(run, 5, TOTAL_STEPS, "analyse", echo) as errors:
        _record(errors, invoke_kb(settings, ["analyse"]))
    return run


def build_step(settings: Settings, run: DemoRun, echo: Echo, force: bool = False) -> Path:
    """Step 1: build the sites (cached); returns the site dir."""
    with timed_step(run, 1, TOTAL_STEPS, "build demo sites", echo) as errors:
        if not force and is_up_to_date(demo_dir(settings)):
            result = build_sites(demo_dir(settings))
        else:
            with click.progressbar(length=len(load_content().organisations), label="      sites") as bar:
                result = build_sites(demo_dir(settings), force=force, progress=lambda _slug: bar.update(1))
        state = "cached" if result.cached else f"built in {result.seconds} s"
        echo(f"      {result.routes} URLs, {result.bytes / 1e6:.1f} MB, {result.reports} reports ({state})")
        for warning in result.warnings:
            echo(f"      warning: {warning}")
        if not result.routes:
            errors.append("nothing built")
    return result.site_dir
