"""The hostile shapes a real FreshRSS can be made to send (the rest are in
test_hostile_reader_api.py, against the fake server): names renamed through its own API to
hold escapes and markup, a refused password seen by the reader's refresh process, and a
cache synced before item ids were kept as text."""

from __future__ import annotations

import json
import sqlite3

import pytest

from kalbartui.config import load_config
from kalbartui.feeds.field_text import plain_text
from kalbartui.store.schema import SCHEMA_VERSION
from tests.sync import freshrss
from tests.sync.conftest import Reader

HOSTILE = (
    "Kabar \x1b]52;c;SGVsbG8=\x07Kalbar<script>x</script> \x1b[31m<b>Merah</b>, Sintang/Landak"
)


def rename(server: freshrss.FreshRSS, feed_title: str, label_from: str, label_to: str) -> None:
    """What another client (or whoever holds the account) may do through the API."""
    c = server.client()
    try:
        token = c.get("/reader/api/0/token").text.strip()
        subs = c.get("/reader/api/0/subscription/list", params={"output": "json"}).json()
        first = subs["subscriptions"][0]["id"]
        r = c.post(
            "/reader/api/0/subscription/edit",
            data={"ac": "edit", "s": first, "t": feed_title, "T": token},
        )
        assert r.status_code == 200, r.text
        r = c.post(
            "/reader/api/0/rename-tag",
            data={
                "s": f"user/-/label/{label_from}",
                "dest": f"user/-/label/{label_to}",
                "T": token,
            },
        )
        assert r.status_code == 200, r.text
    finally:
        c.close()


class TestNamesFromFreshRSS:
    """Finding 13 on the real server: FreshRSS passes a feed's and a label's name on as it
    was given (HTML-escaped, in fullwidth brackets); kalbartui cleans them as a feed title."""

    def test_names_renamed_through_the_api_arrive_clean(
        self, reader: Reader, server: freshrss.FreshRSS
    ) -> None:
        rename(server, HOSTILE, "Kalbar", HOSTILE)
        r = reader.run("refresh")
        assert r.status == 0, r.err
        names = {c["name"] for c in json.loads(reader.run("categories", "--json").out)}
        feeds = {a["feed"] for a in json.loads(reader.run("list", "--json", "--limit", "100").out)}
        for said in (*names, *feeds):
            assert "\x1b" not in said and "52;c" not in said and "[31m" not in said, said
            assert (
                "<" not in said and "＜" not in said and "script" not in said and "x " not in said
            )
        # Exactly what a fetched feed titled so would be called. FreshRSS wrote the feed's
        # name with fullwidth , and / (and ; inside the escape): read back as the ASCII.
        as_a_feed = plain_text(HOSTILE, 300)
        assert as_a_feed == "Kabar Kalbar Merah , Sintang/Landak"
        assert as_a_feed in names and as_a_feed in feeds
        out = reader.run("list", "--limit", "100").out + reader.run("categories").out
        assert "\x1b" not in out and "SGVsbG8" not in out


class TestFailuresFromFreshRSS:
    """Finding 16 on the real server: the reader's refresh process says "the server refused
    the user name or password", not "an unexpected problem"."""

    def test_a_refused_password_reaches_the_reader_as_its_sentence(
        self, reader: Reader, server: freshrss.FreshRSS
    ) -> None:
        from kalbartui.core import Core
        from kalbartui.i18n import message
        from kalbartui.paths import Paths
        from kalbartui.refresh.child import RefreshProcessError

        reader.configure(server.api_url, password="salah-sandi-ini")
        paths = Paths(config=reader.config, data_dir=reader.data, cache_dir=reader.data / "cache")
        core, _ = Core.open(load_config(reader.config), paths)
        try:
            with pytest.raises(RefreshProcessError) as caught:
                core.refresh_in_child()
        finally:
            core.close()
        assert caught.value.problem.code == "sync.refused_login"
        assert message(caught.value.problem, "en") == "the server refused the user name or password"
        assert message(caught.value.problem, "id") == "server menolak nama pengguna atau kata sandi"


