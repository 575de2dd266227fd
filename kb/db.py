"""Engine, sessions and migrations. Every `kb` command migrates on start."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from kb.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
URL_EXAMPLES = "postgresql+psycopg://user:password@host/db or sqlite:////path/to/kb.sqlite"


class DatabaseError(RuntimeError):
    """The database cannot be used (bad URL, missing driver or directory, server unreachable); one-line message."""


def redact_url(url: str) -> str:
    """`url` with any password replaced by ***, also when the URL does not parse."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split("\n")[0].split())
    return text or type(orig).__name__


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _json_dumps(value: Any) -> str:
    # real characters, not \u escapes: the full-text index reads heading paths as text
    return json.dumps(value, ensure_ascii=False)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[-1] if "///" in url else ""
    path = path.split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def normalise_url(url: str) -> str:
    """`postgres://` (the libpq / Heroku spelling SQLAlchemy does not know) as `postgresql://`."""
    return "postgresql://" + url[len("postgres://"):] if url.startswith("postgres://") else url


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, json_serializer=_json_dumps
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json_dumps)


def get_engine(settings: Settings, migrate_db: bool = True) -> Engine:
    """The engine of `settings`, migrated to the newest revision; DatabaseError when it cannot be used.

    A SQLite file named explicitly (`--db`, KB_DATABASE_URL) outside the data dir must be in an
    existing directory: a mistyped path would otherwise start a second, empty database unnoticed.
    """
    url = settings.db_url
    shown = redact_url(url)
    path = sqlite_path(url)
    if settings.database_url and path is not None and not path.parent.exists():
        parent = path.parent.expanduser().resolve()
        if not parent.is_relative_to(settings.data_path):
            raise DatabaseError(f"database {shown}: directory {path.parent} does not exist; create it or fix the URL")
    try:
        engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise DatabaseError(f"cannot use database URL {shown!r}: {first_line(exc)} (examples: {URL_EXAMPLES})") from exc
    except OSError as exc:
        raise DatabaseError(f"database {shown}: {exc.strerror or exc}: {exc.filename or path}") from exc
    if migrate_db:
        try:
            migrate(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise DatabaseError(f"cannot open database {shown}: {first_line(exc)}") from exc
    return engine


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")  # each area may add its own revision branch


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
