"""Per-feed settings: each [[feeds]] and [[sources]] entry over the global ones, a scheduled
refresh that asks only the feeds that are due (a feed's <ttl> a lower bound), keep_days per
feed without pruned articles coming back, and a user agent of a feed's own."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from kalbartui.cli.main import main
from kalbartui.config import Config, ConfigError, load_config, parse_config
from kalbartui.feeds.parse import MAX_TTL_MINUTES, parse_feed
from kalbartui.models import Feed, FeedResult, FeedSpec, ParsedArticle, ParsedFeed
from kalbartui.refresh.due import interval_minutes, is_due
from kalbartui.refresh.run import run_refresh
from kalbartui.store import Query, open_store
from tests.feedserver import FeedServer, feed_route

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def rss(title: str, items: list[tuple[str, datetime | None]], *, ttl: str | None = None) -> bytes:
    """An RSS 2.0 feed: (guid, published) per item; None leaves the date out."""
    parts = [f"<title>{title}</title><link>https://{title.lower()}.example/</link>"]
    if ttl is not None:
        parts.append(f"<ttl>{ttl}</ttl>")
    for guid, when in items:
        date = f"<pubDate>{format_datetime(when)}</pubDate>" if when is not None else ""
        parts.append(
            f"<item><title>{title} {guid}</title><link>https://{title.lower()}.example/{guid}</link>"
            f'<guid isPermaLink="false">{guid}</guid>{date}</item>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


# ------------------------------------------------------------------ the config


def test_a_feed_or_source_entry_overrides_the_global_settings(tmp_path: Path) -> None:
    config = parse_config(
        {
            "refresh_interval_minutes": 30,
            "keep_days": 90,
            "images": "auto",
            "sources": [
                {
                    "url": "https://www.kalbaronline.com/",
                    "name": "KalbarOnline",
                    "refresh_interval_minutes": 15,
                    "images": "off",
                    "user_agent": "Mozilla/5.0 (kalbartui)",
                }
            ],
            "feeds": [
                {"url": "https://a.example/feed", "keep_days": 7, "refresh_interval_minutes": 0},
                {"url": "https://b.example/feed", "full_text": "always", "images": "cells"},
            ],
        },
        tmp_path / "config.toml",
    )
    site = config.settings_for("https://www.kalbaronline.com/pontianak/feed/", "KalbarOnline")
    assert (site.refresh_interval_minutes, site.keep_days, site.images) == (15, 90, "off")
    assert site.user_agent == "Mozilla/5.0 (kalbartui)"
    a = config.settings_for("https://a.example/feed")
    assert (a.refresh_interval_minutes, a.keep_days, a.user_agent) == (0, 7, "")
    b = config.settings_for("https://b.example/feed")
    assert (b.full_text, b.images, b.keep_days) == ("always", "cells", 90)
    assert config.full_text_for("https://b.example/feed") == "always"


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ({"keep_days": -1}, "'feeds[0].keep_days' must be at least 0, not -1"),
        ({"refresh_interval_minutes": "30"}, "'feeds[0].refresh_interval_minutes' must be"),
        ({"images": "none"}, "'feeds[0].images' must be"),
        ({"user_agent": "a\r\nX-Evil: 1"}, "'feeds[0].user_agent' must be one line"),
        ({"user_agent": "   "}, "'feeds[0].user_agent' must be one line"),
    ],
)
def test_a_bad_per_feed_setting_is_one_sentence(
    tmp_path: Path, entry: dict[str, object], said: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"feeds": [{"url": "https://a.example/feed", **entry}]}, tmp_path / "c.toml")
    assert said in caught.value.message("en")


# ------------------------------------------------------------------ <ttl>


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    ("ttl", "minutes"),
    [
        ("120", 120),
        (" 60 ", 60),
        ("0", None),
        ("-5", None),
        ("soon", None),
        ("99999", MAX_TTL_MINUTES),
    ],
)
def test_the_parser_carries_a_feeds_ttl(fast: bool, ttl: str, minutes: int | None) -> None:
    body = rss("Lambat", [("a", T0)], ttl=ttl)
    assert parse_feed(body, "https://lambat.example/feed", T0, fast=fast).ttl_minutes == minutes


# ------------------------------------------------------------------ which feeds are due


def stored_feed(
    url: str, *, checked: datetime | None, ttl: int | None = None, retry: datetime | None = None
) -> Feed:
    return Feed(1, url, "", "", "", "", "", "", checked, checked, None, retry, ttl_minutes=ttl)


def test_a_feed_is_due_once_its_own_interval_has_passed() -> None:
    config = Config(
        refresh_interval_minutes=30,
        feeds=(
            FeedSpec("https://hourly.example/", refresh_interval_minutes=60),
            FeedSpec("https://manual.example/", refresh_interval_minutes=0),
        ),
    )
    plain = stored_feed("https://plain.example/", checked=T0)
    hourly = stored_feed("https://hourly.example/", checked=T0)
    manual = stored_feed("https://manual.example/", checked=None)
    slow = stored_feed("https://plain.example/slow", checked=T0, ttl=180)  # <ttl>180</ttl>
    assert not is_due(config, plain, T0 + timedelta(minutes=20))
    # A cron line every 30 minutes finds a feed tried 29 minutes ago due (the grace).
    assert is_due(config, plain, T0 + timedelta(minutes=29))
    assert not is_due(config, hourly, T0 + timedelta(minutes=40))
    assert is_due(config, hourly, T0 + timedelta(minutes=60))
    assert not is_due(config, manual, T0)  # 0: only when asked, even never fetched
    assert interval_minutes(config, slow) == 180  # the <ttl> is a lower bound
    assert not is_due(config, slow, T0 + timedelta(minutes=90))
    assert is_due(config, slow, T0 + timedelta(minutes=180))
    assert is_due(config, stored_feed("https://new.example/", checked=None), T0)
    waiting = stored_feed("https://plain.example/", checked=T0, retry=T0 + timedelta(hours=2))
    assert not is_due(config, waiting, T0 + timedelta(hours=1))  # its server asked to wait


def test_a_scheduled_refresh_asks_only_the_due_feeds_and_a_ttl_holds_one_back(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/fast.xml"] = feed_route(rss("Cepat", [("c1", T0)]))
    feed_server.routes["/slow.xml"] = feed_route(rss("Lambat", [("l1", T0)], ttl="120"))
    feed_server.routes["/hourly.xml"] = feed_route(rss("Jam", [("j1", T0)]))
    config = Config(
        refresh_interval_minutes=30,
        keep_days=0,
        full_text="never",
        feeds=(
            FeedSpec(feed_server.url("/fast.xml")),
            FeedSpec(feed_server.url("/slow.xml")),
            FeedSpec(feed_server.url("/hourly.xml"), refresh_interval_minutes=60),
        ),
    )
    db = tmp_path / "cache.sqlite3"
    first = run_refresh(config, db, clock=lambda: T0, due=True)  # never fetched: all due
    assert len(first.outcomes) == 3
    store = open_store(db)
    assert {f.url.rsplit("/", 1)[1]: f.ttl_minutes for f in store.feeds()} == {
        "fast.xml": None,
        "slow.xml": 120,
        "hourly.xml": None,
    }
    store.close()

    def asked(at: datetime) -> list[str]:
        before = len(feed_server.hits)
        run_refresh(config, db, clock=lambda: at, due=True)
        return sorted(h.path for h in feed_server.hits[before:])

    assert asked(T0 + timedelta(minutes=10)) == []
    assert asked(T0 + timedelta(minutes=30)) == ["/fast.xml"]
    assert asked(T0 + timedelta(minutes=61)) == ["/fast.xml", "/hourly.xml"]
    assert asked(T0 + timedelta(minutes=121)) == ["/fast.xml", "/hourly.xml", "/slow.xml"]
    # A refresh the user asks for asks every feed, due or not.
    before = len(feed_server.hits)
    run_refresh(config, db, clock=lambda: T0 + timedelta(minutes=122))
    assert len(feed_server.hits) - before == 3


# ------------------------------------------------------------------ keep_days per feed


def test_an_article_pruned_by_keep_days_does_not_come_back_while_its_feed_carries_it(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    # Ten items a day apart; this feed keeps 5 days, the others the global 90.
    dated = [(f"d{n}", T0 - timedelta(days=n, hours=1)) for n in range(10)]
    route = feed_server.routes["/harian.xml"] = feed_route(rss("Harian", dated))
    undated = [(f"u{n}", None) for n in range(3)]  # no dates: each is "now" when first seen
    feed_server.routes["/tanpa.xml"] = feed_route(rss("Tanpa", undated))
    del route
    config = Config(
        keep_days=90,
        full_text="never",
        feeds=(
            FeedSpec(feed_server.url("/harian.xml"), keep_days=5),
            FeedSpec(feed_server.url("/tanpa.xml"), keep_days=2),
        ),
    )
    db = tmp_path / "cache.sqlite3"

    def titles(at: datetime) -> list[str]:
        run_refresh(config, db, clock=lambda: at)
        store = open_store(db)
        try:
            return sorted(r.title for r in store.page(Query(), limit=100).rows)
        finally:
            store.close()

    # What is older than 5 days is never stored at all.
    assert titles(T0) == sorted(
        [f"Harian d{n}" for n in range(5)] + [f"Tanpa u{n}" for n in range(3)]
    )
    # Three days on, the feed got one new item: d3 and d4 are pruned, d0-d2 stay.
    dated.insert(0, ("new", T0 + timedelta(days=3)))
    feed_server.routes["/harian.xml"] = feed_route(rss("Harian", dated))
    later = titles(T0 + timedelta(days=3))
    assert "Harian d3" not in later and "Harian d4" not in later and "Harian new" in later
    # Undated items pruned after their 2 days stay pruned though the feed still carries them.
    assert not [t for t in later if t.startswith("Tanpa")]
    # The feed changes again (so it is parsed and stored again) and still carries them all.
    dated.insert(0, ("newer", T0 + timedelta(days=3, hours=1)))
    feed_server.routes["/harian.xml"] = feed_route(rss("Harian", dated))
    undated.append(("u9", None))
    feed_server.routes["/tanpa.xml"] = feed_route(rss("Tanpa", undated))
    again = titles(T0 + timedelta(days=3, hours=2))
    assert "Harian d3" not in again and "Harian d4" not in again
    assert [t for t in again if t.startswith("Tanpa")] == ["Tanpa u9"]


def test_a_year_of_pruning_remembers_only_what_the_feeds_still_carry(tmp_path: Path) -> None:
    # A feed of its ten newest items, two new items a day, each kept 3 days: a year of refreshes.
    store = open_store(tmp_path / "cache.sqlite3")
    [feed_id] = store.sync_feeds([FeedSpec("https://daily.example/rss", keep_days=3)]).values()
    sizes = []
    for day in range(365):
        now = T0 + timedelta(days=day)
        items = tuple(
            ParsedArticle(
                guid=f"item-{n}",
                url=f"https://daily.example/{n}",
                title=f"Item {n}",
                author="",
                published=T0 + timedelta(hours=12 * n),
                published_estimated=False,
                categories=(),
                summary="",
                content_html="",
            )
            for n in range(max(0, 2 * day - 9), 2 * day + 1)
        )
        store.save_results([FeedResult(feed_id, parsed=ParsedFeed("Daily", "", items))], now)
        store.prune(90, now)
        sizes.append(store.conn.execute("SELECT COUNT(*) FROM pruned").fetchone()[0])
        assert store.count(Query()) <= 7  # three days of two a day, and today's
    assert max(sizes) <= 10  # never more than the feed carries
    store.close()


# ------------------------------------------------------------------ the command line


def write_config(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def cli(capsys: pytest.CaptureFixture[str], config: Path, *args: str, status: int = 0) -> str:
    capsys.readouterr()
    data = config.parent / "data"
    got = main(["--config", str(config), "--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    assert got == status, out + err
    return out + err


def test_a_category_set_in_the_config_reaches_articles_a_304_keeps(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    items = [(f"k{n}", now - timedelta(hours=n + 1)) for n in range(10)]
    feed_server.routes["/kabar.xml"] = feed_route(rss("Kabar", items), etag='"v1"')
    feed_server.routes["/lain.xml"] = feed_route(rss("Lain", items[:2]), etag='"v1"')
    config = tmp_path / "config.toml"
    text = f"""language = "id"
