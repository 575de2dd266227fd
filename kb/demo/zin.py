"""Write the demo submissions in the shape of the Zorginstituut open-data XLSX files.

Like the real files: a first sheet "Belangrijke informatie" holding only a note, the
long table on a later sheet, the ZiN column spelling, ``KvkNummer`` stored as a number
(leading zeros lost), one row per indicator x location plus a ``Concernniveau: <name>``
pseudo-location, and unrelated indicator rows (one holding a ZorgkaartNederland URL in
an "Opmerkingen" indicator) that an importer must not take as the report URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from kb.demo.content import Organisation, fill_url

COLUMNS = (
    "IndicatorsetNaam", "IndicatorsetCode", "Verslagjaar", "OrganisatieNaam", "KvkNummer",
    "OrganisatieAGBCode", "LocatieNaam", "Vestigingsnummer", "LocatiePlaats", "Type Zorgaanbieder",
    "Thema", "IndicatorCode", "IndicatorNaam", "IndicatorWaarde", "Opmerking", "IndicatorType",
    "MeetperiodeBeginDatum", "MeetperiodeEindDatum",
)

GHZ_SET = ("Vragenlijst Kwaliteitsbeeld Gehandicaptenzorg", "ISID000166")
GHZ_DECLARED = ("INID023497", "Heeft uw organisatie een openbaar kwaliteitsbeeld over het betreffende verslagjaar?")
GHZ_URL = (
    "INID023498",
    "Geef onderstaand de weblink (URL) naar het kwaliteitsbeeld van uw organisatie over het betreffende verslagjaar.",
)
# The VVT (Generiek kompas) codes are not public: these are invented and marked DEMO.
VVT_SET = ("Generiek kompas verpleeghuiszorg en wijkverpleging (DEMO)", "DEMO-ISID-VVT")
VVT_URL = (
    "DEMO-INID-VVT-URL",
    "Wat is de URL van de publieke website waar het kwaliteitsbeeld van uw zorgorganisatie te vinden is?",
)
NOISE_REMARK = ("DEMO-INID-OPM", "Opmerkingen:")
NOISE_CLIENTS = ("DEMO-INID-CLIENTEN", "Aantal cliënten op peildatum")
# The 2016 trap: a URL indicator that is not the report.
NOISE_REALTIME = ("INID010011", "Via welke URL zijn realtime cliëntervaringen te bekijken?")

NOTE = (
    "Belangrijke informatie: dit is een DEMONSTRATIEBESTAND met verzonnen zorgaanbieders, "
    "gemaakt in de vorm van het openbare databestand van Zorginstituut Nederland. "
    "De gegevens staan op het tweede tabblad."
)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    value: str
    remark: str = ""
    kind: str = "Structuur"


def _kvk_number(kvk: str) -> int:
    """KvkNummer as the real files store it: a number, so 04567123 becomes 4567123."""
    return int(kvk)


def _url_value(org: Organisation, url: str | None) -> tuple[str, str]:
    """(IndicatorWaarde, Opmerking) of the URL indicator as the organisation typed it."""
    if url is None:
        return ("nee" if org.sector == "vvt" else "", "Wij hebben geen openbaar kwaliteitsbeeld.")
    return (url, "")


def _submission_indicators(org: Organisation, url: str | None) -> list[Indicator]:
    value, remark = _url_value(org, url)
    if org.sector == "ghz":
        declared = "Nee" if org.declared.lower() == "nee" else "Ja"
        return [Indicator(*GHZ_DECLARED, declared), Indicator(*GHZ_URL, value, remark)]
    return [Indicator(*VVT_URL, value, remark)]


def _noise_indicators(org: Organisation, index: int) -> list[Indicator]:
    rows = [
        Indicator(*NOISE_REMARK, f"Zie ook https://www.zorgkaartnederland.nl/zorginstelling/{org.slug}", kind="Tekst"),
        Indicator(*NOISE_CLIENTS, str(40 + 17 * index), kind="Getal"),
    ]
    if index % 4 == 0:
        rows.append(Indicator(*NOISE_REALTIME, f"https://www.example.org/ervaringen/{org.slug}"))
    return rows


def _locations(org: Organisation) -> list[str]:
    concern = f"Concernniveau: {org.name.upper() if len(org.locations) > 2 else org.name}"
    return [*org.locations, concern]


def submission_rows(orgs: Iterable[Organisation], base: str) -> Iterator[list[object]]:
    """The long table: one row per indicator x (location or concern pseudo-location)."""
    for index, org in enumerate(orgs):
        indicator_set = GHZ_SET if org.sector == "ghz" else VVT_SET
        kind = "Gehandicaptenzorg" if org.sector == "ghz" else "VVT"
        for entry in org.submissions:
            url = fill_url(entry.url, base)
            indicators = _submission_indicators(org, url) + _noise_indicators(org, index)
            for loc_no, location in enumerate(_locations(org), start=1):
                for ind in indicators:
                    yield [
                        indicator_set[0], indicator_set[1], entry.year, org.name, _kvk_number(org.kvk),
                        org.agb, location, f"{org.kvk}{loc_no:04d}", "Demodorp", kind,
                        "Kwaliteitsbeeld", ind.code, ind.name, ind.value, ind.remark or None, ind.kind,
                        f"{entry.year}-01-01", f"{entry.year}-12-31",
                    ]


def write_submissions_xlsx(orgs: Iterable[Organisation], base: str, path: Path, sheet: str) -> int:
    """Write the ZiN-shaped XLSX for `orgs` with URLs on `base`; returns the number of data rows."""
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = "Belangrijke informatie"
    info["B2"] = NOTE
    data = wb.create_sheet(sheet)
    data.append(list(COLUMNS))
    count = 0
    for row in submission_rows(orgs, base):
        data.append(row)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return count
