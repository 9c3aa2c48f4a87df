"""A parsed query (kalbartui.query.nodes) compiled into SQL over the cache: a WHERE clause on
the articles table (alias `a`) and its parameters, every value bound, none pasted in.

Words go to the full-text index: a part of the query made of words alone (phrases, prefixes,
title:/author:/text:, with AND, OR and NOT among them) becomes one FTS5 expression, so the
index answers it in one look-up. Everything else is a condition on the columns: flags, dates,
the feed, category, tag or site an article belongs to, and regular expressions (RE2, through
the `re2_search` SQL function every connection registers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from kalbartui.query.nodes import (
    And,
    Everything,
    Name,
    Node,
    Not,
    Or,
    Pattern,
    State,
    When,
    Words,
)

_FTS_COLUMNS = {"title": "title", "author": "author", "text": "body_text"}
# An article among the index's matches: the whole set of matches, gathered once (a list's plan).
FTS_MEMBER = "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
_UNREAD = "a.id IN (SELECT id FROM articles INDEXED BY articles_unread WHERE read = 0)"
_STARRED = "a.id IN (SELECT id FROM articles INDEXED BY articles_starred WHERE starred = 1)"
# The same among the articles stored after a given id: the index seeks to that rowid in each
# word's list, so a landing feed's few articles cost the same whatever the cache's size.
FTS_MEMBER_AFTER = (
    "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ?)"
)


def after_id(where: str, params: Sequence[object], newest: int) -> tuple[str, list[object]]:
    """A compiled WHERE clause and its parameters, its look-ups in the index limited to the
    articles stored after `newest` (the caller limits the rest with `a.id > newest`)."""
    pieces = where.split(FTS_MEMBER)
    out: list[object] = []
    at = 0
    for i, piece in enumerate(pieces):
        taken = piece.count("?")  # the compiled SQL has no "?" but its parameters
        out.extend(params[at : at + taken])
        at += taken
        if i < len(pieces) - 1:
            out.extend((params[at], newest))
            at += 1
    return FTS_MEMBER_AFTER.join(pieces), out


# A feed as a list names it: its name in the config, else its own title, else its address.
_FEED_NAME = "COALESCE(NULLIF(f.name, ''), NULLIF(f.title, ''), f.url)"


@dataclass(frozen=True, slots=True)
class Compiled:
    """The WHERE clause (on `articles a`) and its parameters; `fts` is set when the whole
    query is words alone: the FTS5 expression, which the store's search plans can use."""

    where: str
    params: tuple[object, ...]
    fts: str | None = None
    fts_whole: str = ""  # `fts` without the last word's prefix: a subset, counted faster


def compile_query(
    node: Node,
    now: datetime,
    tz: tzinfo | None = None,
    ids: tuple[int, int] | None = None,
    fts_within: str = "",
    fts_table: str = "articles_fts",
    per_row: bool = False,
) -> Compiled:
    """SQL for a query; `now` and `tz` place relative and calendar dates.

    `ids` (lowest, highest): the caller asks only about a few articles in that range of ids
    (a batch of new ones, for alerts), so the index is asked about that range alone (FTS5
    seeks to it instead of reading a word's whole entry) and feed and category terms look at
    each article's own links; the caller still restricts `a.id` itself.
    `fts_within` (SQL, no parameters) narrows every look-up in the index to some rows (a
    rule at ingest asks only the refresh's new articles: "rowid BETWEEN ... AND ...").
    `fts_table`: another index of the same columns (the hidden articles', which the main
    index leaves out, or a write's new articles'). `per_row`: a feed, category or tag is
    asked of each article (EXISTS), not gathered for the whole cache first: for a few rows
    (a rule over a write's new articles)."""
    return _Compiler(now, tz, ids, fts_within, fts_table, per_row).whole(node)


def fts_string(text: str) -> str:
    """One FTS5 string token: the text quoted, so nothing in it is FTS syntax."""
    return '"' + text.replace('"', '""') + '"'


def _has_words(text: str) -> bool:
    """Whether the index's tokenizer (unicode61) finds a word in `text`: a letter or a digit."""
    return any(ch.isalnum() for ch in text)


