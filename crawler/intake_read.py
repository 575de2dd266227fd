"""Read URL intake files (CSV or XLSX) into rows keyed by canonical column names.

Column names drift between years (case, spaces, order, aliases); the data is
often not on the first sheet and may sit below title rows. We pick the sheet
and header row that match the known columns best and say which we used.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def column_key(name: Any) -> str:
    """Normalised column key: casefold, strip, no spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]+", "", str(name or "").strip().casefold())


# Headers of self-made lists ("URL kwaliteitsbeeld", "Naam zorgaanbieder", "KvK-nr."): matched by
# the words they contain when no exact alias matches. Order matters: the first rule that fits wins.
_WORD_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("url", ("url", "weblink", "webadres", "website", "hyperlink", "link"), ()),
    ("kvk", ("kvk",), ()),
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


def _table_from_grid(grid: list[list[Any]], start: int = 1) -> Table:
    index, _score = _find_header(grid)
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    for pos, name in enumerate(grid[index] if grid else []):
        key = canonical(name)
        if key and key not in positions:
            positions[key] = pos
            columns[key] = str(name).strip()
    rows = []
    for offset, cells in enumerate(grid[index + 1 :], start=index + 1 + start):
        values = {k: cell_text(cells[p]) if p < len(cells) else "" for k, p in positions.items()}
        if any(values.values()):
            rows.append((offset, values))
    return Table(rows, columns, index + start)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with BOM, UTF-8, else cp1252 (Dutch Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        return max(";,\t|", key=sample.count)


def read_csv(data: bytes) -> Table:
    text, encoding = decode_text(data)
    delimiter = _delimiter(text)
    grid: list[list[Any]] = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    table = _table_from_grid(grid)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def read_xlsx(path: Path) -> Table:
    """The sheet whose header matches the known columns best (not necessarily the first)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        best: tuple[int, str, list[list[Any]]] | None = None
        for sheet in book.worksheets:
            grid = [list(r) for r in sheet.iter_rows(values_only=True)]
            _index, score = _find_header(grid)
            if best is None or score > best[0]:
                best = (score, sheet.title, grid)
            if score >= 6:  # the ZiN long table: no need to read further sheets
                break
    finally:
        book.close()
    if best is None:
        return Table([], {}, 0, notes=["workbook has no sheets"])
    grid = best[2]
    notes = _use_link_targets(path, best[1], grid)
    table = _table_from_grid(grid)
    table.sheet = best[1]
    table.notes += notes
    return table


_HYPERLINK_FORMULA = re.compile(r'^=\s*HYPERLINK\(\s*"([^"]+)"', re.IGNORECASE)
LINK_COLUMNS = frozenset({"url", "value", "remark"})  # only cells that may carry the report's address
LINK_SCAN_MAX_BYTES = 30_000_000  # the full (non-streaming) workbook load is only done for files up to this size


def _has_links(path: Path) -> bool:
    """Cheap test on the zip parts: any hyperlink relation or HYPERLINK formula at all?"""
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/_rels/") and b"relationships/hyperlink" in z.read(name):
                    return True
                if name.startswith("xl/worksheets/sheet") and b"HYPERLINK(" in z.read(name):  # stored upper case
                    return True
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return False


def _use_link_targets(path: Path, sheet: str, grid: list[list[Any]]) -> list[str]:
    """Where a cell shows text ("Kwaliteitsbeeld 2024", "klik hier") but links to a web address, use the address.

    Self-made lists paste links with display text; the streaming reader sees only the text.
    """
    if path.stat().st_size > LINK_SCAN_MAX_BYTES or not _has_links(path):
        return []
    header, _score = _find_header(grid)
    link_columns = {pos for pos, name in enumerate(grid[header]) if canonical(name) in LINK_COLUMNS}
    book = openpyxl.load_workbook(path, data_only=False)
    replaced = 0
    try:
        for row in book[sheet].iter_rows():
            for cell in row:
                target = cell.hyperlink.target if cell.hyperlink is not None else None
                match = _HYPERLINK_FORMULA.match(cell.value) if isinstance(cell.value, str) else None
                target = target or (match.group(1) if match else None)
                r, c = cell.row - 1, cell.column - 1
                if not target or r <= header or c not in link_columns or r >= len(grid) or c >= len(grid[r]):
                    continue
                shown = cell_text(grid[r][c]).casefold()
                if "http" not in shown and "www." not in shown:
                    grid[r][c] = target
                    replaced += 1
    finally:
        book.close()
    return [f"{replaced} cells showed link text; their link targets were used"] if replaced else []


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX intake file, whatever its extension says."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(path)
    return read_csv(data)
