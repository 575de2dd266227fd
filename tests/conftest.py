"""Shared fixtures: settings on a temporary data dir, SQLite per test, PostgreSQL when available."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from kb.db import get_engine
from kb.settings import Settings, load_settings

POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL", "")
# One trained default model for the whole test session: `make test` builds it first (`make model`
# trains into data/store/models); tests on fresh data dirs reuse it instead of training again.
SHARED_MODELS = Path(__file__).resolve().parent.parent / "data" / "store" / "models"
os.environ.setdefault("KB_MODELS_DIR", str(SHARED_MODELS))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data dir and SQLite file, isolated from the user's environment."""
    return load_settings(
        environ={}, config_file=tmp_path / "none.toml", data_dir=str(tmp_path / "store"),
        models_dir=os.environ["KB_MODELS_DIR"],
    )


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    eng = get_engine(settings)
    yield eng
    eng.dispose()


def _fresh_postgres_database() -> str:
    """Create an empty database on the test server and return its URL."""
    name = f"kbtest_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, _ = POSTGRES_URL.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Settings on SQLite and on a fresh PostgreSQL database (skipped with a reason when no server)."""
    if request.param == "sqlite":
        return settings
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not available: set KB_TEST_POSTGRES_URL (.ci/run starts a server)")
    return settings.with_overrides(database_url=_fresh_postgres_database())


@pytest.fixture
def any_engine(any_settings: Settings) -> Iterator[Engine]:
    eng = get_engine(any_settings)
    yield eng
    eng.dispose()
