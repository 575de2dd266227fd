from pathlib import Path

import pytest

from kb.settings import describe_settings, load_settings


@pytest.mark.parametrize(
    ("toml", "env", "flags", "expected"),
    [
        ("", {}, {}, 64),
        ("concurrent_requests = 8\n", {}, {}, 8),
        ("concurrent_requests = 8\n", {"KB_CONCURRENT_REQUESTS": "16"}, {}, 16),
        ("concurrent_requests = 8\n", {"KB_CONCURRENT_REQUESTS": "16"}, {"concurrent_requests": 4}, 4),
    ],
    ids=["default", "toml", "env-beats-toml", "flag-beats-env"],
)
def test_settings_resolve_defaults_toml_env_flags_in_order(tmp_path: Path, toml, env, flags, expected) -> None:
    cfg = tmp_path / "kb.toml"
    cfg.write_text(toml)
    assert load_settings(environ=env, config_file=cfg, **flags).concurrent_requests == expected


def test_default_database_is_sqlite_file_in_data_dir(tmp_path: Path) -> None:
    s = load_settings(environ={"KB_DATA_DIR": str(tmp_path)}, config_file=tmp_path / "x.toml")
    assert s.db_url == f"sqlite:///{tmp_path.resolve() / 'kb.sqlite'}"


def test_boolean_env_values_are_parsed(tmp_path: Path) -> None:
    s = load_settings(environ={"KB_OBEY_ROBOTS": "false"}, config_file=tmp_path / "x.toml")
    assert s.obey_robots is False


def test_every_setting_is_documented_with_env_var() -> None:
    rows = describe_settings()
    assert all(help_ and env.startswith("KB_") for _, env, _, help_ in rows)
    assert {"database_url", "data_dir"} <= {name for name, *_ in rows}
