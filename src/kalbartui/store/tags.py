"""The user's own marks beyond read and starred: tags on articles, and hidden articles; and the
[[rules]] that set them (and read and star marks) on what a refresh brings (schema v12).

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
from kalbartui.query.nodes import And, Name, Node, Not, Or, Pattern, State
from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.matching import compile_query

_CHUNK = 500  # host parameters per IN (...) list
MAX_TAG = 100  # characters of a tag
# A write's new articles, as the rules see them: their ids, and an index of their words alone
# (a few rows: a rule's words are looked up there, not in the whole cache's index).
_BATCH_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS rule_batch (id INTEGER PRIMARY KEY)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.rule_batch_fts USING fts5("
    "title, author, body_text, content='', tokenize='unicode61 remove_diacritics 2')",
)
_BATCH_ROWS = "temp.rule_batch b CROSS JOIN articles a ON a.id = b.id"


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule's SQL: `where` on `articles a`, with its parameters; `reads`: the marks its
    query asks ("read", "starred", "tags"), which a rule before it may have changed."""

    rule: Rule
    where: str
    params: tuple[object, ...]
    reads: frozenset[str] = frozenset()


# The mark each action writes, as `CompiledRule.reads` names it.
_WRITES = {"mark_read": "read", "star": "starred", "tag": "tags"}


def _reads(node: Node) -> set[str]:
    """The marks a query asks about, which an earlier rule may change."""
    if isinstance(node, State):
        return {"starred" if node.flag == "starred" else "read"}
    if isinstance(node, Name | Pattern):
        return {"tags"} if node.field == "tag" else set()
    if isinstance(node, Not):
        return _reads(node.item)
    if isinstance(node, And | Or):
        return set().union(*(_reads(item) for item in node.items))
    return set()


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

    `batch`: for the new articles of a write (in temp.rule_batch, their words in
    temp.rule_batch_fts); else over the whole cache (`kalbartui rules --apply`). The config checked every query when it loaded.
    """
    from kalbartui.query.parse import parse

    out = []
    for rule in rules:
        if rule.action == "notify":
            continue  # delivered by the alerts, not written here
        node = parse(rule.full_query)
        if batch:
            compiled = compile_query(node, now, tz, fts_table="rule_batch_fts", per_row=True)
        else:
            compiled = compile_query(node, now, tz)
        out.append(CompiledRule(rule, compiled.where, compiled.params, frozenset(_reads(node))))
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


def apply_rule(c: sqlite3.Connection, rule: CompiledRule, batch: bool = False) -> int:
    """Run one compiled rule on the articles it finds (`batch`: among a write's new ones, in
    temp.rule_batch); how many changed.

    Hidden articles are out of reach, as they are out of every search: a rule after a "hide"
    does not see what that hid.
    """
    action = rule.rule.action
    rows = _BATCH_ROWS if batch else "articles a"
    where = f"a.hidden = 0 AND {_PENDING[action]} AND ({rule.where})"
    params: list[object] = [*([rule.rule.tag] if action == "tag" else []), *rule.params]
    if action == "tag":
        cur = c.execute(
            f"INSERT OR IGNORE INTO article_tags (article_id, tag) SELECT a.id, ? FROM {rows} "
            f"WHERE {where}",
            [rule.rule.tag, *params],
        )
        return cur.rowcount
    column = {"hide": "hidden", "mark_read": "read", "star": "starred"}[action]
    cur = c.execute(
        f"UPDATE articles SET {column} = 1 WHERE id IN (SELECT a.id FROM {rows} WHERE {where})",
        params,
    )
    return cur.rowcount


def _segments(rules: Sequence[CompiledRule]) -> list[list[CompiledRule]]:
    """The rules in runs that can be asked in one statement: a run ends before a rule whose
    query asks a mark an earlier rule of the run writes (`is:unread` after a mark_read)."""
    runs: list[list[CompiledRule]] = [[]]
    written: set[str] = set()
    for rule in rules:
        if rule.reads & written:
            runs.append([])
            written = set()
        runs[-1].append(rule)
        if rule.rule.action in _WRITES:
            written.add(_WRITES[rule.rule.action])
    return [run for run in runs if run]


def _write(c: sqlite3.Connection, rule: Rule, ids: Sequence[int]) -> None:
    """One rule's action on these articles (the same statements as a user's own marks)."""
    for k in range(0, len(ids), _CHUNK):
        chunk = ids[k : k + _CHUNK]
        marks = ",".join("?" * len(chunk))
        if rule.action == "tag":
            c.executemany(
                "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)",
                [(i, rule.tag) for i in chunk],
            )
            continue
        column = {"hide": "hidden", "mark_read": "read", "star": "starred"}[rule.action]
        c.execute(f"UPDATE articles SET {column} = 1 WHERE {column} = 0 AND id IN ({marks})", chunk)


def run_rules_on_new(
    c: sqlite3.Connection, rules: Sequence[CompiledRule], new_ids: Sequence[int]
) -> None:
    """The rules, in the order written, on a write's new articles (inside its transaction).

    Every rule of a run is asked in one statement, a column each, over the new articles
    alone; the actions follow in order, each only where something matched. An article one
    rule hid is out of the later rules' reach.
    """
    if not rules or not new_ids:
        return
    for statement in _BATCH_TABLES:
        c.execute(statement)
    c.executemany("INSERT INTO temp.rule_batch (id) VALUES (?)", [(i,) for i in new_ids])
    c.execute(
        "INSERT INTO temp.rule_batch_fts (rowid, title, author, body_text) "
        f"SELECT a.id, a.title, a.author, a.body_text FROM {_BATCH_ROWS}"
    )
    hidden: set[int] = set()
    try:
        for run in _segments(rules):
            columns = ", ".join(f"coalesce(({rule.where}), 0)" for rule in run)
            params = [p for rule in run for p in rule.params]
            rows = c.execute(
                f"SELECT a.id, {columns} FROM {_BATCH_ROWS} WHERE a.hidden = 0", params
            ).fetchall()
            for k, rule in enumerate(run, start=1):
                ids = [row[0] for row in rows if row[k] and row[0] not in hidden]
                if not ids:
                    continue
                if rule.rule.action == "hide":
                    hidden.update(ids)
                _write(c, rule.rule, ids)
    finally:
        c.execute("DELETE FROM temp.rule_batch")
        c.execute("INSERT INTO temp.rule_batch_fts (rule_batch_fts) VALUES ('delete-all')")


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
        row = self.conn.execute(
            "SELECT hidden FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
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
