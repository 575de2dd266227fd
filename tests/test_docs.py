"""Docs are tested against code: commands and settings documented, the public CLI contract present."""

import re
from pathlib import Path

import pytest

from kb.cli import cli
from kb.settings import describe_settings

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ["import-urls", "crawl", "analyse", "run", "status", "export", "check", "classify-text", "train",
            "evaluate", "portal", "demo", "user"]


@pytest.mark.parametrize("command", CONTRACT)
def test_contract_command_exists(command: str) -> None:
    assert command in cli.commands, f"kb {command} of ../shared/spec/cli.md is missing"


def test_every_command_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `kb ([a-z-]+)", readme, re.M))
    documented |= {w for line in re.findall(r"^\| `kb [^|]*\|", readme, re.M) for w in re.findall(r"`kb ([a-z-]+)", line)}
    assert set(cli.commands) <= documented


def test_settings_reference_is_current() -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [env for _, env, _, _ in describe_settings() if f"`{env}`" not in text]
    assert not missing, f"regenerate docs/settings.md: {missing}"
