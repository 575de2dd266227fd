"""Storage tests, on SQLite and on a real PostgreSQL server."""

from sqlalchemy import Engine, func, select, text

from kb.db import migrate, session_scope
from kb.schema import Document, Organisation, Passage
from kb.settings import Settings
from kb.storage import load_bytes, store_bytes


def _add_passage(engine: Engine, body: str) -> int:
    with session_scope(engine) as s:
        doc = Document(sha256="a" * 64, media_type="application/pdf", size=3, storage_path="x")
        s.add(doc)
        s.flush()
        p = Passage(document_id=doc.id, seq=0, page=1, heading_path=["Cliëntervaringen"], text=body)
        s.add(p)
        s.flush()
        return p.id


def test_migrations_are_idempotent(any_engine: Engine) -> None:
    migrate(any_engine)
    migrate(any_engine)
    with session_scope(any_engine) as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0


def test_full_text_search_finds_passage_without_diacritics(any_engine: Engine) -> None:
    pid = _add_passage(any_engine, "De cliënten waren zeer tevreden over de wijkverpleging.")
    with any_engine.connect() as conn:
        if any_engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT rowid FROM passage_fts WHERE passage_fts MATCH 'clienten'")).all()
        else:
            rows = conn.execute(
                text("SELECT id FROM passage WHERE to_tsvector('dutch', text) @@ plainto_tsquery('dutch', 'tevreden')")
            ).all()
    assert [r[0] for r in rows] == [pid]


def test_deleted_passage_leaves_search_index(engine: Engine) -> None:
    pid = _add_passage(engine, "Ziekteverzuim daalde naar zes procent.")
    with session_scope(engine) as s:
        s.delete(s.get(Passage, pid))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT rowid FROM passage_fts WHERE passage_fts MATCH 'ziekteverzuim'")).all()
    assert rows == []


def test_raw_bytes_are_content_addressed_and_never_overwritten(settings: Settings) -> None:
    sha, path = store_bytes(settings, b"%PDF-1.7 first")
    mtime = path.stat().st_mtime_ns
    sha2, path2 = store_bytes(settings, b"%PDF-1.7 first")
    assert (sha2, path2) == (sha, path) and path.stat().st_mtime_ns == mtime
    assert path.parent.name == sha[:2] and load_bytes(settings, sha) == b"%PDF-1.7 first"


def test_search_index_rebuilds_from_the_passage_table(engine: Engine) -> None:
    pid = _add_passage(engine, "Mantelzorgers denken mee in de cliëntenraad.")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM passage_fts"))  # e.g. a bulk load with triggers off
        conn.execute(text("INSERT INTO passage_fts(passage_fts) VALUES('rebuild')"))
        rows = conn.execute(text("SELECT rowid, heading_path FROM passage_fts WHERE passage_fts MATCH 'mantelzorgers'")).all()
    assert [r[0] for r in rows] == [pid] and "Cliëntervaringen" in rows[0][1]
