"""A parsed query: a small tree of frozen nodes, the same whoever wrote the query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Fields whose words the full-text index holds; None means title, author and text together.
TextField = Literal["title", "author", "text"]
# Fields matched against a name: a feed's, a sidebar category's, an item's tag, a link's host.
NameField = Literal["feed", "category", "tag", "site"]
Flag = Literal["unread", "read", "starred"]
DateOp = Literal["after", "before", "newer", "older"]


@dataclass(frozen=True, slots=True)
class Words:
    """Words that must all appear (a phrase: in that order); `prefix`: the last one begins a
    word. The text is as the user wrote it: the index's own rules split it into words."""

    text: str
    field: TextField | None = None
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Name:
    """A feed, category, tag or site whose name holds `value` (any case)."""

    field: NameField
    value: str


@dataclass(frozen=True, slots=True)
class Pattern:
    """A regular expression (RE2: linear time whatever the text) on one field."""

    field: TextField | NameField
    pattern: str


@dataclass(frozen=True, slots=True)
class State:
    """is:unread, is:read, is:starred."""

    flag: Flag


@dataclass(frozen=True, slots=True)
class When:
    """after:/before: a day (YYYY-MM-DD, in the reader's zone); newer:/older: an age (2d, 6h,
    3w), counted back from now. `days`/`hours` hold the age; `date` the day."""

    op: DateOp
    date: str = ""
    hours: float = 0.0


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class Everything:
    """The empty query: every article."""


Node = Words | Name | Pattern | State | When | And | Or | Not | Everything


def wanted_words(node: Node) -> list[str]:
    """The words a query looks for (not those it excludes), to mark them in a list's titles."""
    if isinstance(node, Words):
        return [w for w in node.text.split() if w]
    if isinstance(node, And | Or):
        return [w for item in node.items for w in wanted_words(item)]
    return []
