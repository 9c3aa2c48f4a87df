"""Authors: what a WordPress site's REST API says of each byline, asked once and kept (v11).

A found author is kept (the reading pane and `show` read it offline); a miss is kept too,
with its time, so a site whose endpoint is closed is not asked again at every refresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from kalbartui.models import AuthorAbout
from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.text import clean_line

MAX_AUTHOR_NAME = 200  # as the byline shows it
# The newest articles of a source whose bylines a refresh looks at, shared among its feeds
# (a WordPress source has its front feed and up to a dozen categories), each feed at least
# RECENT_AT_LEAST.
RECENT_ARTICLES = 5000
RECENT_AT_LEAST = 50


def author_key(name: str) -> str:
    """The key a byline's name is kept under: cleaned as the byline shows it, casefolded."""
    return clean_line(name, MAX_AUTHOR_NAME).casefold()


@dataclass(frozen=True, slots=True)
class AuthorToAsk:
    """A byline of a source's articles that the cache knows nothing (or nothing recent) of."""

    site: str
    name: str


class Authors:
    """The authors domain of Store."""

    conn: sqlite3.Connection

    @guarded
    def author_about(self, site: str, name: str) -> AuthorAbout | None:
        """What the site said of this byline, when it was asked and answered; else None."""
        key = author_key(name)
        if not key:
            return None
        row = self.conn.execute(
            "SELECT name, description, link FROM authors WHERE site = ? AND name_key = ? AND found = 1",
            (site, key),
        ).fetchone()
        return None if row is None else AuthorAbout(row[0], row[1], row[2])

    @guarded
    def authors_to_ask(
        self, source: str, now: float, retry_after: float, limit: int
    ) -> list[AuthorToAsk]:
        """The bylines of a source's newest articles (newest first, at most `limit`) never
        asked of, or whose miss is older than `retry_after` seconds."""
        # Each of the source's feeds' newest articles, by that feed's time index: a byline
        # that matters is on them, and a cache of 100,000 articles is not walked at every refresh.
        feed_ids = [
            r[0] for r in self.conn.execute("SELECT id FROM feeds WHERE source = ?", (source,))
        ]
        per_feed = max(RECENT_AT_LEAST, RECENT_ARTICLES // max(1, len(feed_ids)))
        found: list[tuple[float, str, str]] = []
        for feed_id in feed_ids:
            found.extend(
                self.conn.execute(
                    """SELECT af.published, a.site, a.author
                       FROM article_feeds af JOIN articles a ON a.id = af.article_id
                       WHERE af.feed_id = ? AND a.author != ''
                       ORDER BY af.published DESC, af.article_id DESC LIMIT ?""",
                    (feed_id, per_feed),
                ).fetchall()
            )
        found.sort(key=lambda r: r[0], reverse=True)
        rows = list(dict.fromkeys((site, name) for _published, site, name in found))
        out: list[AuthorToAsk] = []
        seen: set[tuple[str, str]] = set()
        for site, name in rows:
            key = author_key(name)
            if not key or (site, key) in seen:
                continue
            seen.add((site, key))
            known = self.conn.execute(
                "SELECT found, checked FROM authors WHERE site = ? AND name_key = ?", (site, key)
            ).fetchone()
            if known is not None and (known[0] or now - known[1] < retry_after):
                continue
            out.append(AuthorToAsk(site, clean_line(name, MAX_AUTHOR_NAME)))
            if len(out) >= limit:
                break
        return out

    @guarded
    def save_authors(
        self, answers: Sequence[tuple[AuthorToAsk, AuthorAbout | None]], checked: float
    ) -> None:
        """Keep what the site said of each byline asked of (None: a miss, kept with its time)."""
        if not answers:
            return
        with write(self.conn) as c:
            c.executemany(
                """INSERT INTO authors (site, name_key, found, name, description, link, checked)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (site, name_key) DO UPDATE SET found = excluded.found,
                       name = excluded.name, description = excluded.description,
                       link = excluded.link, checked = excluded.checked""",
                [
                    (
                        asked.site,
                        author_key(asked.name),
                        about is not None,
                        about.name if about is not None else asked.name,
                        about.description if about is not None else "",
                        about.link if about is not None else "",
                        checked,
                    )
                    for asked, about in answers
                ],
            )
