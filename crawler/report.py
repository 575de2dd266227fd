"""Crawl report, status counts and run history (read side of the crawl tables)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from kb.db import session_scope
from kb.models import Outcome
from kb.schema import CrawlResult, CrawlRun, Document, Organisation, Submission

REPORT_COLUMNS = ("organisation", "submitted_url", "outcome", "document_url", "content_type", "bytes", "sha256",
                  "detail")


def _latest_results(session: Session) -> dict[int, CrawlResult]:
    latest = select(CrawlResult.submission_id, func.max(CrawlResult.id).label("id")).group_by(
        CrawlResult.submission_id).subquery()
    rows = session.scalars(select(CrawlResult).join(latest, latest.c.id == CrawlResult.id))
    return {r.submission_id: r for r in rows}


def load_report_rows(engine: Engine) -> list[dict[str, Any]]:
    """One row per submission (declared_no excluded): its latest crawl result, or its intake outcome."""
    with session_scope(engine) as session:
        latest = _latest_results(session)
        subs = session.execute(select(Submission, Organisation.name).join(Organisation)
                               .where(Submission.status != "declared_no").order_by(Submission.id)).all()
        rows = []
        for sub, name in subs:
            res = latest.get(sub.id)
            outcome = res.outcome if res else (sub.outcome or "")
            rows.append({
                "organisation": name, "submitted_url": sub.submitted_url or sub.raw_value or "",
                "outcome": outcome, "document_url": res.document_url if res else None,
                "content_type": res.content_type if res else None, "bytes": res.bytes if res else 0,
                "sha256": res.sha256 if res else None,
                "detail": res.detail if res else (sub.outcome_detail or sub.status_detail),
            })
        return rows


def write_crawl_report(engine: Engine, path: Path) -> int:
    """Write the crawl report CSV (columns exactly as in cli.md); returns the number of rows."""
    rows = load_report_rows(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    return len(rows)


def load_died_since_last_run(engine: Engine) -> list[dict[str, Any]]:
    """Submissions whose previous result was ok and whose latest result is not."""
    with session_scope(engine) as session:
        results = session.execute(select(CrawlResult.submission_id, CrawlResult.outcome, CrawlResult.detail,
                                         CrawlResult.run_id).order_by(CrawlResult.submission_id,
                                                                      CrawlResult.id.desc())).all()
        last_two: dict[int, list[Any]] = {}
        for row in results:
            if len(last_two.setdefault(row.submission_id, [])) < 2:
                last_two[row.submission_id].append(row)
        died = [(sid, rows[0]) for sid, rows in last_two.items()
                if len(rows) == 2 and rows[1].outcome == Outcome.OK.value and rows[0].outcome != Outcome.OK.value]
        out = []
        for sid, latest in died:
            sub = session.get(Submission, sid)
            assert sub is not None
            out.append({"submission_id": sid, "organisation": sub.organisation.name,
                        "submitted_url": sub.submitted_url, "outcome": latest.outcome, "detail": latest.detail,
                        "run_id": latest.run_id})
        return out


def load_status(engine: Engine) -> dict[str, Any]:
    """Counts per stage and per crawl outcome (`kb status --json`)."""
    with session_scope(engine) as session:
        by_status = dict(session.execute(select(Submission.status, func.count()).group_by(Submission.status))
                         .tuples().all())
        latest = _latest_results(session)
        outcomes: dict[str, int] = {}
        for res in latest.values():
            outcomes[res.outcome] = outcomes.get(res.outcome, 0) + 1
        if by_status.get(Outcome.INVALID_URL.value):
            outcomes[Outcome.INVALID_URL.value] = by_status[Outcome.INVALID_URL.value]
        last_run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
        status: dict[str, Any] = {
            "organisations": session.scalar(select(func.count(Organisation.id))) or 0,
            "submissions": sum(by_status.values()),
            "declared_no": by_status.get("declared_no", 0),
            "invalid_url": by_status.get(Outcome.INVALID_URL.value, 0),
            "crawlable": by_status.get("pending", 0),
            "crawled": len(latest),
            "not_crawled_yet": session.scalar(select(func.count(Submission.id)).where(
                Submission.status == "pending", Submission.outcome.is_(None))) or 0,
            "outcomes": dict(sorted(outcomes.items())),
            "documents": session.scalar(select(func.count(Document.id))) or 0,
            "crawl_runs": session.scalar(select(func.count(CrawlRun.id))) or 0,
            "last_run": None if last_run is None else {
                "id": last_run.id, "status": last_run.status, "started_at": last_run.started_at,
                "finished_at": last_run.finished_at, "requests": last_run.requests, "bytes": last_run.bytes},
        }
        status.update(_analysis_counts(session))
        return status


def _analysis_counts(session: Session) -> dict[str, Any]:
    """Extraction statuses and passage counts, when the analysis tables have rows."""
    names = set(inspect(session.get_bind()).get_table_names())
    out: dict[str, Any] = {}
    if "extraction" in names:
        rows = session.execute(text("SELECT status, COUNT(*) FROM extraction GROUP BY status")).all()
        if rows:
            out["extractions"] = {str(k): int(v) for k, v in rows}
    if "passage" in names:
        passages = int(session.execute(text("SELECT COUNT(*) FROM passage")).scalar_one())
        if passages:
            out["passages"] = passages
    return out
