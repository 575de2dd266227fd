"""URL intake: Zorginstituut open-data files (or plain lists) -> submissions.

One submission per (KvK, else normalised name; sector; report year); location
rows and repeated concern rows fold into it. Idempotent: the same file twice
changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from crawler.intake_read import Table, read_table
from crawler.urls import normalise_url
from kb.db import session_scope
from kb.models import Outcome
from kb.schema import Organisation, Submission

URL_CODES = {"INID023498": "ghz", "INID010008": "vvt"}
DECLARED_CODES = {"INID023497": "ghz"}
NOT_REPORT_CODES = {"INID010011"}  # 2016 "realtime cliëntervaringen" URL: not the report
GHZ_SETS = {"ISID000166"}
VVT_SETS = {"ISID000151"}
NO_ANSWERS = {"nee", "no", "n", "neen"}


@dataclass
class Draft:
    """One submission as read from the file, before it is stored."""

    key: tuple[str, str, int]
    name: str
    kvk: str | None
    agb: str | None
    row: int
    raw_url: str | None = None
    declared: str | None = None
    concern_url: bool = False
    urls: Counter[str] = field(default_factory=Counter)
    remark_url: str | None = None  # a web address typed into Opmerking of the URL indicator row


@dataclass
class IntakeReport:
    """What an import read and did (printed by `kb import-urls`, `--json` gives it as is)."""

    file: str
    shape: str = "unknown"
    sheet: str | None = None
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    rows: int = 0
    other_indicator_rows: int = 0
    submissions: int = 0
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    declared_no: int = 0
    invalid: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did beyond the obvious


def name_key(name: str) -> str:
    text = re.sub(r"[^\w\s]", " ", name.casefold())
    return " ".join(w for w in text.split() if w not in {"stichting", "bv", "b", "v"})


def pad_kvk(value: str) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    return digits.zfill(8) if 0 < len(digits) <= 8 else None


def sector_of(row: dict[str, str], default: str | None) -> str | None:
    code = row.get("set_code", "").upper()
    text = " ".join((row.get("set_name", ""), row.get("sector", ""))).casefold()
    if code in GHZ_SETS or "gehandicapt" in text or text.strip() == "ghz":
        return "ghz"
    if code in VVT_SETS or any(w in text for w in ("verpleeg", "vvt", "wijkverpleging", "kompas", "vhz")):
        return "vvt"
    return default


def year_of(row: dict[str, str], default: int | None) -> int | None:
    match = re.search(r"(19|20)\d\d", row.get("year", ""))
    return int(match.group(0)) if match else default


def indicator_role(code: str, name: str) -> str | None:
    """'url' for the kwaliteitsbeeld weblink indicator, 'declared' for its yes/no question."""
    code = code.strip().upper()
    if code in URL_CODES:
        return "url"
    if code in DECLARED_CODES:
        return "declared"
    if code in NOT_REPORT_CODES:
        return None
    text = name.casefold()
    report = "kwaliteitsbeeld" in text or "kwaliteitsverslag" in text
    if report and re.search(r"url|weblink|webadres", text) and "realtime" not in text:
        return "url"
    if report and "openbaar" in text and "heeft" in text:
        return "declared"
    return None


def _draft_for(drafts: dict[tuple[str, str, int], Draft], row: dict[str, str], n: int,
               sector: str, year: int) -> Draft:
    kvk = pad_kvk(row.get("kvk", ""))
    name = row.get("org_name", "").strip()
    key = (kvk or name_key(name), sector, year)
    if key not in drafts:
        drafts[key] = Draft(key, name, kvk, row.get("agb") or None, n)
    return drafts[key]


def _row_context(row: dict[str, str], n: int, report: IntakeReport, sector: str | None,
                 year: int | None) -> tuple[str, int] | None:
    reason = None
    if not row.get("org_name", "").strip() and not pad_kvk(row.get("kvk", "")):
        reason = "no organisation name or KvK"
    elif sector is None:
        reason = "sector unknown (give --sector)"
    elif year is None:
        reason = "report year unknown (give --year)"
    if reason or sector is None or year is None:
        report.skipped.append({"row": n, "reason": reason})
        return None
    return sector, year


def parse_zin(table: Table, report: IntakeReport, sector: str | None, year: int | None) -> list[Draft]:
    drafts: dict[tuple[str, str, int], Draft] = {}
    for n, row in table.rows:
        role = indicator_role(row.get("ind_code", ""), row.get("ind_name", ""))
        if role is None:
            report.other_indicator_rows += 1
            continue
        ctx = _row_context(row, n, report, sector_of(row, sector), year_of(row, year))
        if ctx is None:
            continue
        draft = _draft_for(drafts, row, n, *ctx)
        value, remark = row.get("value", "").strip(), row.get("remark", "").strip()
        if role == "url" and draft.remark_url is None and _looks_like_web_address(remark):
            draft.remark_url = remark
        if role == "declared":
            draft.declared = draft.declared or value or None
        elif value:
            concern = row.get("location", "").casefold().startswith("concernniveau")
            if concern and not draft.concern_url:
                draft.raw_url, draft.concern_url, draft.row = value, True, n
            draft.urls[value] += 1
    return list(drafts.values())


def _looks_like_web_address(text: str) -> bool:
    """A remark that carries a web address and no "not applicable" answer."""
    low = text.casefold()
    return ("http://" in low or "https://" in low or "www." in low) and not re.search(r"\bn\.?v\.?t\b", low)


def parse_plain(table: Table, report: IntakeReport, sector: str | None, year: int | None) -> list[Draft]:
    drafts: dict[tuple[str, str, int], Draft] = {}
    for n, row in table.rows:
        ctx = _row_context(row, n, report, sector_of(row, sector), year_of(row, year))
        if ctx is None:
            continue
        draft = _draft_for(drafts, row, n, *ctx)
        if row.get("url") and not draft.urls:
            draft.urls[row["url"]] += 1
    return list(drafts.values())


def decide(draft: Draft) -> tuple[str, str | None, str | None]:
    """(status, submitted_url, detail) of a folded draft."""
    raw = draft.raw_url or (draft.urls.most_common(1)[0][0] if draft.urls else "")
    draft.raw_url = raw or None
    declared_no = (draft.declared or "").strip().casefold() in NO_ANSWERS
    if raw.strip().casefold() in NO_ANSWERS or (declared_no and not raw.strip()):
        return "declared_no", None, "declared no public kwaliteitsbeeld"
    result = normalise_url(raw)
    if not raw.strip() and draft.remark_url and not declared_no:
        from_remark = normalise_url(draft.remark_url)
        if from_remark.url is not None:  # the value shifted into Opmerking (zin-open-data.md)
            draft.raw_url = draft.remark_url
            return "pending", from_remark.url, f"URL taken from Opmerking ({result.reason} in IndicatorWaarde)"
    if result.url is None:
        return Outcome.INVALID_URL.value, None, result.reason
    detail = f"{len(draft.urls)} different URLs given; used the concern-level or most frequent one" if len(
        draft.urls) > 1 else None
    return "pending", result.url, detail


def parse_intake(table: Table, report: IntakeReport, sector: str | None, year: int | None) -> list[Draft]:
    """Fold the rows of a table into drafts (pure; counts skipped rows on `report`)."""
    if table.shape == "zin":
        return parse_zin(table, report, sector, year)
    if table.shape == "plain":
        return parse_plain(table, report, sector, year)
    report.skipped.append({"row": table.header_row, "reason": "no URL column or indicator columns found"})
    return []


def _organisation(session: Any, draft: Draft) -> Organisation:
    stmt = select(Organisation)
    stmt = stmt.where(Organisation.kvk == draft.kvk) if draft.kvk else stmt.where(
        Organisation.kvk.is_(None), Organisation.name_key == draft.key[0])
    org = session.scalars(stmt).first()
    if org is None:
        org = Organisation(name=draft.name or draft.key[0], name_key=name_key(draft.name) or draft.key[0],
                           kvk=draft.kvk, agb=draft.agb, sectors=[])
        session.add(org)
        session.flush()
    if draft.key[1] not in (org.sectors or []):
        org.sectors = [*(org.sectors or []), draft.key[1]]
    return org


def store_drafts(engine: Engine, drafts: list[Draft], source: str, report: IntakeReport) -> None:
    """Upsert organisations and submissions; counts new / unchanged / updated on `report`."""
    with session_scope(engine) as session:
        for draft in drafts:
            status, url, detail = decide(draft)
            org = _organisation(session, draft)
            sub = session.scalars(select(Submission).where(
                Submission.organisation_id == org.id, Submission.sector == draft.key[1],
                Submission.report_year == draft.key[2])).first()
            values = {"submitted_url": url, "raw_value": draft.raw_url, "declared": draft.declared,
                      "status": status, "status_detail": detail}
            if status == Outcome.INVALID_URL.value:
                report.invalid.append({"row": draft.row, "organisation": draft.name, "value": draft.raw_url,
                                       "reason": detail})
            report.declared_no += status == "declared_no"
            if sub is None:
                sub = Submission(organisation_id=org.id, sector=draft.key[1], report_year=draft.key[2],
                                 source_file=source, source_row=draft.row, **values)
                session.add(sub)
                report.new += 1
            elif all(getattr(sub, k) == v for k, v in values.items()):
                report.unchanged += 1
                continue
            else:
                for k, v in values.items():
                    setattr(sub, k, v)
                sub.source_file, sub.source_row, sub.outcome, sub.outcome_detail = source, draft.row, None, None
                report.updated += 1
            if status == Outcome.INVALID_URL.value:
                sub.outcome, sub.outcome_detail = status, detail
    report.submissions = len(drafts)


def import_urls(engine: Engine, path: Path, year: int | None = None, sector: str | None = None) -> IntakeReport:
    """Read `path` and store its submissions; never raises on a bad row."""
    table = read_table(path)
    report = IntakeReport(file=str(path), shape=table.shape, sheet=table.sheet, header_row=table.header_row,
                          columns=table.columns, encoding=table.encoding, delimiter=table.delimiter,
                          rows=len(table.rows), notes=list(table.notes))
    drafts = parse_intake(table, report, sector, year)
    store_drafts(engine, drafts, path.name, report)
    return report
