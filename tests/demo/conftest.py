"""Fixtures of the demo tests: the demo built once per session and served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.demo.server import DemoServer


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kb.demo.build import build_sites

    path = tmp_path_factory.mktemp("demo")
    build_sites(path)
    return path


@pytest.fixture(scope="session")
def demo_base(demo_dir: Path) -> Iterator[str]:
    with DemoServer(demo_dir / "site", port=0) as server:
        yield server.base_url
