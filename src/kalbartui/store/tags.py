"""The user's own marks beyond read and starred: tags on articles, and hidden articles; and the
[[rules]] that set them (and read and star marks) on what a refresh brings (schema v10).

A rule is compiled once (`compile_rules`) and asked only about the new articles of a write:
its look-ups in the search index are narrowed to their id range, and its SQL to their ids.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from kalbartui.models import Rule, RuleAction
from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.matching import compile_query

_CHUNK = 500  # host parameters per IN (...) list
MAX_TAG = 100  # characters of a tag
# The new articles of one write, as the rules see them: their id range in the index.
_BATCH_RANGE = (
    "rowid BETWEEN (SELECT MIN(id) FROM temp.rule_batch) AND (SELECT MAX(id) FROM temp.rule_batch)"
)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule's SQL: `where` on `articles a`, with its parameters."""

    rule: Rule
    where: str
    params: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How many articles one rule changed (or would change)."""

    rule: Rule
    count: int


def clean_tag(name: str) -> str:
    """A tag as it is kept: one line, trimmed, no control characters."""
    from kalbartui.text import clean_line

    return clean_line(name, MAX_TAG).strip()


@functools.lru_cache(maxsize=8)
def compile_rules(
    rules: tuple[Rule, ...], now: datetime, tz: tzinfo | None = None, batch: bool = True
) -> tuple[CompiledRule, ...]:
    """Each rule's SQL, made once for a refresh (the same rules and clock: the same SQL).

    `batch`: narrowed to the new articles of a write (in temp.rule_batch); else over the
    whole cache (`kalbartui rules --apply`). The config checked every query when it loaded.
    """
    from kalbartui.query.parse import parse

    out = []
    for rule in rules:
        if rule.action == "notify":
            continue  # delivered by the alerts, not written here
        compiled = compile_query(
            parse(rule.full_query), now, tz, fts_within=_BATCH_RANGE if batch else ""
        )
        out.append(CompiledRule(rule, compiled.where, compiled.params))
    return tuple(out)


def rules_for(
    rules: Sequence[Rule], now: datetime, tz: tzinfo | None = None
) -> tuple[CompiledRule, ...]:
    """The rules compiled for a refresh's writes, once per minute of its clock (so a worker
    that writes many feeds compiles them once)."""
    if not rules:
        return ()
    return compile_rules(tuple(rules), now.replace(second=0, microsecond=0), tz)


# What each action changes, and the articles it would change (so a count says what it did).
_PENDING: dict[RuleAction, str] = {
    "hide": "a.hidden = 0",
    "mark_read": "a.read = 0",
    "star": "a.starred = 0",
    "tag": "NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag = ?)",
}


def apply_rule(c: sqlite3.Connection, rule: CompiledRule, within: str = "") -> int:
    """Run one compiled rule on the articles it finds (and `within`, SQL on `a`); how many changed.

    Hidden articles are out of reach, as they are out of every search: a rule after a "hide"
    does not see what that hid.
    """
    action = rule.rule.action
    pending = _PENDING[action]
    where = f"a.hidden = 0 AND {pending} AND ({rule.where})"
    if within:
        where = f"{within} AND {where}"
    params: list[object] = [*([rule.rule.tag] if action == "tag" else []), *rule.params]
    found = f"SELECT a.id FROM articles a WHERE {where}"
    if action == "tag":
        cur = c.execute(
            f"INSERT OR IGNORE INTO article_tags (article_id, tag) SELECT a.id, ? FROM articles a "
            f"WHERE {where}",
            [rule.rule.tag, *params],
        )
        return cur.rowcount
    column = {"hide": "hidden", "mark_read": "read", "star": "starred"}[action]
    cur = c.execute(f"UPDATE articles SET {column} = 1 WHERE id IN ({found})", params)
    return cur.rowcount


def run_rules_on_new(
    c: sqlite3.Connection, rules: Sequence[CompiledRule], new_ids: Sequence[int]
) -> None:
    """The rules, in the order written, on a write's new articles (inside its transaction)."""
    if not rules or not new_ids:
        return
    c.execute("CREATE TEMP TABLE IF NOT EXISTS rule_batch (id INTEGER PRIMARY KEY)")
    c.execute("DELETE FROM temp.rule_batch")
    c.executemany("INSERT INTO temp.rule_batch (id) VALUES (?)", [(i,) for i in new_ids])
    try:
        for rule in rules:
            apply_rule(c, rule, "a.id IN (SELECT id FROM temp.rule_batch)")
    finally:
        c.execute("DELETE FROM temp.rule_batch")


