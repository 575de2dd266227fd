"""Intake files as users bring them: wrong kinds, other encodings, other spreadsheet programs, several sheets."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from sqlalchemy import Engine, select

from crawler.intake import import_urls
from kb.db import session_scope
from kb.schema import Organisation, Submission

from .test_intake import URL_Q, ZIN_HEADER, write_xlsx, zin_rows

VVT = ["Verpleeghuiszorg", "ISID000151", 2020]
VVT_Q = "URL van de website waar het Kwaliteitsverslag 2020 van de zorgorganisatie te vinden is."


def _urls(engine: Engine) -> dict[str, str | None]:
    with session_scope(engine) as session:
        rows = session.execute(select(Organisation.name, Submission.submitted_url).join(Submission)).all()
        return dict(rows)


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("leeg.xlsx", lambda p: p.write_bytes(b""), "the file is empty"),
    ("oud.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "Excel 97-2003"),
    ("lijst.xlsx", lambda p: p.write_bytes(b"%PDF-1.4\n%%EOF\n"), "a PDF document"),
    ("lijst2.xlsx", _docx, "a Word document"),
    ("kapot.xlsx", lambda p: p.write_bytes(write_xlsx(p, zin_rows()).read_bytes()[:3000]), "damaged or incomplete"),
    ("binair.csv", lambda p: p.write_bytes(bytes(range(256)) * 20), "binary data"),
], ids=["empty", "xls", "pdf_renamed", "docx_renamed", "truncated_xlsx", "binary"])
def test_a_file_that_is_no_readable_table_says_why_and_stores_nothing(
        tmp_path: Path, engine: Engine, name: str, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    make(path)
    report = import_urls(engine, path)
    assert report.problem is not None and reason in report.problem
    assert report.skipped == [{"row": 0, "reason": report.problem}] and report.submissions == 0


def test_utf16_text_saved_by_excel_is_read(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "lijst.txt"  # Excel "Unicode-tekst": UTF-16 with BOM, tab-separated
    path.write_bytes("Organisatie\tURL\tSector\tJaar\r\nZorg Één\twww.een.nl\tvvt\t2024\r\n".encode("utf-16"))
    report = import_urls(engine, path)
    assert (report.encoding, report.delimiter, report.new) == ("utf-16", "\t", 1)
    assert _urls(engine) == {"Zorg Één": "https://www.een.nl/"}


def test_csv_with_a_huge_cell_and_quoted_newlines_goes_on(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "lijst.csv"
    text = ('Organisatie;URL;Opmerking;Sector;Jaar\r\nEen;www.een.nl;"regel 1\nregel 2";vvt;2024\r\n'
            f'Twee;"{"x" * 200_000}";;vvt;2024\r\nDrie;www.drie.nl;;vvt;2024\r\n')
    path.write_bytes(text.encode("utf-8-sig"))
    report = import_urls(engine, path)
    assert report.new == 3 and [i["row"] for i in report.invalid] == [3]
    assert len(report.invalid[0]["value"]) <= 200  # the report shows it shortened; the stored raw value is whole
    assert _urls(engine)["Drie"] == "https://www.drie.nl/"


def _ods(path: Path, sheets: dict[str, list[list[object]]], link: tuple[str, str] | None = None) -> Path:
    """A minimal OpenDocument spreadsheet as LibreOffice writes it (repeated empty cells and rows included)."""
    def cell(value: object) -> str:
        if isinstance(value, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>' \
                   "</table:table-cell>"
        text = escape(str(value))
        if link and value == link[0]:
            text = f'<text:a xlink:href="{escape(link[1])}">{text}</text:a>'
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    body = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(cell(v) for v in row)
                  + '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>' for row in rows)
        + '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
          'table:number-columns-repeated="1024"/></table:table-row></table:table>'
        for name, rows in sheets.items())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:spreadsheet>'
               f"{body}</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
    return path


def test_ods_from_libreoffice_is_read_like_xlsx(tmp_path: Path, engine: Engine) -> None:
    rows: list[list[object]] = [["Openbaar databestand"], [], ZIN_HEADER]
    rows += [[*r] for r in zin_rows()]
    rows.append(["Vragenlijst Kwaliteitsbeeld Gehandicaptenzorg", "ISID000166", 2024, "Vier", 4444444,
                 "Concernniveau: Vier", "INID023498", URL_Q, "Kwaliteitsbeeld 2024", ""])
    path = _ods(tmp_path / "lijst.xlsx", {"Info": [["zie blad 2"]], "GHZ VJ2024": rows},
                link=("Kwaliteitsbeeld 2024", "https://vier.nl/kb-2024.pdf"))
    report = import_urls(engine, path)
    assert (report.sheet, report.header_row, report.shape, report.new) == ("GHZ VJ2024", 3, "zin", 4)
    urls = _urls(engine)
    assert urls["Zorg Eén"] == "https://www.zorg-een.nl/kwaliteit"
    assert urls["Vier"] == "https://vier.nl/kb-2024.pdf"  # the cell showed link text
    with session_scope(engine) as session:
        assert session.scalars(select(Organisation.kvk).where(Organisation.name == "Vier")).one() == "04444444"


def test_url_indicator_on_a_later_data_sheet_is_found(tmp_path: Path, engine: Engine) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Basisveiligheid VJ2020"
    first.append(ZIN_HEADER)
    for i in range(8):
        first.append([*VVT, "Een", 1111111, "Locatie A", f"INID00100{i}", "Decubitus", "12", ""])
    second = book.create_sheet("Kwaliteitsverslag VJ2020")
    second.append(["Kwaliteitsverslag verpleeghuiszorg"])
    second.append(ZIN_HEADER)
    second.append([*VVT, "Een", 1111111, "Locatie A", "INID010008", VVT_Q, "www.een.nl/kwaliteit", ""])
    second.append([*VVT, "Twee", 2222222, "Locatie B", "INID010008", VVT_Q, "X", ""])
    book.save(tmp_path / "vvt.xlsx")
    report = import_urls(engine, tmp_path / "vvt.xlsx")
    assert report.sheets == ["Basisveiligheid VJ2020", "Kwaliteitsverslag VJ2020"] and report.new == 2
    assert _urls(engine)["Een"] == "https://www.een.nl/kwaliteit"
    assert report.invalid == [{"row": 4, "sheet": "Kwaliteitsverslag VJ2020", "organisation": "Twee", "value": "X",
                               "reason": "'X' is not a URL"}]
