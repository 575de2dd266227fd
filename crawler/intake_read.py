"""Read URL intake files (CSV, XLSX or ODS) into rows keyed by canonical column names.

Column names drift between years (case, spaces, order, aliases); the data is
often not on the first sheet and may sit below title rows. We pick the sheets
and header row that match the known columns best and say which we used. A file
that is not a readable table (empty, an old .xls, a PDF or Word file renamed,
a damaged workbook) gives a table with no rows and a `problem` saying why.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import fromstring, iterparse

import openpyxl

ALIASES: dict[str, tuple[str, ...]] = {
    "set_name": ("indicatorsetnaam", "indicatorset"),
    "set_code": ("indicatorsetcode",),
    "year": ("verslagjaar", "jaar", "year", "reportyear", "rapportagejaar"),
    "org_name": ("organisatienaam", "organisatie", "organisation", "organization", "zorgaanbieder", "naam"),
    "kvk": ("kvknummer", "kvk", "kvknr", "kvkcode"),
    "agb": ("organisatieagbcode", "agbcode", "agb"),
    "location": ("locatienaam", "locatie"),
    "ind_code": ("indicatorcode",),
    "ind_name": ("indicatornaam", "indicator", "vraag"),
    "value": ("indicatorwaarde", "waarde", "antwoord"),
    "remark": ("opmerking", "opmerkingen"),
    "url": ("url", "weblink", "website", "webadres", "link"),
    "sector": ("sector",),
}
_KEY_OF = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
MAX_HEADER_SCAN = 30
OTHER = "_other"  # row key: the text of the cells outside the known columns (a value typed one column off)
# Words that make a URL column the kwaliteitsbeeld's rather than a home page ("Website")
_REPORT_WORDS = ("kwaliteitsbeeld", "kwaliteitsverslag", "kwaliteitsrapport", "verslag", "rapport", "report")


def column_key(name: Any) -> str:
    """Normalised column key: casefold, strip, no spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]+", "", str(name or "").strip().casefold())


# Headers of self-made lists ("URL kwaliteitsbeeld", "Naam zorgaanbieder", "KvK-nr."): matched by
# the words they contain when no exact alias matches. Order matters: the first rule that fits wins.
_WORD_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("url", ("url", "weblink", "webadres", "website", "hyperlink", "link"), ()),
    ("kvk", ("kvk", "koophandel"), ()),
    ("org_name", ("organisatie", "aanbieder", "instelling"), ("type", "agb", "code", "soort")),
    ("year", ("verslagjaar", "jaar"), ()),
)


def canonical(name: Any) -> str | None:
    key = column_key(name)
    exact = _KEY_OF.get(key)
    if exact or not key:
        return exact
    for canon, words, unless in _WORD_RULES:
        if any(w in key for w in words) and not any(u in key for u in unless):
            return canon
    return None


def _column_rank(canon: str, name: Any) -> int:
    """Lower is better when two header cells map to the same column ("Website" and "URL kwaliteitsbeeld")."""
    key = column_key(name)
    if canon == "url":
        return 0 if any(w in key for w in _REPORT_WORDS) else 1
    return 0 if _KEY_OF.get(key) == canon else 1


