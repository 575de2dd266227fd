"""Portal fixtures: the fixture database on a temp data dir, and AppTest on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kb.settings import Settings
from tests.support.fixture_db import FixtureInfo, build_fixture_db

APP = str(Path(__file__).resolve().parents[2] / "portal" / "app.py")


@pytest.fixture
def fixture_db(settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> FixtureInfo:
    """The fixture database, with the portal pointed at it through the KB_* environment."""
    info = build_fixture_db(engine, settings)
    monkeypatch.setenv("KB_DATABASE_URL", settings.db_url)
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_path))
    return info


@pytest.fixture
def app(fixture_db: FixtureInfo) -> Iterator[AppTest]:
    at = AppTest.from_file(APP, default_timeout=60)
    yield at


def open_page(at: AppTest, page: str, **params: str) -> AppTest:
    """Run the app once (navigation), then the page."""
    at.run()
    at.switch_page(f"views/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()
