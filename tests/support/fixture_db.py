"""A realistic small kwaliteitsbeelden database, built directly through kb.schema.

`build_fixture_db(engine, settings)` fills ~12 organisations in both sectors with
submissions (incl. failed crawl outcomes and a "nee" declaration), documents with raw
bytes in the store, extraction rows, labelled passages with page numbers, heading paths,
scores and explanations, coverage with evidence, figures, themes, shared wording and
example candidates. `build_bulk_db(engine, n_documents, passages_per_document)` makes a
large synthetic corpus quickly (bulk inserts, FTS rebuilt once) for bench/portal.py.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, insert, text

from kb import schema as s
from kb.settings import Settings
from kb.storage import store_bytes

T0 = datetime(2025, 4, 2, 9, 0, 0)
SCRIPT_TEXT = (
    "Let op: <script>alert('xss')</script> en [klik hier](javascript:alert(1)) "
    "moeten letterlijk verschijnen in het kwaliteitsbeeld, nooit als opmaak."
)
SHARED_TEXT = (
    "Wij werken volgens het kwaliteitskader en de handreiking. De zorgverlening is gericht op "
    "kwaliteit van bestaan, waarbij de cliënt en zijn naasten centraal staan in alles wat wij doen."
)

# (label ids, heading, text) per sector; texts are realistic Dutch report passages.
BANK: dict[str, list[tuple[tuple[str, ...], str, str]]] = {
    "vvt": [
        (("vvt-b1", "vvt-e-b1", "vertellen"), "Het open gesprek",
         "In het open gesprek vertelde mevrouw Jansen wat voor haar belangrijk is: zelf koken en haar kat "
         "verzorgen. Het team paste het zorgleefplan daarop aan, samen met haar dochter als mantelzorger."),
        (("vvt-b2", "vvt-e-b2"), "Het bouwen van netwerken",
         "Met de welzijnsorganisatie en de huisartsen in de regio maakten wij afspraken over ongeplande "
         "zorg in de nacht. De samenwerking met het wijkteam verliep goed; de gemeente schoof twee keer aan."),
        (("vvt-b3", "vvt-e-b3", "tellen"), "Het werk organiseren",
         "Het ziekteverzuim daalde van 7,8% naar 6,1%. De deskundigheidsmix per team is herzien en de "
         "bereikbaarheid voor ongeplande zorg is geborgd met een regionale dienst."),
        (("vvt-b4", "vvt-e-b4", "terugblik"), "Leren en ontwikkelen",
         "Teams kozen zelf hun leerthema's. Alle wijkverpleegkundigen hielden hun beroepsregistratie op "
         "orde en elk team hield vier teamreflecties per jaar, begeleid door een coach."),
        (("vvt-b5", "vvt-e-meting", "tellen"), "Cliëntervaringen",
         "Uit de PREM wijkverpleging blijkt een NPS van 42 (n=118). De totaalscore verpleeghuiszorg was "
         "8,4. In de cliëntenraad bespraken wij wat cliënten minder goed vonden: de wisselende gezichten."),
        (("vvt-b5", "vvt-e-kompas", "vvt-e-systematisch", "vooruitblik"), "Reflectie en vooruitblik",
         "Volgend jaar richten wij ons op het goede gesprek en minder wisselingen in teams. Wij monitoren "
         "de doelen ieder kwartaal in de kwaliteitscyclus en stellen verbetermaatregelen bij."),
    ],
    "ghz": [
        (("ghz-b1",), "Het zorgproces",
         "Van de cliënten had 96% een actueel ondersteuningsplan. Incidenten rond medicatie bespreken "
         "teams maandelijks; onvrijwillige zorg nam af door vaste begeleiders."),
        (("ghz-b2", "ghz-e-clientervaring", "tellen"), "Cliëntervaringsonderzoek",
         "Met het instrument Dit vind ik ervan! spraken wij 212 cliënten. Het gemiddelde rapportcijfer was "
         "7,9; de dialoog over de uitkomsten voerden wij met de cliëntenraad."),
        (("ghz-e-ervaringsverhalen", "vertellen"), "Ervaringsverhalen",
         "\"Ik wil zelf kiezen wanneer ik ga werken,\" vertelt Sander (34). Zijn begeleider zocht samen "
         "met hem een dagbesteding bij de kinderboerderij, dichtbij zijn woning."),
        (("ghz-b3", "terugblik"), "Professionele ontwikkeling",
         "Alle teams deden mee aan teamreflectie. Scholing over de Wet zorg en dwang werd door 88% van de "
         "begeleiders gevolgd; beroepsregistratie is in de jaargesprekken besproken."),
        (("ghz-b4", "ghz-e-raden", "ghz-e-visitatie"), "Inzicht in kwaliteit",
         "De cliëntenraad en de raad van toezicht lazen het concept. De visitatiecommissie zag veel "
         "betrokkenheid maar vroeg om scherpere doelen; dat inzicht namen wij over."),
        (("ghz-b4", "ghz-e-terugblik", "ghz-e-opvolging", "vooruitblik"), "Terugblik en vooruitblik",
         "Twee van de drie speerpunten haalden wij. Het speerpunt wonen zetten wij door; nieuw is "
         "eigen regie bij dagbesteding. De opvolging staat in het jaarplan 2025."),
    ],
}

# name, sector, kvk, outcome (None = ok), detail
ORGANISATIONS: list[tuple[str, str, str, str | None, str | None]] = [
    ("Zorggroep De Linde", "vvt", "10000001", None, None),
    ("Thuiszorg Aan de Maas", "vvt", "10000002", None, None),
    ("Stichting Het Baken", "vvt", "10000003", None, None),
    ("Woonzorg Oosterpark", "vvt", "10000004", None, None),
    ("Zorgcentrum De Hoeve", "vvt", "10000005", "http_error", "404"),
    ("Verpleeghuis Zonnehof", "vvt", "10000006", "no_report_found", "geen kandidaat boven de drempel"),
    ("Wijkverpleging Noord", "vvt", "10000007", "declared_no", None),
    ("Stichting Lindeboog-Zuid", "ghz", "20000001", None, None),
    ("Ons Tweede Thuis-West", "ghz", "20000002", None, None),
    ("De Twentse Zorgcentra-Oost", "ghz", "20000003", None, None),
    ("Gehandicaptenzorg Het Anker", "ghz", "20000004", "dns_error", "naam niet gevonden"),
    ("Zorgboerderij De Wei", "ghz", "20000005", "invalid_url", "geen URL: 'zie website'"),
]
YEAR = {"vvt": 2024, "ghz": 2023}


@dataclass
class FixtureInfo:
    """Ids a test needs: organisations by name, documents by organisation, notable passages."""

    organisations: dict[str, int] = field(default_factory=dict)
    documents: dict[str, list[int]] = field(default_factory=dict)
    script_passage: int = 0
    passages: list[int] = field(default_factory=list)


class _Ids:
    """Explicit primary keys so bulk inserts need no round trips."""

    def __init__(self) -> None:
        self.n: dict[str, int] = {}

    def next(self, table: str) -> int:
        self.n[table] = self.n.get(table, 0) + 1
        return self.n[table]


def _kind(label: str) -> str:
    if label in {"tellen", "vertellen", "terugblik", "vooruitblik"}:
        return "facet"
    return "element" if "-e-" in label else "bouwsteen"


def _minimal_pdf(title: str) -> bytes:
    import io

    from reportlab.pdfgen import canvas  # local: only the fixture needs it

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, title)
    c.save()
    return buf.getvalue()


def _insert(conn: Any, table: Table, rows: Sequence[dict[str, Any]], chunk: int = 20_000) -> None:
    """executemany in chunks, one statement per set of keys (executemany needs equal keys)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        for i in range(0, len(group), chunk):
            conn.execute(insert(table), group[i : i + chunk])


