"""Alerts: a reader follows a word ("banjir") and hears of each new article with it once.

Real parts throughout: WordPress-shaped feeds on a loopback server, a real SQLite cache, the
refresh as `kalbartui refresh` runs it (workers included), and the command itself in a process.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from io import StringIO
from pathlib import Path

import pytest

from kalbartui.config import Config, ConfigError, parse_config
from kalbartui.models import Alert, AlertSpec, FeedSpec
from kalbartui.refresh.run import run_refresh
from kalbartui.store import open_store
from tests.feedserver import FeedServer, feed_route

SITE = "https://www.kalbaronline.com"
WHEN = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Post:
    """One WordPress post as its feeds carry it."""

    pid: int
    title: str
    body: str
    categories: tuple[str, ...]
    hours_ago: int = 1

    @property
    def link(self) -> str:
        return f"{SITE}/2026/12/04/kabar-{self.pid}/"


def rss(channel: str, posts: list[Post]) -> bytes:
    """A category feed as WordPress writes it."""
    items = []
    for p in posts:
        published = datetime.fromtimestamp(WHEN.timestamp() - p.hours_ago * 3600, UTC)
        cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in p.categories)
        items.append(
            f"""<item>
  <title>{p.title}</title>
  <link>{p.link}</link>
  <dc:creator><![CDATA[Redaksi KalbarOnline]]></dc:creator>
  <pubDate>{format_datetime(published)}</pubDate>
  {cats}
  <guid isPermaLink="false">{SITE}/?p={p.pid}</guid>
  <description><![CDATA[{p.body[:80]}]]></description>
  <content:encoded><![CDATA[<p>{p.body}</p>]]></content:encoded>
</item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{channel} &#8211; KalbarOnline</title>
  <link>{SITE}/</link>
  <description>Berita Kalimantan Barat Terkini</description>
  <language>id</language>
  {"".join(items)}