class _Compiler:
    def __init__(
        self,
        now: datetime,
        tz: tzinfo | None,
        ids: tuple[int, int] | None = None,
        fts_within: str = "",
        fts_table: str = "",
        per_row: bool = False,
    ) -> None:
        self.now = now
        self.tz = tz
        self.ids = ids
        self.per_row = per_row or ids is not None
        self.fts_within = fts_within
        self.fts_table = fts_table or "articles_fts"

    def in_index(self, expression: str) -> tuple[str, list[object]]:
        """The articles an FTS5 expression matches, as a condition on `a.id`."""
        table = self.fts_table
        if self.ids is None and not self.fts_within and table == "articles_fts":
            return FTS_MEMBER, [expression]
        where = f"a.id IN (SELECT rowid FROM {table} WHERE {table} MATCH ?"
        params: list[object] = [expression]
        if self.ids is not None:
            where += " AND rowid BETWEEN ? AND ?"
            params.extend(self.ids)
        if self.fts_within:
            where += f" AND {self.fts_within}"
        return where + ")", params

    def whole(self, node: Node) -> Compiled:
        node = _prune(node)
        typed = _last_word_as_prefix(node)
        fts = self.fts(typed)
        if fts is not None:
            whole = self.fts(node) or fts
            where, params = self.in_index(fts)
            return Compiled(where, tuple(params), fts, whole)
        where, params = self.sql(typed)
        return Compiled(where, tuple(params))

    # ------------------------------------------------------------------ words, in the index

    def fts(self, node: Node) -> str | None:
        """The node as one FTS5 expression, or None when some part of it is no words."""
        if isinstance(node, Words):
            return self.fts_words(node)
        if isinstance(node, Or):
            parts = [self.fts(item) for item in node.items]
            if not parts or any(p is None for p in parts):
                return None
            return "(" + " OR ".join(p for p in parts if p) + ")"
        if isinstance(node, And):
            positive: list[str] = []
            negative: list[str] = []
            for item in node.items:
                if isinstance(item, Not):
                    inner = self.fts(item.item)
                    if inner is None:
                        return None
                    negative.append(inner)
                else:
                    inner = self.fts(item)
                    if inner is None:
                        return None
                    positive.append(inner)
            if not positive:
                return None  # FTS5's NOT needs something to take away from
            expression = "(" + " AND ".join(positive) + ")"
            for taken in negative:
                expression = f"({expression} NOT {taken})"
            return expression
        return None

    def fts_words(self, node: Words) -> str:
        token = fts_string(node.text)
        if node.prefix:
            token += " *"
        if node.field is not None:
            token = f"{_FTS_COLUMNS[node.field]} : {token}"
        return token

    # ------------------------------------------------------------------ the rest, in SQL

    def sql(self, node: Node) -> tuple[str, list[object]]:
        if isinstance(node, Everything):
            return "1", []
        fts = self.fts(node)
        if fts is not None:
            return self.in_index(fts)
        if isinstance(node, Or) and not node.items:
            return "0", []
        if isinstance(node, And):
            # The words among the conditions go to the index as one expression.
            words = [i for i in node.items if self.fts(i) is not None]
            negated = [i for i in node.items if isinstance(i, Not) and self.fts(i.item) is not None]
            rest: list[Node] = [i for i in node.items if i not in words and i not in negated]
            parts: list[str] = []
            params: list[object] = []
            if words:
                grouped = self.fts(And((*words, *negated)))
                assert grouped is not None
                where, more = self.in_index(grouped)
                parts.append(where)
                params.extend(more)
            else:
                rest += negated
            for item in rest:
                where, more = self.sql(item)
                parts.append(f"({where})")
                params.extend(more)
            return " AND ".join(parts), params
        if isinstance(node, Or):
            parts = []
            params = []
            for item in node.items:
                where, more = self.sql(item)
                parts.append(f"({where})")
                params.extend(more)
            return " OR ".join(parts), params
        if isinstance(node, Not):
            where, params = self.sql(node.item)
            return f"NOT ({where})", params
        if isinstance(node, State):
            # The marks sit at the end of an article's row, after its text: the partial
            # indexes that hold exactly the unread and the starred answer without reading it.
            return {
                "unread": (_UNREAD, []),
                "read": (f"NOT {_UNREAD}", []),
                "starred": (_STARRED, []),
            }[node.flag]
        if isinstance(node, When):
            return self.when(node)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Pattern):
            return self.pattern(node)
        raise AssertionError(f"no SQL for {node!r}")

    def member(self, column: str, rows: str, condition: str) -> str:
        """The article is among `rows` (FROM ... with `column` its article id) where
        `condition` holds: gathered once, or asked per article (`per_row`)."""
        if self.per_row:
            return f"EXISTS (SELECT 1 FROM {rows} WHERE {column} = a.id AND {condition})"
        return f"a.id IN (SELECT {column} FROM {rows} WHERE {condition})"

    def when(self, node: When) -> tuple[str, list[object]]:
        if node.op in ("after", "before"):
            # after:D from the start of day D on; before:D up to its start (after:D
            # before:D+1 is day D alone), in the reader's zone.
            day = date.fromisoformat(node.date)
            start = datetime.combine(day, time(0), tzinfo=self.tz or _local_zone())
            return (
                "a.published >= ?" if node.op == "after" else "a.published < ?",
                [start.timestamp()],
            )
        cutoff = (self.now - timedelta(hours=node.hours)).timestamp()
        return ("a.published >= ?" if node.op == "newer" else "a.published < ?"), [cutoff]

    def name(self, node: Name) -> tuple[str, list[object]]:
        value = node.value
        feeds = "article_feeds af JOIN feeds f ON f.id = af.feed_id"
        categories = "article_categories ac JOIN categories c ON c.id = ac.category_id"
        if node.field == "feed":
            return (
                self.member("af.article_id", feeds, f"lower({_FEED_NAME}) LIKE ? ESCAPE '\\'"),
                [_contains(value)],
            )
        if node.field == "category":
            return (
                self.member("ac.article_id", categories, "lower(c.name) = lower(?)"),
                [value],
            )
        if node.field == "tag":
            # The item's own categories, or a tag of the user's (schema v12).
            tags = self.member("t.article_id", "article_tags t", "t.tag = ?")
            return (
                f"((char(31) || lower(a.categories) || char(31)) LIKE ? ESCAPE '\\' OR {tags})",
                ["%\x1f" + _escaped(value.lower()) + "\x1f%", value],
            )
        # site: the link's host, or a host under it (kalbaronline.com finds www.kalbaronline.com).
        host = _escaped(value.lower().strip("/"))
        return (
            "(lower(a.url) LIKE ? ESCAPE '\\' OR lower(a.url) LIKE ? ESCAPE '\\')",
            [f"%://{host}/%", f"%://%.{host}/%"],
        )

    def pattern(self, node: Pattern) -> tuple[str, list[object]]:
        field = node.field
        if field in _FTS_COLUMNS:
            column = {"title": "a.title", "author": "a.author", "text": "a.body_text"}[field]
            return f"re2_search(?, {column})", [node.pattern]
        if field == "feed":
            feeds = "article_feeds af JOIN feeds f ON f.id = af.feed_id"
            return self.member("af.article_id", feeds, f"re2_search(?, {_FEED_NAME})"), [
                node.pattern
            ]
        if field == "category":
            categories = "article_categories ac JOIN categories c ON c.id = ac.category_id"
            return self.member("ac.article_id", categories, "re2_search(?, c.name)"), [node.pattern]
        if field == "tag":
            tags = self.member("t.article_id", "article_tags t", "re2_search(?, t.tag)")
            return (
                f"(re2_search(?, replace(a.categories, char(31), char(10))) OR {tags})",
                [node.pattern, node.pattern],
            )
        return "re2_search(?, a.url)", [node.pattern]