# The v4 tables and triggers, as a cache synced before v8 holds them; and v9's feed columns,
# feed counts and pruned list taken away again, v10's alerts, v11's authors, and v12's tags and
# hidden articles (with the v2 and v3 triggers v12 made again), so the cache is the v7 shape
# throughout.
_BEFORE_V8 = """
DROP TRIGGER alerts_forget;
DROP TABLE alerts;
DROP TABLE authors;
DROP TRIGGER feed_counts_hidden;
DROP TRIGGER category_counts_hidden;
DROP TRIGGER articles_fts_hide;
DROP TRIGGER articles_fts_unhide;
DROP TRIGGER sync_queue_tag_add;
DROP TRIGGER sync_queue_tag_remove;
DROP TRIGGER article_tags_unlink;
DROP TABLE article_tags;
DROP INDEX articles_hidden;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TRIGGER category_counts_link;
DROP TRIGGER category_counts_unlink;
DROP TRIGGER category_counts_read;
DROP TRIGGER feed_counts_link;
DROP TRIGGER feed_counts_unlink;
DROP TRIGGER feed_counts_read;
DROP TRIGGER articles_unlink_feeds;
DROP TABLE feed_counts;
DROP TABLE pruned;
ALTER TABLE articles DROP COLUMN hidden;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, author, body_text)
    VALUES ('delete', old.id, old.title, old.author, old.body_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, author, body_text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, author, body_text)
    VALUES ('delete', old.id, old.title, old.author, old.body_text);
    INSERT INTO articles_fts (rowid, title, author, body_text)
    VALUES (new.id, new.title, new.author, new.body_text);
END;
CREATE TRIGGER category_counts_link AFTER INSERT ON article_categories BEGIN
    INSERT INTO category_counts (category_id, total, unread)
    VALUES (new.category_id, 1,
            COALESCE((SELECT read = 0 FROM articles WHERE id = new.article_id), 0))
    ON CONFLICT (category_id) DO UPDATE SET
        total = total + 1, unread = unread + excluded.unread;
END;
CREATE TRIGGER category_counts_unlink AFTER DELETE ON article_categories BEGIN
    UPDATE category_counts SET
        total = total - 1,
        unread = unread - COALESCE((SELECT read = 0 FROM articles WHERE id = old.article_id), 0)
    WHERE category_id = old.category_id;
END;
CREATE TRIGGER category_counts_read AFTER UPDATE OF read ON articles
WHEN old.read != new.read BEGIN
    UPDATE category_counts SET unread = unread + (CASE WHEN new.read = 0 THEN 1 ELSE -1 END)
    WHERE category_id IN (SELECT category_id FROM article_categories WHERE article_id = new.id);
END;
CREATE TABLE old_article_feeds (
    feed_id INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (feed_id, article_id)
) WITHOUT ROWID;
INSERT INTO old_article_feeds SELECT feed_id, article_id FROM article_feeds;
DROP TABLE article_feeds;
ALTER TABLE old_article_feeds RENAME TO article_feeds;
CREATE INDEX article_feeds_article ON article_feeds (article_id);
ALTER TABLE feeds DROP COLUMN position;
ALTER TABLE feeds DROP COLUMN keep_days;
ALTER TABLE feeds DROP COLUMN ttl;
DROP TRIGGER sync_queue_read;
DROP TRIGGER sync_queue_starred;
DROP TRIGGER sync_items_forget;
DROP INDEX categories_position;
CREATE TABLE old_items (item_id INTEGER PRIMARY KEY, article_id INTEGER UNIQUE);
INSERT INTO old_items SELECT CAST(item_id AS INTEGER), article_id FROM sync_items;
DROP TABLE sync_items;
ALTER TABLE old_items RENAME TO sync_items;
CREATE TABLE old_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, item_id INTEGER NOT NULL, field TEXT NOT NULL,
    value INTEGER NOT NULL, made REAL NOT NULL, UNIQUE (item_id, field));
DROP TABLE sync_changes;
ALTER TABLE old_changes RENAME TO sync_changes;
CREATE TRIGGER sync_queue_read AFTER UPDATE OF read ON articles
WHEN old.read != new.read AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'read', new.read, 0 FROM sync_items WHERE article_id = new.id;
END;
CREATE TRIGGER sync_queue_starred AFTER UPDATE OF starred ON articles
WHEN old.starred != new.starred AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'starred', new.starred, 0 FROM sync_items WHERE article_id = new.id;
END;
CREATE TRIGGER sync_items_forget AFTER DELETE ON articles BEGIN
    UPDATE sync_items SET article_id = NULL WHERE article_id = old.id;
END;
PRAGMA user_version = 7;
"""


class TestACacheFromBeforeTextIds:
    """Finding 8's migration, on the real server: a cache synced (and marked) while item ids
    were INTEGER goes on syncing after v8 made them text: nothing pulled twice, the marks
    made before it pushed."""

    def test_a_v7_cache_migrates_and_syncs_on(
        self, reader: Reader, server: freshrss.FreshRSS
    ) -> None:
        assert reader.run("refresh").status == 0
        conn = sqlite3.connect(reader.database)
        conn.executescript(_BEFORE_V8)
        article, item = conn.execute(
            "SELECT article_id, item_id FROM sync_items WHERE article_id IS NOT NULL LIMIT 1"
        ).fetchone()
        assert isinstance(item, int)
        conn.execute("UPDATE articles SET starred = 1 WHERE id = ?", (article,))
        conn.commit()
        assert conn.execute("SELECT item_id FROM sync_changes").fetchall() == [(item,)]
        conn.close()

        r = reader.run("refresh")
        assert r.status == 0, r.err
        assert "sync: pushed 1 local change" in r.out and "sync: 0 new articles" in r.out
        assert server.starred_ids() == {item}
        conn = sqlite3.connect(reader.database)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            kinds = {t for (t,) in conn.execute("SELECT DISTINCT typeof(item_id) FROM sync_items")}
            assert kinds == {"text"}
        finally:
            conn.close()