@dataclass
class _Rows:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, **row: Any) -> None:
        self.tables.setdefault(table, []).append(row)

    def write(self, conn: Any) -> None:
        order = [
            "organisation", "crawl_run", "submission", "document", "fetch", "crawl_result",
            "submission_document", "extraction", "passage", "passage_label", "coverage", "figure",
            "theme", "theme_passage", "shared_passage", "example_candidate",
        ]
        for name in order:
            _insert(conn, s.Base.metadata.tables[name], self.tables.get(name, []))


def _add_passage_rows(rows: _Rows, ids: _Ids, doc_id: int, seq: int, page: int | None,
                      heading: str, body: str, labels: Iterable[str], rng: random.Random) -> int:
    pid = ids.next("passage")
    labels = list(labels)
    scores = {lab: round(rng.uniform(0.55, 0.97), 3) for lab in labels}
    scores.update({"vvt-b4" if "vvt-b4" not in labels else "vvt-b3": round(rng.uniform(0.3, 0.49), 3)})
    explanations = {lab: [w.strip(".,:\"").lower() for w in body.split()[2:5]] for lab in labels}
    rows.add("passage", id=pid, document_id=doc_id, seq=seq, page=page, heading_path=["Kwaliteitsbeeld", heading],
             text=body, kind="text", char_start=seq * 400, char_end=seq * 400 + len(body), words=len(body.split()),
             scores=scores, explanations=explanations, label_source="model", minhash=None, shared_with=[])
    for lab in labels:
        rows.add("passage_label", id=ids.next("passage_label"), passage_id=pid, label_id=lab, kind=_kind(lab),
                 score=scores[lab], source="model", model_id="fixture-model", created_at=T0)
    return pid


