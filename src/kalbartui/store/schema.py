"""The cache's tables, indexes and triggers, as numbered migrations.

`apply_migrations` runs inside the caller's transaction (see `db.migrate`); nothing here
opens a connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kalbartui.store.errors import DatabaseError

CATEGORY_SEP = "\x1f"  # joins an article's category terms in one column
# meta key prefix (+ feed id) of the SHA-256 of the last body stored from that feed.
BODY_HASH_KEY = "body-sha256:"

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    site TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_checked REAL,
    last_ok REAL,
    last_error TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source, name)
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    guid TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published REAL NOT NULL,
    published_estimated INTEGER NOT NULL DEFAULT 0,
    first_seen REAL NOT NULL,
    categories TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    content_html TEXT NOT NULL DEFAULT '',
    body_text TEXT NOT NULL DEFAULT '',
    image_url TEXT NOT NULL DEFAULT '',
    feed_id INTEGER,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site, guid)
);
CREATE INDEX articles_time ON articles (published DESC, id DESC);
CREATE INDEX articles_unread ON articles (published DESC, id DESC) WHERE read = 0;
CREATE INDEX articles_starred ON articles (published DESC, id DESC) WHERE starred = 1;
CREATE TABLE article_feeds (
    feed_id INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (feed_id, article_id)
) WITHOUT ROWID;
CREATE INDEX article_feeds_article ON article_feeds (article_id);
CREATE TABLE article_categories (
    category_id INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    published REAL NOT NULL,
    PRIMARY KEY (category_id, article_id)
) WITHOUT ROWID;
CREATE INDEX article_categories_time ON article_categories (category_id, published DESC, article_id DESC);
CREATE INDEX article_categories_article ON article_categories (article_id);
"""

# v2: Retry-After bookkeeping and full-text search.
_V2 = """
ALTER TABLE feeds ADD COLUMN retry_after REAL;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, author, body_text,
    content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, author, body_text)
    VALUES (new.id, new.title, new.author, new.body_text);
END;
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
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
"""

# v3: per-category counts kept up to date by triggers, so the sidebar reads a dozen rows
# instead of joining every article (0.24 s at 100,000 articles, on every start).
_V3 = """
CREATE TABLE category_counts (
    category_id INTEGER PRIMARY KEY,
    total INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 0
);
INSERT INTO category_counts (category_id, total, unread)
    SELECT ac.category_id, COUNT(*), COALESCE(SUM(a.read = 0), 0)
    FROM article_categories ac JOIN articles a ON a.id = ac.article_id
    GROUP BY ac.category_id;
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
-- An article's links go before the article itself, while its read flag can still be counted.
CREATE TRIGGER articles_unlink BEFORE DELETE ON articles BEGIN
    DELETE FROM article_categories WHERE article_id = old.id;
END;
"""

# v4: sync with a Google Reader API server (store/sync.py). Which stored article is
# which server item, and the queue of read/starred changes not yet pushed, filled by
# triggers in the same transaction as the change itself, whoever makes it.
_V4 = """
CREATE TABLE sync_items (
    item_id INTEGER PRIMARY KEY,
    article_id INTEGER UNIQUE
);
CREATE TABLE sync_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    value INTEGER NOT NULL,
    made REAL NOT NULL,
    UNIQUE (item_id, field)
);
CREATE TABLE sync_applying (busy INTEGER PRIMARY KEY);
CREATE TRIGGER sync_queue_read AFTER UPDATE OF read ON articles
WHEN old.read != new.read AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'read', new.read, (julianday('now') - 2440587.5) * 86400.0
    FROM sync_items WHERE article_id = new.id;
END;
CREATE TRIGGER sync_queue_starred AFTER UPDATE OF starred ON articles
WHEN old.starred != new.starred AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'starred', new.starred, (julianday('now') - 2440587.5) * 86400.0
    FROM sync_items WHERE article_id = new.id;
END;
-- A pruned article stays known by its server id, so the next sync does not pull it again.
CREATE TRIGGER sync_items_forget AFTER DELETE ON articles BEGIN
    UPDATE sync_items SET article_id = NULL WHERE article_id = old.id;
END;
"""

