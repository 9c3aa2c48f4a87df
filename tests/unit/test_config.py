"""Config files as users write them, and the one-sentence errors they get when they slip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kalbartui.config import ConfigError, default_language, load_config

FULL = """
language = "id"
timezone = "Asia/Pontianak"
refresh_on_start = false
refresh_interval_minutes = 15
timeout_seconds = 10
max_concurrency = 4
max_feed_bytes = 2097152
keep_days = 30

[[sources]]
name = "KalbarOnline"
url = "https://www.kalbaronline.com/"
type = "wordpress"
categories = ["Pontianak", "Kubu Raya"]
max_categories = 6

[[feeds]]
url = "https://example.org/feed.xml"
category = "Teknologi"
name = "Contoh"

[keys]
toggle_star = "s,S"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_file_reads_kalbaronline(tmp_path: Path) -> None:
    config = load_config(tmp_path / "missing.toml")
    assert [s.url for s in config.sources] == ["https://www.kalbaronline.com/"]
    assert config.language == "id"  # LANG=id_ID.UTF-8 in the test environment
    assert config.max_concurrency == 16


def test_max_concurrency_defaults_to_16_in_a_file_without_it(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[feeds]]\nurl = "https://example.org/rss"\n'))
    assert config.max_concurrency == 16


def test_full_example_reads_back(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    assert config.timezone == "Asia/Pontianak" and config.tz() is not None
    assert config.sources[0].categories == ("Pontianak", "Kubu Raya")
    assert config.feeds[0].category == "Teknologi"
    assert config.max_feed_bytes == 2097152 and config.timeout_seconds == 10.0
    assert config.keys == {"toggle_star": "s,S"}


def test_mark_read_after_seconds_defaults_to_two_and_zero_means_never(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "keep_days = 1\n")).mark_read_after_seconds == 2.0
    config = load_config(write(tmp_path, "mark_read_after_seconds = 0\n"))
    assert config.mark_read_after_seconds == 0.0


def test_only_feeds_means_no_default_source(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[feeds]]\nurl = "https://example.org/rss"\n'))
    assert config.sources == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("langauge = 'id'", ["unknown key 'langauge'"]),
        ("language = 'fr'", ["'language'", '"en" or "id"', 'not "fr"']),
        ("timeout_seconds = 'lama'", ["'timeout_seconds'", "a number"]),
        ("refresh_on_start = 1", ["'refresh_on_start'", "true or false"]),
        ("keep_days = -3", ["'keep_days'", "at least 0"]),
        ("max_concurrency = 0", ["'max_concurrency'", "between 1 and 64"]),
        ("mark_read_after_seconds = -1", ["'mark_read_after_seconds'", "between 0 and 3600"]),
        ("mark_read_after_seconds = 'soon'", ["'mark_read_after_seconds'", "a number"]),
        ("timezone = 'Asia/Atlantis'", ["'timezone'", "IANA zone"]),
        ("[[feeds]]\nurl = 'javascript:alert(1)'", ["'feeds[0].url'", "http, https or file"]),
        ("[[feeds]]\ncategory = 'x'", ["'feeds[0]' needs a 'url'"]),
        ("[[sources]]\nurl = 'https://a.example/'\ntype = 'ghost'", ["'sources[0].type'"]),
        ("[[sources]]\nurl = 'https://a.example/'\ncategories = [1]", ["'sources[0].categories'"]),
        ("language = ", ["not valid TOML"]),
    ],
)
def test_mistakes_name_file_key_and_expectation(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_cli_reports_a_bad_config_in_one_line_with_status_2(tmp_path: Path) -> None:
    path = write(tmp_path, "keep_days = 'forever'\n")
    proc = subprocess.run(
        [sys.executable, "-m", "kalbartui", "--config", str(path), "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "keep_days" in proc.stderr


def test_language_follows_the_locale() -> None:
    assert default_language({"LANG": "id_ID.UTF-8"}) == "id"
    assert default_language({"LC_ALL": "en_US.UTF-8", "LANG": "id_ID"}) == "en"
    assert default_language({}) == "en"


def test_paths_honour_flags_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KALBARTUI_DATA_DIR", str(tmp_path / "envdata"))
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "kalbartui",
            "--config",
            str(tmp_path / "c.toml"),
            "paths",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    paths = json.loads(out)
    assert set(paths) == {"config", "data_dir", "database", "cache_dir"}
    assert paths["config"] == str(tmp_path / "c.toml")
    assert paths["data_dir"] == str(tmp_path / "envdata")
    assert paths["database"].startswith(str(tmp_path / "envdata"))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('langauge = "id"', "unknown key 'langauge' (did you mean 'language'?)"),
        (
            '[[feed]]\nurl = "https://a.example/"',
            "unknown key '[[feed]]' (did you mean '[[feeds]]'?)",
        ),
        ('[sumber]\nurl = "x"\n[syncc]\nurl = "x"', "unknown key '[sumber]' (expected one of: "),
        ('[syncc]\nurl = "x"', "unknown key '[syncc]' (did you mean '[sync]'?)"),
        (
            '[[feeds]]\nurl = "https://a.example/"\ncategroy = "Lokal"',
            "unknown key 'feeds[0].categroy' (did you mean 'feeds[0].category'?)",
        ),
        ("refresh_intervall_minutes = 5", "(did you mean 'refresh_interval_minutes'?)"),
    ],
)
def test_a_mistyped_key_is_answered_with_the_nearest_right_one(
    tmp_path: Path, text: str, said: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "language = 'en'\n" + text if "langauge" not in text else text))
    assert said in info.value.message("en")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('refresh_on_start = "yes"', 'must be true or false, not "yes"'),
        ("keep_days = true", "must be a whole number, not true"),
        ("keep_days = 1.5", "must be a whole number, not 1.5"),
        ("timezone = 1979-05-27T07:32:00", "must be a string, not 1979-05-27T07:32:00"),
        ("language = false", "must be a string, not false"),
        ("feeds = [true]", "'feeds[0]' must be a table, not true"),
    ],
)
def test_values_are_named_as_toml_writes_them(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert said in info.value.message("en")
    assert "True" not in info.value.message("en") and "False" not in info.value.message("en")
