"""Crawl runs over time: conditional re-crawl, changed reports, resume, crawl report, died URLs, CLI."""

from __future__ import annotations

import csv
import multiprocessing
import time
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from crawler.jobs import SubmissionResult
from crawler.pipelines import store_batch
from crawler.report import REPORT_COLUMNS, load_died_since_last_run, load_status, write_crawl_report
from crawler.run import crawl, load_jobs, run_scrapy, store_new_run
from kb.db import session_scope
from kb.models import Outcome
from kb.schema import CrawlResult, CrawlRun, SubmissionDocument
from kb.settings import Settings
from tests.crawler.helpers import add_submission, crawl_settings, make_pdf, results
from tests.support.webfarm import Reply, Route, WebFarm


def test_refresh_uses_conditional_request_and_changed_report_is_new_document(settings: Settings, engine: Engine) -> None:
    s = crawl_settings(settings)
    landing = Reply.html('<a href="/kb-2024.pdf">Kwaliteitsbeeld 2024</a>')
    with WebFarm({"/": landing, "/kb-2024.pdf": Reply.pdf(make_pdf(pad=50_000), etag='"v1"')}) as farm:
        sid = add_submission(engine, farm.url("/"))
        first = crawl(s, engine, isolate=True)
        sent = farm.bytes_sent
        second = crawl(s, engine, refresh=True, isolate=True)
        assert farm.bytes_sent - sent < 100  # 304: no body re-downloaded (only the robots.txt 404 page)
        assert farm.hits[-1][2].get("If-None-Match") == '"v1"'
        farm.routes["/kb-2024.pdf"] = Reply.pdf(make_pdf("nieuw", pad=50_000), etag='"v2"')
        third = crawl(s, engine, refresh=True, isolate=True)
    r1, r2, r3 = (results(engine, run.run_id)[sid] for run in (first, second, third))
    assert (r1.outcome, r2.outcome, r3.outcome) == ("ok", "ok", "ok")
    assert r2.sha256 == r1.sha256 and r3.sha256 != r1.sha256 and second.bytes < first.bytes / 10
    with session_scope(engine) as session:
        links = session.scalars(select(SubmissionDocument).where(SubmissionDocument.submission_id == sid)
                                .order_by(SubmissionDocument.id)).all()
        assert [link.is_current for link in links] == [False, True]


def _kill_after_results(settings: Settings, engine: Engine, run_id: int, wanted: int) -> None:
    jobs = load_jobs(engine, refresh=False)
    proc = multiprocessing.get_context("fork").Process(target=run_scrapy, args=(settings, run_id, jobs))
    proc.start()
    deadline = time.time() + 20
    while time.time() < deadline:
        with session_scope(engine) as session:
            done = session.scalar(select(func.count(CrawlResult.id)).where(CrawlResult.run_id == run_id)) or 0
        if done >= wanted:
            break
        time.sleep(0.05)
    proc.kill()
    proc.join()


def test_killed_run_is_marked_interrupted_and_next_crawl_resumes(settings: Settings, engine: Engine) -> None:
    s = crawl_settings(settings, download_timeout=30.0)
    routes: dict[str, Route] = {f"/fast{i}": Reply.pdf(make_pdf(f"r{i}")) for i in range(3)}
    routes["/slow"] = Reply.pdf(make_pdf("slow"), delay=3.0)
    with WebFarm(routes) as farm:
        ids = [add_submission(engine, farm.url(p), name=p) for p in routes]
        run_id = store_new_run(engine, s, refresh=False)
        _kill_after_results(s, engine, run_id, wanted=3)
        farm.routes["/slow"] = Reply.pdf(make_pdf("slow"))
        resumed = crawl(s, engine, isolate=True)
        fast_hits = [p for p in farm.paths_hit() if p.startswith("/fast")]
    with session_scope(engine) as session:
        assert session.get(CrawlRun, run_id).status == "interrupted"  # type: ignore[union-attr]
    assert resumed.submissions == 1 and results(engine, resumed.run_id).keys() == {ids[-1]}
    assert len(fast_hits) == 3  # finished submissions were not fetched again


def test_ctrl_c_stops_at_once_and_leaves_the_unfinished_submissions_to_the_next_run(
        settings: Settings, engine: Engine) -> None:
    """Scrapy's graceful stop waited for every download in flight (up to the timeout on a slow site): Ctrl-C now
    ends them at once; finished results are stored, the cut-off submissions get no result and the next run takes them."""
    import os
    import signal

    from crawler.run import _child

    s = crawl_settings(settings, download_timeout=30.0)
    with WebFarm({f"/fast{i}.pdf": Reply.pdf(make_pdf(f"f{i}")) for i in range(2)}) as fast, \
            WebFarm({f"/slow{i}.pdf": Reply.pdf(make_pdf(f"s{i}"), delay=25.0) for i in range(3)},
                    host="127.0.0.5") as slow:
        done = [add_submission(engine, fast.url(f"/fast{i}.pdf"), name=f"fast{i}") for i in range(2)]
        cut = [add_submission(engine, slow.url(f"/slow{i}.pdf"), name=f"slow{i}") for i in range(3)]
        run_id = store_new_run(engine, s, refresh=False)
        proc = multiprocessing.get_context("fork").Process(target=_child, args=(s, run_id, load_jobs(engine, False)))
        proc.start()
        deadline = time.time() + 20
        while time.time() < deadline and (len(results(engine, run_id)) < 2 or len(slow.hits) < 3):
            time.sleep(0.05)
        started = time.time()
        os.kill(proc.pid or 0, signal.SIGINT)
        proc.join(15)
        stopped_after = time.time() - started
        if proc.is_alive():
            proc.kill()
    assert stopped_after < 5, stopped_after
    assert proc.exitcode == 3  # not "finished": the run is recorded as interrupted
    assert sorted(results(engine, run_id)) == done
    assert [job.submission_id for job in load_jobs(engine, refresh=False)] == cut


