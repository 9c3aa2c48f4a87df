"""One feed's own view, and the config's feed list applied to what is already cached.

A newsboat user's whole feed list: each feed has a list and counts of its own (kept by
triggers, as the categories' are), and a feed's name and category given in the config reach
every cached article at once, whatever the server answers next.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kalbartui.models import (
    FeedResult,
    FeedSpec,
    ParsedArticle,
    ParsedFeed,
    in_sidebar_order,
    sidebar_groups,
)
from kalbartui.store import Query, Store, open_store
from kalbartui.store.schema import SCHEMA_VERSION, apply_migrations
from tests.hostile.checks import integrity

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def item(site: str, n: int, *, hours_ago: float = 0, terms: tuple[str, ...] = ()) -> ParsedArticle:
    return ParsedArticle(
        guid=f"https://{site}/?p={n}",
        url=f"https://{site}/{n}/",
        title=f"Kabar {n} dari {site}",
        author="Redaksi",
        published=NOW - timedelta(hours=hours_ago or n),
        published_estimated=False,
        categories=terms,
        summary=f"Ringkasan {n}.",
        content_html=f"<p>Isi {n}.</p>",
    )


def body(*articles: ParsedArticle, title: str = "Umpan") -> ParsedFeed:
    return ParsedFeed(title=title, link="https://example.org/", articles=tuple(articles))


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201
    s = open_store(tmp_path / "cache.sqlite3")
    yield s
    s.close()


def feed_list() -> list[FeedSpec]:
    """A newsboat user's list: two feeds in a category, two without one."""
    return [
        FeedSpec("https://ars.example/feed", "Teknologi", "Ars"),
        FeedSpec("https://lwn.example/feed", "Teknologi", "LWN"),
        FeedSpec("https://xkcd.example/rss", "", "xkcd"),
        FeedSpec("https://hn.example/rss", "", ""),
    ]


def fill(store: Store) -> dict[str, int]:
    ids = store.sync_feeds(feed_list())
    results = [
        FeedResult(ids["https://ars.example/feed"], parsed=body(*(item("ars.example", n) for n in range(1, 6)))),
        FeedResult(ids["https://lwn.example/feed"], parsed=body(*(item("lwn.example", n) for n in range(1, 4)))),
        FeedResult(ids["https://xkcd.example/rss"], parsed=body(item("xkcd.example", 1))),
        FeedResult(
            ids["https://hn.example/rss"],
            parsed=body(*(item("hn.example", n) for n in range(1, 8)), title="Hacker News"),
        ),
    ]  # fmt: skip
    store.save_results(results, NOW)
    return ids


def assert_counts_match_lists(store: Store) -> None:
    """Every count the sidebar shows is what the list shows when it opens."""
    for feed in store.feeds():
        assert feed.article_count == store.count(Query.feed(feed.id)), feed.display_name
        assert feed.unread == store.count(Query.feed(feed.id, unread_only=True)), feed.display_name
    for cat in store.categories():
        assert cat.total == store.count(Query.category(cat.id)), cat.name
        assert cat.unread == store.count(Query.category(cat.id, unread_only=True)), cat.name


def test_each_feed_lists_its_own_articles_newest_first_with_its_counts(store: Store) -> None:
    ids = fill(store)
    hn = ids["https://hn.example/rss"]
    rows = store.page(Query.feed(hn), limit=100).rows
    assert [r.title for r in rows] == [f"Kabar {n} dari hn.example" for n in range(1, 8)]
    assert {r.feed for r in rows} == {"Hacker News"}  # no name in the config: the feed's title
    counts = {f.display_name: (f.unread, f.article_count) for f in store.feeds()}
    assert counts == {"Ars": (5, 5), "LWN": (3, 3), "xkcd": (1, 1), "Hacker News": (7, 7)}
    assert_counts_match_lists(store)
    # Keyset paging walks a feed's list like any other.
    page = store.page(Query.feed(hn), limit=3)
    rest = store.page(Query.feed(hn), after=page.next_key, limit=10).rows
    assert [r.id for r in page.rows + rest] == [r.id for r in rows]
    assert store.index_of(Query.feed(hn), rows[4].id) == 4


def test_feed_counts_follow_reads_marks_and_pruning(store: Store) -> None:
    ids = fill(store)
    ars = ids["https://ars.example/feed"]
    first = store.page(Query.feed(ars), limit=1).rows[0]
    store.toggle_read(first.id)
    store.set_read(
        [r.id for r in store.page(Query.feed(ids["https://hn.example/rss"]), limit=3).rows]
    )
    store.mark_all_read(Query.feed(ids["https://lwn.example/feed"]))
    assert_counts_match_lists(store)
    counts = {f.display_name: (f.unread, f.article_count) for f in store.feeds()}
    assert counts["Ars"] == (4, 5) and counts["LWN"] == (0, 3) and counts["Hacker News"] == (4, 7)
    # Articles older than 4 hours go; the counts go with them.
    assert store.prune(1, NOW + timedelta(hours=20)) > 0
    assert_counts_match_lists(store)