full_text = "never"

[[feeds]]
url = "{feed_server.url("/kabar.xml")}"
category = "Berita"

[[feeds]]
url = "{feed_server.url("/lain.xml")}"
category = "Berita"
"""
    write_config(config, text)
    cli(capsys, config, "refresh", "--quiet")
    write_config(config, text.replace('category = "Berita"', 'category = "Lokal"', 1))
    # Before any refresh: a reading command applies the config to what is cached.
    listed = json.loads(cli(capsys, config, "list", "--category", "lokal", "--json"))
    assert len(listed) == 10 and {a["category"] for a in listed} == {"Lokal"}
    # The refresh that follows gets a 304 for both feeds; the articles stay where they are.
    said = cli(capsys, config, "refresh")
    assert "tidak berubah" in said
    cats = {c["name"]: c for c in json.loads(cli(capsys, config, "categories", "--json"))}
    assert (cats["Lokal"]["total"], cats["Berita"]["total"]) == (10, 2)
    assert [f["name"] for f in cats["Lokal"]["feeds"]] == ["Kabar"]
    every = json.loads(cli(capsys, config, "list", "--json", "--limit", "100"))
    assert {a["category"] for a in every} == {"Lokal", "Berita"}


def test_list_refresh_and_feeds_by_a_feeds_name(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    feed_server.routes["/a.xml"] = feed_route(
        rss("Alpha", [("a1", now), ("a2", now - timedelta(hours=1))])
    )
    feed_server.routes["/b.xml"] = feed_route(rss("Beta", [("b1", now)]))
    config = tmp_path / "config.toml"
    write_config(
        config,
        f"""language = "id"
