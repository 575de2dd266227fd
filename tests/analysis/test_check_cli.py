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


def test_classify_text_labels_the_good_lines_and_names_every_bad_one(tmp_path: Path) -> None:
    """A batch goes on past bad lines: one output line per input line, a reason per bad one, exit 1."""
    lines = [
        (b'\xef\xbb\xbf{"id": "bom", "text": "Tomaten in de moestuin."}', None),  # a BOM from Windows tools
        (b"not json", "line 2: not valid JSON"),
        (b'["a", "b"]', "line 3: a line must be a JSON object, got an array"),
        (b'{"id": 4, "text": 123}', 'line 4: "text" must be a string, got a number'),
        (b'{"id": 5}', 'line 5: no "text" field'),
        (b'{"id": 6, "text": null}', 'line 6: no "text" field'),
        (b'{"id": 7, "text": "koor", "sector": ["zz"]}', 'line 7: "sector" must be a string, got an array'),
        (b'{"id": 8, "text": "koor", "sector": "vvt"}', "line 8: unknown sector 'vvt'"),
        (b'{"id": 9, "text": "caf\xe9 met koor"}', "line 9: not UTF-8 text"),
        (b"", None),  # blank lines give no output
        (b'{"id": "last", "text": "Het koor ging zingen met piano.", "sector": " ZZ "}', None),
    ]
    stdin = b"\n".join(raw for raw, _ in lines) + b"\n"
    result = CliRunner().invoke(cli, ["classify-text", "--sector", "zz"], input=stdin, env=env_of(tmp_path))
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [err for raw, err in lines if raw]
    assert len(out) == len(expected)
    for row, err in zip(out, expected, strict=True):
        assert {"id", "bouwstenen", "elements", "facets", "scores"} <= set(row)
        assert (row.get("error") or None) == (err and row["error"]) and (err is None or row["error"].startswith(err))
    assert out[0]["id"] == "bom" and out[0]["bouwstenen"] == ["zz-b1"]
    assert out[-1]["id"] == "last" and out[-1]["bouwstenen"] == ["zz-b2"]
    assert [o["id"] for o in out[3:8]] == [4, 5, 6, 7, 8]
    assert "Traceback" not in result.output and "8 of 10 lines not classified" in result.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["--sector", "nope"], '{"id": "x", "text": "koor"}\n', 2, "unknown sector 'nope'; known: zz"),
        (["--sector", "zz"], "", 0, ""),
        (["--sector", "zz"], "\n  \n", 0, ""),
    ],
    ids=["unknown-sector-flag", "empty-stdin", "blank-stdin"],
)
def test_classify_text_usage_and_empty_input(tmp_path: Path, args: list[str], stdin: str, code: int, message: str) -> None:
    result = CliRunner().invoke(cli, ["classify-text", *args], input=stdin, env=env_of(tmp_path))
    assert result.exit_code == code, result.output
    assert message in result.output and result.stdout.strip() == "" and "Traceback" not in result.output


def _no_text_docx() -> bytes:
    from kb.docmaker import DocSpec, render_docx

    return render_docx(DocSpec(title="", blocks=()))


@pytest.mark.parametrize(
    ("name", "content", "env_extra", "message"),
    [
        ("draft.docx", _no_text_docx, {}, "extract_failed: empty_text"),
        ("scan.pdf", b"%PDF-1.4\nnot really a pdf", {}, "extract_failed: corrupt"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, {}, "extract_failed: unsupported"),
        ("big.txt", "De bewoners oogst tomaten. " * 100, {"KB_MAX_BYTES": "1000"}, "too_large: "),
        ("folder", None, {}, "not_found: "),
        ("missing.pdf", "", {}, "not_found: no such file"),
    ],
    ids=["draft-without-text", "corrupt-pdf", "image", "over-the-size-cap", "directory", "missing"],
)
def test_check_names_why_a_file_cannot_be_checked(
    tmp_path: Path, name: str, content: object, env_extra: dict[str, str], message: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif name != "missing.pdf":
        data = content() if callable(content) else content
        path.write_bytes(data if isinstance(data, bytes) else str(data).encode())
    result = CliRunner().invoke(cli, ["check", str(path), "--sector", "zz", "--json"], env={**env_of(tmp_path), **env_extra})
    assert result.exit_code == 1
    assert result.stdout == "" and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("route", "args", "env_extra", "message"),
    [
        ("/gone.pdf", ["--allow-private"], {}, "http_error: status 404"),
        ("/slow.pdf", ["--allow-private"], {"KB_DOWNLOAD_TIMEOUT": "0.5"}, "timeout: "),
        ("/loop", ["--allow-private"], {}, "redirect_loop: "),
        ("/to-metadata", ["--allow-private"], {}, "blocked_address: redirect refused: 169.254.169.254"),
        ("/report.html", [], {}, "blocked_address: 127.0.0.1 resolves to loopback address"),
    ],
    ids=["404", "timeout", "redirect-loop", "redirect-to-metadata", "loopback-without-flag"],
)
def test_check_url_failures_use_the_crawl_outcome_names(
    tmp_path: Path, route: str, args: list[str], env_extra: dict[str, str], message: str
) -> None:
    from tests.support.webfarm import Reply, WebFarm

    routes = {"/slow.pdf": Reply(hang=True), "/loop": Reply.redirect("/loop"),
              "/to-metadata": Reply.redirect("http://169.254.169.254/latest/meta-data/"),
              "/report.html": Reply.html("<html><body><p>Het koor ging zingen.</p></body></html>")}
    with WebFarm(routes) as farm:
        result = CliRunner().invoke(cli, ["check", farm.url(route), "--sector", "zz", *args],
                                    env={**env_of(tmp_path), **env_extra})
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("www.example.nl", "https://www.example.nl"),
        ("example.nl/kwaliteit/kb-2024.pdf", "https://example.nl/kwaliteit/kb-2024.pdf"),
        ("kwaliteitsbeeld-2024.pdf", "kwaliteitsbeeld-2024.pdf"),
        ("rapporten/kwaliteitsbeeld.pdf", "rapporten/kwaliteitsbeeld.pdf"),
        ("https://example.nl/x", "https://example.nl/x"),
    ],
)
def test_check_reads_a_web_address_typed_without_scheme(source: str, expected: str) -> None:
    from analysis.check import as_source

    assert as_source(source) == expected


@pytest.mark.parametrize(
    ("address", "allow_private", "refused"),
    [
        ("::1", True, False), ("::1", False, True), ("127.0.0.1", True, False), ("10.1.2.3", True, False),
        ("169.254.169.254", True, True), ("::ffff:169.254.169.254", True, True), ("fe80::1", True, True),
        ("93.184.216.34", False, False),
    ],
)
def test_check_address_rules_match_the_crawler(address: str, allow_private: bool, refused: bool) -> None:
    from analysis.check import _refusal
    from kb.netguard import address_refusal

    assert (_refusal(address, allow_private) is not None) == refused
    assert (address_refusal(address, allow_private) is not None) == refused
