"""User tags and [[rules]]: a real loopback server, a real refresh, a real SQLite cache.

The feeds are WordPress-shaped and Indonesian: a news feed and a columnists' feed of one
regional site, with a post about floods, one about Sintang and a columnist's weekly piece.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kalbartui.config import ConfigError, load_config
from kalbartui.core import Core
from kalbartui.paths import Paths
from kalbartui.store import Query
from tests.feedserver import FeedServer, feed_route

NOW = datetime(2026, 12, 4, 5, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Post:
    n: int
    title: str
    author: str
    body: str
    terms: tuple[str, ...] = ()


NEWS = [
    Post(
        1,
        "Banjir Rendam Tiga Desa di Kabupaten Sintang",
        "Rina Marlina",
        "Air Sungai Melawi meluap sejak Selasa malam dan merendam rumah warga.",
        ("Sintang",),
    ),
    Post(
        2,
        "Harga Karet Naik Tipis di Tingkat Petani",
        "Budi Santoso",
        "Pedagang pengumpul menyebut permintaan pabrik sedang meningkat.",
        ("Ekonomi",),
    ),
    Post(
        3,
        "Warga Pontianak Gotong Royong Bersihkan Parit",
        "Siti Aminah",
        "Kerja bakti digelar serentak di enam kecamatan, termasuk parit yang sering banjir.",
        ("Pontianak",),
    ),
    Post(
        4,
        "Festival Perahu Bidar Digelar di Sungai Kapuas",
        "Dewi Lestari",
        "Empat puluh regu dari tujuh kabupaten ikut lomba tahun ini.",
        ("Pontianak",),
    ),
]
OPINION = [
    Post(
        11,
        "Catatan Pekan Ini: Jalan Berlubang Lagi",
        "Pak Kolumnis",
        "Setiap musim hujan, lubang yang sama muncul di jalan yang sama.",
        ("Opini",),
    ),
    Post(
        12,
        "Menunggu Air Surut di Sintang",
        "Andi Saputra",
        "Sebuah renungan dari pengungsian di tepi Sungai Kapuas.",
        ("Opini",),
    ),
]


def wp_feed(title: str, posts: Sequence[Post], site: str, minutes: int = 0) -> bytes:
    items = []
    for p in posts:
        when = NOW - timedelta(hours=p.n, minutes=minutes)
        cats = "".join(f"<category><![CDATA[{t}]]></category>" for t in p.terms)
        items.append(
            f"<item><title>{p.title}</title><link>{site}2026/12/berita-{p.n}/</link>"
            f"<dc:creator><![CDATA[{p.author}]]></dc:creator>"
            f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>{cats}"
            f'<guid isPermaLink="false">{site}?p={p.n}</guid>'
            f"<description><![CDATA[{p.body}]]></description>"
            f"<content:encoded><![CDATA[<p>{p.body}</p>]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>{site}</link>{''.join(items)}</channel></rss>"
    ).encode()


def serve(
    server: FeedServer, news: Sequence[Post] = NEWS, opinion: Sequence[Post] = OPINION
) -> None:
    site = server.url("/")
    server.routes["/feed/"] = feed_route(wp_feed("Kalbar Hari Ini", news, site))
    server.routes["/opini/feed/"] = feed_route(wp_feed("Kalbar Hari Ini: Opini", opinion, site))


def write_config(home: Path, server: FeedServer, rules: str = "") -> Path:
    path = home / "config.toml"
    path.write_text(
        "language = 'en'\nkeep_days = 0\ntimeout_seconds = 5\nrefresh_on_start = false\n"
        f"[[feeds]]\nurl = '{server.url('/feed/')}'\ncategory = 'Berita'\nname = 'Berita Kalbar'\n"
        f"[[feeds]]\nurl = '{server.url('/opini/feed/')}'\ncategory = 'Opini'\nname = 'Opini Kalbar'\n"
        + rules,
        encoding="utf-8",
    )
    return path


def open_core(home: Path, server: FeedServer, rules: str = "") -> Core:
    config = load_config(write_config(home, server, rules))
    paths = Paths(config=home / "config.toml", data_dir=home / "data", cache_dir=home / "cache")
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    core, _note = Core.open(config, paths, clock=lambda: NOW)
    return core


def ids_by_title(core: Core) -> dict[str, int]:
    rows = core.store.conn.execute("SELECT title, id FROM articles").fetchall()
    return {title.split(":")[0].split(" di ")[0]: aid for title, aid in rows}


def titles(core: Core, query: Query) -> set[str]:
    return {r.title for r in core.store.page(query, limit=100).rows}


RULES = """
[[rules]]
query = 'author:"Pak Kolumnis"'
action = "hide"