def test_crawl_report_columns_and_died_urls(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    s = crawl_settings(settings)
    with WebFarm({"/kb.pdf": Reply.pdf(make_pdf())}) as farm:
        sid = add_submission(engine, farm.url("/kb.pdf"))
        add_submission(engine, None, name="Ongeldig", status="invalid_url")
        add_submission(engine, None, name="Nee", status="declared_no")
        crawl(s, engine, isolate=True)
        farm.routes.pop("/kb.pdf")
        crawl(s, engine, refresh=True, isolate=True)
    rows_written = write_crawl_report(engine, tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == REPORT_COLUMNS and rows_written == 2
    assert [r["organisation"] for r in rows] == ["Zorg", "Ongeldig"]  # declared_no is no report row
    died = load_died_since_last_run(engine)
    assert [(d["submission_id"], d["outcome"]) for d in died] == [(sid, "http_error")]
    status = load_status(engine)
    assert (status["submissions"], status["declared_no"], status["crawled"]) == (3, 1, 1)


def test_cli_import_crawl_status(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    from kb.cli import cli

    with WebFarm({"/kb.pdf": Reply.pdf(make_pdf())}) as farm:
        urls = tmp_path / "urls.csv"
        urls.write_text(f"organisatie,url,sector,jaar\nEen,{farm.url('/kb.pdf')},vvt,2024\n", encoding="utf-8")
        env = {"KB_DATA_DIR": settings.data_dir, "KB_DATABASE_URL": settings.db_url}
        runner = CliRunner()
        imported = runner.invoke(cli, ["import-urls", str(urls)], env=env)
        status = runner.invoke(cli, ["status", "--json"], env=env)
    assert imported.exit_code == 0 and "1 new" in imported.output
    assert '"crawlable": 1' in status.output


def test_one_bad_result_does_not_lose_its_batch(settings: Settings, engine: Engine) -> None:
    good = add_submission(engine, "http://zorg.example/")
    run_id = store_new_run(engine, settings, refresh=False)
    items = [SubmissionResult(good, Outcome.HTTP_ERROR, "HTTP 404", ()),
             SubmissionResult(999_999, Outcome.HTTP_ERROR, "no such submission", ())]
    assert store_batch(engine, settings, run_id, items) == 1
    assert list(results(engine, run_id)) == [good]


def test_kb_run_imports_crawls_and_analyses_in_one_go(settings: Settings, tmp_path: Path) -> None:
    """`kb run` as a user runs it: a real process (Scrapy's reactor starts once per process)."""
    import json
    import os
    import subprocess
    import sys

    from kb import docmaker

    report = docmaker.render_pdf(docmaker.DocSpec(title="Kwaliteitsbeeld 2024", blocks=(
        docmaker.Block(kind="heading", text="Cliëntervaringen", level=1),
        docmaker.Block(kind="paragraph", text=(
            "In 2024 vulden 212 cliënten de PREM wijkverpleging in. De NPS kwam uit op 47 (n=212). Met de "
            "cliëntenraad bespraken we wat beter kan in de bereikbaarheid in de avond en het weekend.")),
    )))[0]
    kb = str(Path(sys.executable).with_name("kb"))
    env = {**os.environ, "KB_DATA_DIR": settings.data_dir, "KB_DATABASE_URL": settings.db_url}
    with WebFarm({"/kwaliteit": Reply.html('<a href="/kb-2024.pdf">Kwaliteitsbeeld 2024</a>'),
                  "/kb-2024.pdf": Reply.pdf(report)}) as farm:
        urls = tmp_path / "urls.csv"
        urls.write_text(f"organisatie;url;sector;jaar\nZorg Een;{farm.url('/kwaliteit')};vvt;2024\n", encoding="utf-8")
        done = subprocess.run([kb, "run", str(urls), "--allow-private"], env=env, capture_output=True, text=True,
                              timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "analysed 1 documents (ok 1)" in done.stdout
    status = json.loads(subprocess.run([kb, "status", "--json"], env=env, capture_output=True, text=True,
                                       timeout=60).stdout)
    assert status["outcomes"] == {"ok": 1} and status["passages"] >= 1
