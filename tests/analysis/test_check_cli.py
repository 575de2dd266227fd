"""`kb check --json` and `kb classify-text` on a toy sector model (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from tests.analysis.test_classify_model import write_toy


def env_of(root: Path) -> dict[str, str]:
    s = write_toy(root)
    return {"KB_DATA_DIR": s.data_dir, "KB_TAXONOMY_PATH": s.taxonomy_path, "KB_TRAINING_DIR": s.training_dir,
            "KB_CONFIG": str(root / "none.toml"), "KB_MODELS_DIR": str(root / "models")}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.txt", "Onze moestuin\n\nDe bewoners oogst tomaten en courgettes in de moestuin.\n\nHet koor ging zingen met piano."),
        ("report.html", "<html><body><h1>Tuin</h1><p>De bewoners oogst tomaten en courgettes in de moestuin.</p>"
                        "<p>Het koor ging zingen met piano.</p></body></html>"),
    ],
    ids=["text", "html"],
)
def test_check_json_has_the_contract_shape(tmp_path: Path, name: str, content: str) -> None:
    env = env_of(tmp_path)
    doc = tmp_path / name
    doc.write_text(content)
    result = CliRunner().invoke(cli, ["check", str(doc), "--sector", "zz", "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"sector", "document", "passages", "coverage", "figures"} <= set(report)
    assert {"id", "page", "heading", "text", "bouwstenen", "elements", "facets", "scores"} <= set(report["passages"][0])
    covered = report["coverage"]["bouwstenen"]["zz-b1"]
    assert covered["covered"] and covered["passages"]


def test_check_refuses_loopback_url_without_allow_private(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "http://127.0.0.1:9/x.pdf", "--sector", "zz", "--json"], env=env_of(tmp_path))
    assert result.exit_code == 1
    assert "blocked_address" in result.output


def test_classify_text_keeps_order_and_ids(tmp_path: Path) -> None:
    lines = [{"id": "b", "text": "Het koor ging zingen met piano."}, {"id": "a", "text": "Tomaten in de moestuin."},
             {"id": "c", "text": "Het koor en de gitaar.", "sector": "zz"}]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    result = CliRunner().invoke(cli, ["classify-text", "--sector", "zz"], input=stdin, env=env_of(tmp_path))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["b", "a", "c"]
    assert [o["bouwstenen"] for o in out] == [["zz-b2"], ["zz-b1"], ["zz-b2"]]


def test_classify_text_without_sector_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["classify-text"], input='{"id": "x", "text": "koor"}\n', env=env_of(tmp_path))
    assert result.exit_code == 1 and "no sector" in result.output
