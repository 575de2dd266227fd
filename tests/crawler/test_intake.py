"""URL intake from ZiN-shaped XLSX/CSV files and plain lists."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select

from crawler.intake import import_urls, indicator_role
from kb.db import session_scope
from kb.schema import Organisation, Submission

ZIN_HEADER = ["IndicatorsetNaam", "IndicatorsetCode", "Verslagjaar", "OrganisatieNaam", "KvkNummer",
              "LocatieNaam", "IndicatorCode", "IndicatorNaam", "IndicatorWaarde", "Opmerking"]
GHZ = ("Vragenlijst Kwaliteitsbeeld Gehandicaptenzorg", "ISID000166")
URL_Q = "Geef onderstaand de weblink (URL) naar het kwaliteitsbeeld van uw organisatie"
YES_Q = "Heeft uw organisatie een openbaar kwaliteitsbeeld over het betreffende verslagjaar?"


def zin_rows(year: int = 2024) -> list[list[object]]:
    g = [*GHZ, year]
    return [
        [*g, "Zorg Eén", 8111924, "Concernniveau: ZORG EÉN", "INID023497", YES_Q, "ja", ""],
        [*g, "Zorg Eén", 8111924, "Concernniveau: ZORG EÉN", "INID023498", URL_Q, "www.zorg-een.nl/kwaliteit", ""],
        [*g, "Zorg Eén", 8111924, "Locatie Noord", "INID023498", URL_Q, "www.zorg-een.nl/kwaliteit", ""],
        [*g, "Zorg Eén", 8111924, "Concernniveau: Zorg Eén", "INID023498", URL_Q, "www.zorg-een.nl/kwaliteit", ""],
        [*g, "Twee", 12345678, "Concernniveau: Twee", "INID023497", YES_Q, "Nee", ""],
        [*g, "Twee", 12345678, "Concernniveau: Twee", "INID023498", URL_Q, "", ""],
        [*g, "Drie", 22222222, "Concernniveau: Drie", "INID023498", URL_Q, "X", "n.v.t. zie https://drie.nl"],
        [*g, "Drie", 22222222, "Concernniveau: Drie", "INID000001", "Opmerkingen:", "https://zorgkaart.nl/x", ""],
    ]


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = ZIN_HEADER) -> Path:
    book = openpyxl.Workbook()
    info = book.active
    assert info is not None
    info.title = "Belangrijke informatie"
    try:  # the real first sheet holds only an image
        from openpyxl.drawing.image import Image
        from PIL import Image as PilImage

        buf = io.BytesIO()
        PilImage.new("RGB", (4, 4)).save(buf, format="PNG")
        info.add_image(Image(buf), "B2")
    except ImportError:
        pass
    data = book.create_sheet("GHZ VJ2024")
    data.append(["Openbaar databestand gehandicaptenzorg"])
    data.append([])
    data.append(header)
    for row in rows:
        data.append(row)
    book.save(path)
    return path


def _subs(engine: Engine) -> dict[str, Submission]:
    with session_scope(engine) as session:
        rows = session.execute(select(Submission, Organisation).join(Organisation)).all()
        return {org.name: sub for sub, org in rows}


def test_xlsx_data_sheet_and_header_below_title_rows_are_found(tmp_path: Path, engine: Engine) -> None:
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", zin_rows()))
    assert (report.sheet, report.header_row, report.shape) == ("GHZ VJ2024", 3, "zin")
    assert report.columns["value"] == "IndicatorWaarde"


def test_location_and_repeated_concern_rows_fold_into_one_submission(tmp_path: Path, engine: Engine) -> None:
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", zin_rows()))
    subs = _subs(engine)
    assert report.submissions == 3 and len(subs) == 3
    assert (subs["Zorg Eén"].submitted_url, subs["Zorg Eén"].sector) == ("https://www.zorg-een.nl/kwaliteit", "ghz")


def test_kvk_stored_as_number_is_zero_padded(tmp_path: Path, engine: Engine) -> None:
    import_urls(engine, write_xlsx(tmp_path / "f.xlsx", zin_rows()))
    with session_scope(engine) as session:
        assert session.scalars(select(Organisation.kvk).where(Organisation.name == "Zorg Eén")).one() == "08111924"


@pytest.mark.parametrize(("org", "status"), [("Zorg Eén", "pending"), ("Twee", "declared_no"), ("Drie", "invalid_url")])
def test_submission_status_from_answers(tmp_path: Path, engine: Engine, org: str, status: str) -> None:
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", zin_rows()))
    assert _subs(engine)[org].status == status
    assert report.declared_no == 1 and [i["row"] for i in report.invalid] == [10]


def test_same_file_twice_changes_nothing_and_new_year_adds(tmp_path: Path, engine: Engine) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", zin_rows())
    import_urls(engine, path)
    again = import_urls(engine, path)
    assert (again.new, again.unchanged, again.updated) == (0, 3, 0)
    later = import_urls(engine, write_xlsx(tmp_path / "g.xlsx", zin_rows(2025)))
    assert later.new == 3 and len(_subs(engine)) == 3  # same organisations, new submissions
    with session_scope(engine) as session:
        assert len(session.scalars(select(Submission)).all()) == 6


def test_drifting_header_names_are_matched(tmp_path: Path, engine: Engine) -> None:
    drifted = ["indicatorset_naam", "IndicatorsetCode ", "verslagjaar", "Organisatie Naam", "KVK-nummer",
               "LocatieNaam ", "indicator_code", "IndicatorNaam", "indicator_waarde", "Opmerking"]
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", zin_rows(), drifted))
    assert report.submissions == 3 and report.columns["kvk"] == "KVK-nummer"


CSV_TEXT = "organisatie;url;sector;jaar\nZorg Één;www.een.nl;vvt;2024\nZorg Één;www.een.nl;vvt;2024\nTwee;nee;vvt;2024\n"


@pytest.mark.parametrize(("encoding", "data"), [
    ("cp1252", CSV_TEXT.encode("cp1252")),
    ("utf-8-sig", b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8")),
    ("utf-8", CSV_TEXT.replace(";", ",").encode("utf-8")),
], ids=["semicolon_cp1252", "utf8_bom", "comma_utf8"])
def test_plain_csv_encodings_and_delimiters(tmp_path: Path, engine: Engine, encoding: str, data: bytes) -> None:
    path = tmp_path / "urls.csv"
    path.write_bytes(data)
    report = import_urls(engine, path)
    assert (report.encoding, report.shape, report.submissions, report.declared_no) == (encoding, "plain", 2, 1)
    assert "Zorg Één" in _subs(engine)


def test_plain_list_without_year_uses_flag_and_reports_skipped_rows(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "urls.csv"
    path.write_text("organisatie,url\nEen,https://een.nl\n,https://naamloos.nl\n", encoding="utf-8")
    report = import_urls(engine, path, year=2024, sector="vvt")
    assert report.new == 1 and report.skipped == [{"row": 3, "reason": "no organisation name or KvK"}]


@pytest.mark.parametrize(("code", "name", "role"), [
    ("INID023498", "", "url"), ("INID023497", "", "declared"),
    ("INID010011", "Via welke URL zijn realtime cliëntervaringen te bekijken?", None),
    ("", "URL van de website waar het Kwaliteitsverslag 2020 te vinden is.", "url"),
    ("", "Wat is de URL van de publieke website waar het kwaliteitsbeeld te vinden is?", "url"),
    ("", "Opmerkingen:", None),
], ids=["ghz_url", "ghz_yes_no", "realtime_2016_trap", "vvt_by_name", "kompas_by_name", "remark"])
def test_url_indicator_recognition(code: str, name: str, role: str | None) -> None:
    assert indicator_role(code, name) == role


def test_url_typed_into_opmerking_with_empty_value_is_used_and_said(tmp_path: Path, engine: Engine) -> None:
    g = [*GHZ, 2024]
    rows = [
        [*g, "Vier", 44444444, "Concernniveau: Vier", "INID023497", YES_Q, "ja", ""],
        [*g, "Vier", 44444444, "Concernniveau: Vier", "INID023498", URL_Q, "", "https://vier.nl/kwaliteitsbeeld"],
        [*g, "Vijf", 55555555, "Concernniveau: Vijf", "INID023498", URL_Q, "", "n.v.t., zie www.vijf.nl"],
        [*g, "Zes", 66666666, "Concernniveau: Zes", "INID023497", YES_Q, "nee", ""],
        [*g, "Zes", 66666666, "Concernniveau: Zes", "INID023498", URL_Q, "", "https://zes.nl/oud-verslag"],
    ]
    report = import_urls(engine, write_xlsx(tmp_path / "f.xlsx", rows))
    subs = _subs(engine)
    assert (subs["Vier"].status, subs["Vier"].submitted_url) == ("pending", "https://vier.nl/kwaliteitsbeeld")
    assert subs["Vijf"].status == "invalid_url"  # "not applicable" is an answer, not a shifted URL
    assert subs["Zes"].status == "declared_no"  # a declared "nee" wins over a remark
    assert [i["organisation"] for i in report.invalid] == ["Vijf"]


def test_self_made_list_headers_are_matched_by_their_words(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text("Naam zorgaanbieder;Type zorgaanbieder;KvK-nr.;URL kwaliteitsbeeld;Verslagjaar 2024\n"
                    "Zorg Een;VVT;1234567;www.zorg-een.nl/kwaliteit;2024\n", encoding="utf-8")
    report = import_urls(engine, path, sector="vvt")
    assert report.shape == "plain"
    assert (report.columns["org_name"], report.columns["url"], report.columns["kvk"]) == (
        "Naam zorgaanbieder", "URL kwaliteitsbeeld", "KvK-nr.")
    sub = _subs(engine)["Zorg Een"]
    assert (sub.submitted_url, sub.report_year) == ("https://www.zorg-een.nl/kwaliteit", 2024)


def test_cells_showing_link_text_use_their_link_target(tmp_path: Path, engine: Engine) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["organisatie", "url", "sector", "jaar"])
    sheet.append(["Een", "Kwaliteitsbeeld 2024", "vvt", 2024])
    sheet["B2"].hyperlink = "https://een.nl/kwaliteitsbeeld-2024.pdf"
    sheet.append(["Twee", '=HYPERLINK("https://twee.nl/kb","klik hier")', "vvt", 2024])
    sheet.append(["Drie", "https://drie.nl/kb", "vvt", 2024])
    sheet["B4"].hyperlink = "https://elders.nl/"  # a cell showing a URL keeps what it shows
    book.save(tmp_path / "lijst.xlsx")
    report = import_urls(engine, tmp_path / "lijst.xlsx")
    subs = _subs(engine)
    assert subs["Een"].submitted_url == "https://een.nl/kwaliteitsbeeld-2024.pdf"
    assert subs["Twee"].submitted_url == "https://twee.nl/kb"
    assert subs["Drie"].submitted_url == "https://drie.nl/kb"
    assert report.notes == ["2 cells showed link text; their link targets were used"]
