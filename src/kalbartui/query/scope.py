"""Where a rule or an alert applies: its `scope`, "" (everywhere), "category:NAME" or
"feed:NAME", as a node ANDed to its query. Pure, as the rest of the query language."""

from __future__ import annotations

from kalbartui.query.nodes import And, Name, Node

SCOPE_FIELDS = ("category", "feed")


def split_scope(scope: str) -> tuple[str, str] | None:
    """("category"|"feed", NAME) for a scope, None for "" (everywhere); ValueError when it is
    neither."""
    if not scope.strip():
        return None
    field, sep, name = scope.partition(":")
    field = field.strip().lower()
    name = name.strip()
    if not sep or field not in SCOPE_FIELDS or not name:
        raise ValueError(scope)
    return field, name


def scoped(node: Node, scope: str) -> Node:
    """The query `node` within `scope` (a category by its name, a feed by a part of its name)."""
    where = split_scope(scope)
    if where is None:
        return node
    field, name = where
    return And((node, Name("category" if field == "category" else "feed", name)))