NOTHING = Or(())  # a query that finds nothing

# The last word as the user types it is also a prefix, from its third letter on: a one- or
# two-letter prefix matches most of the index (0.3 s over 100k articles).
PREFIX_MIN = 3


def _last_word_as_prefix(node: Node) -> Node:
    """Today's search rule: the query's last plain word (no field, no quotes) also begins a
    word (`kapu` finds Kapuas; `sintang` finds sintangnya)."""
    if isinstance(node, Words):
        plain = node.field is None and not node.phrase and not node.prefix
        if plain and len(node.text) >= PREFIX_MIN and node.text.isalnum():
            return Words(node.text, prefix=True)
        return node
    if isinstance(node, And) and node.items:
        return And((*node.items[:-1], _last_word_as_prefix(node.items[-1])))
    return node


def _prune(node: Node) -> Node:
    """Words with no letter or digit find nothing the index holds: they are left out of an AND
    (`banjir !!!` searches for banjir); a query of nothing else finds nothing."""
    if isinstance(node, Words):
        return node if _has_words(node.text) else NOTHING
    if isinstance(node, And):
        kept = []
        for item in node.items:
            pruned = _prune(item)
            if pruned == NOTHING or pruned == Not(NOTHING) or pruned == Everything():
                continue  # a word of no words is left out, whether wanted or not
            kept.append(pruned)
        if not kept:
            return NOTHING
        return kept[0] if len(kept) == 1 else And(tuple(kept))
    if isinstance(node, Or):
        items = tuple(p for p in (_prune(item) for item in node.items) if p != NOTHING)
        if len(items) == 1:
            return items[0]
        return Or(items)
    if isinstance(node, Not):
        inner = _prune(node.item)
        return Everything() if inner == NOTHING else Not(inner)
    return node


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(value: str) -> str:
    return "%" + _escaped(value.lower()) + "%"


def _local_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone
