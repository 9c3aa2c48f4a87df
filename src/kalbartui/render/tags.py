"""What each HTML element does in the reading pane: one table from tag to layout and style.

A tag missing from TAGS is inline and plain: its text flows on with the surrounding style.
`action` names the few behaviours a style cannot express (links, lists, quotes, tables, <pre>);
the renderer runs them after applying `brk` and `styles`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kalbartui.text import INVISIBLE_ELEMENTS

# Style counter slots: bold, italic, underline, strike, dim, code, reverse.
B, I, U, S, D, C, R = range(7)  # noqa: E741 - the letters name the styles
STYLE_SLOTS = 7

# Elements with no end tag.
VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param "
    "source track wbr".split()
)
# Dropped with everything inside (also inside the parsed, nested part of the page).
DROP = INVISIBLE_ELEMENTS
# Lists and tables, whose items HTML closes implicitly (<li> ends the previous <li>, ...).
STRUCT = frozenset("ul ol li dl dt dd table thead tbody tfoot tr td th".split())
BULLETS = ("•", "◦", "▪")


@dataclass(frozen=True, slots=True)
class TagRule:
    """How one element is laid out: the break around it, its styles, and any special behaviour."""

    brk: int = 0  # 1: starts on a new line; 2: a blank line before and after
    styles: tuple[int, ...] = ()
    action: str = ""


_PARA = TagRule(brk=2)
_LINE = TagRule(brk=1)

TAGS: dict[str, TagRule] = {
    # Blocks that take a blank line before and after.
    "p": _PARA,
    "address": _PARA,
    "details": _PARA,
    "fieldset": _PARA,
    "center": _PARA,
    "figure": _PARA,
    "h1": TagRule(brk=2, styles=(B, U)),
    "h2": TagRule(brk=2, styles=(B,)),
    "h3": TagRule(brk=2, styles=(B,)),
    "h4": TagRule(brk=2, styles=(B,)),
    "h5": TagRule(brk=2, styles=(B,)),
    "h6": TagRule(brk=2, styles=(B,)),
    "pre": TagRule(brk=2, styles=(C,), action="pre"),
    "blockquote": TagRule(brk=2, styles=(I,), action="blockquote"),
    "table": TagRule(brk=2, action="table"),
    # Blocks that start on a new line.
    "div": _LINE,
    "section": _LINE,
    "article": _LINE,
    "header": _LINE,
    "footer": _LINE,
    "main": _LINE,
    "nav": _LINE,
    "aside": _LINE,
    "summary": _LINE,
    "form": _LINE,
    "legend": _LINE,
    "caption": _LINE,
    "hgroup": _LINE,
    "option": _LINE,
    "figcaption": TagRule(brk=1, styles=(I, D)),
    "dt": TagRule(brk=1, styles=(B,)),
    "dd": TagRule(brk=1, action="dd"),
    "li": TagRule(brk=1, action="li"),
    "tr": TagRule(brk=1, action="tr"),
    # Lists: the break depends on nesting, so the action sets it.
    "ul": TagRule(action="list"),
    "ol": TagRule(action="list"),
    "dl": TagRule(action="list"),
    # Table parts.
    "thead": TagRule(action="section"),
    "tbody": TagRule(action="section"),
    "tfoot": TagRule(action="section"),
    "td": TagRule(action="cell"),
    "th": TagRule(action="cell"),  # bold when the table is laid out
    # Inline.
    "a": TagRule(action="a"),
    "q": TagRule(action="q"),
    "b": TagRule(styles=(B,)),
    "strong": TagRule(styles=(B,)),
    "i": TagRule(styles=(I,)),
    "em": TagRule(styles=(I,)),
    "cite": TagRule(styles=(I,)),
    "var": TagRule(styles=(I,)),
    "dfn": TagRule(styles=(I,)),
    "u": TagRule(styles=(U,)),
    "ins": TagRule(styles=(U,)),
    "s": TagRule(styles=(S,)),
    "strike": TagRule(styles=(S,)),
    "del": TagRule(styles=(S,)),
    "code": TagRule(styles=(C,)),
    "kbd": TagRule(styles=(C,)),
    "samp": TagRule(styles=(C,)),
    "tt": TagRule(styles=(C,)),
    "small": TagRule(styles=(D,)),
    "mark": TagRule(styles=(R,)),
}
