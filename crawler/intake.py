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

from crawler.intake_read import OTHER, Table, read_table
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
    sheet: str | None = None
    raw_url: str | None = None
    declared: str | None = None
    values: list[tuple[int, str, bool]] = field(default_factory=list)  # (row, value as typed, concern level)
    remark_url: str | None = None  # a web address typed into Opmerking of the URL indicator row
    other_url: str | None = None  # a web address typed into another column of the URL indicator row
    other_column: str | None = None


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
    problem: str | None = None  # why the file gave no rows at all (empty, .xls, not a spreadsheet, damaged)
    sheets: list[str] = field(default_factory=list)  # every sheet whose rows were read
    changed: list[dict[str, Any]] = field(default_factory=list)  # stored URLs this file replaced (old and new)
    kept: list[dict[str, Any]] = field(default_factory=list)  # stored URLs kept: this file gave no usable one


def name_key(name: str) -> str:
    text = re.sub(r"[^\w\s]", " ", name.casefold())
    return " ".join(w for w in text.split() if w not in {"stichting", "bv", "b", "v"})


def pad_kvk(value: str) -> str | None:
    text = (value or "").strip()
    text = re.sub(r"^(\d+)[.,]0+$", r"\1", text)  # a number written out by pandas/R: 8111924.0
    digits = re.sub(r"\D", "", text)
    return digits.zfill(8) if 0 < len(digits) <= 8 else None


_GHZ_WORDS = re.compile(r"gehandicapt|\bghz\b|\bgz\b|\bvg\b")
_VVT_WORDS = re.compile(r"verpleeg|\bvvt\b|\bvv&t\b|\bv&v\b|\bvv\b|wijkverpleging|kompas|\bvhz\b|ouderenzorg|"
                        r"thuiszorg|ouderen|\bv&vt\b")


def sector_of(row: dict[str, str], default: str | None) -> str | None:
    """The row's sector from its indicator set, its indicator code or a sector column; else the default."""
    code = row.get("set_code", "").strip().upper()
    if code in GHZ_SETS:
        return "ghz"
    if code in VVT_SETS:
        return "vvt"
    text = " ".join((row.get("set_name", ""), row.get("sector", ""))).casefold()
    ghz, vvt = bool(_GHZ_WORDS.search(text)), bool(_VVT_WORDS.search(text))
    if ghz != vvt:
        return "ghz" if ghz else "vvt"
    ind = row.get("ind_code", "").strip().upper()
    return URL_CODES.get(ind) or DECLARED_CODES.get(ind) or default


_SHEET_YEAR = re.compile(r"\b(?:vj|verslagjaar)\s*-?\s*((?:19|20)\d\d)\b", re.IGNORECASE)


def _sheet_years(table: Table, report: IntakeReport) -> dict[str, int]:
    """Report years named by sheet titles ('verpleeghuiszorg VJ2020'), for rows that carry no year."""
    years = {name: int(m.group(1)) for name in table.sheets or [table.sheet or ""] if (m := _SHEET_YEAR.search(name))}
    if years and "year" not in table.columns:
        report.notes.append("report year taken from the sheet name: " + ", ".join(
            f"{name!r} -> {y}" for name, y in years.items()))
    return years


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


def _kvk_by_name(rows: list[tuple[int, dict[str, str]]]) -> dict[str, str]:
    """Name key -> KvK for names that come with exactly one KvK somewhere in the file."""
    seen: dict[str, set[str]] = {}
    for _n, row in rows:
        kvk = pad_kvk(row.get("kvk", ""))
        if kvk and row.get("org_name", "").strip():
            seen.setdefault(name_key(row["org_name"]), set()).add(kvk)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _draft_for(drafts: dict[tuple[str, str, int], Draft], row: dict[str, str], n: int,
               sector: str, year: int, kvk_of: dict[str, str]) -> Draft:
    name = row.get("org_name", "").strip()
    kvk = pad_kvk(row.get("kvk", "")) or kvk_of.get(name_key(name))  # a row without KvK of a known organisation
    key = (kvk or name_key(name) or name.casefold(), sector, year)
    if key not in drafts:
        drafts[key] = Draft(key, name, kvk, row.get("agb") or None, n, row.get("_sheet"))
    draft = drafts[key]
    draft.name = draft.name or name
    return draft


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
        report.skipped.append(_where(row, {"row": n, "reason": reason}))
        return None
    return sector, year


