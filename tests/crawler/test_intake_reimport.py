"""A second import of an updated file: nothing stored is lost or silently overwritten; one bad row never stops a batch."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine, select

from crawler.intake import import_urls
from kb.cli import cli
from kb.db import session_scope
from kb.schema import Organisation, Submission
from kb.settings import Settings

from .test_intake import _subs, write_xlsx


def _csv(path: Path, body: str) -> Path:
    path.write_text("Organisatie;URL;Sector;Jaar\n" + body, encoding="utf-8")
    return path


def test_an_updated_file_without_a_usable_url_keeps_the_stored_one(tmp_path: Path, engine: Engine) -> None:
    import_urls(engine, _csv(tmp_path / "a.csv", "Een;www.een.nl/kb;vvt;2024\nTwee;www.twee.nl/kb;vvt;2024\n"))
    report = import_urls(engine, _csv(tmp_path / "b.csv", "Een;X;vvt;2024\nTwee;nee;vvt;2024\n"))
    subs = _subs(engine)
    assert {n: (s.status, s.submitted_url) for n, s in subs.items()} == {
        "Een": ("pending", "https://www.een.nl/kb"), "Twee": ("pending", "https://www.twee.nl/kb")}
    assert [(k["organisation"], k["stored"], k["value"]) for k in report.kept] == [
        ("Een", "https://www.een.nl/kb", "X"), ("Twee", "https://www.twee.nl/kb", "nee")]
    assert (report.updated, report.invalid, report.declared_no) == (0, [], 0)


def test_a_new_url_replaces_the_old_one_which_stays_named(tmp_path: Path, engine: Engine) -> None:
    import_urls(engine, _csv(tmp_path / "a.csv", "Een;www.een.nl/kb-oud;vvt;2024\n"))
    with session_scope(engine) as session:
        sub = session.scalars(select(Submission)).one()
        sub.outcome = "ok"  # crawled since
    report = import_urls(engine, _csv(tmp_path / "b.csv", "Een;www.een.nl/kb-nieuw;vvt;2024\n"))
    assert [(c["old"], c["new"]) for c in report.changed] == [("https://www.een.nl/kb-oud",
                                                                "https://www.een.nl/kb-nieuw")]
    sub = _subs(engine)["Een"]
    assert (sub.submitted_url, sub.outcome) == ("https://www.een.nl/kb-nieuw", None)  # to be crawled again
    assert sub.status_detail == "previously submitted: https://www.een.nl/kb-oud (a.csv row 2)"
    again = import_urls(engine, tmp_path / "b.csv")
    assert (again.unchanged, again.updated) == (1, 0)  # the history does not make the same file an update
    import_urls(engine, _csv(tmp_path / "c.csv", "Een;www.een.nl/kb-derde;vvt;2024\n"))
    assert _subs(engine)["Een"].status_detail == (
        "previously submitted: https://www.een.nl/kb-nieuw (b.csv row 2), https://www.een.nl/kb-oud (a.csv row 2)")


def test_a_change_that_keeps_the_url_keeps_the_crawl_outcome(tmp_path: Path, engine: Engine) -> None:
    import_urls(engine, _csv(tmp_path / "a.csv", "Een;www.een.nl/kb;vvt;2024\n"))
    with session_scope(engine) as session:
        session.scalars(select(Submission)).one().outcome = "ok"
    report = import_urls(engine, _csv(tmp_path / "b.csv", "Een;https://www.een.nl/kb;vvt;2024\n"))
    sub = _subs(engine)["Een"]
    assert report.updated == 1 and (sub.raw_value, sub.outcome) == ("https://www.een.nl/kb", "ok")


def test_a_name_only_organisation_gains_its_kvk_from_a_later_file(tmp_path: Path, engine: Engine) -> None:
    import_urls(engine, _csv(tmp_path / "a.csv", "Stichting Zorg Een;www.een.nl;vvt;2024\n"))
    path = tmp_path / "b.csv"
    path.write_text("Organisatie;KvK;URL;Sector;Jaar\nZorg Een;8111924;www.een.nl;vvt;2024\n", encoding="utf-8")
    report = import_urls(engine, path)
    assert report.unchanged == 1
    with session_scope(engine) as session:
        assert session.execute(select(Organisation.name, Organisation.kvk)).all() == [("Stichting Zorg Een",
                                                                                       "08111924")]


def test_long_free_text_answers_and_names_are_stored_on_every_database(tmp_path: Path, any_engine: Engine) -> None:
    """PostgreSQL refused values longer than their column, and the whole import was lost."""
    g = ["Vragenlijst Kwaliteitsbeeld Gehandicaptenzorg", "ISID000166", 2023]
    answer = "Anders namelijk: het kwaliteitsbeeld verschijnt in juni op onze website"
    rows = [
        [*g, "Een", 1111111, "Concernniveau: Een", "INID023497", "Heeft uw organisatie ...?", answer, ""],
        [*g, "Een", 1111111, "Concernniveau: Een", "INID023498", "weblink (URL) kwaliteitsbeeld", "www.een.nl", ""],
        [*g, "Twee " * 80, 2222222, "Concernniveau: Twee", "INID023498", "weblink", "www.twee.nl", ""],
    ]
    report = import_urls(any_engine, write_xlsx(tmp_path / "f.xlsx", rows))
    assert (report.new, report.skipped) == (2, [])
    with session_scope(any_engine) as session:
        subs = {o.kvk: s for s, o in session.execute(select(Submission, Organisation).join(Organisation)).all()}
        assert subs["01111111"].declared is not None and subs["01111111"].status_detail == (
            f"answer to the yes/no question: {answer!r}")
        assert subs["02222222"].submitted_url == "https://www.twee.nl/"


def test_import_urls_prints_what_was_kept_changed_or_not_readable(tmp_path: Path, settings: Settings) -> None:
    env = {"KB_DATA_DIR": settings.data_dir, "KB_DATABASE_URL": settings.db_url}
    runner = CliRunner()
    runner.invoke(cli, ["import-urls", str(_csv(tmp_path / "a.csv", "Een;www.een.nl/kb;vvt;2024\n"
                                                                    "Twee;www.twee.nl/kb;vvt;2024\n"))], env=env)
    second = runner.invoke(cli, ["import-urls", str(_csv(tmp_path / "b.csv", "Een;X;vvt;2024\n"
                                                                             "Twee;www.twee.nl/nieuw;vvt;2024\n"))],
                           env=env)
    assert second.exit_code == 0
    assert "changed row 3 (Twee): https://www.twee.nl/kb -> https://www.twee.nl/nieuw" in second.output
    assert "kept row 2 (Een): https://www.een.nl/kb" in second.output
    (tmp_path / "oud.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    bad = runner.invoke(cli, ["import-urls", str(tmp_path / "oud.xls")], env=env)
    assert bad.exit_code == 1 and bad.stdout == ""  # one error line on stderr, nothing else
    assert bad.stderr.startswith(f"Error: {tmp_path / 'oud.xls'}: an Excel 97-2003 workbook (.xls), "
                                 "which cannot be read: save it as .xlsx or CSV; expected a CSV or XLSX list")