def test_a_name_or_category_from_the_config_reaches_every_cached_article(store: Store) -> None:
    ids = fill(store)
    ars = ids["https://ars.example/feed"]
    before = {c.name for c in store.categories()}
    assert before == {"Teknologi"}
    # The user moves Ars to "Lokal", renames it, and gives xkcd a category: no fetch at all.
    specs = feed_list()
    specs[0] = FeedSpec("https://ars.example/feed", "Lokal", "Ars Technica")
    specs[2] = FeedSpec("https://xkcd.example/rss", "Komik", "xkcd")
    store.sync_feeds(specs)
    cats = {c.name: c for c in store.categories()}
    assert set(cats) == {"Teknologi", "Lokal", "Komik"}
    assert (cats["Lokal"].total, cats["Teknologi"].total, cats["Komik"].total) == (5, 3, 1)
    rows = store.page(Query.category(cats["Lokal"].id), limit=100).rows
    assert {r.sidebar_categories for r in rows} == {("Lokal",)}
    assert {r.feed for r in rows} == {"Ars Technica"}
    assert {r.feed for r in store.page(Query.feed(ars), limit=100).rows} == {"Ars Technica"}
    assert_counts_match_lists(store)
    # The last feed of "Teknologi" leaves it too: the empty category leaves the sidebar.
    specs[1] = FeedSpec("https://lwn.example/feed", "", "LWN")
    store.sync_feeds(specs)
    assert {c.name for c in store.categories()} == {"Lokal", "Komik"}
    assert_counts_match_lists(store)


def test_another_connection_sees_a_feed_renamed(tmp_path: Path) -> None:
    # The reader keeps its connection open while a refresh (another process) renames a feed.
    path = tmp_path / "cache.sqlite3"
    reader = open_store(path)
    fill(reader)
    assert reader.page(Query(), limit=1).rows  # names read and kept
    other = open_store(path)
    specs = feed_list()
    specs[3] = FeedSpec("https://hn.example/rss", "", "HN")
    other.sync_feeds(specs)
    other.close()
    hn = next(f.id for f in reader.feeds() if f.url == "https://hn.example/rss")
    assert {r.feed for r in reader.page(Query.feed(hn), limit=100).rows} == {"HN"}
    reader.close()


def test_nothing_is_written_when_the_config_did_not_change(store: Store) -> None:
    fill(store)
    before = store.conn.total_changes
    store.sync_feeds(feed_list())
    store.sync_feeds(feed_list(), deactivate=False)
    assert store.conn.total_changes == before


def test_a_feed_left_out_of_the_config_leaves_the_sidebar_at_the_next_refresh(
    store: Store,
) -> None:
    fill(store)
    specs = feed_list()[1:]  # Ars is gone from the config
    store.sync_feeds(specs, deactivate=False)  # the reader's start: nothing set aside
    assert "Ars" in {f.display_name for f in store.feeds()}
    store.sync_feeds(specs)  # a refresh
    assert "Ars" not in {f.display_name for f in store.feeds()}
    cats = {c.name: c for c in store.categories()}
    assert cats["Teknologi"].total == 3  # LWN's articles only
    assert_counts_match_lists(store)


def test_a_sites_terms_still_place_its_articles_after_its_feeds_move(store: Store) -> None:
    # A WordPress site: category feeds, and the front feed's items placed by their terms.
    site = "https://kalbar.example/"
    specs = [
        FeedSpec(site + "feed/", "", "Kalbar", "Kalbar"),
        FeedSpec(site + "pontianak/feed/", "Pontianak", "Kalbar: Pontianak", "Kalbar"),
    ]
    ids = store.sync_feeds(specs, [("Kalbar", "Pontianak"), ("Kalbar", "Ekonomi")])
    store.save_results(
        [
            FeedResult(
                ids[site + "feed/"],
                parsed=body(
                    item("kalbar.example", 1, terms=("Pontianak",)),
                    item("kalbar.example", 2, terms=("Ekonomi",)),
                ),
            ),
            FeedResult(
                ids[site + "pontianak/feed/"],
                parsed=body(item("kalbar.example", 1, terms=("Pontianak",))),
            ),
        ],
        NOW,
    )
    before = {c.name: c.total for c in store.categories()}
    # The category feed is dropped (fewer categories asked for): its articles keep the
    # categories their own terms name.
    store.sync_feeds(specs[:1], [("Kalbar", "Pontianak"), ("Kalbar", "Ekonomi")])
    assert (
        {c.name: c.total for c in store.categories()}
        == before
        == {
            "Pontianak": 1,
            "Ekonomi": 1,
        }
    )
    # The site itself leaves the config: its categories leave the sidebar.
    store.sync_feeds([FeedSpec("https://hn.example/rss")])
    assert store.categories() == []
    assert_counts_match_lists(store)


