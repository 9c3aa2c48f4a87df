"""Transitional: the old `t("key", language)` call sites, translated through the catalog.

It goes once every call site names its msgid itself.
"""

from __future__ import annotations

from kalbartui.i18n.catalog import translator
from kalbartui.i18n.keys import KEYS
from kalbartui.i18n.problems import words as problem_words
from kalbartui.problems import Problem

STRINGS = KEYS


def t(key: str, language: str = "en", /, **fmt: object) -> str:
    """The string for `key` in `language`, formatted with `fmt`."""
    entry = KEYS[key]
    tr = translator(language)
    if isinstance(entry, str):
        return tr.gettext(entry, **fmt)
    singular, plural = entry
    count = fmt.get("count")
    return tr.ngettext(singular, plural, count if isinstance(count, int) else 2, **fmt)


def tn(key: str, count: int, language: str = "en", /, **fmt: object) -> str:
    """`t` for a sentence about `count` things."""
    entry = KEYS[key]
    tr = translator(language)
    if isinstance(entry, str):
        return tr.gettext(entry, **{"count": count, **fmt})
    singular, plural = entry
    return tr.ngettext(singular, plural, count, **{"count": count, **fmt})


def message(said: str | Problem | None, language: str) -> str:
    """What the core reported, in `language`: a Problem worded, a ready sentence as it is."""
    if said is None or isinstance(said, Problem):
        return problem_words(said, language)
    return said


feed_error = message