[[rules]]
query = "banjir"
action = "star"

[[rules]]
query = "sintang"
action = "tag"
tag = "Sintang"

[[rules]]
query = "karet"
action = "mark_read"

[[rules]]
query = "bidar"
action = "notify"
"""


def test_each_action_runs_on_the_new_articles_of_a_refresh(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    with open_core(tmp_path, feed_server, RULES) as core:
        report = core.refresh(pages=False)
        assert report.new_total == 6
        rows = {r.title: r for r in core.store.page(Query("all"), limit=100).rows}
        # hide: the columnist is in no list
        assert "Catatan Pekan Ini: Jalan Berlubang Lagi" not in rows
        assert len(rows) == 5
        hidden = titles(core, core.hidden_query())
        assert hidden == {"Catatan Pekan Ini: Jalan Berlubang Lagi"}
        # star: both posts that say banjir (one in its title, one in its text)
        starred = {t for t, r in rows.items() if r.starred}
        assert starred == {
            "Banjir Rendam Tiga Desa di Kabupaten Sintang",
            "Warga Pontianak Gotong Royong Bersihkan Parit",
        }
        # tag: the two Sintang posts carry the user's tag
        tagged = {t for t, r in rows.items() if core.tags_of(r.id) == ["Sintang"]}
        assert tagged == {
            "Banjir Rendam Tiga Desa di Kabupaten Sintang",
            "Menunggu Air Surut di Sintang",
        }
        # mark_read
        read = {t for t, r in rows.items() if r.read}
        assert read == {"Harga Karet Naik Tipis di Tingkat Petani"}
        # notify changes nothing here; the rule is there for the alerts
        assert [r.query for r in core.config.notify_rules] == ["bidar"]
        bidar = rows["Festival Perahu Bidar Digelar di Sungai Kapuas"]
        assert not bidar.read and not bidar.starred and core.tags_of(bidar.id) == []


def test_a_scope_narrows_a_rule_to_a_category_or_a_feed(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    rules = """
[[rules]]
query = "sintang"
action = "mark_read"
scope = "category:Opini"

[[rules]]
query = "sungai"
action = "star"
scope = "feed:Berita Kalbar"
"""
    with open_core(tmp_path, feed_server, rules) as core:
        core.refresh(pages=False)
        rows = {r.title: r for r in core.store.page(Query("all"), limit=100).rows}
        assert {t for t, r in rows.items() if r.read} == {"Menunggu Air Surut di Sintang"}
        # "Sungai" is in two news posts and one opinion piece: the news feed's alone are starred.
        assert {t for t, r in rows.items() if r.starred} == {
            "Banjir Rendam Tiga Desa di Kabupaten Sintang",
            "Festival Perahu Bidar Digelar di Sungai Kapuas",
        }


def test_rules_run_in_the_order_written_each_seeing_what_the_ones_before_did(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    rules = """
[[rules]]
query = "banjir"
action = "mark_read"

[[rules]]
query = "banjir is:unread"
action = "star"

[[rules]]
query = "kolumnis"
action = "hide"

