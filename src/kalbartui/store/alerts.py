"""Alerts: new articles that an alert's query matches, recorded once (schema v10).

`record_alerts` runs inside a refresh's write transaction, after a feed's new rows are in the
search index and linked to their feeds and categories, and looks only at that batch of new
article ids. The `alerts` table is keyed by the article's site and guid, as the articles are:
a post another feed brings again is not new, and if it were stored again (pruned, then
brought back) the row already there keeps it from being told twice.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from kalbartui.models import Alert, AlertSpec
from kalbartui.query.nodes import Node
from kalbartui.store.errors import guarded
from kalbartui.text import clean_line

# A headline as an alert keeps it: one line, and no longer than a toast shows.
ALERT_TITLE_CHARS = 300


@functools.lru_cache(maxsize=256)
def _alert_node(query: str, scope: str) -> Node:
    from kalbartui.query.parse import parse
    from kalbartui.query.scope import scoped

    return scoped(parse(query), scope)


def record_alerts(
    c: sqlite3.Connection,
    new_ids: Sequence[int],
    specs: Sequence[AlertSpec],
    feed_name: str,
    now: datetime,
) -> list[Alert]:
    """Match the batch of new articles `new_ids` against each alert, in the order written,
    and record each match once; returns the alerts recorded now (an article matched by two
    alerts is one alert, under the first)."""
    from kalbartui.query.parse import QueryError
    from kalbartui.store.matching import compile_query

    if not new_ids or not specs:
        return []
    stamp = now.timestamp()
    left = sorted(set(new_ids))
    fired: list[Alert] = []
    for spec in specs:
        if not left:
            break
        try:
            node = _alert_node(spec.query, spec.scope)
        except (QueryError, ValueError):
            continue  # refused when the config was read; never here
        # The index is asked only about the batch's range of ids (a seek, not a common
        # word's whole entry): this runs while the feed's write transaction holds the lock.
        compiled = compile_query(node, now, ids=(left[0], left[-1]))
        hits: list[tuple[int, str, str, str, str]] = []
        for k in range(0, len(left), 500):
            chunk = left[k : k + 500]
            marks = ",".join("?" * len(chunk))
            hits.extend(
                c.execute(
                    f"SELECT a.id, a.site, a.guid, a.title, a.url FROM articles a"
                    f" WHERE a.id IN ({marks}) AND ({compiled.where}) ORDER BY a.published, a.id",
                    (*chunk, *compiled.params),
                )
            )
        label = clean_line(spec.label, 200)
        feed = clean_line(feed_name, 200)
        for aid, site, guid, title, url in hits:
            headline = clean_line(title, ALERT_TITLE_CHARS)
            done = c.execute(
                """INSERT INTO alerts (site, guid, article_id, name, title, feed, url, at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, guid) DO NOTHING""",
                (site, guid, aid, label, headline, feed, url, stamp),
            )
            if done.rowcount == 1:
                fired.append(Alert(aid, headline, feed, url, label, stamp))
        matched = {h[0] for h in hits}
        left = [aid for aid in left if aid not in matched]
    return fired


class Alerts:
    """The alerts told so far; part of `Store`."""

    conn: sqlite3.Connection

    @guarded
    def recent_alerts(self, limit: int = 50) -> list[Alert]:
        """The last `limit` alerts, newest first."""
        return [
            Alert(aid, title, feed, url, name, at)
            for aid, title, feed, url, name, at in self.conn.execute(
                "SELECT article_id, title, feed, url, name, at FROM alerts"
                " ORDER BY at DESC, id DESC LIMIT ?",
                (limit,),
            )
        ]
