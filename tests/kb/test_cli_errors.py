"""Bad use of `kb` as users meet it: every case ends with one clear line and its exit code, never a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.cli import cli
from kb.settings import Settings
from tests.support.webfarm import Reply, WebFarm


def kb(settings: Settings, *args: str, db: str | None = None, **env: str) -> Result:
    base = {"KB_CONFIG": str(Path(settings.data_dir).parent / "none.toml"), "KB_DATA_DIR": settings.data_dir,
            "KB_DATABASE_URL": db or "", **env}
    return CliRunner().invoke(cli, list(args), env=base)


def one_line_error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///{tmp}/nieuw/kb.sqlite", "directory {tmp}/nieuw does not exist"),
        ("sqlite:///{tmp}/notes.txt", "cannot open database sqlite:///{tmp}/notes.txt: file is not a database"),
        ("geen-url", "cannot use database URL 'geen-url': Could not parse"),
        ("mysql://kb:geheim@db.example/kb", "cannot use database URL 'mysql://kb:***@db.example/kb'"),
        ("postgresql+psycopg://kb:geheim@127.0.0.1:1/kb", "cannot open database postgresql+psycopg://kb:***@127.0.0.1:1/kb"),
        ("postgres://kb:geheim@127.0.0.1:1/kb", "cannot open database postgres://kb:***@127.0.0.1:1/kb: connection"),
    ],
    ids=["missing-directory", "not-a-database", "not-a-url", "driver-missing", "server-down", "postgres-scheme"],
)
def test_a_database_that_cannot_be_used_is_one_line(settings: Settings, tmp_path: Path, url: str, message: str) -> None:
    (tmp_path / "notes.txt").write_text("boodschappen\n")
    line = one_line_error(kb(settings, "status", db=url.format(tmp=tmp_path)))
    assert message.format(tmp=tmp_path) in line and "geheim" not in line
    assert not (tmp_path / "nieuw").exists()  # a mistyped path does not start a second, empty database


def test_a_bare_sqlite_path_and_a_url_inside_the_data_dir_are_created(settings: Settings, tmp_path: Path) -> None:
    bare = kb(settings, "status", "--json", db=str(tmp_path / "elders" / ".." / "kb.sqlite"))
    assert bare.exit_code == 0, bare.output
    assert json.loads(bare.stdout)["submissions"] == 0 and (tmp_path / "kb.sqlite").is_file()
    inside = kb(settings, "status", db=f"sqlite:///{Path(settings.data_dir).resolve()}/sub/kb.sqlite")
    assert inside.exit_code == 0, inside.output


def test_a_data_dir_that_is_a_file_is_one_line(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "store.txt").write_text("x")
    line = one_line_error(kb(settings, "status", KB_DATA_DIR=str(tmp_path / "store.txt")))
    assert "store.txt" in line


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("kwaliteitsbeeld.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n", "a PDF document"),
        ("leeg.csv", b"", "the file is empty"),
        ("foto.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "not a text file"),
        ("ander.csv", b"datum;bedrag\n2024-01-01;12,50\n", "no URL column"),
    ],
    ids=["pdf", "empty", "image-named-xlsx", "unrelated-table"],
)
@pytest.mark.parametrize("command", ["import-urls", "run"])
def test_a_file_without_a_url_list_is_refused(settings: Settings, tmp_path: Path, name: str, content: bytes,
                                              reason: str, command: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = kb(settings, command, str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}: {reason}" in result.stderr and "expected a CSV or XLSX list" in result.stderr
    assert "crawl run" not in result.output  # `kb run` stops before crawling


def test_import_urls_takes_the_sector_in_capitals(settings: Settings, tmp_path: Path) -> None:
    urls = tmp_path / "urls.csv"
    urls.write_text("organisatie,url\nStichting Voorbeeld,https://www.example.nl/kwaliteitsbeeld\n", encoding="utf-8")
    result = kb(settings, "import-urls", str(urls), "--sector", "GHZ", "--year", "2024", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 1


def test_crawl_report_path_is_checked_before_the_crawl(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    line = one_line_error(kb(settings, "crawl", "--report", str(tmp_path / "notes.txt" / "crawl.csv")))
    assert line.endswith("notes.txt is not a directory")
    assert "crawl_runs: 0" in kb(settings, "status").output


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["evaluate", "--folds", "1"], {}, 2, "1 is not in the range x>=2"),
        (["train"], {"KB_TRAINING_DIR": "{tmp}/trainig"}, 1, "training directory {tmp}/trainig does not exist"),
        (["check", "x.pdf", "--sector", "GHZ-"], {}, 2, "unknown sector 'GHZ-'; known: vvt, ghz"),
        (["portal", "--port", "99999"], {}, 2, "99999 is not in the range 1<=x<=65535"),
    ],
    ids=["one-fold", "mistyped-training-dir", "check-sector", "portal-port"],
)
def test_bad_options_are_one_line(settings: Settings, tmp_path: Path, args: list[str], env: dict[str, str], code: int,
                                  message: str) -> None:
    env = {k: v.format(tmp=tmp_path) for k, v in env.items()}
    result = kb(settings, *[a.format(tmp=tmp_path) for a in args], KB_MODELS_DIR=str(tmp_path / "models"), **env)
    assert result.exit_code == code, result.output
    assert message.format(tmp=tmp_path) in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "models").exists()  # no model trained on weak labels alone


def test_an_interrupted_crawl_exits_130(settings: Settings, tmp_path: Path) -> None:
    """Ctrl-C during `kb crawl` (a real process: Scrapy owns SIGINT) ends with 130, not 0 like a finished run."""
    kb_exe = str(Path(sys.executable).with_name("kb"))
    env = {**os.environ, "KB_DATA_DIR": settings.data_dir, "KB_DATABASE_URL": "", "KB_CONFIG": str(tmp_path / "none"),
           "KB_DOWNLOAD_TIMEOUT": "1", "KB_AUTOTHROTTLE": "0"}
    with WebFarm({f"/org{i}": Reply(hang=True) for i in range(6)}) as farm:
        urls = tmp_path / "urls.csv"
        urls.write_text("organisatie,url,sector,jaar\n" + "".join(
            f"Zorg {i},{farm.url(f'/org{i}')},vvt,2024\n" for i in range(6)), encoding="utf-8")
        assert kb(settings, "import-urls", str(urls)).exit_code == 0
        proc = subprocess.Popen([kb_exe, "crawl", "--allow-private"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not any(p.startswith("/org") for p in farm.paths_hit()) and time.time() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "interrupted" in err and "run `kb crawl` again" in err and "Traceback" not in err
    assert json.loads(kb(settings, "status", "--json").stdout)["last_run"]["status"] == "interrupted"


def test_ctrl_c_after_the_crawl_of_kb_run_stops_the_analysis(settings: Settings, tmp_path: Path) -> None:
    """Scrapy's signal handlers outlived the crawl and swallowed Ctrl-C: `kb run` analysed on and exited 0."""
    from kb import docmaker

    pdf = docmaker.render_pdf(docmaker.DocSpec(title="Kwaliteitsbeeld 2024", blocks=(
        docmaker.Block(kind="heading", text="Cliëntervaringen", level=1),
        docmaker.Block(kind="paragraph", text="In 2024 vulden 80 cliënten de PREM in; de NPS was 41."),
    )))[0]
    kb_exe = str(Path(sys.executable).with_name("kb"))
    env = {**os.environ, "KB_DATA_DIR": settings.data_dir, "KB_DATABASE_URL": "", "KB_CONFIG": str(tmp_path / "none")}
    with WebFarm({"/kb-2024.pdf": Reply.pdf(pdf)}) as farm:
        urls = tmp_path / "urls.csv"
        urls.write_text(f"organisatie,url,sector,jaar\nZorg Een,{farm.url('/kb-2024.pdf')},vvt,2024\n", encoding="utf-8")
        # started as from a terminal, with Ctrl-C's default disposition: a test process that ignores SIGINT
        # (an in-process crawl earlier in the same pytest worker can leave Scrapy's SIG_IGN) passes that on
        proc = subprocess.Popen([kb_exe, "run", str(urls), "--allow-private"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, bufsize=1,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("crawl run 1 done"):
                proc.send_signal(signal.SIGINT)
                break
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "interrupted" in err and "Traceback" not in err and "analysed" not in out