# v5: the whole article from its web page (for summary-only feeds), fetched once per article.
# status: "ok" (html/text hold the article), "error" (why it failed), "feed" (the feed's own
# body was whole). The search index gets the page's text through articles.body_text; a feed
# that later edits its summary would put the summary back, so a trigger keeps the page's.
_V5 = """
CREATE TABLE article_pages (
    article_id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    html TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    lead_image TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    fetched REAL NOT NULL
);
CREATE INDEX article_pages_errors ON article_pages (fetched DESC) WHERE status = 'error';
-- The pages to fetch after a refresh are those of articles stored lately.
CREATE INDEX articles_first_seen ON articles (first_seen);
CREATE TRIGGER article_pages_unlink AFTER DELETE ON articles BEGIN
    DELETE FROM article_pages WHERE article_id = old.id;
END;
CREATE TRIGGER article_pages_keep_text AFTER UPDATE OF body_text ON articles
WHEN EXISTS (SELECT 1 FROM article_pages p
             WHERE p.article_id = new.id AND p.status = 'ok' AND p.text != new.body_text)
BEGIN
    UPDATE articles SET body_text = (SELECT text FROM article_pages WHERE article_id = new.id)
    WHERE id = new.id;
END;
"""

# v6: new articles go into the search index from the ingest code, all of a feed's in one
# statement, instead of by a trigger row by row: inside a trigger each row's index entry is
# flushed to disk on its own (FTS5 syncs at every statement's savepoint), which made the
# index half of a refresh's writing. Edits and deletions keep their triggers.
_V6 = """
DROP TRIGGER IF EXISTS articles_fts_insert;
"""


def _v7(conn: sqlite3.Connection) -> None:
    """v7: errors kept as English sentences become Problems (a code and its parameters)."""
    from kalbartui.store import legacy_errors

    legacy_errors.migrate(conn)


# v8: server item ids as text. SQLite's INTEGER is signed 64-bit; Google's ids are unsigned
# 64-bit and some services' are 96-bit (24 hex digits). An id is kept as the decimal of its
# unsigned value (sync/greader.py's item_number), whichever form the server wrote it in.
# The triggers that name the two tables are made again around them. And an index on the
# categories' positions.
_V8 = """
DROP TRIGGER IF EXISTS sync_queue_read;
DROP TRIGGER IF EXISTS sync_queue_starred;
DROP TRIGGER IF EXISTS sync_items_forget;
CREATE TABLE sync_items_v8 (
    item_id TEXT PRIMARY KEY,
    article_id INTEGER UNIQUE
) WITHOUT ROWID;
INSERT INTO sync_items_v8 (item_id, article_id)
    SELECT CAST(item_id AS TEXT), article_id FROM sync_items;
DROP TABLE sync_items;
ALTER TABLE sync_items_v8 RENAME TO sync_items;
CREATE TABLE sync_changes_v8 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value INTEGER NOT NULL,
    made REAL NOT NULL,
    UNIQUE (item_id, field)
);
INSERT INTO sync_changes_v8 (seq, item_id, field, value, made)
    SELECT seq, CAST(item_id AS TEXT), field, value, made FROM sync_changes;
-- The queue's numbering goes on from where it was, never reusing a number.
DELETE FROM sqlite_sequence WHERE name = 'sync_changes_v8';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'sync_changes_v8', seq FROM sqlite_sequence WHERE name = 'sync_changes';
DROP TABLE sync_changes;
ALTER TABLE sync_changes_v8 RENAME TO sync_changes;
CREATE TRIGGER sync_queue_read AFTER UPDATE OF read ON articles
WHEN old.read != new.read AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'read', new.read, (julianday('now') - 2440587.5) * 86400.0
    FROM sync_items WHERE article_id = new.id;
END;
CREATE TRIGGER sync_queue_starred AFTER UPDATE OF starred ON articles
WHEN old.starred != new.starred AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'starred', new.starred, (julianday('now') - 2440587.5) * 86400.0
    FROM sync_items WHERE article_id = new.id;
END;
CREATE TRIGGER sync_items_forget AFTER DELETE ON articles BEGIN
    UPDATE sync_items SET article_id = NULL WHERE article_id = old.id;
END;
-- A new category goes after MAX(position): read from an index, not a scan per category
-- (a sync server with 20,000 labels made that quadratic).
CREATE INDEX categories_position ON categories (position);
"""