</channel>
</rss>""".encode()


BANJIR = Post(
    5001,
    "Banjir Rendam Ratusan Rumah di Sintang",
    "Hujan deras sejak semalam membuat Sungai Kapuas meluap. Warga di tiga kelurahan mulai "
    "mengungsi ke rumah kerabat, dan BPBD Sintang membuka posko di halaman kantor camat.",
    ("Sintang", "Bencana", "Kalbar"),
)
PASAR = Post(
    5002,
    "Pasar Murah Jelang Natal Digelar di Sintang",
    "Pemerintah kabupaten menggelar pasar murah beras dan minyak goreng di alun-alun kota.",
    ("Sintang",),
    hours_ago=2,
)
JALAN = Post(
    5003,
    "Perbaikan Jalan Trans Kalimantan Dikebut",
    "Dinas PUPR menargetkan ruas jalan yang rusak selesai diperbaiki sebelum libur akhir tahun.",
    ("Kalbar",),
    hours_ago=3,
)
CATEGORIES = ("Sintang", "Bencana", "Kalbar")


def serve(server: FeedServer, posts: list[Post], version: int = 1) -> None:
    """Each category feed carries the posts in its category (the same post in several)."""
    for name in CATEGORIES:
        mine = [p for p in posts if name in p.categories]
        server.routes[f"/{name.lower()}/feed/"] = feed_route(
            rss(name, mine), etag=f'"{name}-{version}"'
        )


def config(server: FeedServer, *alerts: AlertSpec) -> Config:
    # Three category feeds of one site (one source): a post in all three is one article.
    feeds = tuple(
        FeedSpec(
            url=server.url(f"/{name.lower()}/feed/"), category=name, name=name, source="Kalbar"
        )
        for name in CATEGORIES
    )
    return Config(language="id", feeds=feeds, timeout_seconds=5, keep_days=0, alerts=alerts)


def refresh(cfg: Config, db: Path) -> list[Alert]:
    report = run_refresh(cfg, db, clock=lambda: WHEN)
    assert report.failed == []
    return report.alerts


FOLLOW_BANJIR = AlertSpec(query="banjir", name="Banjir")


def test_one_post_in_three_category_feeds_is_one_alert(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server, [BANJIR, PASAR, JALAN])
    db = tmp_path / "cache.db"
    alerts = refresh(config(feed_server, FOLLOW_BANJIR), db)

    assert [(a.title, a.url, a.name) for a in alerts] == [
        ("Banjir Rendam Ratusan Rumah di Sintang", BANJIR.link, "Banjir")
    ]
    assert alerts[0].feed in CATEGORIES  # the feed that brought it first
    with open_store(db) as store:
        (carried,) = store.conn.execute(
            "SELECT COUNT(*) FROM article_feeds WHERE article_id = ?", (alerts[0].article_id,)
        ).fetchone()
        assert carried == 3  # one article, in all three feeds
        assert [a.title for a in store.recent_alerts()] == [BANJIR.title]


def test_a_restart_and_the_next_refresh_send_none_again(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server, [BANJIR, PASAR])
    db = tmp_path / "cache.db"
    cfg = config(feed_server, FOLLOW_BANJIR)
    assert len(refresh(cfg, db)) == 1

    # The next refresh: the same feeds, their bodies new bytes (a new post beside the old).
    serve(feed_server, [BANJIR, PASAR, JALAN], version=2)
    assert refresh(cfg, db) == []
    # A restart: a new Store on the same file, then a refresh from it.
    with open_store(db) as store:
        assert [a.title for a in store.recent_alerts()] == [BANJIR.title]
    serve(feed_server, [BANJIR, PASAR, JALAN], version=3)
    assert refresh(cfg, db) == []
    with open_store(db) as store:
        (articles,) = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()
        assert articles == 3
        assert len(store.recent_alerts()) == 1


def test_an_edited_article_that_keeps_matching_sends_none_again(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server, [BANJIR])
    db = tmp_path / "cache.db"
    cfg = config(feed_server, FOLLOW_BANJIR)
    (first,) = refresh(cfg, db)

    edited = Post(
        BANJIR.pid,
        "Banjir Rendam Ratusan Rumah di Sintang, 300 Warga Mengungsi",
        BANJIR.body + " Banjir diperkirakan surut dalam dua hari.",
        BANJIR.categories,
    )
    serve(feed_server, [edited], version=2)
    assert refresh(cfg, db) == []
    with open_store(db) as store:
        (title,) = store.conn.execute(
            "SELECT title FROM articles WHERE id = ?", (first.article_id,)
        ).fetchone()
        assert title == edited.title  # the edit was stored; it was not told again
        assert len(store.recent_alerts()) == 1


def test_a_new_matching_post_later_is_alerted_and_the_old_one_is_not(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server, [BANJIR, JALAN])
    db = tmp_path / "cache.db"
    cfg = config(feed_server, FOLLOW_BANJIR)
    assert len(refresh(cfg, db)) == 1
    susulan = Post(
        5004,
        "Banjir Susulan Ancam Kecamatan Kelam Permai",
        "Debit air Sungai Melawi kembali naik sore ini.",
        ("Sintang", "Bencana"),
    )
    serve(feed_server, [BANJIR, JALAN, susulan], version=2)
    assert [a.title for a in refresh(cfg, db)] == [susulan.title]
    with open_store(db) as store:
        assert [a.title for a in store.recent_alerts()] == [susulan.title, BANJIR.title]


def test_scope_limits_an_alert_to_a_category_and_the_query_language_applies(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server, [BANJIR, PASAR, JALAN])
    db = tmp_path / "cache.db"
    cfg = config(
        feed_server,
        # "jalan" in the Sintang category only: the Trans Kalimantan post is in Kalbar alone.
        AlertSpec(query="jalan OR pasar", name="Sintang", scope="category:Sintang"),
        AlertSpec(query='title:"trans kalimantan" -banjir'),
    )
    alerts = refresh(cfg, db)
    assert sorted((a.title, a.name) for a in alerts) == [
        (PASAR.title, "Sintang"),
        (JALAN.title, 'title:"trans kalimantan" -banjir'),
    ]


def test_no_alerts_configured_records_nothing(feed_server: FeedServer, tmp_path: Path) -> None:
    serve(feed_server, [BANJIR])
    db = tmp_path / "cache.db"
    assert refresh(config(feed_server), db) == []
    with open_store(db) as store:
        assert store.recent_alerts() == []


# ------------------------------------------------------------------ the config


@pytest.mark.parametrize(
    ("alerts", "said"),
    [
        ([{"query": "(banjir", "name": "Banjir"}], 'alert "Banjir" has a query'),
        ([{"query": "title:"}], "alert alerts[0] has a query"),
        ([{"query": "   "}], "alerts[0].query"),
        ([{"query": "banjir", "scope": "kategori:Sintang"}], "alerts[0].scope"),
        ([{"name": "Banjir"}], "'query'"),
        ([{"query": "banjir", "kata": "x"}], "alerts[0].kata"),
    ],
)
def test_a_bad_alert_is_one_sentence_naming_it(alerts: list[object], said: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"language": "en", "alerts": alerts}, Path("config.toml"))
    sentence = caught.value.message("en")
    assert said in sentence
    assert "\n" not in sentence


def test_alerts_and_notify_command_are_read_from_the_config() -> None:
    cfg = parse_config(
        {
            "alerts": [
                {"query": "banjir", "name": "Banjir"},
                {"query": "karhutla OR asap", "scope": "feed:KalbarOnline"},
            ],
            "notify_command": ["notify-send", "{title}", "{link}"],
        },
        Path("config.toml"),
    )
    assert cfg.alerts == (
        AlertSpec("banjir", "Banjir"),
        AlertSpec("karhutla OR asap", "", "feed:KalbarOnline"),
    )
    assert cfg.notify_command == ("notify-send", "{title}", "{link}")
    for bad in ([], ["notify-send", ""], ["notify-send", 3]):
        with pytest.raises(ConfigError):
            parse_config({"notify_command": bad}, Path("config.toml"))


# ------------------------------------------------------------------ outside the reader

HOSTILE = "Banjir Bandang; rm -rf ~ $(id) \x1b]0;pwned\x07 `reboot` | tee /tmp/x"


def hostile_feed(link: str = f"{SITE}/2026/12/04/banjir-bandang/") -> bytes:
    """A JSON Feed (which may carry any character escaped) whose headline tries the shell and
    the terminal."""
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Kabar Hulu",
            "home_page_url": SITE,
            "items": [
                {
                    "id": f"{SITE}/?p=7001",
                    "url": link,
                    "title": HOSTILE,
                    "content_html": "<p>Air setinggi dada merendam Desa Nanga Pinoh.</p>",
                    "date_published": "2026-12-04T06:00:00Z",
                }
            ],
        }
    ).encode()


def kalbartui(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["KALBARTUI_CONFIG"] = str(home / "config.toml")
    env["KALBARTUI_DATA_DIR"] = str(home / "data")
    return subprocess.run(
        [sys.executable, "-m", "kalbartui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def recorder(home: Path) -> tuple[Path, Path]:
    """A small program that writes its arguments (as JSON, one run a line) to a file."""
    out = home / "argv.jsonl"
    script = home / "record_argv.py"
    script.write_text(
        "import json, sys\n"
        f"with open({str(out)!r}, 'a', encoding='utf-8') as f:\n"
        "    f.write(json.dumps(sys.argv[1:]) + '\\n')\n",
        encoding="utf-8",
    )
    return script, out


def write_config(home: Path, server: FeedServer, command: list[str]) -> None:
    lines = [
        "language = 'en'",
        "keep_days = 0",
        "timeout_seconds = 5",
        f"notify_command = {json.dumps(command)}",
        "[[feeds]]",
        f"url = '{server.url('/hulu/feed.json')}'",
        "name = 'Kabar Hulu'",
        "[[alerts]]",
        "query = 'banjir'",
        "name = 'Banjir'",
    ]
    (home / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_refresh_prints_each_alert_once_and_notify_command_gets_title_and_link_as_arguments(
    feed_server: FeedServer, isolated_home: Path
) -> None:
    feed_server.routes["/hulu/feed.json"] = feed_route(
        hostile_feed(), etag='"1"'
    )  # fmt: skip
    script, out = recorder(isolated_home)
    write_config(isolated_home, feed_server, [sys.executable, str(script), "{title}", "{link}"])

    done = kalbartui(isolated_home, "refresh")
    assert done.returncode == 0, done.stderr
    alert_lines = [line for line in done.stdout.splitlines() if line.startswith("🔔")]
    assert len(alert_lines) == 1
    assert "Banjir Bandang; rm -rf ~ $(id)" in alert_lines[0]
    assert "Kabar Hulu" in alert_lines[0]
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout  # a pipe: no OSC either
    # One run, three arguments: the headline whole (its controls gone) and the link.
    runs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(runs) == 1
    title, link = runs[0]
    # (The feed's escape sequence was taken out whole when the feed was read.)
    assert title == "Banjir Bandang; rm -rf ~ $(id) `reboot` | tee /tmp/x"
    assert link == f"{SITE}/2026/12/04/banjir-bandang/"
    assert not (isolated_home / "x").exists()

    # The next refresh (the feed changed: its body parsed again) tells nothing.
    feed_server.routes["/hulu/feed.json"] = feed_route(hostile_feed() + b" ", etag='"2"')
    again = kalbartui(isolated_home, "refresh")
    assert again.returncode == 0, again.stderr
    assert "🔔" not in again.stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1

    listed = kalbartui(isolated_home, "alerts")
    assert listed.returncode == 0, listed.stderr
    (line,) = listed.stdout.splitlines()
    assert "Kabar Hulu" in line and "Banjir Bandang; rm -rf ~ $(id)" in line
    as_json = json.loads(kalbartui(isolated_home, "alerts", "--json").stdout)
    assert [(a["alert"], a["url"]) for a in as_json] == [("Banjir", link)]


def test_a_link_that_is_not_http_is_not_passed_and_a_failing_command_is_one_sentence(
    feed_server: FeedServer, isolated_home: Path
) -> None:
    feed_server.routes["/hulu/feed.json"] = feed_route(
        hostile_feed(link="javascript:alert(1)"), etag='"1"'
    )
    write_config(isolated_home, feed_server, ["kalbartui-no-such-notifier", "{title}", "{link}"])
    done = kalbartui(isolated_home, "refresh")
    assert done.returncode == 0
    assert "javascript:" not in done.stdout
    assert done.stderr.strip() == (
        "notify_command failed: kalbartui-no-such-notifier was not found"
    )
    assert "Traceback" not in done.stderr


def test_notify_arguments_stay_whole_and_never_start_an_option() -> None:
    from kalbartui.cli.alerts import notify_argv

    alert = Alert(1, "--help; $(id)", "-Kabar", "file:///etc/passwd", "Banjir", 0.0)
    argv = notify_argv(["notify-send", "--app-name=kalbartui", "{title}", "{feed}: {link}"], alert)
    assert argv == ["notify-send", "--app-name=kalbartui", " --help; $(id)", " -Kabar: "]


def test_osc_notifications_cannot_be_ended_early_by_a_headline() -> None:
    from kalbartui.cli.alerts import deliver, osc_notifications

    nasty = "Banjir \x1b]0;pwned\x07 lagi \x9c\x9d8;;http://x\x1b\\ ; ujung"
    alerts = [Alert(1, nasty, "Kalbar;Online\x07", f"{SITE}/a/", "Banjir", 0.0)]
    sequences = osc_notifications(alerts, "id")
    # Two sequences (OSC 9 and OSC 777), each with one ESC to open it and one BEL to end it.
    assert sequences.count("\x1b") == 2 and sequences.count("\x07") == 2
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in sequences)
    nine, seven = sequences.split("\x07")[:2]
    assert nine.startswith("\x1b]9;") and "pwned" in nine
    assert seven.startswith("\x1b]777;notify;")
    assert seven.count(";") == 3  # notify ; title ; body: a ';' in the text moves nothing

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe, err = Terminal(), StringIO(), StringIO()
    cfg = Config(language="id")
    deliver(alerts, cfg, out=tty, err=err)
    deliver(alerts, cfg, out=pipe, err=err)
    assert sequences in tty.getvalue()
    assert "\x1b" not in pipe.getvalue() and "\x07" not in pipe.getvalue()
    assert pipe.getvalue().startswith("🔔 Banjir ]0;pwned lagi")


def test_many_alerts_pop_up_a_few_notifications_and_say_how_many_more() -> None:
    from kalbartui.cli.alerts import MAX_NOTIFICATIONS, osc_notifications

    alerts = [Alert(i, f"Banjir ke-{i}", "Kalbar", f"{SITE}/{i}/", "Banjir", 0.0) for i in range(9)]
    sequences = osc_notifications(alerts, "id")
    assert sequences.count("\x1b]9;") == MAX_NOTIFICATIONS + 1
    assert "4 peringatan lagi" in sequences


def test_refresh_on_a_terminal_writes_the_desktop_notification(
    feed_server: FeedServer, isolated_home: Path
) -> None:
    """`kalbartui refresh` whose stdout is a terminal (a pseudo-terminal here) sends OSC 9 and
    OSC 777 with the headline, its escape characters gone."""
    feed_server.routes["/hulu/feed.json"] = feed_route(hostile_feed(), etag='"1"')
    script, _out = recorder(isolated_home)
    write_config(isolated_home, feed_server, [sys.executable, str(script), "{title}"])
    env = dict(os.environ)
    env["KALBARTUI_CONFIG"] = str(isolated_home / "config.toml")
    env["KALBARTUI_DATA_DIR"] = str(isolated_home / "data")
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kalbartui", "refresh", "--quiet"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the pseudo-terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
    finally:
        proc.wait(60)
        os.close(leader)
    assert proc.returncode == 0
    text = seen.decode("utf-8")
    start = text.index("\x1b]9;")
    nine = text[start : text.index("\x07", start)]
    assert "Banjir Bandang; rm -rf ~ $(id) `reboot` | tee /tmp/x" in nine
    assert "\x1b]0;" not in text  # the headline's own sequence never reached the terminal
    assert "\x1b]777;notify;Kabar Hulu;Banjir Bandang, rm -rf ~ $(id)" in text


def test_the_index_is_asked_only_about_the_batch_of_ids(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    from kalbartui.query.parse import parse
    from kalbartui.store.matching import compile_query

    serve(feed_server, [BANJIR, PASAR, JALAN])
    db = tmp_path / "cache.db"
    refresh(config(feed_server), db)
    with open_store(db) as store:
        ids = {title: aid for aid, title in store.conn.execute("SELECT id, title FROM articles")}
        for text in (
            "banjir OR pasar",
            "sintang -jalan",
            "category:Sintang sintang",
            "feed:sin OR title:/^Pasar /",
            "category:/^Sin/ -feed:kalbar",
        ):
            node = parse(text)
            everywhere = compile_query(node, WHEN)
            found = {r[0] for r in store.conn.execute(
                f"SELECT a.id FROM articles a WHERE {everywhere.where}", everywhere.params
            )}  # fmt: skip
            assert found, text
            one = ids[PASAR.title]
            within = compile_query(node, WHEN, ids=(one, one))
            # Words ask the index about that range; feed and category look at its own links.
            assert ("articles_fts" not in within.where) or "BETWEEN" in within.where
            assert ("article_feeds" not in within.where) or "EXISTS" in within.where
            # As record_alerts asks: the batch's ids, and the query within them.
            only = {r[0] for r in store.conn.execute(
                f"SELECT a.id FROM articles a WHERE a.id = ? AND ({within.where})",
                (one, *within.params),
            )}  # fmt: skip
            assert only == found & {one}, text


def test_a_notify_rule_alerts_and_an_article_a_rule_hid_alerts_nothing(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """[[rules]] with action "notify" are alerts too (scope included); an article that a
    hide rule put away tells the user nothing, whatever follows it."""
    import tomllib
    from dataclasses import replace

    serve(feed_server, [BANJIR, PASAR, JALAN])
    text = """
[[rules]]
query = "pasar"
action = "hide"

[[rules]]
query = "sintang"
action = "notify"
scope = "category:Sintang"

[[alerts]]
query = "pasar murah"
"""
    parsed = parse_config(tomllib.loads(text), tmp_path / "config.toml")
    assert [a.query for a in parsed.alerts][0] == "pasar murah"
    cfg = replace(config(feed_server), rules=parsed.rules, alerts=parsed.alerts)
    alerts = refresh(cfg, tmp_path / "cache.db")
    # BANJIR is in Sintang and not hidden: one alert. PASAR matches both the notify rule and
    # the [[alerts]] entry, but a rule hid it. JALAN is not in Sintang.
    assert [a.title for a in alerts] == [BANJIR.title]