full_text = "never"

[[feeds]]
url = "{feed_server.url("/a.xml")}"
user_agent = "Pembaca/1.0 (+https://contoh.example)"

[[feeds]]
url = "{feed_server.url("/b.xml")}"
name = "Umpan Beta"
""",
    )
    cli(capsys, config, "refresh", "--quiet")
    agents = {h.path: h.headers["user-agent"] for h in feed_server.hits}
    assert agents["/a.xml"] == "Pembaca/1.0 (+https://contoh.example)"
    assert agents["/b.xml"].startswith("kalbartui/")
    rows = json.loads(cli(capsys, config, "list", "--feed", "ALPHA", "--json"))
    assert [r["title"] for r in rows] == ["Alpha a1", "Alpha a2"]
    assert {r["feed"] for r in rows} == {"Alpha"}
    missing = cli(capsys, config, "list", "--feed", "gamma", status=2)
    assert "tidak ada umpan bernama 'gamma' (umpan: Alpha, Umpan Beta)" in missing
    # One feed asked, by its name as the sidebar shows it.
    before = len(feed_server.hits)
    said = cli(capsys, config, "refresh", "--feed", "umpan beta")
    assert [h.path for h in feed_server.hits[before:]] == ["/b.xml"]
    assert "Umpan Beta: tidak berubah" in said
    lines = cli(capsys, config, "categories")
    assert lines.splitlines()[0] == "Umpan"
    assert "  Alpha" in lines and "  Umpan Beta" in lines
    # The Beta feed breaks: `feeds --failing` says why, in Indonesian, and when it last worked.
    del feed_server.routes["/b.xml"]
    cli(capsys, config, "refresh", "--quiet", status=1)
    failing = cli(capsys, config, "feeds", "--failing")
    assert failing.startswith("Umpan Beta: HTTP 404 (tidak ditemukan) (terakhir berhasil: ")
    found = json.loads(cli(capsys, config, "feeds", "--json"))
    beta = next(f for f in found if f["name"] == "Umpan Beta")
    assert beta["failing"] and beta["error_code"] == "http.status"
    assert beta["last_ok"] is not None and beta["total"] == 1
    assert [f["name"] for f in json.loads(cli(capsys, config, "feeds", "--failing", "--json"))] == [
        "Umpan Beta"
    ]


def test_refresh_due_from_cron(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    feed_server.routes["/a.xml"] = feed_route(rss("Alpha", [("a1", now)]))
    feed_server.routes["/b.xml"] = feed_route(rss("Beta", [("b1", now)]))
    config = tmp_path / "config.toml"
    write_config(
        config,
        f"""refresh_interval_minutes = 30
full_text = "never"
[[feeds]]
url = "{feed_server.url("/a.xml")}"
[[feeds]]
url = "{feed_server.url("/b.xml")}"
refresh_interval_minutes = 0
""",
    )
    load_config(config)
    cli(capsys, config, "refresh", "--due")
    assert sorted(h.path for h in feed_server.hits) == ["/a.xml"]  # b: only when asked
    before = len(feed_server.hits)
    cli(capsys, config, "refresh", "--due")  # a moment later: nothing is due
    assert len(feed_server.hits) == before