def _where(row: dict[str, str], entry: dict[str, Any]) -> dict[str, Any]:
    if row.get("_sheet"):
        entry["sheet"] = row["_sheet"]
    return entry


_CONCERN = re.compile(r"^\W*concern\W*niveau", re.IGNORECASE)


def parse_zin(table: Table, report: IntakeReport, sector: str | None, year: int | None) -> list[Draft]:
    drafts: dict[tuple[str, str, int], Draft] = {}
    kvk_of = _kvk_by_name(table.rows)
    sheet_years = _sheet_years(table, report) if year is None else {}
    for n, row in table.rows:
        role = indicator_role(row.get("ind_code", ""), row.get("ind_name", ""))
        if role is None:
            report.other_indicator_rows += 1
            continue
        ctx = _row_context(row, n, report, sector_of(row, sector), year_of(row, year or sheet_years.get(row.get("_sheet") or table.sheet or "")))
        if ctx is None:
            continue
        draft = _draft_for(drafts, row, n, *ctx, kvk_of)
        value, remark = row.get("value", "").strip(), row.get("remark", "").strip()
        if role == "url" and draft.remark_url is None and _looks_like_web_address(remark):
            draft.remark_url = remark
        other = row.get(OTHER, "")
        if role == "url" and draft.other_url is None and _looks_like_web_address(other):
            draft.other_url = other
        if role == "declared":
            draft.declared = draft.declared or value or None
        elif value:
            draft.values.append((n, value, bool(_CONCERN.match(row.get("location", "")))))
    return list(drafts.values())


def _looks_like_web_address(text: str) -> bool:
    """A remark that carries a web address and no "not applicable" answer."""
    low = text.casefold()
    return ("http://" in low or "https://" in low or "www." in low) and not re.search(r"\bn\.?v\.?t\b", low)


def parse_plain(table: Table, report: IntakeReport, sector: str | None, year: int | None) -> list[Draft]:
    drafts: dict[tuple[str, str, int], Draft] = {}
    kvk_of = _kvk_by_name(table.rows)
    sheet_years = _sheet_years(table, report) if year is None else {}
    for n, row in table.rows:
        ctx = _row_context(row, n, report, sector_of(row, sector), year_of(row, year or sheet_years.get(row.get("_sheet") or table.sheet or "")))
        if ctx is None:
            continue
        draft = _draft_for(drafts, row, n, *ctx, kvk_of)
        if row.get("url", "").strip():
            draft.values.append((n, row["url"].strip(), False))
        remark = row.get("remark", "").strip()
        if draft.remark_url is None and _looks_like_web_address(remark):
            draft.remark_url = remark
    return list(drafts.values())


