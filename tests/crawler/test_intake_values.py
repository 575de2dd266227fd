"""Which URL, sector and organisation an import makes of the values as people typed them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select

from crawler.intake import import_urls
from kb.db import session_scope
from kb.schema import Organisation, Submission

from .test_intake import ZIN_HEADER, write_xlsx

VVT = ["Verpleeghuiszorg", "ISID000151", 2020]
VVT_Q = "URL van de website waar het Kwaliteitsverslag 2020 van de zorgorganisatie te vinden is."


def _subs(engine: Engine) -> dict[str, Submission]:
    with session_scope(engine) as session:
        rows = session.execute(select(Submission, Organisation).join(Organisation)).all()
        return {org.name: sub for sub, org in rows}


def _loc(org: str, kvk: int, location: str, value: str, remark: str = "") -> list[object]:
    return [*VVT, org, kvk, location, "INID010008", VVT_Q, value, remark]


def test_a_usable_url_beats_non_urls_repeated_on_more_location_rows(tmp_path: Path, engine: Engine) -> None:
    rows = [_loc("Een", 1111111, f"Locatie {i}", "X" if i < 3 else "www.een.nl/kwaliteit") for i in range(5)]
    rows += [_loc("Twee", 2222222, "Concernniveau: Twee", "n.v.t."), _loc("Twee", 2222222, "Locatie A",
                                                                          "https://twee.nl/kv2020.pdf")]
    rows += [_loc("Drie", 3333333, f"Locatie {i}", v) for i, v in enumerate(
        ["www.drie.nl/kwaliteit", "https://www.drie.nl/kwaliteit", "WWW.DRIE.NL/kwaliteit", "https://drie.nl/plan"])]
    rows += [_loc("Vier", 4444444, "CONCERN NIVEAU: Vier", "https://vier.nl/kv"),
             _loc("Vier", 4444444, "Locatie B", "https://vier.nl/b"), _loc("Vier", 4444444, "Locatie C",
                                                                          "https://vier.nl/b")]
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", rows, ZIN_HEADER))
    subs = _subs(engine)
    assert report.invalid == [] and {s.status for s in subs.values()} == {"pending"}
    assert subs["Een"].submitted_url == "https://www.een.nl/kwaliteit"
    assert subs["Een"].status_detail == "3 rows give no usable URL (such as 'X')"
    assert subs["Twee"].submitted_url == "https://twee.nl/kv2020.pdf"
    assert (subs["Drie"].submitted_url, subs["Drie"].status_detail) == (
        "https://www.drie.nl/kwaliteit", "2 different URLs given; used the most frequent one")
    assert subs["Vier"].submitted_url == "https://vier.nl/kv"  # concern level, however the label is spelt


@pytest.mark.parametrize(("declared", "value", "status"), [
    (None, "Nee, nog niet gepubliceerd", "declared_no"),
    ("nee", "X", "declared_no"),
    ("ja", "X", "invalid_url"),
    (None, "Neem contact op via info@zorg.nl", "invalid_url"),
], ids=["nee_typed_as_url", "declared_nee_and_x", "declared_ja_and_x", "word_starting_with_nee"])
def test_no_answers_are_declarations(tmp_path: Path, engine: Engine, declared: str | None, value: str,
                                     status: str) -> None:
    g = ["Vragenlijst Kwaliteitsbeeld Gehandicaptenzorg", "ISID000166", 2023, "Een", 1111111, "Concernniveau: Een"]
    rows = [[*g, "INID023497", "Heeft uw organisatie een openbaar kwaliteitsbeeld?", declared, ""]] if declared else []
    rows.append([*g, "INID023498", "Geef de weblink (URL) naar het kwaliteitsbeeld", value, ""])
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", rows))
    assert _subs(engine)["Een"].status == status
    assert report.declared_no == (status == "declared_no")


def test_a_url_shifted_into_another_column_is_used_and_said(tmp_path: Path, engine: Engine) -> None:
    header = [*ZIN_HEADER[:9], "Teller", "Noemer", "Opmerking"]
    rows = [[*VVT, "Een", 1111111, "Locatie A", "INID010008", VVT_Q, "", "https://een.nl/kv-2020.pdf", "", ""]]
    import_urls(engine, write_xlsx(tmp_path / "f.xlsx", rows, header))
    sub = _subs(engine)["Een"]
    assert (sub.status, sub.submitted_url) == ("pending", "https://een.nl/kv-2020.pdf")
    assert sub.status_detail == "URL taken from another column (empty value in the URL column)"


def test_sector_comes_from_the_indicator_code_when_the_set_columns_are_missing(tmp_path: Path,
                                                                               engine: Engine) -> None:
    header = ["Verslagjaar", "OrganisatieNaam", "KvkNummer", "IndicatorCode", "IndicatorWaarde"]
    rows: list[list[object]] = [[2023, "Een", 1111111, "INID023498", "www.een.nl"],
                                [2020, "Twee", 2222222, "INID010008", "www.twee.nl"]]
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", rows, header))
    subs = _subs(engine)
    assert report.skipped == [] and (subs["Een"].sector, subs["Twee"].sector) == ("ghz", "vvt")


@pytest.mark.parametrize(("typed", "sector"), [
    ("Gehandicaptenzorg", "ghz"), ("GHZ.", "ghz"), ("VG", "ghz"), ("V&V", "vvt"), ("VV&T", "vvt"),
    ("Ouderenzorg", "vvt"), ("Thuiszorg", "vvt"), ("ghz / vvt", None),
])
def test_sector_as_typed_in_a_self_made_list(tmp_path: Path, engine: Engine, typed: str, sector: str | None) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(f"Organisatie;URL;Sector;Jaar\nEen;www.een.nl;{typed};2024\n", encoding="utf-8")
    report = import_urls(engine, path)
    assert (_subs(engine)["Een"].sector if report.new else None) == sector


def test_a_homepage_column_does_not_win_over_the_kwaliteitsbeeld_column(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "lijst.csv"  # KvK as written out by pandas/R after a missing value: 8111924.0
    path.write_text("Organisatie;Website;URL kwaliteitsbeeld;KvK;Sector;Jaar\n"
                    "Een;www.een.nl;www.een.nl/kwaliteitsbeeld-2024.pdf;8111924.0;VVT;2024\n", encoding="utf-8")
    report = import_urls(engine, path)
    assert report.columns["url"] == "URL kwaliteitsbeeld"
    assert report.notes == ["column 'Website' not used: 'URL kwaliteitsbeeld' is taken as url"]
    assert _subs(engine)["Een"].submitted_url == "https://www.een.nl/kwaliteitsbeeld-2024.pdf"
    with session_scope(engine) as session:
        assert session.scalars(select(Organisation.kvk)).one() == "08111924"


def test_rows_without_kvk_join_the_organisation_that_has_one(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text("Organisatie;KvK;URL;Sector;Jaar\nStichting Zorg Een;8111924;www.een.nl/vvt;vvt;2024\n"
                    "Zorg Een;;www.een.nl/ghz;ghz;2024\n", encoding="utf-8")
    import_urls(engine, path)
    with session_scope(engine) as session:
        orgs = session.scalars(select(Organisation)).all()
        assert [(o.kvk, sorted(o.sectors)) for o in orgs] == [("08111924", ["ghz", "vvt"])]


def test_report_year_from_the_sheet_name_when_the_file_has_no_year_column(tmp_path: Path, engine: Engine) -> None:
    header = [h for h in ZIN_HEADER if h != "Verslagjaar"]
    rows = [["Verpleeghuiszorg", "ISID000151", "Een", 1111111, "Locatie A", "INID010008", VVT_Q, "www.een.nl", ""]]
    path = write_xlsx(tmp_path / "f.xlsx", rows, header)
    book = openpyxl.load_workbook(path)
    book["GHZ VJ2024"].title = "verpleeghuiszorg VJ2020"
    book.save(path)
    report = import_urls(engine, path)
    assert report.notes == ["report year taken from the sheet name: 'verpleeghuiszorg VJ2020' -> 2020"]
    assert _subs(engine)["Een"].report_year == 2020