[[rules]]
query = "jalan"
action = "tag"
tag = "jalan rusak"
"""
    with open_core(tmp_path, feed_server, rules) as core:
        core.refresh(pages=False)
        starred = core.store.page(Query("starred"), limit=100).rows
        assert starred == []  # the first rule read them before the second looked
        hidden = core.store.page(core.hidden_query(), limit=10).rows
        assert [r.title for r in hidden] == ["Catatan Pekan Ini: Jalan Berlubang Lagi"]
        assert core.tags() == []  # what a rule hid is out of the later rules' reach


def test_rules_touch_new_articles_only(feed_server: FeedServer, tmp_path: Path) -> None:
    serve(feed_server)
    with open_core(tmp_path, feed_server) as core:
        core.refresh(pages=False)
    rules = "[[rules]]\nquery = 'kapuas'\naction = 'star'\n"
    edited = [
        *NEWS[:3],
        Post(
            4,
            "Festival Perahu Bidar Ramai Penonton",
            "Dewi Lestari",
            "Tribun di tepian Sungai Kapuas penuh sejak pagi.",
            ("Pontianak",),
        ),
        Post(
            5,
            "Sungai Kapuas Mulai Surut",
            "Rina Marlina",
            "Air di Kapuas turun setengah meter dalam sehari.",
            ("Pontianak",),
        ),
    ]
    serve(feed_server, news=edited)
    with open_core(tmp_path, feed_server, rules) as core:
        core.refresh(pages=False)
        starred = [r.title for r in core.store.page(Query("starred"), limit=10).rows]
        # The edited festival post and the opinion piece matched before: not new, not starred.
        assert starred == ["Sungai Kapuas Mulai Surut"]


def test_dry_run_counts_what_apply_then_changes(feed_server: FeedServer, tmp_path: Path) -> None:
    serve(feed_server)
    with open_core(tmp_path, feed_server) as core:
        core.refresh(pages=False)
        core.mark([ids_by_title(core)["Harga Karet Naik Tipis"]], "read")
    with open_core(tmp_path, feed_server, RULES) as core:
        before = core.store.totals()
        dry = [(c.rule.position, c.count) for c in core.run_rules(dry_run=True)]
        assert core.store.totals() == before  # nothing written
        assert dry == [(1, 1), (2, 2), (3, 2), (4, 0), (5, 0)]  # karet was read already
        applied = [(c.rule.position, c.count) for c in core.run_rules(dry_run=False)]
        assert applied == dry
        assert core.store.totals()["hidden"] == 1
        # Applied again, nothing is left to change.
        assert [c.count for c in core.run_rules(dry_run=True)] == [0, 0, 0, 0, 0]


def test_hidden_articles_are_out_of_lists_counts_and_search_until_unhidden(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    rules = "[[rules]]\nquery = 'sintang'\naction = 'hide'\n"
    with open_core(tmp_path, feed_server, rules) as core:
        core.refresh(pages=False)
        totals = core.store.totals()
        assert totals == {"all": 4, "unread": 4, "starred": 0, "hidden": 2}
        counts = {c.name: (c.unread, c.total) for c in core.categories()}
        assert counts == {"Berita": (3, 3), "Opini": (1, 1)}
        assert {f.display_name: f.unread for f in core.feeds()} == {
            "Berita Kalbar": 3,
            "Opini Kalbar": 1,
        }
        for text in ("sintang", "sungai", "tag:Sintang", "banjir OR sintang", "is:unread"):
            found = {r.title for r in core.search(text)}
            assert not found & {
                "Banjir Rendam Tiga Desa di Kabupaten Sintang",
                "Menunggu Air Surut di Sintang",
            }, text
            assert core.count(text) == len(found), text
        assert core.count("sintang") == 0
        berita = core.listing("Berita")
        assert core.store.count(berita.query) == 3 == len(core.rows(berita, 100))
        hidden = core.listing(hidden=True)
        assert core.store.count(hidden.query) == 2
        # Marking a hidden one read leaves the counts of the lists alone.
        core.mark([r.id for r in core.rows(hidden, 10)], "read")
        assert core.store.totals()["unread"] == 4
        # Put back by a query: only what it finds.
        assert core.unhide("melawi") == 1
        assert core.count("sintang") == 1
        assert core.store.totals() == {"all": 5, "unread": 4, "starred": 0, "hidden": 1}
        assert {c.name: (c.unread, c.total) for c in core.categories()}["Berita"] == (3, 4)
        assert core.unhide("") == 1
        assert core.store.totals()["hidden"] == 0
        assert core.count("sintang") == 2


def test_tags_are_searchable_counted_and_taken_off(feed_server: FeedServer, tmp_path: Path) -> None:
    serve(feed_server)
    with open_core(tmp_path, feed_server) as core:
        core.refresh(pages=False)
        ids = ids_by_title(core)
        karet, bidar = ids["Harga Karet Naik Tipis"], ids["Festival Perahu Bidar Digelar"]
        assert core.tag(karet, "Bacaan Nanti") is True
        assert core.tag(karet, "bacaan nanti") is False  # any case is the same tag
        assert core.tag(bidar, "Bacaan Nanti") is True
        assert core.tags() == [("Bacaan Nanti", 2)]
        assert {r.id for r in core.search('tag:"bacaan nanti"')} == {karet, bidar}
        assert {r.id for r in core.search("tag:/^Bacaan/ karet")} == {karet}
        # The item's own categories still answer tag: too.
        assert {r.title for r in core.search("tag:Ekonomi")} == {
            "Harga Karet Naik Tipis di Tingkat Petani"
        }
        assert core.toggle_tag(bidar, "BACAAN NANTI") is False
        assert core.tags_of(bidar) == []
        assert core.toggle_tag(bidar, "Pariwisata") is True
        assert core.tags_of(bidar) == ["Pariwisata"]
        with pytest.raises(ValueError):
            core.tag(bidar, "  \x07 ")


def test_a_rule_regex_against_a_megabyte_text_stays_linear(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    # (a+)+c against "aaaa…b" takes exponential time in a backtracking engine; RE2 is linear.
    # A title is cut to 1,000 characters at ingest; the body keeps a megabyte.
    evil = "a" * 1_000_000 + "b"
    hostile = Post(7, evil, "Penulis Tamu", evil)
    serve(feed_server, news=[*NEWS, hostile])
    rules = (
        "[[rules]]\nquery = 'text:/^\\s*(a+)+c/'\naction = 'hide'\n"
        "[[rules]]\nquery = 'text:/^\\s*(a+)+b/'\naction = 'star'\n"
        "[[rules]]\nquery = 'title:/^(a|aa)+…$/'\naction = 'tag'\ntag = 'panjang'\n"
    )
    with open_core(tmp_path, feed_server, rules) as core:
        core.refresh(pages=False)
        assert core.store.totals()["hidden"] == 0
        starred = core.store.page(Query("starred"), limit=5).rows
        assert len(starred) == 1 and starred[0].author == "Penulis Tamu"
        assert core.tags() == [("panjang", 1)]  # the cut title: a's and an ellipsis


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("query = 'banjir ('\naction = 'star'", "the query of 'rules[0].query' cannot be read"),
        ("query = 'banjir'\naction = 'sembunyi'", "'rules[0].action' must be"),
        ("query = 'banjir'\nacton = 'hide'", "did you mean 'rules[0].action'?"),
        ("query = 'banjir'\naction = 'tag'", "'rules[0]' needs a 'tag' key"),
        ("query = 'banjir'\naction = 'hide'\nscope = 'Opini'", '"category:NAME" or "feed:NAME"'),
        ("query = 'title:/(?<=x)/'\naction = 'hide'", "cannot be used"),
    ],
)
def test_a_bad_rule_is_one_sentence_naming_it(
    feed_server: FeedServer, tmp_path: Path, rule: str, said: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write_config(tmp_path, feed_server, "[[rules]]\n" + rule + "\n"))
    sentence = caught.value.message("en")
    assert said in sentence and "\n" not in sentence


def test_a_tag_on_a_synced_article_waits_in_the_queue_as_a_label(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    with open_core(tmp_path, feed_server) as core:
        core.refresh(pages=False)
        karet = ids_by_title(core)["Harga Karet Naik Tipis"]
        site, guid = core.store.conn.execute(
            "SELECT site, guid FROM articles WHERE id = ?", (karet,)
        ).fetchone()
        core.store.link_sync_items([(4242, site, guid)])
        core.tag(karet, "Ekonomi Lokal")
        assert [(c.item_id, c.field, c.value) for c in core.store.pending_changes()] == [
            (4242, "label:Ekonomi Lokal", True)
        ]
        core.tag(karet, "Ekonomi Lokal", remove=True)
        assert [(c.field, c.value) for c in core.store.pending_changes()] == [
            ("label:Ekonomi Lokal", False)
        ]


def kalbartui(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["KALBARTUI_CONFIG"] = str(home / "config.toml")
    env["KALBARTUI_DATA_DIR"] = str(home / "data")
    return subprocess.run(
        [sys.executable, "-m", "kalbartui", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_the_command_line_tags_lists_and_applies_rules(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    write_config(tmp_path, feed_server)
    assert kalbartui("refresh", home=tmp_path).returncode == 0
    listed = json.loads(kalbartui("list", "--json", home=tmp_path).stdout)
    karet = next(a["id"] for a in listed if "Karet" in a["title"])
    done = kalbartui("tag", str(karet), "Bacaan Nanti", home=tmp_path)
    assert done.returncode == 0 and "tagged article" in done.stdout
    assert json.loads(kalbartui("tags", "--json", home=tmp_path).stdout) == [
        {"tag": "Bacaan Nanti", "count": 1}
    ]
    found = json.loads(kalbartui("search", 'tag:"bacaan nanti"', "--json", home=tmp_path).stdout)
    assert [a["id"] for a in found] == [karet] and found[0]["tags"] == ["Bacaan Nanti"]
    assert kalbartui("tag", "999999", "x", home=tmp_path).returncode == 1
    off = kalbartui("tag", str(karet), "bacaan nanti", "--remove", home=tmp_path)
    assert off.returncode == 0 and "took the tag" in off.stdout

    write_config(tmp_path, feed_server, RULES)
    dry = json.loads(kalbartui("rules", "--dry-run", "--json", home=tmp_path).stdout)
    assert [r["count"] for r in dry] == [1, 2, 2, 1, 0]
    text = kalbartui("rules", "--apply", home=tmp_path).stdout
    assert "applied: 6 articles changed" in text
    hidden = json.loads(kalbartui("list", "--hidden", "--json", home=tmp_path).stdout)
    assert [a["author"] for a in hidden] == ["Pak Kolumnis"]
    assert all(
        a["id"] != hidden[0]["id"]
        for a in json.loads(kalbartui("list", "--json", home=tmp_path).stdout)
    )
    back = kalbartui("rules", "--unhide", "author:kolumnis", home=tmp_path)
    assert back.returncode == 0 and "put back 1 hidden article" in back.stdout
    bad = kalbartui("rules", "--unhide", "jalan (", home=tmp_path)
    assert bad.returncode == 2 and "never closed" in bad.stderr


def test_feed_text_that_looks_like_query_syntax_changes_no_rule(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    tricks = [
        Post(21, '") OR 1=1 --', "Penulis Iseng", "title: * NEAR( is:starred ) OR 1=1"),
        Post(22, "title: *", "x' OR '1'='1", "((((((((((" * 1000),
        Post(23, "NEAR(banjir sungai)", "Penulis Iseng", "tag:Sambas category:Opini"),
    ]
    serve(feed_server, news=[*NEWS, *tricks])
    rules = (
        "[[rules]]\nquery = 'kapuas'\naction = 'star'\n"
        "[[rules]]\nquery = 'is:unread sintang'\naction = 'tag'\ntag = 'Sintang'\n"
        "[[rules]]\nquery = 'category:Opini'\naction = 'mark_read'\n"
    )
    with open_core(tmp_path, feed_server, rules) as core:
        core.refresh(pages=False)
        rows = {r.title: r for r in core.store.page(Query("all"), limit=100).rows}
        assert len(rows) == 9  # every trick stored as the words it is
        for trick in tricks:
            row = rows[trick.title]
            assert not row.starred and not row.read and core.tags_of(row.id) == [], trick.title
        assert {t for t, r in rows.items() if r.starred} == {
            "Festival Perahu Bidar Digelar di Sungai Kapuas",
            "Menunggu Air Surut di Sintang",
        }
