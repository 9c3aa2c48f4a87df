"""Schema, migrations and connection rules for the article cache.

Rules: one connection per thread; WAL; a generous busy timeout; every write
transaction starts with BEGIN IMMEDIATE so two processes queue instead of
failing with "database is locked" halfway through.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

BUSY_TIMEOUT_MS = 30_000


class DatabaseError(Exception):
    """The cache cannot be used; the message is for the user."""


class CorruptDatabase(DatabaseError):
    """The file is not a usable SQLite database."""


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

# v4: the whole article from its web page (for summary-only feeds), fetched once per article.
# status: "ok" (html/text hold the article), "error" (why it failed), "feed" (the feed's own
# body was whole). The search index gets the page's text through articles.body_text; a feed
# that later edits its summary would put the summary back, so a trigger keeps the page's.
_V4 = """
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

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4]
SCHEMA_VERSION = len(MIGRATIONS)


def _apply(conn: sqlite3.Connection, script: str) -> None:
    """Run a multi-statement script inside the caller's transaction."""
    for statement in _split(script):
        conn.execute(statement)


def _split(script: str) -> list[str]:
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


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema forward to `target`; returns the version found before."""
    with write(conn):
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise DatabaseError(
                f"the cache was written by a newer kalbartui (schema {found}, this one knows {SCHEMA_VERSION})"
            )
        for version in range(found, target):
            _apply(conn, MIGRATIONS[version])
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return found


def cache_error(exc: sqlite3.Error, path: Path | str) -> DatabaseError | None:
    """What SQLite said, as one sentence for the user; None for a fault in kalbartui itself."""
    message = str(exc)
    lowered = message.lower()
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return CorruptDatabase(f"{path} is damaged ({message})")
    if "full" in lowered:
        return DatabaseError(f"cannot write the cache {path}: the disk is full")
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        folder = Path(path).parent
        if not os.access(folder, os.W_OK) or (Path(path).exists() and not os.access(path, os.W_OK)):
            return DatabaseError(
                f"cannot write the cache {path}: it is on a read-only disk or folder"
            )
        return DatabaseError(f"cannot write the cache {path}: {message}")
    if "disk i/o" in lowered:
        return DatabaseError(f"cannot write the cache {path}: the disk reported an I/O error")
    if "locked" in lowered or "busy" in lowered:
        return DatabaseError(
            f"the cache {path} stayed locked by another kalbartui for {BUSY_TIMEOUT_MS // 1000} s"
        )
    return None


def _filename(conn: sqlite3.Connection) -> str:
    try:
        return conn.execute("PRAGMA database_list").fetchone()[2] or "the cache"
    except sqlite3.Error:
        return "the cache"


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back (a full disk does that); a second error would
    # only hide the first.
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _execute_when_unlocked(conn: sqlite3.Connection, sql: str, pause: float) -> None:
    """Run `sql`, asking again every `pause` seconds while SQLite answers "locked",
    up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute(sql)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, asking again every millisecond while another writer holds the lock.

    SQLite's own busy handler backs off to 100 ms sleeps, so a writer that commits and at
    once begins again (a refresh, batch after batch) keeps winning and the reader's click
    waits for the whole refresh. Asking often gets in at the next gap, one batch later.
    """
    conn.execute("PRAGMA busy_timeout = 1")
    try:
        _execute_when_unlocked(conn, "BEGIN IMMEDIATE", 0.001)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class write:
    """`with write(conn):` one IMMEDIATE transaction, committed or rolled back as a whole.

    A disk that is full, read-only or damaged surfaces as DatabaseError (CorruptDatabase for
    damage) with one sentence for the user, never as a bare sqlite3 error.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        try:
            _begin_immediate(self.conn)
        except sqlite3.Error as exc:
            raise cache_error(exc, _filename(self.conn)) or exc from None
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as error:
                _rollback(self.conn)
                raise cache_error(error, _filename(self.conn)) or error from None
            return
        _rollback(self.conn)
        if isinstance(exc, sqlite3.Error):
            friendly = cache_error(exc, _filename(self.conn))
            if friendly is not None:
                raise friendly from None


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite answers "locked" at once, without the busy handler, when another
    process is opening the same new file at that moment, so wait for it here."""
    _execute_when_unlocked(conn, "PRAGMA journal_mode = WAL", 0.005)


def connect(
    path: Path | str, *, readonly: bool = False, migrate_schema: bool = True
) -> sqlite3.Connection:
    """Open the cache with kalbartui's connection rules, migrating it if needed."""
    path = Path(path)
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"cannot create the data directory {path.parent}: {exc.strerror or exc}"
            ) from None
    uri = f"file:{path}?mode=ro" if readonly else str(path)
    try:
        conn = sqlite3.connect(
            uri,
            uri=readonly,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            _enable_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -16000")
        conn.execute("PRAGMA temp_store = MEMORY")
        if migrate_schema and not readonly:
            migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise cache_error(exc, path) or DatabaseError(f"{path}: {exc}") from None
    return conn


def check_integrity(conn: sqlite3.Connection) -> str:
    """'ok', or what SQLite found wrong."""
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(r[0] for r in rows)


def recover_corrupt(path: Path, export_starred: Callable[[Path], object] | None = None) -> Path:
    """Move a damaged cache aside (never delete it) and return where it went."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    if export_starred is not None:
        try:
            export_starred(target.with_name(target.name + ".starred.json"))
        except Exception:  # noqa: BLE001 - a best effort; the move below matters more
            pass
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def open_store(path: Path | str):  # noqa: ANN201 - returns Store, import cycle
    from kalbartui.store.queries import Store

    return Store(connect(path))


def export_starred_raw(path: Path, target: Path) -> int:
    """Save the starred articles of a damaged cache as JSON, as far as the file can still be read."""
    import json

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sql = "SELECT url, title, author, published, summary FROM articles {} WHERE starred = 1"
    try:
        try:
            rows = conn.execute(sql.format("")).fetchall()
        except sqlite3.DatabaseError:
            # The damage may sit in an index: read the table itself.
            rows = conn.execute(sql.format("NOT INDEXED")).fetchall()
    finally:
        conn.close()
    items = [
        dict(zip(("url", "title", "author", "published", "summary"), r, strict=True)) for r in rows
    ]
    target.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)


def open_or_recover(path: Path):  # noqa: ANN201 - returns (Store, str | None)
    """Open the cache; a damaged file is moved aside (never deleted) and a fresh cache started.

    Returns the store and, after a recovery, one sentence for the user.
    """
    from kalbartui.store.queries import Store

    try:
        return Store(connect(path)), None
    except CorruptDatabase as exc:
        note = recover(path, exc)
        return Store(connect(path)), note


def recover(path: Path, reason: object) -> str:
    """Move a damaged cache aside (starred articles exported first) and start a fresh one.

    For damage found at open time or later, in the middle of a read or a write. Returns
    one sentence for the user.
    """
    moved = recover_corrupt(path, lambda target: export_starred_raw(path, target))
    connect(path).close()
    starred = moved.with_name(moved.name + ".starred.json")
    note = (
        f"The cache was damaged ({reason}); it was moved to {moved} and a fresh cache was started."
    )
    if starred.exists():
        note += f" Starred articles that could be read were saved to {starred}."
    return note