# v9: each feed's own list, and its counts kept by triggers as the categories' are (v3), so a
# sidebar of hundreds of feeds reads one row each; a feed's place in the config, its keep_days
# and its <ttl>; and the articles keep_days pruned, remembered while their feed still carries
# them so they do not come back as new (see store.ingest: `prune`, `_save_articles`).
_V9 = """
ALTER TABLE feeds ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN keep_days INTEGER;
ALTER TABLE feeds ADD COLUMN ttl INTEGER;
CREATE TABLE article_feeds_v9 (
    feed_id INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    published REAL NOT NULL,
    PRIMARY KEY (feed_id, article_id)
) WITHOUT ROWID;
INSERT INTO article_feeds_v9 (feed_id, article_id, published)
    SELECT af.feed_id, af.article_id, a.published
    FROM article_feeds af JOIN articles a ON a.id = af.article_id;
DROP TABLE article_feeds;
ALTER TABLE article_feeds_v9 RENAME TO article_feeds;
CREATE INDEX article_feeds_article ON article_feeds (article_id);
CREATE INDEX article_feeds_time ON article_feeds (feed_id, published DESC, article_id DESC);
CREATE TABLE feed_counts (
    feed_id INTEGER PRIMARY KEY,
    total INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 0
);
INSERT INTO feed_counts (feed_id, total, unread)
    SELECT af.feed_id, COUNT(*), COALESCE(SUM(a.read = 0), 0)
    FROM article_feeds af JOIN articles a ON a.id = af.article_id
    GROUP BY af.feed_id;
CREATE TRIGGER feed_counts_link AFTER INSERT ON article_feeds BEGIN
    INSERT INTO feed_counts (feed_id, total, unread)
    VALUES (new.feed_id, 1,
            COALESCE((SELECT read = 0 FROM articles WHERE id = new.article_id), 0))
    ON CONFLICT (feed_id) DO UPDATE SET
        total = total + 1, unread = unread + excluded.unread;
END;
CREATE TRIGGER feed_counts_unlink AFTER DELETE ON article_feeds BEGIN
    UPDATE feed_counts SET
        total = total - 1,
        unread = unread - COALESCE((SELECT read = 0 FROM articles WHERE id = old.article_id), 0)
    WHERE feed_id = old.feed_id;
END;
CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON articles
WHEN old.read != new.read BEGIN
    UPDATE feed_counts SET unread = unread + (CASE WHEN new.read = 0 THEN 1 ELSE -1 END)
    WHERE feed_id IN (SELECT feed_id FROM article_feeds WHERE article_id = new.id);
END;
CREATE TRIGGER articles_unlink_feeds BEFORE DELETE ON articles BEGIN
    DELETE FROM article_feeds WHERE article_id = old.id;
END;
CREATE TABLE pruned (
    site TEXT NOT NULL,
    guid TEXT NOT NULL,
    feed_id INTEGER,
    PRIMARY KEY (site, guid)
) WITHOUT ROWID;
CREATE INDEX pruned_feed ON pruned (feed_id);
"""

# v10: the alerts sent (store/alerts.py). One row per article that an alert's query matched
# when it was new, keyed by the article's site and guid (as `articles` is), so it is alerted
# exactly once: another feed bringing the same post, a restart, an edit that keeps matching
# find the row there. What was said (headline, feed, link) is kept with it, for
# `kalbartui alerts`, after the article itself is pruned.
_V10 = """
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    guid TEXT NOT NULL,
    article_id INTEGER,
    name TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    feed TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    at REAL NOT NULL,
    UNIQUE (site, guid)
);
CREATE INDEX alerts_time ON alerts (at DESC, id DESC);
CREATE INDEX alerts_article ON alerts (article_id);
CREATE TRIGGER alerts_forget AFTER DELETE ON articles BEGIN
    UPDATE alerts SET article_id = NULL WHERE article_id = old.id;
END;
"""

# v11: what a WordPress site's REST API says of each author (the byline's name, its
# own line about them, their page), asked once per author and site (store/authors.py). A row
# with found = 0 remembers a miss (no such user, the endpoint closed) and when it was, so a
# closed site is not asked again at every refresh. `name_key` is the byline's name as
# stored, casefolded; `site` is the articles' own (the host of their feed).
_V11 = """
CREATE TABLE authors (
    site TEXT NOT NULL,
    name_key TEXT NOT NULL,
    found INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    checked REAL NOT NULL,
    PRIMARY KEY (site, name_key)
) WITHOUT ROWID;
"""

# v12: the user's own tags on articles, and hidden articles (a rule's "hide"). A hidden
# article stays in the cache, known by its guid so it never comes back as new, but leaves the
# search index and every count the triggers keep (v3, v9), so no list, count or search sees
# it; only the "hidden" list shows it, and unhiding puts it back everywhere.
_V12 = """
ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_hidden ON articles (published DESC, id DESC) WHERE hidden = 1;
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags (tag COLLATE NOCASE, article_id);
CREATE TRIGGER article_tags_unlink AFTER DELETE ON articles BEGIN
    DELETE FROM article_tags WHERE article_id = old.id;
END;
-- A tag added or taken away is queued for the sync server as a label (field "label:NAME"),
-- as the read and starred marks are (v4); an article pruned takes its tags along unsent.
CREATE TRIGGER sync_queue_tag_add AFTER INSERT ON article_tags
WHEN NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'label:' || new.tag, 1, (julianday('now') - 2440587.5) * 86400.0
    FROM sync_items WHERE article_id = new.article_id;
END;
CREATE TRIGGER sync_queue_tag_remove AFTER DELETE ON article_tags
WHEN NOT EXISTS (SELECT 1 FROM sync_applying)
 AND EXISTS (SELECT 1 FROM articles WHERE id = old.article_id) BEGIN
    INSERT OR REPLACE INTO sync_changes (item_id, field, value, made)
    SELECT item_id, 'label:' || old.tag, 0, (julianday('now') - 2440587.5) * 86400.0
    FROM sync_items WHERE article_id = old.article_id;
END;
DROP TRIGGER IF EXISTS articles_fts_delete;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN old.hidden = 0 BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, author, body_text)
    VALUES ('delete', old.id, old.title, old.author, old.body_text);
END;
DROP TRIGGER IF EXISTS articles_fts_update;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, author, body_text ON articles
WHEN old.hidden = 0 AND new.hidden = 0 BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, author, body_text)
    VALUES ('delete', old.id, old.title, old.author, old.body_text);
    INSERT INTO articles_fts (rowid, title, author, body_text)
    VALUES (new.id, new.title, new.author, new.body_text);
END;
CREATE TRIGGER articles_fts_hide AFTER UPDATE OF hidden ON articles
WHEN old.hidden = 0 AND new.hidden = 1 BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, author, body_text)
    VALUES ('delete', old.id, old.title, old.author, old.body_text);
END;
CREATE TRIGGER articles_fts_unhide AFTER UPDATE OF hidden ON articles
WHEN old.hidden = 1 AND new.hidden = 0 BEGIN
    INSERT INTO articles_fts (rowid, title, author, body_text)
    VALUES (new.id, new.title, new.author, new.body_text);
END;
DROP TRIGGER IF EXISTS category_counts_link;
CREATE TRIGGER category_counts_link AFTER INSERT ON article_categories BEGIN
    INSERT INTO category_counts (category_id, total, unread)
    VALUES (new.category_id,
            COALESCE((SELECT hidden = 0 FROM articles WHERE id = new.article_id), 1),
            COALESCE((SELECT read = 0 AND hidden = 0 FROM articles WHERE id = new.article_id), 0))
    ON CONFLICT (category_id) DO UPDATE SET
        total = total + excluded.total, unread = unread + excluded.unread;
END;
DROP TRIGGER IF EXISTS category_counts_unlink;
CREATE TRIGGER category_counts_unlink AFTER DELETE ON article_categories BEGIN
    UPDATE category_counts SET
        total = total - COALESCE((SELECT hidden = 0 FROM articles WHERE id = old.article_id), 1),
        unread = unread - COALESCE(
            (SELECT read = 0 AND hidden = 0 FROM articles WHERE id = old.article_id), 0)
    WHERE category_id = old.category_id;
END;
DROP TRIGGER IF EXISTS category_counts_read;
CREATE TRIGGER category_counts_read AFTER UPDATE OF read ON articles
WHEN old.read != new.read AND new.hidden = 0 BEGIN
    UPDATE category_counts SET unread = unread + (CASE WHEN new.read = 0 THEN 1 ELSE -1 END)
    WHERE category_id IN (SELECT category_id FROM article_categories WHERE article_id = new.id);
END;
CREATE TRIGGER category_counts_hidden AFTER UPDATE OF hidden ON articles
WHEN old.hidden != new.hidden BEGIN
    UPDATE category_counts SET
        total = total + (CASE WHEN new.hidden = 0 THEN 1 ELSE -1 END),
        unread = unread + (CASE WHEN new.read != 0 THEN 0 WHEN new.hidden = 0 THEN 1 ELSE -1 END)
    WHERE category_id IN (SELECT category_id FROM article_categories WHERE article_id = new.id);
END;
DROP TRIGGER IF EXISTS feed_counts_link;
CREATE TRIGGER feed_counts_link AFTER INSERT ON article_feeds BEGIN
    INSERT INTO feed_counts (feed_id, total, unread)
    VALUES (new.feed_id,
            COALESCE((SELECT hidden = 0 FROM articles WHERE id = new.article_id), 1),
            COALESCE((SELECT read = 0 AND hidden = 0 FROM articles WHERE id = new.article_id), 0))
    ON CONFLICT (feed_id) DO UPDATE SET
        total = total + excluded.total, unread = unread + excluded.unread;
END;
DROP TRIGGER IF EXISTS feed_counts_unlink;
CREATE TRIGGER feed_counts_unlink AFTER DELETE ON article_feeds BEGIN
    UPDATE feed_counts SET
        total = total - COALESCE((SELECT hidden = 0 FROM articles WHERE id = old.article_id), 1),
        unread = unread - COALESCE(
            (SELECT read = 0 AND hidden = 0 FROM articles WHERE id = old.article_id), 0)
    WHERE feed_id = old.feed_id;
END;
DROP TRIGGER IF EXISTS feed_counts_read;
CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON articles
WHEN old.read != new.read AND new.hidden = 0 BEGIN
    UPDATE feed_counts SET unread = unread + (CASE WHEN new.read = 0 THEN 1 ELSE -1 END)
    WHERE feed_id IN (SELECT feed_id FROM article_feeds WHERE article_id = new.id);
END;
CREATE TRIGGER feed_counts_hidden AFTER UPDATE OF hidden ON articles
WHEN old.hidden != new.hidden BEGIN
    UPDATE feed_counts SET
        total = total + (CASE WHEN new.hidden = 0 THEN 1 ELSE -1 END),
        unread = unread + (CASE WHEN new.read != 0 THEN 0 WHEN new.hidden = 0 THEN 1 ELSE -1 END)
    WHERE feed_id IN (SELECT feed_id FROM article_feeds WHERE article_id = new.id);
END;
"""

# Each step is an SQL script, or a function for what SQL alone cannot do.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    _V1, _V2, _V3, _V4, _V5, _V6, _v7, _V8, _V9, _V10, _V11, _V12,
]  # fmt: skip
SCHEMA_VERSION = len(MIGRATIONS)


def split_script(script: str) -> list[str]:
    """A multi-statement SQL script as its statements, in order."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def apply_migrations(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema forward to `target` inside the caller's transaction; returns the version found."""
    found: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise DatabaseError("cache.newer", found=str(found), known=str(SCHEMA_VERSION))
    for version in range(found, target):
        step = MIGRATIONS[version]
        if callable(step):
            step(conn)
        else:
            for statement in split_script(step):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    return found
