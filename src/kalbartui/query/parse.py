"""A query's text into its tree (`nodes`), or a QueryError that says what is wrong and where.

The grammar (grammar.lark) is LALR: the parse is linear in the query's length, and every string
either parses or gives one QueryError, never anything else. Limits keep a pasted novel or a
wall of brackets from costing anything.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING

from kalbartui.problems import KalbarError
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
from kalbartui.query.regex import PatternError, compile_pattern

if TYPE_CHECKING:
    from lark import Lark

MAX_CHARS = 2000  # a query longer than this is refused, not read
MAX_TERMS = 64  # words, phrases and fields, together
MAX_DEPTH = 16  # brackets inside brackets

_TEXT_FIELDS = ("title", "author", "text")
_NAME_FIELDS = ("feed", "category", "tag", "site")
_FLAGS = ("unread", "read", "starred")
_AGE = re.compile(r"^(\d{1,5})([hdwmy]?)$", re.I)
_HOURS = {"h": 1, "d": 24, "w": 24 * 7, "m": 24 * 30, "y": 24 * 365, "": 24}


class QueryError(KalbarError):
    """A query that cannot be read: its Problem says what and where (`position`, 1-based)."""

    def __init__(self, code: str, position: int = 0, **params: str | int) -> None:
        super().__init__(code, position=position, **params)
        self.position = position


@functools.cache
def _parser() -> Lark:
    from lark import Lark

    grammar = resources.files("kalbartui.query").joinpath("grammar.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True)


def parse(text: str) -> Node:
    """The tree of a query; QueryError (one sentence, with the place) when it cannot be read."""
    if len(text) > MAX_CHARS:
        raise QueryError("query.too_long", limit=MAX_CHARS)
    _check_brackets(text)
    if not text.strip():
        return Everything()
    from lark import Token, Tree
    from lark.exceptions import (
        UnexpectedCharacters,
        UnexpectedEOF,
        UnexpectedInput,
        UnexpectedToken,
    )

    try:
        tree = _parser().parse(text)
    except UnexpectedCharacters as exc:
        raise _lexer_error(text, exc.column) from None
    except UnexpectedEOF:
        raise QueryError("query.unfinished", len(text)) from None
    except UnexpectedToken as exc:
        raise _token_error(text, exc.token, exc.column) from None
    except UnexpectedInput as exc:  # any other shape lark reports
        raise QueryError(
            "query.unexpected", max(exc.column, 1), near=_near(text, exc.column)
        ) from None
    terms = (
        sum(1 for _ in tree.scan_values(lambda v: isinstance(v, Token)))
        if isinstance(tree, Tree)
        else 1
    )
    if terms > MAX_TERMS:
        raise QueryError("query.too_many_terms", limit=MAX_TERMS)
    return _node(tree, text)


def _check_brackets(text: str) -> None:
    """Brackets balance and nest at most MAX_DEPTH deep (outside quotes and regexes)."""
    depth = 0
    opened: list[int] = []
    quoted = False
    regex = False
    for i, ch in enumerate(text, start=1):
        if regex:
            # Inside a field's /regex/: brackets are the pattern's own.
            if ch == "/" and text[i - 2] != "\\":
                regex = False
            continue
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "/" and i > 1 and text[i - 2] == ":":
            regex = True
        elif ch == "(":
            depth += 1
            opened.append(i)
            if depth > MAX_DEPTH:
                raise QueryError("query.too_deep", i, limit=MAX_DEPTH)
        elif ch == ")":
            if depth == 0:
                raise QueryError("query.unopened_bracket", i)
            depth -= 1
            opened.pop()
    if quoted:
        raise QueryError("query.unclosed_quote", text.rfind('"') + 1)
    if opened:
        raise QueryError("query.unclosed_bracket", opened[-1])


def _near(text: str, column: int) -> str:
    start = max(column - 1, 0)
    return text[start : start + 20].split()[0] if text[start:].strip() else ""


def _lexer_error(text: str, column: int) -> QueryError:
    ch = text[column - 1] if 0 < column <= len(text) else ""
    if ch == "/":
        return QueryError("query.unclosed_regex", column)
    return QueryError("query.unexpected", column, near=_near(text, column))


def _token_error(text: str, token: object, column: int) -> QueryError:
    kind = getattr(token, "type", "")
    if kind == "$END":
        return QueryError("query.unfinished", len(text))
    if kind == "RPAR":
        return QueryError("query.empty_brackets", column)
    return QueryError("query.unexpected", column, near=_near(text, column))


def _node(tree: object, text: str) -> Node:
    from lark import Token, Tree

    if isinstance(tree, Token):  # a lone term at the top (lark inlines single children)
        return _term(tree.type, tree, text)
    assert isinstance(tree, Tree)
    kind = tree.data
    children = [c for c in tree.children if c is not None]
    if kind == "start":
        return _node(children[0], text) if children else Everything()
    if kind == "or_expr":
        return Or(tuple(_node(c, text) for c in children))
    if kind == "and_expr":
        return And(tuple(_node(c, text) for c in children))
    if kind == "not_":
        operand = [c for c in children if not (isinstance(c, Token) and c.type == "NEG")]
        return Not(_node(operand[-1], text))
    if kind == "word":
        return _term("WORD", children[0], text)
    if kind == "phrase":
        return _term("PHRASE", children[0], text)
    if kind == "bare_regex":
        token = children[0]
        assert isinstance(token, Token)
        raise QueryError("query.regex_needs_field", token.column or 1)
    if kind == "field":
        field_token, value = children
        assert isinstance(field_token, Token) and isinstance(value, Tree)
        (value_token,) = value.children
        assert isinstance(value_token, Token)
        return _field(field_token, value_token)
    raise QueryError("query.unexpected", 1, near=text[:20])


def _term(kind: str, token: object, text: str) -> Node:
    value = str(token)
    if kind == "PHRASE":
        return Words(value[1:-1], phrase=True)
    if kind == "WORD":
        if value.endswith("*") and value.rstrip("*"):
            return Words(value.rstrip("*"), prefix=True)
        return Words(value)
    raise QueryError("query.unexpected", getattr(token, "column", 1) or 1, near=value[:20])


def _field(field_token: object, value_token: object) -> Node:
    field = str(field_token)[:-1].lower()
    value = str(value_token)
    kind = getattr(value_token, "type", "WORD")
    where = getattr(value_token, "column", None) or getattr(field_token, "column", 1) or 1
    if kind == "REGEX":
        if field not in _TEXT_FIELDS + _NAME_FIELDS:
            raise QueryError("query.regex_not_here", where, field=field)
        return Pattern(field, _checked_regex(value[1:-1], where))  # type: ignore[arg-type]
    if kind == "PHRASE":
        value = value[1:-1]
    if field in _TEXT_FIELDS:
        prefix = kind == "WORD" and value.endswith("*") and bool(value.rstrip("*"))
        return Words(
            value.rstrip("*") if prefix else value,
            field=field,  # type: ignore[arg-type]
            phrase=kind == "PHRASE",
            prefix=prefix,
        )
    if field in _NAME_FIELDS:
        return Name(field, value)  # type: ignore[arg-type]
    if field == "is":
        flag = value.lower()
        if flag not in _FLAGS:
            raise QueryError("query.bad_flag", where, value=value[:40])
        return State(flag)  # type: ignore[arg-type]
    if field in ("after", "before"):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise QueryError("query.bad_date", where, field=field, value=value[:40]) from None
        return When(field, date=value)  # type: ignore[arg-type]
    age = _AGE.match(value)
    if age is None:
        raise QueryError("query.bad_age", where, field=field, value=value[:40])
    hours = int(age[1]) * _HOURS[age[2].lower()]
    return When(field, hours=float(hours))  # type: ignore[arg-type]


def _checked_regex(pattern: str, where: int) -> str:
    """The pattern, if RE2 takes it (linear time whatever the text); else one sentence."""
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        raise QueryError("query.bad_regex", where, error=str(exc)) from None
    return pattern


def field_phrase(field: str, value: str) -> str:
    """`field:"value"` for any value, so a name from a feed is only ever a name: a quote (the
    one character a phrase cannot hold) becomes a space, which the index reads the same way
    (it matches words, not punctuation); control characters and runs of spaces fold."""
    text = " ".join(value.replace('"', " ").split())
    return f'{field}:"{text}"'
