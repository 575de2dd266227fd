"""Corpus analytics on a corpus with planted properties: shared template, themes, coverage, candidates."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import Engine, func, select

from analysis.corpus import coverage_shares, update_corpus, year_over_year
from analysis.readability import count_syllables, flesch_douma
from analysis.structure import document_structure
from kb.db import session_scope
from kb.schema import (
    Coverage,
    Document,
    ExampleCandidate,
    Extraction,
    Organisation,
    Passage,
    PassageLabel,
    SharedPassage,
    Submission,
    SubmissionDocument,
    Theme,
    ThemePassage,
)
from kb.settings import Settings
from kb.taxonomy import load_taxonomy

TEMPLATE = (
    "Het Generiek kompas Samen werken aan kwaliteit van bestaan geeft richting aan de beweging die wij als "
    "organisatie maken naar goede zorg die past bij de context en die bijdraagt aan kwaliteit van bestaan. "
    "In dit kwaliteitsbeeld laten wij zien hoe wij samen met cliënten, naasten en professionals werken aan kwaliteit."
)
TOPICS = {
    "vvt-b3": ["ziekteverzuim rooster formatie", "nachtdienst bereikbaarheid ongeplande zorg", "domotica sensoren leefcirkels"],
    "vvt-b4": ["scholing dementie palliatieve zorg", "teamreflectie intervisie leren", "beroepsregistratie opleiding"],
}
FILLER = "wij zagen dat het team hierover in gesprek ging met bewoners en familie en dat leverde nieuwe ideeën op".split()


def _passage_text(rng: random.Random, topic: str, org: str) -> str:
    words = [*topic.split(), *topic.split()] + rng.sample(FILLER, 12) + [org.lower()] * 2
    rng.shuffle(words)
    return " ".join(words) + "."


def seed_corpus(engine: Engine, n_orgs: int = 6, template_orgs: tuple[int, ...] = (0, 1), seed: int = 3) -> dict[str, int]:
    rng = random.Random(seed)
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        for i in range(n_orgs):
            org = Organisation(name=f"Zorggroep {i}", name_key=f"zorggroep {i}", kvk=f"{10000000 + i}", sectors=["vvt"])
            s.add(org)
            s.flush()
            ids[f"org{i}"] = org.id
            sub = Submission(organisation_id=org.id, sector="vvt", report_year=2024, submitted_url=f"http://x/{i}")
            doc = Document(sha256=f"{i:064d}", media_type="application/pdf", size=1, storage_path="p")
            s.add_all([sub, doc])
            s.flush()
            ids[f"doc{i}"] = doc.id
            s.add(SubmissionDocument(submission_id=sub.id, document_id=doc.id))
            s.add(Extraction(document_id=doc.id, status="ok", extractor_version="t", pages=4))
            texts: list[tuple[str, str, list[str]]] = []
            if i in template_orgs:
                texts.append((TEMPLATE, "Introductie", []))
            for label, topics in TOPICS.items():
                for topic in topics:
                    for _ in range(3):
                        texts.append((_passage_text(rng, topic, f"org{i}"), label, [label]))
            if i % 2 == 0:
                nps = _passage_text(rng, "cliëntervaring meting resultaten", f"org{i}") + f" De NPS was {40 + i} in 2024."
                texts.append((nps, "Cliëntervaringen", ["vvt-b5"]))
            for seq, (text, heading, labels) in enumerate(texts):
                p = Passage(document_id=doc.id, seq=seq, page=1 + seq // 4, heading_path=[heading], text=text,
                            words=len(text.split()))
                s.add(p)
                s.flush()
                for lab in labels:
                    s.add(PassageLabel(passage_id=p.id, label_id=lab, kind="bouwsteen", score=0.8))
                s.add(PassageLabel(passage_id=p.id, label_id="terugblik", kind="facet", score=0.7))
            s.add(Coverage(document_id=doc.id, label_id="vvt-e-meting", kind="element", covered=i % 2 == 0, strength=0.5))
    return ids


def test_planted_template_is_found_only_between_the_two_template_organisations(engine: Engine, settings: Settings) -> None:
    ids = seed_corpus(engine)
    report = update_corpus(engine, settings)
    assert report.shared_pairs == 1
    with session_scope(engine) as s:
        pair = s.scalars(select(SharedPassage)).one()
        docs = {s.get(Passage, pair.passage_id).document_id, s.get(Passage, pair.other_passage_id).document_id}
        assert docs == {ids["doc0"], ids["doc1"]}
        shares = dict(s.execute(select(Extraction.document_id, Extraction.shared_share)).all())
    assert shares[ids["doc0"]] > 0 and shares[ids["doc1"]] > 0 and shares[ids["doc2"]] == 0


def test_themes_are_stable_across_reruns_of_an_unchanged_corpus(engine: Engine, settings: Settings) -> None:
    seed_corpus(engine)
    first = update_corpus(engine, settings)
    with session_scope(engine) as s:
        before = sorted((t.bouwsteen, t.label, t.n_organisations) for t in s.scalars(select(Theme)))
    second = update_corpus(engine, settings)
    with session_scope(engine) as s:
        after = sorted((t.bouwsteen, t.label, t.n_organisations) for t in s.scalars(select(Theme)))
    assert set(first.themes_refreshed) >= {"vvt-b3", "vvt-b4"} and second.themes_refreshed == []
    assert before == after and before
    assert all(n >= 2 for _, _, n in before), "a theme of one organisation is not a common theme"


def test_theme_labels_come_from_topic_terms(engine: Engine, settings: Settings) -> None:
    seed_corpus(engine)
    update_corpus(engine, settings)
    with session_scope(engine) as s:
        labels = " ".join(s.scalars(select(Theme.label).where(Theme.bouwsteen == "vvt-b4")))
    assert any(w in labels for w in ("scholing", "teamreflectie", "beroepsregistratie", "dementie", "intervisie"))


def test_incremental_run_only_touches_the_new_document(engine: Engine, settings: Settings) -> None:
    seed_corpus(engine, n_orgs=4)
    update_corpus(engine, settings)
    seed_corpus(engine, n_orgs=0)  # no-op seed keeps counts
    with session_scope(engine) as s:
        org = Organisation(name="Nieuw", name_key="nieuw", sectors=["vvt"])
        s.add(org)
        s.flush()
        sub = Submission(organisation_id=org.id, sector="vvt", report_year=2024)
        doc = Document(sha256="f" * 64, media_type="text/html", size=1, storage_path="p")
        s.add_all([sub, doc])
        s.flush()
        s.add(SubmissionDocument(submission_id=sub.id, document_id=doc.id))
        s.add(Extraction(document_id=doc.id, status="ok", extractor_version="t"))
        s.add(Passage(document_id=doc.id, seq=0, heading_path=["Intro"], text=TEMPLATE, words=len(TEMPLATE.split())))
    report = update_corpus(engine, settings)
    assert report.documents_updated == 1 and report.signatures == 1
    assert report.shared_pairs == 3  # the new passage repeats the template of organisations 0 and 1 (0-1, 0-new, 1-new)


def test_candidates_prefer_concrete_reflective_original_passages(engine: Engine, settings: Settings) -> None:
    seed_corpus(engine)
    update_corpus(engine, settings)
    with session_scope(engine) as s:
        n = s.scalar(select(func.count()).select_from(ExampleCandidate).where(ExampleCandidate.label_id == "vvt-b5"))
        top = s.scalars(select(ExampleCandidate).where(ExampleCandidate.label_id == "vvt-b5").order_by(ExampleCandidate.score.desc())).first()
    assert n == 3 and top is not None and top.components["originality"] == 1.0 and top.components["concreteness"] > 0


def test_coverage_share_counts_documents_and_names_them(engine: Engine, settings: Settings) -> None:
    ids = seed_corpus(engine)
    rows = {r["label_id"]: r for r in coverage_shares(engine, "vvt", 2024)}
    assert rows["vvt-e-meting"]["share"] == 0.5
    assert rows["vvt-e-meting"]["covered_by"] == sorted(ids[f"doc{i}"] for i in (0, 2, 4))


def test_year_over_year_lists_gained_elements(engine: Engine, settings: Settings) -> None:
    ids = seed_corpus(engine, n_orgs=1)
    with session_scope(engine) as s:
        sub = Submission(organisation_id=ids["org0"], sector="vvt", report_year=2025)
        doc = Document(sha256="e" * 64, media_type="application/pdf", size=1, storage_path="p")
        s.add_all([sub, doc])
        s.flush()
        s.add(SubmissionDocument(submission_id=sub.id, document_id=doc.id))
        s.add(Coverage(document_id=doc.id, label_id="vvt-e-b2", kind="element", covered=True, strength=0.9))
    diff = year_over_year(engine, ids["org0"])
    assert diff[0]["from"] == 2024 and diff[0]["to"] == 2025
    assert diff[0]["gained"] == ["vvt-e-b2"] and diff[0]["lost"] == ["vvt-e-meting"]


@pytest.mark.parametrize(("word", "n"), [("zorg", 1), ("kwaliteit", 3), ("mantelzorgers", 4), ("bijeenkomst", 3)])
def test_dutch_syllables_by_vowel_groups(word: str, n: int) -> None:
    assert count_syllables(word) == n


def test_plain_text_reads_easier_than_officialese() -> None:
    plain = "Wij gaan met u in gesprek. U zegt wat u wilt. Wij luisteren goed. " * 4
    hard = ("Implementatie van organisatiebrede kwaliteitsmanagementsystematiek vereist multidisciplinaire "
            "afstemmingsprocedures betreffende informatievoorzieningsarchitectuur en verantwoordingsstructuren. ") * 3
    assert flesch_douma(plain) > 60 > flesch_douma(hard)
    assert flesch_douma("Te kort.") is None


def test_report_following_handreiking_chapters_is_recognised() -> None:
    tax = load_taxonomy()
    chapters = ["Introductie", "Maatschappelijke context", "Het open gesprek", "Het bouwen van netwerken",
                "Het werk organiseren", "Leren en ontwikkelen", "Reflectie op kwaliteit", "Perspectief naar volgend jaar"]
    handreiking = document_structure([([c], []) for c in chapters], tax, "vvt")
    own = document_structure([(["Onze speerpunten"], []), (["Wat we deden"], []), (["Wat we leerden"], [])], tax, "vvt")
    assert handreiking["layout"] == "handreiking" and own["layout"] == "eigen"
    mapped = {h["heading"]: h["labels"] for h in handreiking["headings"]}
    assert "vvt-b2" in mapped["Het bouwen van netwerken"] and "vvt-b4" in mapped["Leren en ontwikkelen"]


def test_small_change_assigns_new_passages_to_existing_themes_without_refit(engine: Engine, settings: Settings) -> None:
    ids = seed_corpus(engine)
    update_corpus(engine, settings)
    with session_scope(engine) as s:
        before = {t.id: (t.label, t.n_passages) for t in s.scalars(select(Theme).where(Theme.bouwsteen == "vvt-b4"))}
        p = Passage(document_id=ids["doc3"], seq=99, heading_path=["Leren"], text=_passage_text(random.Random(9), "scholing dementie palliatieve zorg", "org3"))
        s.add(p)
        s.flush()
        s.add(PassageLabel(passage_id=p.id, label_id="vvt-b4", kind="bouwsteen", score=0.9))
        new_id = p.id
    report = update_corpus(engine, settings)
    with session_scope(engine) as s:
        after = {t.id: (t.label, t.n_passages) for t in s.scalars(select(Theme).where(Theme.bouwsteen == "vvt-b4"))}
        assigned = s.scalars(select(ThemePassage.theme_id).where(ThemePassage.passage_id == new_id)).all()
    assert report.themes_refreshed == ["vvt-b4"]
    assert set(after) == set(before), "same themes: the fitted model was reused"
    assert len(assigned) == 1 and after[assigned[0]][1] == before[assigned[0]][1] + 1


def test_new_concrete_passage_enters_the_candidate_list_incrementally(engine: Engine, settings: Settings) -> None:
    ids = seed_corpus(engine)
    update_corpus(engine, settings)
    text = ("In 2024 zijn we gestart met vaste teams per wijk; het verzuim is gedaald van 8,1% naar 6,2%. We hebben "
            "geleerd dat kleine teams beter werken, daarom breiden we dit in 2025 uit naar alle 14 wijken en evalueren "
            "we elk kwartaal met de cliëntenraad wat het resultaat is voor de continuïteit van zorg bij cliënten thuis.")
    with session_scope(engine) as s:
        p = Passage(document_id=ids["doc2"], seq=98, heading_path=["Werk"], text=text, words=len(text.split()))
        s.add(p)
        s.flush()
        s.add(PassageLabel(passage_id=p.id, label_id="vvt-b3", kind="bouwsteen", score=0.95))
        for facet in ("terugblik", "vooruitblik", "tellen"):
            s.add(PassageLabel(passage_id=p.id, label_id=facet, kind="facet", score=0.8))
        new_id = p.id
    update_corpus(engine, settings)
    with session_scope(engine) as s:
        top = s.scalars(select(ExampleCandidate).where(ExampleCandidate.label_id == "vvt-b3")
                        .order_by(ExampleCandidate.score.desc())).all()
    assert top[0].passage_id == new_id
    assert len(top) == 25, "the earlier candidates stay: only the new passage was scored and merged"