def _add_document(rows: _Rows, ids: _Ids, settings: Settings | None, sub_id: int, run_id: int,
                  name: str, sector: str, year: int, html: bool) -> int:
    url = f"https://{name.lower().replace(' ', '-')}.example.nl/kwaliteitsbeeld-{year}." + ("html" if html else "pdf")
    content = (f"<html><body><h1>{name}</h1></body></html>".encode() if html
               else _minimal_pdf(f"Kwaliteitsbeeld {name} {year}"))
    sha = hashlib.sha256(content).hexdigest()
    path = str(store_bytes(settings, content)[1]) if settings else f"raw/{sha[:2]}/{sha}"
    doc_id = ids.next("document")
    media = "text/html" if html else "application/pdf"
    rows.add("document", id=doc_id, sha256=sha, media_type=media, size=len(content), storage_path=path, url=url,
             filename=url.rsplit("/", 1)[-1], first_seen=T0)
    rows.add("submission_document", id=ids.next("submission_document"), submission_id=sub_id, document_id=doc_id,
             url=url, score=0.9, run_id=run_id, is_current=True, first_linked_at=T0, last_seen_at=T0)
    rows.add("fetch", id=ids.next("fetch"), run_id=run_id, submission_id=sub_id, url=url, final_url=url, redirects=[],
             role="candidate", depth=1, status=200, outcome="ok", content_type=media, media_type=media,
             bytes=len(content), elapsed_ms=120.0, sha256=sha, fetched_at=T0)
    rows.add("crawl_result", id=ids.next("crawl_result"), run_id=run_id, submission_id=sub_id, outcome="ok",
             document_url=url, document_id=doc_id, content_type=media, bytes=len(content), sha256=sha,
             candidates=[], finished_at=T0)
    return doc_id


def _add_submission(rows: _Rows, ids: _Ids, org_id: int, run_id: int, name: str, sector: str, year: int,
                    outcome: str | None, detail: str | None) -> int:
    sub_id = ids.next("submission")
    site = f"https://{name.lower().replace(' ', '-')}.example.nl/"
    status = outcome if outcome in {"declared_no", "invalid_url"} else "pending"
    url = None if status != "pending" else site
    rows.add("submission", id=sub_id, organisation_id=org_id, sector=sector, report_year=year, submitted_url=url,
             raw_value=url or (detail or "nee"), declared="nee" if outcome == "declared_no" else "ja", status=status,
             status_detail=detail if status != "pending" else None,
             outcome=None if status != "pending" else (outcome or "ok"),
             outcome_detail=detail, last_crawled_at=T0 if status == "pending" else None, created_at=T0)
    if status == "pending":
        rows.add("fetch", id=ids.next("fetch"), run_id=run_id, submission_id=sub_id, url=site, final_url=site,
                 redirects=[], role="submitted", depth=0, status=404 if outcome == "http_error" else 200,
                 outcome=outcome or "ok", detail=detail, content_type="text/html", media_type="text/html",
                 bytes=2048, elapsed_ms=80.0, fetched_at=T0 - timedelta(minutes=1))
        if outcome:
            rows.add("crawl_result", id=ids.next("crawl_result"), run_id=run_id, submission_id=sub_id,
                     outcome=outcome, detail=detail, bytes=0, candidates=[], finished_at=T0)
    return sub_id


