"""The SQLite cache: what a reader relies on across refreshes, restarts and two processes at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kalbartui.models import FeedResult, FeedSpec, ParsedArticle, ParsedFeed
from kalbartui.problems import http_status
from kalbartui.query.parse import QueryError
from kalbartui.store import CorruptDatabase, Query, connect, open_or_recover, open_store
from kalbartui.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.hostile.checks import integrity

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SITE = "https://www.kalbaronline.com/"


def art(
    n: int, *, hours_ago: float = 0, cats: tuple[str, ...] = ("Pontianak",), title: str = ""
) -> ParsedArticle:
    return ParsedArticle(
        guid=f"https://www.kalbaronline.com/?p={n}",
        url=f"https://www.kalbaronline.com/2026/11/{n}/berita-{n}/",
        title=title or f"Berita nomor {n} dari Pontianak",
        author="Rina Kartika",
        published=NOW - timedelta(hours=hours_ago or n),
        published_estimated=False,
        categories=cats,
        summary=f"Ringkasan berita {n}.",
        content_html=f"<p>Isi berita {n} tentang Sungai Kapuas.</p>",
    )


def feed(*articles: ParsedArticle, title: str = "KalbarOnline") -> ParsedFeed:
    return ParsedFeed(title=title, link=SITE, articles=tuple(articles))


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201
    s = open_store(tmp_path / "cache.sqlite3")
    yield s
    s.close()


def setup_site(store) -> dict[str, int]:  # noqa: ANN001
    return store.sync_feeds(
        [
            FeedSpec(SITE + "feed/", "", "KalbarOnline", "KalbarOnline"),
            FeedSpec(
                SITE + "pontianak/feed/", "Pontianak", "KalbarOnline: Pontianak", "KalbarOnline"
            ),
            FeedSpec(
                SITE + "kubu-raya/feed/", "Kubu Raya", "KalbarOnline: Kubu Raya", "KalbarOnline"
            ),
        ]
    )


def test_the_same_post_in_several_feeds_is_stored_once(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    shared = art(1, cats=("Pontianak", "Kubu Raya"))
    store.save_results(
        [
            FeedResult(ids[SITE + "feed/"], parsed=feed(shared, art(2))),
            FeedResult(ids[SITE + "pontianak/feed/"], parsed=feed(shared)),
            FeedResult(
                ids[SITE + "kubu-raya/feed/"], parsed=feed(shared, art(3, cats=("Kubu Raya",)))
            ),
        ],
        NOW,
    )
    assert store.totals()["all"] == 3
    cats = {c.name: c for c in store.categories()}
    assert cats["Pontianak"].total == 2  # post 1 via its feed, post 2 via its <category> term
    assert cats["Kubu Raya"].total == 2
    titles = [r.title for r in store.page(Query.category(cats["Kubu Raya"].id)).rows]
    assert titles == ["Berita nomor 1 dari Pontianak", "Berita nomor 3 dari Pontianak"]


def test_separate_feeds_of_one_site_dedupe_too(store) -> None:  # noqa: ANN001
    ids = store.sync_feeds(
        [
            FeedSpec(SITE + "feed/", "Berita"),
            FeedSpec("https://kalbaronline.com/sambas/feed/", "Sambas"),
        ]
    )
    store.save_results([FeedResult(i, parsed=feed(art(7))) for i in ids.values()], NOW)
    assert store.totals()["all"] == 1


def test_read_and_starred_survive_a_refetch(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    front = ids[SITE + "feed/"]
    store.save_results([FeedResult(front, parsed=feed(art(1), art(2)))], NOW)
    first = store.page(Query()).rows[0]
    store.set_read([first.id])
    assert store.toggle_star(first.id) is True
    edited = art(1, title="Berita nomor 1 (diperbarui)")
    counts = store.save_results([FeedResult(front, parsed=feed(edited, art(2)))], NOW)
    assert counts[front] == 0
    again = store.article(first.id)
    assert again is not None and again.read and again.starred
    assert again.title == "Berita nomor 1 (diperbarui)"


def test_a_failed_or_empty_refresh_deletes_nothing(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    front = ids[SITE + "feed/"]
    store.save_results([FeedResult(front, parsed=feed(art(1), art(2)))], NOW)
    store.save_results([FeedResult(front, error=http_status(500))], NOW)
    store.save_results([FeedResult(front, parsed=feed())], NOW)
    assert store.totals()["all"] == 2
    errors = {f.url: f.last_error for f in store.feeds()}
    assert errors[SITE + "feed/"] is None


def test_prune_keeps_starred_articles(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    front = ids[SITE + "feed/"]
    store.save_results(
        [
            FeedResult(
                front, parsed=feed(art(1, hours_ago=24 * 100), art(2, hours_ago=24 * 200), art(3))
            )
        ],
        NOW,
    )
    old_starred = [r for r in store.page(Query()).rows if "2" in r.title][0]
    store.toggle_star(old_starred.id)
    assert store.prune(90, NOW) == 1
    left = {r.title for r in store.page(Query()).rows}
    assert left == {"Berita nomor 2 dari Pontianak", "Berita nomor 3 dari Pontianak"}
    assert store.prune(0, NOW) == 0


def test_keyset_pages_walk_every_row_newest_first(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    front = ids[SITE + "feed/"]
    store.save_results([FeedResult(front, parsed=feed(*(art(n) for n in range(1, 251))))], NOW)
    seen: list[int] = []
    page = store.page(Query(), limit=100)
    while True:
        seen += [r.id for r in page.rows]
        if page.next_key is None:
            break
        page = store.page(Query(), after=page.next_key, limit=100)
    assert len(seen) == len(set(seen)) == 250
    times = [store.article(i).published for i in seen]  # type: ignore[union-attr]
    assert times == sorted(times, reverse=True)
    jump = store.page_at(Query(), offset=200, limit=10).rows
    assert [r.id for r in jump] == seen[200:210]
    assert store.index_of(Query(), seen[123]) == 123


def test_unread_starred_and_search_queries(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    front = ids[SITE + "feed/"]
    store.save_results(
        [
            FeedResult(
                front,
                parsed=feed(
                    art(1, title="Banjir di Sintang surut"),
                    art(2, title="Festival Cap Go Meh Singkawang"),
                    art(3),
                ),
            )
        ],
        NOW,
    )
    rows = store.page(Query()).rows
    store.set_read([rows[0].id])
    store.toggle_star(rows[1].id)
    assert store.count(Query("unread")) == 2
    assert [r.id for r in store.page(Query("starred")).rows] == [rows[1].id]
    assert [r.title for r in store.search("singkawang")] == ["Festival Cap Go Meh Singkawang"]
    assert [r.title for r in store.search("sint")] == [
        "Banjir di Sintang surut"
    ]  # prefix of the last word
    # A query of the query language: unbalanced quotes are a mistake, said in one sentence;
    # whatever it holds is a bound value, never SQL.
    with pytest.raises(QueryError):
        store.search('"; DROP TABLE articles; --')
    assert store.search('"; DROP TABLE articles; --"') == []
    assert len(store.search("")) == 3  # an empty query: every article
    assert store.mark_all_read(Query()) == 2
    assert store.count(Query("unread")) == 0


def test_migration_from_the_first_schema_keeps_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO feeds (url, site) VALUES ('https://www.kalbaronline.com/feed/', 'kalbaronline.com')"
    )
    conn.execute(
        """INSERT INTO articles (site, guid, title, author, published, first_seen, body_text, starred)
           VALUES ('kalbaronline.com', 'p1', 'Jembatan Kapuas diperbaiki', 'Andi', 1, 1, 'perbaikan jembatan', 1)"""
    )
    conn.close()
    store = open_store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [r.title for r in store.search("jembatan")] == ["Jembatan Kapuas diperbaiki"]
    assert store.totals()["starred"] == 1
    assert integrity(path) == "ok"


def test_a_cache_from_before_v6_keeps_its_index_and_indexes_new_articles_once(
    tmp_path: Path,
) -> None:
    # Schema 5 indexed new rows with a trigger; 6 drops it and the ingest code indexes them
    # (one statement per feed). Both the old rows and the new must be found, each once.
    from kalbartui.store.schema import apply_migrations

    path = tmp_path / "v5.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    apply_migrations(conn, target=5)
    conn.execute("COMMIT")
    conn.close()
    # A row stored by schema 5, its index entry made by the trigger.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO feeds (url, site) VALUES ('https://www.kalbaronline.com/feed/', 'x')")
    conn.execute(
        """INSERT INTO articles (site, guid, title, author, published, first_seen, body_text)
           VALUES ('x', 'lama', 'Banjir di Sintang surut', 'Andi', 1, 1, 'air sungai surut')"""
    )
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "articles_fts_insert" in triggers
    conn.close()

    store = open_store(path)
    triggers = {
        r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    assert "articles_fts_insert" not in triggers
    ids = setup_site(store)
    store.save_results(
        [
            FeedResult(
                ids[SITE + "pontianak/feed/"], parsed=feed(art(1, title="Banjir di Pontianak"))
            )
        ],
        NOW,
    )
    assert sorted(r.title for r in store.search("banjir")) == [
        "Banjir di Pontianak",
        "Banjir di Sintang surut",
    ]
    assert store.count(Query.search("banjir")) == 2
    # The index agrees with the rows it was made from (FTS5's own check).
    store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    store.close()
    assert integrity(path) == "ok"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(Exception, match="newer kalbartui"):
        connect(path)


def test_a_damaged_file_is_moved_aside_and_a_fresh_cache_starts(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CorruptDatabase):
        connect(path)
    store, note = open_or_recover(path)
    assert note is not None and "moved" in str(note)
    assert store.totals()["all"] == 0
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert aside and aside[0].read_bytes().startswith(b"this is not sqlite")


def _writer(path: str, start: int, count: int) -> None:
    store = open_store(path)
    ids = store.sync_feeds([FeedSpec(SITE + "feed/", "", "KalbarOnline", "KalbarOnline")])
    for n in range(start, start + count, 10):
        store.save_results(
            [FeedResult(ids[SITE + "feed/"], parsed=feed(*(art(i) for i in range(n, n + 10))))], NOW
        )
        rows = store.page(Query(), limit=5).rows
        if rows:
            store.toggle_star(rows[0].id)
    store.close()


def test_two_processes_write_at_once_without_locking_errors(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    open_store(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, start, 300)) for start in (1, 1001)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    store = open_store(path)
    assert store.totals()["all"] == 600
    assert integrity(Path(path)) == "ok"


def test_search_index_holds_only_visible_words(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    hostile = ParsedArticle(
        guid="x1", url="", title="Pasar malam", author="Tim", published=NOW, published_estimated=False,
        categories=(), summary="", content_html="<p>Pasar ramai</p><script>alert('rahasia')</script>"
        "<style>.merah{color:red}</style><p>Pedagang senang</p><script>tanpa penutup",
    )  # fmt: skip
    store.save_results([FeedResult(ids[SITE + "feed/"], parsed=feed(hostile))], NOW)
    assert [r.title for r in store.search("pedagang")] == ["Pasar malam"]
    assert (
        store.search("rahasia") == []
        and store.search("merah") == []
        and store.search("penutup") == []
    )


def test_background_writers_ask_for_the_lock_less_often_than_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The refresh's process (and its workers) set this; the reader never does. While a
    # transaction holds the lock, the reader asks every millisecond and a background writer
    # every few, so the gap after the transaction goes to the reader's star or read mark.
    from kalbartui.store import db

    monkeypatch.delenv(db.BACKGROUND_WRITER_ENV, raising=False)
    assert db.write_poll_seconds() == db.FOREGROUND_POLL_SECONDS
    monkeypatch.setenv(db.BACKGROUND_WRITER_ENV, "1")
    assert db.write_poll_seconds() == db.BACKGROUND_POLL_SECONDS
    assert db.BACKGROUND_POLL_SECONDS > db.FOREGROUND_POLL_SECONDS


def test_feed_health_tells_what_feeds_tells_without_counting_articles(store) -> None:  # noqa: ANN001
    ids = setup_site(store)
    front, kubu = ids[SITE + "feed/"], ids[SITE + "kubu-raya/feed/"]
    store.save_results([FeedResult(front, parsed=feed(art(1), art(2)))], NOW)
    store.save_results([FeedResult(kubu, error=http_status(500))], NOW)
    store.sync_feeds([FeedSpec(SITE + "feed/", "", "KalbarOnline", "KalbarOnline")])  # two left
    feeds = store.feeds()
    assert store.feed_health() == (len(feeds), frozenset(f.url for f in feeds if f.last_error))
    store.sync_feeds(
        [
            FeedSpec(SITE + "feed/", "", "KalbarOnline", "KalbarOnline"),
            FeedSpec(
                SITE + "kubu-raya/feed/", "Kubu Raya", "KalbarOnline: Kubu Raya", "KalbarOnline"
            ),
        ]
    )
    active, failing = store.feed_health()
    assert active == 2 == len(store.feeds())
    assert failing == frozenset({SITE + "kubu-raya/feed/"})
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.feed_health()
    store.conn.set_trace_callback(None)
    assert statements and not any("article" in s for s in statements)


def test_errors_kept_as_english_sentences_become_problems_in_the_readers_language(
    tmp_path: Path,
) -> None:
    # Before schema 7 a feed's last error, a failed page's reason and a site's discovery error
    # were English sentences; they become Problems, which read in the user's language.
    import json

    from kalbartui.i18n import message
    from kalbartui.store.schema import apply_migrations

    path = tmp_path / "v6.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    apply_migrations(conn, target=6)
    conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO feeds (url, site, last_error) VALUES"
        " ('https://a.example/feed/', 'a.example', 'HTTP 404 (not found)'),"
        " ('https://b.example/feed/', 'b.example', 'timed out after 20 s'),"
        " ('https://c.example/feed/', 'c.example', 'a sentence nobody knows'),"
        " ('https://d.example/feed/', 'd.example', '')"
    )
    conn.execute(
        """INSERT INTO articles (site, guid, title, published, first_seen)
           VALUES ('a.example', 'p1', 'Banjir', 1, 1)"""
    )
    conn.execute(
        "INSERT INTO article_pages (article_id, status, error, fetched)"
        " VALUES (1, 'error', 'no article on the page', 1)"
    )
    discovery = {
        "checked": 1.0,
        "ok": False,
        "error": "categories API: no answer",
        "categories": [],
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('wp-discovery:https://a.example/', ?)",
        (json.dumps(discovery),),
    )
    conn.close()

    store = open_store(path)
    errors = {f.url: f.last_error for f in store.feeds(active_only=False)}
    assert message(errors["https://a.example/feed/"], "id") == "HTTP 404 (tidak ditemukan)"
    assert message(errors["https://b.example/feed/"], "id") == "waktu habis setelah 20 detik"
    assert message(errors["https://c.example/feed/"], "id") == "a sentence nobody knows"
    assert errors["https://d.example/feed/"] is None
    state = store.page_state(1)
    assert state is not None and message(state.error, "id") == "halaman tanpa artikel"
    from kalbartui.feeds.wordpress import discovery_error

    kept = discovery_error(store.get_meta("wp-discovery:https://a.example/"))
    assert message(kept, "id") == "tidak ada jawaban"
    store.close()
    assert integrity(path) == "ok"
