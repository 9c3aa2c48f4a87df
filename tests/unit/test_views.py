"""Saved views from the command line: [[views]] read and checked with the config, the kalbar
preset written into a config file with its comments kept (twice is once), `mark --query` and
`mark --view` changing what `count` counts, through the marks path the sync queue hears."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kalbartui.cli.main import main
from kalbartui.config import ConfigError, load_config
from kalbartui.store import open_store
from kalbartui.views import KALBAR
from tests.ui.builders import SITE, fill_store, story_articles

HEAD = """\
# Konfigurasi kalbartui milik saya.
language = "id"   # bahasa Indonesia
timezone = "Asia/Pontianak"
refresh_on_start = false

[[sources]]              # situs berita utama
name = "Kalbar Contoh"
url = "{url}"
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KALBARTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("KALBARTUI_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "config.toml").write_text(HEAD.format(url=f"{SITE}/"), encoding="utf-8")
    fill_store(tmp_path / "data" / "kalbartui.sqlite3", story_articles()).close()
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def count(capsys: pytest.CaptureFixture[str], query: str) -> int:
    status, out, _ = run(capsys, "count", query, "--json")
    assert status == 0
    found: int = json.loads(out)["count"]
    return found


def test_the_kalbar_preset_writes_14_views_keeping_comments_and_twice_is_once(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "views", "--preset", "kalbar")
    assert status == 0
    assert "14 tampilan ditambahkan" in out
    text = (home / "config.toml").read_text(encoding="utf-8")
    assert text.startswith(HEAD.format(url=f"{SITE}/"))  # every comment, as it was
    views = load_config(home / "config.toml").views
    assert [v.name for v in views] == [
        "Pontianak", "Singkawang", "Sambas", "Bengkayang", "Landak", "Mempawah", "Sanggau",
        "Sekadau", "Sintang", "Melawi", "Kapuas Hulu", "Ketapang", "Kayong Utara", "Kubu Raya",
    ]  # fmt: skip
    assert views == KALBAR

    status, out, _ = run(capsys, "views", "--preset", "kalbar")
    assert status == 0 and "sudah punya semua (14)" in out
    assert (home / "config.toml").read_text(encoding="utf-8") == text


def test_the_preset_adds_only_the_views_a_config_lacks(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = home / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[views]]   # punya saya sendiri\nname = "kubu raya"\nquery = "rasau"\n',
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "views", "--preset", "kalbar")
    assert status == 0 and "13 tampilan ditambahkan" in out
    text = config.read_text(encoding="utf-8")
    assert "# punya saya sendiri" in text
    views = tomllib.loads(text)["views"]
    assert views[0] == {"name": "kubu raya", "query": "rasau"} and len(views) == 14


def test_the_preset_tells_a_place_from_a_word_that_shares_its_name(home: Path) -> None:
    """Kapuas alone is a river and Landak an animal: their views ask for the place."""
    from kalbartui.query.nodes import wanted_words
    from kalbartui.query.parse import parse

    by_name = {v.name: v.query for v in KALBAR}
    for name, query in by_name.items():
        parse(query)  # every preset query reads
        assert wanted_words(parse(query)), name
    assert "kapuas" not in by_name["Kapuas Hulu"].replace('"kapuas hulu"', "")
    assert "putussibau" in by_name["Kapuas Hulu"]
    assert "kuburaya" in by_name["Kubu Raya"] and "sukadana" in by_name["Kayong Utara"]
    assert by_name["Landak"].count("landak") == by_name["Landak"].count('landak"')


def test_mark_by_query_changes_what_count_counts(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    matching = count(capsys, "kapuas")
    unread = count(capsys, "kapuas is:unread")
    assert matching == unread > 1
    status, out, _ = run(capsys, "mark", "--query", "kapuas", "--read")
    assert status == 0
    assert out.strip() == f"{unread} artikel ditandai sudah dibaca"
    assert count(capsys, "kapuas is:unread") == 0
    assert count(capsys, "is:unread") == len(story_articles()) - unread
    # Again: nothing left to change, and it says so in numbers.
    assert run(capsys, "mark", "--query", "kapuas", "--read")[1].strip().startswith("0 ")
    status, out, _ = run(capsys, "mark", "--query", "kapuas", "--star")
    assert out.strip() == f"{matching} artikel disimpan"
    assert count(capsys, "is:starred") == matching


def test_mark_by_view_marks_what_list_view_shows(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "views", "--preset", "kalbar")
    status, out, _ = run(capsys, "list", "--view", "kubu raya", "--json", "--limit", "100")
    shown = {a["id"] for a in json.loads(out)}
    assert shown
    status, out, _ = run(capsys, "mark", "--view", "Kubu Raya", "--read")
    assert status == 0 and out.strip() == f"{len(shown)} artikel ditandai sudah dibaca"
    _, out, _ = run(capsys, "list", "--unread", "--json", "--limit", "100")
    assert not shown & {a["id"] for a in json.loads(out)}


def test_marks_by_query_are_queued_for_the_sync_server(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Articles a sync pulled are known by their server ids; their marks wait in the queue.
    store = open_store(home / "data" / "kalbartui.sqlite3")
    rows = store.conn.execute("SELECT id, site, guid FROM articles ORDER BY id").fetchall()
    store.link_sync_items([(9000 + r[0], r[1], r[2]) for r in rows])
    store.close()
    unread = count(capsys, "kapuas is:unread")
    run(capsys, "mark", "--query", "kapuas", "--read")
    store = open_store(home / "data" / "kalbartui.sqlite3")
    try:
        queued = [(c.field, c.value) for c in store.pending_changes()]
    finally:
        store.close()
    assert queued == [("read", True)] * unread


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("mark", "--query", "(banjir", "--read"), "kurung di karakter 1 tidak pernah ditutup"),
        (("mark", "--view", "Sintang", "--read"), "tidak ada tampilan bernama 'Sintang'"),
        (("mark", "3", "--query", "banjir", "--read"), "sebutkan artikelnya dengan id"),
        (("list", "--view", "Sintang"), "tidak ada tampilan bernama 'Sintang'"),
        (("count",), "berikan kueri atau --view"),
        (("views", "--preset", "jawa"), "tidak ada preset bernama 'jawa'"),
    ],
)
def test_a_mistake_is_one_sentence_and_exit_2(
    home: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], said: str
) -> None:
    before = count(capsys, "is:unread")
    status, out, err = run(capsys, *args)
    assert status == 2
    assert said in err and err.count("\n") == 1 and not out
    assert count(capsys, "is:unread") == before  # nothing was marked