def _add_extraction(rows: _Rows, ids: _Ids, doc_id: int, name: str, year: int, sector: str,
                    labels: list[list[str]], shared: int, words: int, html: bool) -> None:
    n = max(len(labels), 1)
    facets = {f: round(sum(f in ls for ls in labels) / n, 3) for f in ("tellen", "vertellen", "terugblik", "vooruitblik")}
    rows.add("extraction", id=ids.next("extraction"), document_id=doc_id, status="ok", extractor_version="fixture-1",
             pages=None if html else 12, title=f"Kwaliteitsbeeld {year} {name}", language="nl",
             doc_type="kwaliteitsbeeld", years=[year], needs_ocr=False, ocr_used=False, words=words,
             readability=round(40 + (doc_id % 7) * 3.5, 1), facets=facets, shared_share=round(shared / n, 3),
             structure={}, model_id="fixture-model", seconds=0.4, analysed_at=T0)


def _add_coverage(rows: _Rows, ids: _Ids, doc_id: int, sector: str, plabels: list[tuple[int, list[str]]]) -> None:
    labels = [b for b, *_ in BANK[sector]]
    all_ids = sorted({lab for ls in labels for lab in ls if _kind(lab) != "facet"})
    for lab in all_ids:
        evidence = [pid for pid, ls in plabels if lab in ls]
        rows.add("coverage", id=ids.next("coverage"), document_id=doc_id, label_id=lab, kind=_kind(lab),
                 covered=bool(evidence), strength=0.8 if evidence else 0.0, passage_ids=evidence)


def build_fixture_db(engine: Engine, settings: Settings | None = None) -> FixtureInfo:
    """Fill an empty, migrated database with the small realistic fixture; returns notable ids."""
    rng = random.Random(7)
    rows, ids, info = _Rows(), _Ids(), FixtureInfo()
    run_id = ids.next("crawl_run")
    rows.add("crawl_run", id=run_id, started_at=T0 - timedelta(hours=1), finished_at=T0, refresh=False,
             settings={}, counts={"ok": 7}, requests=40, bytes=10_000_000, status="done")
    shared_ids: list[int] = []
    for i, (name, sector, kvk, outcome, detail) in enumerate(ORGANISATIONS):
        org_id = ids.next("organisation")
        info.organisations[name] = org_id
        rows.add("organisation", id=org_id, name=name, name_key=name.lower(), kvk=kvk, sectors=[sector], created_at=T0)
        years = [YEAR[sector] - 1, YEAR[sector]] if i == 0 else [YEAR[sector]]
        for year in years:
            sub_id = _add_submission(rows, ids, org_id, run_id, name, sector, year, outcome, detail)
            if outcome is not None:
                continue
            html = i == 3
            doc_id = _add_document(rows, ids, settings, sub_id, run_id, f"{name} {year}", sector, year, html)
            info.documents.setdefault(name, []).append(doc_id)
            plabels = _fixture_passages(rows, ids, info, doc_id, sector, i, html, rng)
            shared_ids.append(plabels[-1][0])
            _add_coverage(rows, ids, doc_id, sector, plabels)
            _add_extraction(rows, ids, doc_id, name, year, sector, [ls for _, ls in plabels], 1,
                            sum(len(t.split()) for *_, t in BANK[sector]), html)
    _add_shared(rows, ids, shared_ids)
    _add_corpus(rows, ids, info)
    with engine.begin() as conn:
        rows.write(conn)
    return info


def _fixture_passages(rows: _Rows, ids: _Ids, info: FixtureInfo, doc_id: int, sector: str, i: int,
                      html: bool, rng: random.Random) -> list[tuple[int, list[str]]]:
    """The sector's bank minus one item per organisation (so coverage differs), plus shared text."""
    out: list[tuple[int, list[str]]] = []
    skip = i % len(BANK[sector])
    for seq, (labels, heading, body) in enumerate(BANK[sector]):
        if seq == skip and i % 3:
            continue
        page = None if html else 2 + seq
        pid = _add_passage_rows(rows, ids, doc_id, seq, page, heading, body, labels, rng)
        out.append((pid, list(labels)))
        info.passages.append(pid)
        if labels[-1] == "tellen" and "NPS" in body:
            rows.add("figure", id=ids.next("figure"), document_id=doc_id, passage_id=pid, measure="nps",
                     instrument="PREM wijkverpleging", value=float(30 + i * 3), scale="-100..100", period=2024,
                     respondents=118, quote="Uit de PREM wijkverpleging blijkt een NPS van 42 (n=118).")
        if "rapportcijfer" in body:
            rows.add("figure", id=ids.next("figure"), document_id=doc_id, passage_id=pid, measure="clientervaring",
                     instrument="Dit vind ik ervan!", value=7.9, scale="0-10", period=2023, respondents=212,
                     quote="Het gemiddelde rapportcijfer was 7,9.")
    if not info.script_passage:
        info.script_passage = _add_passage_rows(rows, ids, doc_id, 90, None if html else 11, "Bijlage",
                                                SCRIPT_TEXT, [], rng)
    body_labels = ["vvt-b1"] if sector == "vvt" else ["ghz-b1"]
    pid = _add_passage_rows(rows, ids, doc_id, 99, None if html else 1, "Inleiding", SHARED_TEXT, body_labels, rng)
    out.append((pid, body_labels))
    return out


