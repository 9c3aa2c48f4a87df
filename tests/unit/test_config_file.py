"""Adding feeds to the config file: the first file names KalbarOnline as a source of its own,
so adding feeds never removes it, and the user's comments and layout survive every addition."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kalbartui.config import DEFAULT_SOURCE_URL, SourceConfig, load_config
from kalbartui.config.file import ConfigWriteError, add_to_config, header, with_entries
from kalbartui.models import FeedSpec

FEED = FeedSpec(url="https://warta.example.id/feed/", category="Lokal")


def test_the_first_file_holds_kalbaronline_and_says_how_to_add_feeds(tmp_path: Path) -> None:
    path = tmp_path / "kalbartui" / "config.toml"
    add_to_config(path, "en", feeds=[FEED])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# kalbartui's config file")
    assert "`kalbartui add URL`" in text and "“Add a site…”" in text and "import-opml" in text
    assert all(len(line) <= 92 for line in text.splitlines())
    config = load_config(path)
    assert [(s.name, s.url) for s in config.sources] == [("KalbarOnline", DEFAULT_SOURCE_URL)]
    assert [(f.url, f.category) for f in config.feeds] == [(FEED.url, "Lokal")]
    assert text.endswith('category = "Lokal"\n')


def test_the_header_speaks_the_users_language() -> None:
    said = header("id")
    assert said.startswith("# ") and "kalbartui add URL" in said
    assert "Tambah situs…" in said


def test_a_file_that_named_no_feeds_keeps_kalbaronline_written_out(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    mine = '# punyaku\nlanguage = "id"   # bahasa\n\n[keys]\ntoggle_star = "s,S"'
    path.write_text(mine, encoding="utf-8")
    add_to_config(path, "id", feeds=[FEED])
    text = path.read_text(encoding="utf-8")
    assert text.startswith(mine + "\n")  # every byte the user wrote, in place
    config = load_config(path)
    assert [s.url for s in config.sources] == [DEFAULT_SOURCE_URL]
    assert [f.url for f in config.feeds] == [FEED.url]
    assert config.keys == {"toggle_star": "s,S"}


def test_new_entries_follow_their_kind_with_a_blank_line_and_keep_comments(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "# kepala\n"
        "[[sources]]  # situs utama\n"
        'url = "https://www.kalbaronline.com/"\n'
        "\n"
        "[[feeds]]\n"
        'url = "https://a.example.org/feed"  # yang pertama\n'
        "[keys]\n"
        'quit = "q"\n',
        encoding="utf-8",
    )
    add_to_config(
        path,
        "en",
        feeds=[FEED, FeedSpec(url="https://b.example.org/feed")],
        sources=[SourceConfig(name="Situs", url="https://situs.example.id/")],
    )
    text = path.read_text(encoding="utf-8")
    assert text == (
        "# kepala\n"
        "[[sources]]  # situs utama\n"
        'url = "https://www.kalbaronline.com/"\n'
        "\n"
        "[[sources]]\n"
        'name = "Situs"\n'
        'url = "https://situs.example.id/"\n'
        'type = "wordpress"\n'
        "\n"
        "[[feeds]]\n"
        'url = "https://a.example.org/feed"  # yang pertama\n'
        "\n"
        "[[feeds]]\n"
        'url = "https://warta.example.id/feed/"\n'
        'category = "Lokal"\n'
        "\n"
        "[[feeds]]\n"
        'url = "https://b.example.org/feed"\n'
        "\n"
        "[keys]\n"
        'quit = "q"\n'
    )


def test_adding_kalbaronline_itself_to_a_fresh_set_up_names_it_once(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    add_to_config(path, "en", sources=[SourceConfig(name="KalbarOnline", url=DEFAULT_SOURCE_URL)])
    assert [s.url for s in load_config(path).sources] == [DEFAULT_SOURCE_URL]


def test_inline_feed_lists_take_inline_entries() -> None:
    text = with_entries('feeds = [{url = "https://x.example/"}]\n', "en", feeds=[FEED])
    assert tomllib.loads(text)["feeds"][1] == {"url": FEED.url, "category": "Lokal"}


def test_a_result_that_is_no_valid_config_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = 'feeds = "bukan daftar"\n'
    path.write_text(original, encoding="utf-8")
    with pytest.raises(ConfigWriteError) as caught:
        add_to_config(path, "en", feeds=[FEED])
    assert caught.value.bad_input
    assert "add them by hand" in str(caught.value)
    assert path.read_text(encoding="utf-8") == original


def test_values_that_look_like_toml_stay_inside_their_strings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    sly = FeedSpec(
        url="https://c.example/feed", name='x"\n[[feeds]]\nurl = "javascript:y', category="#"
    )
    add_to_config(path, "en", feeds=[sly])
    feeds = load_config(path).feeds
    assert [(f.url, f.name, f.category) for f in feeds] == [(sly.url, sly.name, "#")]
