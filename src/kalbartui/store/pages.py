"""Whole articles from their web pages, in the cache: which to fetch, what came back, what failed.

The feed's own summary is never overwritten: the page's article sits beside it in
article_pages, Store.article reads it in its place, and the search index gets its words
through articles.body_text (see migration v4 in store/db.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from kalbartui.problems import Problem
from kalbartui.store.db import write
from kalbartui.store.errors import guarded

OK = "ok"
ERROR = "error"
WHOLE_IN_FEED = "feed"


@dataclass(frozen=True, slots=True)
class PageTask:
    """An article whose page may be fetched, with what decides whether it should be."""

    article_id: int
    url: str
    summary: str
    content_html: str
    feed_url: str
    source: str
    published: float


@dataclass(frozen=True, slots=True)
class PageState:
    status: str  # OK, ERROR or WHOLE_IN_FEED
    error: Problem | None
    fetched: datetime


_TASK_COLUMNS = """a.id, a.url, a.summary, a.content_html, COALESCE(f.url, ''),
    COALESCE(f.source, ''), a.published"""


class Pages:
    """Article pages; part of `Store`."""

    conn: sqlite3.Connection

    @guarded
    def page_candidates(self, since: datetime, limit: int) -> list[PageTask]:
        """Articles first stored after `since` whose page was never tried, newest first
        (not those a rule hid: nobody reads them)."""
        rows = self.conn.execute(
            f"""SELECT {_TASK_COLUMNS} FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
                WHERE a.first_seen >= ? AND a.hidden = 0
                  AND NOT EXISTS (SELECT 1 FROM article_pages p WHERE p.article_id = a.id)
                ORDER BY a.published DESC, a.id DESC LIMIT ?""",
            (since.timestamp(), limit),
        ).fetchall()
        return [PageTask(*row) for row in rows]

    @guarded
    def page_task(self, article_id: int) -> PageTask | None:
        """One article as a PageTask (the feed's summary, not a page's article)."""
        row = self.conn.execute(
            f"""SELECT {_TASK_COLUMNS} FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
                WHERE a.id = ?""",
            (article_id,),
        ).fetchone()
        return None if row is None else PageTask(*row)

    @guarded
    def page_state(self, article_id: int) -> PageState | None:
        row = self.conn.execute(
            "SELECT status, error, fetched FROM article_pages WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return PageState(
            row[0], Problem.from_json(row[1]), datetime.fromtimestamp(row[2]).astimezone()
        )

    @guarded
    def save_page(
        self, article_id: int, html: str, text: str, lead_image: str, now: datetime
    ) -> None:
        """The article from its page: read in place of the summary, and searched."""
        with write(self.conn) as c:
            c.execute(
                """INSERT OR REPLACE INTO article_pages
                   (article_id, status, html, text, lead_image, error, fetched)
                   VALUES (?, 'ok', ?, ?, ?, '', ?)""",
                (article_id, html, text, lead_image, now.timestamp()),
            )
            c.execute("UPDATE articles SET body_text = ? WHERE id = ?", (text, article_id))

    @guarded
    def save_page_error(self, article_id: int, error: Problem, now: datetime) -> None:
        """Why the page gave nothing. An article fetched well before keeps its text."""
        with write(self.conn) as c:
            c.execute(
                """INSERT INTO article_pages (article_id, status, error, fetched)
                   VALUES (?, 'error', ?, ?)
                   ON CONFLICT (article_id) DO UPDATE SET error = excluded.error,
                       fetched = excluded.fetched
                   WHERE status != 'ok'""",
                (article_id, error.to_json(), now.timestamp()),
            )

    @guarded
    def save_whole_in_feed(self, article_id: int, now: datetime) -> None:
        """The page was no longer than the feed's text: settled, and no failure (an earlier
        failure of the same page is forgotten; a page fetched well keeps its text)."""
        with write(self.conn) as c:
            c.execute(
                """INSERT INTO article_pages (article_id, status, error, fetched)
                   VALUES (?, 'feed', '', ?)
                   ON CONFLICT (article_id) DO UPDATE SET status = 'feed', error = '',
                       fetched = excluded.fetched
                   WHERE status != 'ok'""",
                (article_id, now.timestamp()),
            )

    @guarded
    def mark_whole_in_feed(self, article_ids: list[int], now: datetime) -> None:
        """The feed carried these articles whole: their pages need no fetch."""
        if not article_ids:
            return
        with write(self.conn) as c:
            c.executemany(
                """INSERT OR IGNORE INTO article_pages (article_id, status, fetched)
                   VALUES (?, 'feed', ?)""",
                [(aid, now.timestamp()) for aid in article_ids],
            )

    @guarded
    def page_failures(self) -> dict[int, tuple[int, Problem | None]]:
        """Per feed id: how many of its articles' pages failed, and the latest reason."""
        out: dict[int, tuple[int, Problem | None]] = {}
        rows = self.conn.execute(
            """SELECT a.feed_id, p.error FROM article_pages p JOIN articles a ON a.id = p.article_id
               WHERE p.status = 'error' ORDER BY p.fetched DESC"""
        )
        for feed_id, error in rows:
            if feed_id is None:
                continue
            count, latest = out.get(feed_id, (0, Problem.from_json(error)))
            out[feed_id] = (count + 1, latest)
        return out