def test_a_view_whose_query_cannot_be_read_is_one_sentence_naming_it(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = home / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[views]]\nname = "Banjir Sintang"\nquery = "banjir AND (sintang"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    said = caught.value.message("id")
    assert said == (
        f"{config}: kueri tampilan “Banjir Sintang” tidak bisa dibaca: "
        "kurung di karakter 12 tidak pernah ditutup"
    )
    status, _, err = run(capsys, "views")
    assert status == 2 and "Banjir Sintang" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ('[[views]]\nnama = "Sintang"\nquery = "sintang"\n', "did you mean 'views[0].name'"),
        ('[[views]]\nname = "Sintang"\n', "'views[0]' needs a 'query' key"),
        ('[[view]]\nname = "Sintang"\nquery = "sintang"\n', "did you mean '[[views]]'"),
        (
            '[[views]]\nname = "A"\nquery = "a"\n[[views]]\nname = "a"\nquery = "b"\n',
            "a view named “a” is already there",
        ),
    ],
)
def test_views_config_mistakes_get_the_usual_hints(home: Path, entry: str, said: str) -> None:
    config = home / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert said in caught.value.message("en")


@pytest.mark.parametrize(
    "text",
    [
        "kapuas",
        '"kubu raya" OR jagung',
        "title:kapuas is:unread",
        "kapuas -jembatan",
        "newer:1d",
        "category:Pontianak kapuas",
        "(kapuas newer:1d) OR (jagung -title:panen) OR site:kalbar.example",
        "title:/Kapuas$/ OR author:redaksi",
    ],
)
def test_what_a_landing_feed_adds_to_a_view_is_what_a_whole_count_finds_more(
    home: Path, text: str
) -> None:
    from dataclasses import replace

    from kalbartui.store import Query
    from tests.ui.builders import NOW, add_articles, article

    db = home / "data" / "kalbartui.sqlite3"
    store = open_store(db)
    query = replace(Query.search(text, now=NOW), unread_only=True)
    before, newest = store.count(query), store.newest_article_id()
    add_articles(
        db,
        [
            article(70, "Air Sungai Kapuas Pasang, Jembatan Ditutup", minutes_ago=1),
            article(71, "Panen Jagung di Kubu Raya Melimpah", minutes_ago=2),
            article(72, "Perahu Kapuas Angkut Sembako ke Hulu", minutes_ago=3),
        ],
    )
    try:
        assert before + store.count_since(query, newest) == store.count(query)
    finally:
        store.close()


def test_saving_a_view_changes_only_the_views_of_the_running_config(tmp_path: Path) -> None:
    """The demo's feeds are in no file: a view saved there must not swap them for the file's."""
    from kalbartui.config import Config
    from kalbartui.core import Core
    from kalbartui.models import FeedSpec
    from kalbartui.paths import Paths

    paths = Paths(tmp_path / "config.toml", tmp_path / "data", tmp_path / "cache")
    feeds = (FeedSpec(url="file:///contoh/umpan.xml", category="Contoh"),)
    core, _ = Core.open(Config(language="id", feeds=feeds), paths)
    with core:
        assert core.save_view("Sungai", "kapuas OR landak") is True
        assert core.save_view("sungai", "banjir") is False  # the name is there already
        assert core.config.feeds == feeds
        assert [(v.name, v.query) for v in core.config.views] == [("Sungai", "kapuas OR landak")]
    written = load_config(paths.config)
    assert [v.name for v in written.views] == ["Sungai"]
    assert written.sources[0].name == "KalbarOnline"  # a first file keeps its default source