_NO_ANSWER = re.compile(r"^\W*(nee|neen|no)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """What a folded draft becomes: status, submitted URL, the value it came from, its row and why."""

    status: str
    url: str | None
    raw: str | None
    row: int
    detail: str | None = None


def decide_draft(draft: Draft) -> Decision:
    """Pick the submission's URL from all the rows that gave one.

    A usable URL beats values that are not one ('X', 'n.v.t.') however often those repeat; among usable
    URLs the concern-level one wins, else the most frequent (as normalised, so 'www.a.nl' and
    'https://www.a.nl/' are one URL). Without a usable URL: a declared "nee" (or a "nee" typed as the
    URL) is a declaration, a web address typed into Opmerking or another column is used with the reason
    said, and anything else is an invalid URL with the reason of the most frequent value.
    """
    checked = [(row, raw, concern, normalise_url(raw)) for row, raw, concern in draft.values]
    usable = [c for c in checked if c[3].url]
    if usable:
        counts = Counter(c[3].url for c in usable)
        concern_level = [c for c in usable if c[2]]
        row, raw, _concern, norm = concern_level[0] if concern_level else max(
            usable, key=lambda c: (counts[c[3].url], -c[0]))
        notes = []
        if len(counts) > 1:
            notes.append(f"{len(counts)} different URLs given; used the "
                         f"{'concern-level' if concern_level else 'most frequent'} one")
        if len(usable) < len(checked):
            bad = Counter(c[1] for c in checked if not c[3].url).most_common(1)[0][0]
            n_bad = len(checked) - len(usable)
            notes.append(f"{n_bad} {'row gives' if n_bad == 1 else 'rows give'} no usable URL (such as {bad[:60]!r})")
        return Decision("pending", norm.url, raw, row, "; ".join(notes) or None)
    declared_no = bool(_NO_ANSWER.match(draft.declared or ""))
    most = Counter(raw for _row, raw, _concern in draft.values).most_common(1)
    raw = most[0][0] if most else ""
    row = next((r for r, v, _c in draft.values if v == raw), draft.row)
    said_no = [v for _r, v, _c in draft.values if _NO_ANSWER.match(v) and not _looks_like_web_address(v)]
    if declared_no or said_no:
        detail = "declared no public kwaliteitsbeeld"
        if raw and raw.strip().casefold() not in NO_ANSWERS:
            detail += f" (URL answer: {raw[:80]!r})"
        return Decision("declared_no", None, raw or None, row, detail)
    reason = normalise_url(raw).reason
    for typed, where in ((draft.remark_url, "Opmerking"), (draft.other_url, "another column")):
        from_elsewhere = normalise_url(typed) if typed else None
        if typed and from_elsewhere and from_elsewhere.url:  # the value shifted into the wrong column
            return Decision("pending", from_elsewhere.url, typed, draft.row,
                            f"URL taken from {where} ({reason} in the URL column)")
    return Decision(Outcome.INVALID_URL.value, None, raw or None, row, reason)


def parse_intake(table: Table, report: IntakeReport, sector: str | None, year: int | None) -> list[Draft]:
    """Fold the rows of a table into drafts (pure; counts skipped rows on `report`)."""
    if table.problem:
        report.skipped.append({"row": 0, "reason": table.problem})
        return []
    if table.shape == "zin":
        return parse_zin(table, report, sector, year)
    if table.shape == "plain":
        return parse_plain(table, report, sector, year)
    found = ", ".join(table.columns.values()) or "none"
    report.skipped.append({"row": table.header_row, "reason": "no URL column or indicator columns found "
                           f"(known columns in the best header row: {found})"})
    return []


def _fit(column: Any, value: str | None) -> str | None:
    """A value cut to its column's length (PostgreSQL refuses longer ones); the full text stays in the file."""
    length = getattr(column.type, "length", None)
    return value if length is None else _short(value, length)


def _organisation(session: Any, draft: Draft) -> Organisation:
    """The organisation of a draft: by KvK, else by name; a name-only record gains the KvK when it is given."""
    key = _fit(Organisation.__table__.c.name_key, draft.key[0] if not draft.kvk else name_key(draft.name))
    org = None
    if draft.kvk:
        org = session.scalars(select(Organisation).where(Organisation.kvk == draft.kvk)).first()
        if org is None and key:
            org = session.scalars(select(Organisation).where(
                Organisation.kvk.is_(None), Organisation.name_key == key)).first()
            if org is not None:
                org.kvk = draft.kvk
    else:
        same = session.scalars(select(Organisation).where(Organisation.name_key == key)).all()
        no_kvk = [o for o in same if o.kvk is None]
        org = no_kvk[0] if no_kvk else (same[0] if len(same) == 1 else None)
    if org is None:
        org = Organisation(name=_fit(Organisation.__table__.c.name, draft.name or draft.key[0]),
                           name_key=_fit(Organisation.__table__.c.name_key, name_key(draft.name) or draft.key[0]),
                           kvk=draft.kvk, agb=_fit(Organisation.__table__.c.agb, draft.agb), sectors=[])
        session.add(org)
        session.flush()
    if draft.key[1] not in (org.sectors or []):
        org.sectors = [*(org.sectors or []), draft.key[1]]
    return org


_HISTORY = "previously submitted: "


def _stored_detail(detail: str | None) -> str | None:
    """The part of a stored status detail that the file determines (without the URL history)."""
    return (detail.split(_HISTORY, 1)[0].rstrip("; ") or None) if detail else detail


def _with_history(detail: str | None, history: str) -> str:
    return f"{detail}; {_HISTORY}{history}" if detail else f"{_HISTORY}{history}"


def _short(value: str | None, limit: int = 200) -> str | None:
    """A value as shown in the import report (the stored raw value stays whole)."""
    return value if value is None or len(value) <= limit else value[: limit - 1] + "…"


def store_drafts(engine: Engine, drafts: list[Draft], source: str, report: IntakeReport) -> None:
    """Upsert organisations and submissions; counts new / unchanged / updated on `report`.

    Nothing stored is lost: a file that gives no usable URL (empty, 'X', 'nee') for a submission that
    has one keeps the stored URL (listed under `kept`); a new URL replaces an old one with the old one
    named in the status detail and under `changed`. One draft that cannot be stored is skipped with
    its reason; the others are stored.
    """
    columns = Submission.__table__.c
    with session_scope(engine) as session:
        for draft in drafts:
            where = {"row": draft.row, **({"sheet": draft.sheet} if draft.sheet else {})}
            try:
                decision = decide_draft(draft)
                draft.raw_url, draft.row = decision.raw, decision.row
                where["row"] = draft.row
                with session.begin_nested():
                    _store_one(session, draft, decision, source, report, where, columns)
            except Exception as exc:  # noqa: BLE001 - one bad draft must not lose the batch
                report.skipped.append({**where, "organisation": draft.name, "reason": "could not be stored: "
                                       f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"})
    report.submissions = len(drafts)


def _store_one(session: Any, draft: Draft, decision: Decision, source: str, report: IntakeReport,
               where: dict[str, Any], columns: Any) -> None:
    status, url, detail = decision.status, decision.url, decision.detail
    declared = draft.declared
    if declared and len(declared) > (columns.declared.type.length or len(declared)):
        detail = (f"{detail}; " if detail else "") + f"answer to the yes/no question: {declared[:300]!r}"
    org = _organisation(session, draft)
    sub = session.scalars(select(Submission).where(
        Submission.organisation_id == org.id, Submission.sector == draft.key[1],
        Submission.report_year == draft.key[2])).first()
    values = {"submitted_url": url, "raw_value": draft.raw_url, "declared": _fit(columns.declared, declared),
              "status": status, "status_detail": detail}
    label = {**where, "organisation": draft.name, "sector": draft.key[1], "year": draft.key[2]}
    if sub is not None and sub.status == "pending" and sub.submitted_url and status != "pending":
        report.kept.append({**label, "stored": sub.submitted_url, "value": _short(draft.raw_url),
                            "reason": f"this file gives no usable URL ({detail}); the stored URL is kept"})
        return
    if status == Outcome.INVALID_URL.value:
        report.invalid.append({**where, "organisation": draft.name, "value": _short(draft.raw_url), "reason": detail})
    report.declared_no += status == "declared_no"
    if sub is None:
        sub = Submission(organisation_id=org.id, sector=draft.key[1], report_year=draft.key[2],
                         source_file=source, source_row=draft.row, **values)
        session.add(sub)
        report.new += 1
    else:
        same = {k: (_stored_detail(getattr(sub, k)) if k == "status_detail" else getattr(sub, k)) == v
                for k, v in values.items()}
        if all(same.values()):
            report.unchanged += 1
            return
        if not same["submitted_url"] and sub.submitted_url and url:
            old = f"{sub.submitted_url} ({sub.source_file or 'earlier import'} row {sub.source_row})"
            history = (sub.status_detail or "").split(_HISTORY, 1)[1:]
            values["status_detail"] = _with_history(detail, old + (f", {history[0]}" if history else ""))
            report.changed.append({**label, "old": sub.submitted_url, "new": url})
        elif sub.status_detail and _HISTORY in sub.status_detail:
            values["status_detail"] = _with_history(detail, sub.status_detail.split(_HISTORY, 1)[1])
        recrawl = not (same["submitted_url"] and same["status"])
        for k, v in values.items():
            setattr(sub, k, v)
        sub.source_file, sub.source_row = source, draft.row
        if recrawl:
            sub.outcome, sub.outcome_detail = None, None
        report.updated += 1
    if status == Outcome.INVALID_URL.value:
        sub.outcome, sub.outcome_detail = status, detail
    session.flush()


def import_urls(engine: Engine, path: Path, year: int | None = None, sector: str | None = None) -> IntakeReport:
    """Read `path` and store its submissions; never raises on a bad row or a file that is not a table."""
    table = read_table(path)
    report = IntakeReport(file=str(path), shape=table.shape, sheet=table.sheet, header_row=table.header_row,
                          columns=table.columns, encoding=table.encoding, delimiter=table.delimiter,
                          rows=len(table.rows), notes=list(table.notes), problem=table.problem,
                          sheets=list(table.sheets))
    drafts = parse_intake(table, report, sector, year)
    store_drafts(engine, drafts, path.name, report)
    return report