def _add_shared(rows: _Rows, ids: _Ids, shared_ids: list[int]) -> None:
    for a in shared_ids:
        for b in shared_ids:
            if a != b:
                rows.add("shared_passage", id=ids.next("shared_passage"), passage_id=a, other_passage_id=b,
                         similarity=0.97)
    for row in rows.tables["passage"]:
        if row["id"] in shared_ids:
            row["shared_with"] = [x for x in shared_ids if x != row["id"]]


def _add_corpus(rows: _Rows, ids: _Ids, info: FixtureInfo) -> None:
    by_label: dict[str, list[int]] = {}
    for r in rows.tables["passage_label"]:
        by_label.setdefault(r["label_id"], []).append(r["passage_id"])
    themes = [("vvt", "vvt-b1", "Het open gesprek en het zorgleefplan", ["open gesprek", "zorgleefplan", "mantelzorger"]),
              ("vvt", "vvt-b3", "Ziekteverzuim en deskundigheidsmix", ["ziekteverzuim", "deskundigheidsmix"]),
              ("ghz", "ghz-b2", "Dialoog over cliëntervaringen", ["dialoog", "cliëntenraad", "rapportcijfer"])]
    for sector, bouwsteen, label, terms in themes:
        tid = ids.next("theme")
        members = by_label.get(bouwsteen, [])[:6]
        rows.add("theme", id=tid, sector=sector, bouwsteen=bouwsteen, label=label, top_terms=terms,
                 n_organisations=len(members), n_passages=len(members), representative=members[:3], corpus_hash="fx")
        for pid in members:
            rows.add("theme_passage", id=ids.next("theme_passage"), theme_id=tid, passage_id=pid, weight=0.5)
    for lab in ("vvt-e-b1", "vvt-e-meting", "ghz-e-ervaringsverhalen"):
        for pid in by_label.get(lab, [])[:2]:
            rows.add("example_candidate", id=ids.next("example_candidate"), passage_id=pid, label_id=lab,
                     score=0.81, components={"specificiteit": 0.8, "vertellen": 0.7})


# --------------------------------------------------------------------------- bulk (benchmark)

WORDS = ("zorg cliënt cliënten team teams medewerkers wijkverpleging verpleeghuis bewoners naasten mantelzorgers "
         "gesprek doelen kwaliteit veiligheid scholing leren ontwikkelen netwerk samenwerking gemeente huisarts "
         "regio welzijn vrijwilligers verzuim roosters innovatie domotica medicatie incidenten dagbesteding wonen "
         "begeleiders ondersteuningsplan raad toezicht cliëntenraad visitatie dialoog ervaring verhalen").split()