def cell_text(value: Any) -> str:
    """A cell as text; integral floats (KvK stored as a number) lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Table:
    """The rows of an intake file and how they were found."""

    rows: list[tuple[int, dict[str, str]]]  # (1-based row number in the file, canonical -> text)
    columns: dict[str, str]  # canonical -> original header
    header_row: int
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    problem: str | None = None  # why the file gave no table at all
    sheets: list[str] = field(default_factory=list)  # every sheet whose rows were read

    @property
    def shape(self) -> str:
        if "value" in self.columns and ("ind_code" in self.columns or "ind_name" in self.columns):
            return "zin"
        if "url" in self.columns and "org_name" in self.columns:
            return "plain"
        return "unknown"


def _header_score(cells: list[Any]) -> int:
    return len({k for k in (canonical(c) for c in cells) if k})


def _find_header(grid: list[list[Any]]) -> tuple[int, int]:
    """(index, score) of the best header row among the first rows."""
    best = (0, 0)
    for i, cells in enumerate(grid[:MAX_HEADER_SCAN]):
        score = _header_score(cells)
        if score > best[1]:
            best = (i, score)
    return best


def _positions(header: list[Any]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """canonical -> column position and header text; notes on header cells passed over for a better one."""
    best: dict[str, tuple[int, int]] = {}
    for pos, name in enumerate(header):
        key = canonical(name)
        if key and (key not in best or _column_rank(key, name) < best[key][0]):
            best[key] = (_column_rank(key, name), pos)
    positions = {k: pos for k, (_rank, pos) in best.items()}
    columns = {k: str(header[p]).strip() for k, p in positions.items()}
    notes = [f"column {str(name).strip()!r} not used: {columns[key]!r} is taken as {key}"
             for pos, name in enumerate(header)
             if (key := canonical(name)) and positions[key] != pos and key == "url"]
    return positions, columns, notes


def _table_from_rows(rows: Iterable[list[Any]], start: int = 1,
                     links: dict[tuple[int, int], str] | None = None) -> Table:
    """A table from a stream of rows: header among the first rows, then only the known columns are kept."""
    it = iter(rows)
    head: list[list[Any]] = []
    for cells in it:
        head.append(cells)
        if len(head) >= MAX_HEADER_SCAN:
            break
    index, _score = _find_header(head)
    positions, columns, notes = _positions(head[index] if head else [])
    known = set(positions.values())
    link_keys = {k: p for k, p in positions.items() if k in LINK_COLUMNS} if links else {}
    replaced = 0
    table_rows = []
    for offset, cells in enumerate(chain(head[index + 1 :], it) if head else (), start=index + 1 + start):
        values = {k: cell_text(cells[p]) if p < len(cells) else "" for k, p in positions.items()}
        for key, p in link_keys.items():
            target = links.get((offset, p)) if links else None
            shown = values[key].casefold()
            if target and "http" not in shown and "www." not in shown:
                values[key] = target
                replaced += 1
        if any(values.values()):
            values[OTHER] = " ".join(t for p, c in enumerate(cells) if p not in known and (t := cell_text(c)))
            table_rows.append((offset, values))
    if replaced:
        notes.append(f"{replaced} cells showed link text; their link targets were used")
    return Table(table_rows, columns, index + start, notes=notes)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-16 (Excel's "Unicode text"), UTF-8 with BOM, UTF-8, else cp1252 (Dutch Excel)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    sample = data[:4000]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"  # UTF-16 without its byte-order mark
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    lines = text.splitlines()[:20]
    if lines and re.fullmatch(r"sep=.", lines[0].strip()):  # Excel's own delimiter hint line
        return lines[0].strip()[4]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        return max(";,\t|", key=sample.count)


def read_csv(data: bytes) -> Table:
    text, encoding = decode_text(data)
    text = text.replace("\x00", "")
    if _control_share(text) > 0.05:
        return Table([], {}, 0, encoding=encoding, problem="not a text file: the file holds binary data "
                     "(save the list as .xlsx or CSV)")
    delimiter = _delimiter(text)
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))  # a long cell is a value too
    try:
        grid: list[list[Any]] = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        return Table([], {}, 0, encoding=encoding, delimiter=delimiter, problem=f"the CSV cannot be read: {exc}")
    table = _table_from_rows(grid)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n" or ch == "\ufffd")
    return controls / max(1, len(sample))


def _pick(tables: list[tuple[str, Table]]) -> Table | None:
    """The sheet with the best header, joined by every other sheet of the same (ZiN) shape.

    ZiN files may split the long table over sheets (one per indicator set); the URL indicator may be on
    any of them. Self-made lists take the best sheet only.
    """
    usable = [(name, t) for name, t in tables if t.shape != "unknown"]
    if not usable:
        return max(tables, key=lambda nt: len(nt[1].columns))[1] if tables else None
    name, best = max(usable, key=lambda nt: (nt[1].shape == "zin", len(nt[1].columns)))
    best.sheet, best.sheets = name, [name]
    if best.shape != "zin":
        return best
    for other_name, other in usable:
        if other is best or other.shape != "zin":
            continue
        for n, values in other.rows:
            values["_sheet"] = other_name
            best.rows.append((n, values))
        best.sheets.append(other_name)
        best.notes.append(f"also read sheet {other_name!r} (header row {other.header_row}, {len(other.rows)} rows)")
        best.notes += other.notes
    if len(best.sheets) > 1:
        for _n, values in best.rows:
            values.setdefault("_sheet", name)
    return best


def read_xlsx(path: Path) -> Table:
    """The sheets whose header matches the known columns (not necessarily the first)."""
    links = _xlsx_link_targets(path)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        tables = [(sheet.title, _table_from_rows((list(r) for r in sheet.iter_rows(values_only=True)),
                                                 links=links.get(sheet.title)))
                  for sheet in book.worksheets]
    finally:
        book.close()
    table = _pick(tables)
    if table is None:
        return Table([], {}, 0, problem="the workbook has no sheets")
    return table


_HYPERLINK_FORMULA = re.compile(r'^=?\s*HYPERLINK\(\s*"([^"]+)"', re.IGNORECASE)
LINK_COLUMNS = frozenset({"url", "value", "remark"})  # only cells that may carry the report's address
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _cell_pos(ref: str) -> tuple[int, int] | None:
    """'B12' -> (12, 1): 1-based row, 0-based column."""
    match = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref.strip().upper())
    if not match:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col - 1


def _rels(z: zipfile.ZipFile, name: str) -> dict[str, str]:
    if name not in z.namelist():
        return {}
    root = fromstring(z.read(name))
    return {r.get("Id", ""): r.get("Target", "") for r in root.iter(f"{_NS_PKG}Relationship")}


def _xlsx_link_targets(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """sheet title -> {(row, column): link target} of hyperlinked cells and HYPERLINK formulas.

    Self-made lists paste links with display text ("Kwaliteitsbeeld 2024", "klik hier"); the streaming reader
    sees only the text. Read straight from the sheet XML, streaming, so a large file costs little.
    """
    out: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            book = fromstring(z.read("xl/workbook.xml"))
            book_rels = _rels(z, "xl/_rels/workbook.xml.rels")
            for sheet in book.iter(f"{_NS_MAIN}sheet"):
                target = book_rels.get(sheet.get(f"{_NS_REL}id", ""), "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                if part not in z.namelist():
                    continue
                rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
                found = _sheet_links(z, part, _rels(z, rels_name))
                if found:
                    out[sheet.get("name", "")] = found
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError):
        return out  # the workbook reader says what is wrong with the file
    return out


def _sheet_links(z: zipfile.ZipFile, part: str, rels: dict[str, str]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    formula: str | None = None  # the HYPERLINK target of the cell being read
    with z.open(part) as stream:
        for _event, el in iterparse(stream):
            if el.tag == f"{_NS_MAIN}f" and el.text and "HYPERLINK" in el.text.upper():
                match = _HYPERLINK_FORMULA.match(el.text.strip())
                formula = match.group(1) if match else None
            elif el.tag == f"{_NS_MAIN}c":
                pos = _cell_pos(el.get("r", ""))
                if formula and pos:
                    found[pos] = formula
                formula = None
                el.clear()
            elif el.tag == f"{_NS_MAIN}row":
                el.clear()
            elif el.tag == f"{_NS_MAIN}hyperlink":
                target = rels.get(el.get(f"{_NS_REL}id", ""), "")
                if target:
                    for pos in _range(el.get("ref", "")):
                        found[pos] = target
    return found


def _range(ref: str) -> Iterator[tuple[int, int]]:
    first, _, last = ref.partition(":")
    a, b = _cell_pos(first), _cell_pos(last or first)
    if a is None or b is None:
        return
    for row in range(a[0], min(b[0], a[0] + 100_000) + 1):
        for col in range(a[1], min(b[1], a[1] + 100) + 1):
            yield row, col


_ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
_MAX_REPEAT = 200  # LibreOffice pads sheets with "repeated" empty cells/rows up to the sheet's end


def _ods_cell(el: Any) -> tuple[Any, str | None]:
    """(value, link target) of an ODS table cell."""
    office, text, xlink = (f"{{{_ODS_NS[k]}}}" for k in ("office", "text", "xlink"))
    kind = el.get(f"{office}value-type")
    link = next((a.get(f"{xlink}href") for a in el.iter(f"{text}a")), None)
    if kind in {"float", "percentage", "currency"}:
        raw = el.get(f"{office}value", "")
        try:
            return float(raw), link
        except ValueError:
            return raw, link
    paras = ["".join(p.itertext()) for p in el.iter(f"{text}p")]
    return "\n".join(paras) or None, link


def read_ods(path: Path) -> Table:
    """An OpenDocument spreadsheet (LibreOffice, Google Sheets export): every sheet, as for xlsx."""
    table_ns = f"{{{_ODS_NS['table']}}}"
    tables: list[tuple[str, Table]] = []
    with zipfile.ZipFile(path) as z, z.open("content.xml") as stream:
        for _event, el in iterparse(stream):
            if el.tag != f"{table_ns}table":
                continue
            grid: list[list[Any]] = []
            links: dict[tuple[int, int], str] = {}
            for row_el in el.iter(f"{table_ns}table-row"):
                cells: list[Any] = []
                for cell_el in row_el:
                    if cell_el.tag not in {f"{table_ns}table-cell", f"{table_ns}covered-table-cell"}:
                        continue
                    value, link = _ods_cell(cell_el)
                    repeat = min(int(cell_el.get(f"{table_ns}number-columns-repeated", "1")), _MAX_REPEAT)
                    for _ in range(repeat):
                        if link:
                            links[(len(grid) + 1, len(cells))] = link
                        cells.append(value)
                while cells and cells[-1] is None:
                    cells.pop()
                repeat = min(int(row_el.get(f"{table_ns}number-rows-repeated", "1")), _MAX_REPEAT if cells else 1)
                grid.extend(list(cells) for _ in range(repeat))
            tables.append((el.get(f"{table_ns}name", ""), _table_from_rows(grid, links=links)))
            el.clear()
    return _pick(tables) or Table([], {}, 0, problem="the spreadsheet has no sheets")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names and b"opendocument.spreadsheet" in z.read("mimetype"):
                return "ods"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and b"opendocument" in z.read("mimetype"):
                return "odf"
            return "zip"
    except (zipfile.BadZipFile, OSError, KeyError):
        return "broken"


_NOT_A_TABLE = {
    "docx": "a Word document (.docx), not a spreadsheet: save the list as .xlsx or CSV",
    "odf": "an OpenDocument text or presentation, not a spreadsheet: save the list as .xlsx, .ods or CSV",
    "zip": "a zip archive that holds no spreadsheet: unpack it and import the .xlsx or CSV inside",
    "broken": "a damaged or incomplete xlsx/zip file (download it again)",
}


def read_table(path: Path) -> Table:
    """Read a CSV, XLSX or ODS intake file, whatever its extension says; never raises on a bad file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Table([], {}, 0, problem=f"the file cannot be read: {exc.strerror or exc}")
    problem = None
    if not data.strip():
        problem = "the file is empty"
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        problem = "an Excel 97-2003 workbook (.xls), which cannot be read: save it as .xlsx or CSV"
    elif data[:5] == b"%PDF-":
        problem = "a PDF document, not a spreadsheet or CSV"
    elif data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        kind = _zip_kind(path)
        reader = {"xlsx": read_xlsx, "ods": read_ods}.get(kind)
        if reader is None:
            problem = _NOT_A_TABLE[kind]
        else:
            try:
                return reader(path)
            except Exception as exc:  # noqa: BLE001 - a workbook that cannot be parsed is an outcome, not a crash
                problem = f"the {kind} workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})"
    if problem:
        return Table([], {}, 0, problem=problem)
    return read_csv(data)