class Tags:
    """User tags and hidden articles; part of `Store`."""

    conn: sqlite3.Connection

    # ------------------------------------------------------------------ tags

    @guarded
    def tags_of(self, article_id: int) -> list[str]:
        """An article's tags, in the order of their names."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag", (article_id,)
            )
        ]

    @guarded
    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag in use, with how many articles (hidden ones too) have it, by name."""
        return [
            (r[0], r[1])
            for r in self.conn.execute(
                "SELECT MIN(tag), COUNT(*) FROM article_tags GROUP BY tag ORDER BY tag"
            )
        ]

    @guarded
    def add_tag(self, article_ids: Iterable[int], tag: str) -> int:
        """Give these articles a tag (any case is the same tag); how many had it not."""
        with write(self.conn) as c:
            cur = c.executemany(
                "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)",
                [(i, tag) for i in article_ids],
            )
            return cur.rowcount

    @guarded
    def remove_tag(self, article_ids: Iterable[int], tag: str) -> int:
        """Take a tag off these articles; how many had it."""
        with write(self.conn) as c:
            cur = c.executemany(
                "DELETE FROM article_tags WHERE article_id = ? AND tag = ?",
                [(i, tag) for i in article_ids],
            )
            return cur.rowcount

    # ------------------------------------------------------------------ hidden

    @guarded
    def set_hidden(self, article_ids: Iterable[int], hidden: bool) -> int:
        """Hide or unhide these articles; how many changed."""
        with write(self.conn) as c:
            cur = c.executemany(
                "UPDATE articles SET hidden = ? WHERE id = ? AND hidden != ?",
                [(int(hidden), i, int(hidden)) for i in article_ids],
            )
            return cur.rowcount

    @guarded
    def is_hidden(self, article_id: int) -> bool:
        """Whether a rule hid this article."""
        row = self.conn.execute("SELECT hidden FROM articles WHERE id = ?", (article_id,)).fetchone()
        return bool(row and row[0])

    @guarded
    def unhide_matching(self, text: str, now: datetime, tz: tzinfo | None = None) -> int:
        """Unhide the hidden articles a query of the query language finds; how many.

        Hidden articles are out of the search index: their words are looked up in an index
        of their own, made for this (they are few). QueryError for a mistake in the query.
        """
        from kalbartui.query.parse import parse

        compiled = compile_query(parse(text), now, tz, fts_table="hidden_fts")
        with write(self.conn) as c:
            c.execute("DROP TABLE IF EXISTS temp.hidden_fts")
            c.execute(
                "CREATE VIRTUAL TABLE temp.hidden_fts USING fts5(title, author, body_text, "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            c.execute(
                "INSERT INTO temp.hidden_fts (rowid, title, author, body_text) "
                "SELECT id, title, author, body_text FROM articles INDEXED BY articles_hidden "
                "WHERE hidden = 1"
            )
            cur = c.execute(
                "UPDATE articles SET hidden = 0 WHERE id IN (SELECT a.id FROM articles a "
                f"INDEXED BY articles_hidden WHERE a.hidden = 1 AND ({compiled.where}))",
                list(compiled.params),
            )
            c.execute("DROP TABLE temp.hidden_fts")
            return cur.rowcount

    # ------------------------------------------------------------------ rules on the cache

    @guarded
    def apply_rules(self, rules: Sequence[CompiledRule], dry_run: bool = False) -> list[RuleCount]:
        """The rules, in the order written, on every stored article; per rule, how many it
        changed. `dry_run`: the same, then taken back (so its counts are the ones --apply
        would give)."""
        out: list[RuleCount] = []
        with write(self.conn) as c:
            c.execute("SAVEPOINT rules_dry_run")
            try:
                out = [RuleCount(rule.rule, apply_rule(c, rule)) for rule in rules]
            finally:
                if dry_run:
                    c.execute("ROLLBACK TO rules_dry_run")
                c.execute("RELEASE rules_dry_run")
        return out