def build_bulk_db(engine: Engine, n_documents: int, passages_per_document: int, seed: int = 1) -> None:
    """A large synthetic corpus for the benchmark (SQLite: FTS triggers off during the load)."""
    rng = random.Random(seed)
    trigger_sql = _drop_fts_insert_trigger(engine)
    orgs = max(n_documents // 2, 1)
    with engine.begin() as conn:
        _bulk_harvest(conn, rng, n_documents, orgs)
        for start in range(0, n_documents, 200):
            rows, ids = _Rows(), _Ids()
            ids.n = {"passage": start * passages_per_document, "passage_label": start * passages_per_document * 3,
                     "coverage": start * 20, "extraction": start, "figure": start}
            for doc_id in range(start + 1, min(start + 200, n_documents) + 1):
                _bulk_document(rows, ids, rng, doc_id, passages_per_document)
            for name in ("extraction", "passage", "passage_label", "coverage", "figure"):
                _insert(conn, s.Base.metadata.tables[name], rows.tables.get(name, []))
    if trigger_sql:
        with engine.begin() as conn:
            # one bulk fill of the external-content index from the passage table
            conn.execute(text("INSERT INTO passage_fts(passage_fts) VALUES('rebuild')"))
            conn.execute(text(trigger_sql))


def _drop_fts_insert_trigger(engine: Engine) -> str | None:
    if engine.dialect.name != "sqlite":
        return None
    with engine.begin() as conn:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name='passage_fts_ai'")).scalar()
        conn.execute(text("DROP TRIGGER IF EXISTS passage_fts_ai"))
    return str(sql) if sql else None


def _bulk_harvest(conn: Any, rng: random.Random, n_documents: int, orgs: int) -> None:
    rows = _Rows()
    rows.add("crawl_run", id=1, started_at=T0, finished_at=T0, refresh=False, settings={}, counts={}, requests=0,
             bytes=0, status="done")
    for o in range(1, orgs + 1):
        sector = "vvt" if o % 2 else "ghz"
        rows.add("organisation", id=o, name=f"Zorgorganisatie {o:05d}", name_key=f"zorgorganisatie {o:05d}",
                 kvk=f"{o:08d}", sectors=[sector], created_at=T0)
    outcomes = ["ok"] * 8 + ["no_report_found", "http_error", "timeout", "dns_error"]
    for d in range(1, n_documents + 1):
        org = (d - 1) % orgs + 1
        sector = "vvt" if org % 2 else "ghz"
        year = YEAR[sector] - ((d - 1) // orgs)
        rows.add("submission", id=d, organisation_id=org, sector=sector, report_year=year, submitted_url="https://x.nl",
                 status="pending", outcome="ok", created_at=T0)
        sha = hashlib.sha256(str(d).encode()).hexdigest()
        rows.add("document", id=d, sha256=sha, media_type="application/pdf", size=1000, storage_path="-",
                 url=f"https://org{org}.example.nl/kb-{year}.pdf", first_seen=T0)
        rows.add("submission_document", id=d, submission_id=d, document_id=d, url=None, run_id=1, is_current=True,
                 first_linked_at=T0, last_seen_at=T0)
        rows.add("crawl_result", id=d, run_id=1, submission_id=d, outcome="ok", document_id=d, bytes=1000,
                 candidates=[], finished_at=T0)
    extra = n_documents + 1
    for j, o in enumerate(rng.choices(outcomes, k=n_documents // 10)):
        if o != "ok":
            rows.add("submission", id=extra + j, organisation_id=(j % orgs) + 1, sector="vvt", report_year=2020 - j,
                     status="pending", outcome=o, created_at=T0)
    rows.write(conn)


def _bulk_document(rows: _Rows, ids: _Ids, rng: random.Random, doc_id: int, n: int) -> None:
    sector = "vvt" if ((doc_id - 1) % 2 == 0) else "ghz"
    bank = BANK[sector]
    plabels: list[tuple[int, list[str]]] = []
    for seq in range(n):
        labels, heading, body = bank[rng.randrange(len(bank))]
        extra = " ".join(rng.choices(WORDS, k=rng.randint(10, 40)))
        rare = f" project{rng.randrange(60_000)}" if rng.random() < 0.5 else ""
        body = f"{body} {extra}{rare}"
        pid = ids.next("passage")
        scores = {lab: round(rng.uniform(0.4, 0.99), 3) for lab in labels}
        rows.add("passage", id=pid, document_id=doc_id, seq=seq, page=1 + seq // 4, heading_path=[heading],
                 text=body, kind="text", char_start=0, char_end=len(body), words=len(body.split()), scores=scores,
                 explanations={lab: ["zorg"] for lab in labels}, label_source="model", minhash=None, shared_with=[])
        for lab in labels[:3]:
            rows.add("passage_label", id=ids.next("passage_label"), passage_id=pid, label_id=lab, kind=_kind(lab),
                     score=scores[lab], source="model", model_id="bench", created_at=T0)
        plabels.append((pid, list(labels)))
        if seq == 3 and sector == "vvt":
            rows.add("figure", id=ids.next("figure"), document_id=doc_id, passage_id=pid, measure="nps",
                     instrument="PREM wijkverpleging", value=float(rng.randint(-10, 70)), scale="-100..100",
                     period=2024, respondents=rng.randint(40, 400), quote="NPS")
    _add_coverage(rows, ids, doc_id, sector, [(p, ls[:3]) for p, ls in plabels])
    _add_extraction(rows, ids, doc_id, f"Zorgorganisatie {doc_id}", YEAR[sector], sector,
                    [ls for _, ls in plabels], rng.randint(0, n // 4), n * 60, False)


def dumps(info: FixtureInfo) -> str:
    return json.dumps(info.__dict__)