def test_the_sidebar_groups_feeds_under_their_categories() -> None:
    from kalbartui.models import Category, Feed

    def feed(n: int, category: str = "", source: str = "") -> Feed:
        return Feed(
            n, f"https://f{n}", f"Feed {n}", "", category, source, "", "", None, None, None, None
        )

    cats = [
        Category(1, "Pontianak", "KalbarOnline", 3, 9),
        Category(2, "Teknologi", "", 1, 4),
    ]
    feeds = [feed(1, "Pontianak", "KalbarOnline"), feed(2), feed(3, "Teknologi"), feed(4, "Gone")]
    groups = sidebar_groups(cats, feeds)
    assert [g.source for g in groups] == ["KalbarOnline", ""]
    assert groups[0].categories == ((cats[0], ()),)  # a site's feeds are its categories
    assert groups[1].categories == ((cats[1], (feeds[2],)),)
    assert groups[1].other_feeds == (feeds[1], feeds[3])
    assert [f.id for f in in_sidebar_order(cats, feeds)] == [1, 3, 2, 4]
    # Feeds and no category at all (an OPML file from newsboat): one group.
    only = sidebar_groups([], [feed(5), feed(6)])
    assert [(g.source, g.categories, [f.id for f in g.other_feeds]) for g in only] == [
        ("", (), [5, 6])
    ]


def test_a_cache_from_v7_gets_feed_lists_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "v7.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    apply_migrations(conn, target=7)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO feeds (id, url, site) VALUES (1, 'https://a.example/feed', 'a')")
    for n, (published, read) in enumerate([(30.0, 0), (20.0, 1), (10.0, 0)], start=1):
        conn.execute(
            "INSERT INTO articles (id, site, guid, published, first_seen, read, feed_id)"
            " VALUES (?, 'a', ?, ?, 1, ?, 1)",
            (n, f"g{n}", published, read),
        )
        conn.execute("INSERT INTO article_feeds (feed_id, article_id) VALUES (1, ?)", (n,))
    conn.close()
    store = open_store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    [feed] = store.feeds()
    assert (feed.unread, feed.article_count) == (2, 3)
    assert [r.id for r in store.page(Query.feed(1), limit=10).rows] == [1, 2, 3]
    assert_counts_match_lists(store)
    store.close()
    assert integrity(path) == "ok"


def test_the_feed_lists_categories_follow_the_config(store: Store) -> None:
    fill(store)
    assert [c.name for c in store.categories()] == ["Teknologi"]
    specs = feed_list()
    specs[2] = FeedSpec("https://xkcd.example/rss", "Komik", "xkcd")
    specs.insert(0, specs.pop(2))  # xkcd first in the config: its category first
    store.sync_feeds(specs)
    assert [c.name for c in store.categories()] == ["Komik", "Teknologi"]
    # Within a category, the feeds stand in the config's order too.
    specs[1], specs[2] = specs[2], specs[1]
    store.sync_feeds(specs)
    teknologi = [f.display_name for f in store.feeds() if f.category == "Teknologi"]
    assert teknologi == ["LWN", "Ars"]


def test_a_category_renamed_in_the_config_keeps_its_articles_without_moving_them(
    store: Store,
) -> None:
    fill(store)
    [before] = [c for c in store.categories() if c.name == "Teknologi"]
    links = store.conn.execute("SELECT COUNT(*) FROM article_categories").fetchone()[0]
    specs = [
        FeedSpec(s.url, "Tech" if s.category == "Teknologi" else s.category, s.name)
        for s in feed_list()
    ]
    changes = store.conn.total_changes
    store.sync_feeds(specs)
    [after] = store.categories()
    assert (after.id, after.name, after.total, after.unread) == (before.id, "Tech", 8, 8)
    # The feed and category rows written, not the articles' eight links deleted and made
    # again (each with its count trigger: some 32 rows).
    assert store.conn.total_changes - changes < 12
    assert store.conn.execute("SELECT COUNT(*) FROM article_categories").fetchone()[0] == links
    rows = store.page(Query.category(after.id), limit=100).rows
    assert {r.sidebar_categories for r in rows} == {("Tech",)}
    assert_counts_match_lists(store)
