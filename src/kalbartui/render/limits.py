"""What one article may expand to, and the sentence saying it was cut short at a cap."""

from __future__ import annotations

from kalbartui.i18n import Nn_, translator

# What one article may expand to. Every step is linear, but its constant is a few microseconds
# a tag in Python: 200,000 <br> or 50,000 links would take seconds to lay out and to draw. A
# long real article (10,000 words, a few hundred links, a results table) stays far below these;
# past one, the body ends there with a note saying so (article.cut) in the reader's language.
MAX_LINES = 3_000
MAX_LINKS = 500
MAX_TABLE_ROWS = 500
MAX_CHARS = 150_000
MAX_ELEMENTS = 10_000


class Full(Exception):
    """The article reached one of the caps; args[0] names which (an article.cut_* key)."""


# Each cap: how many, and what an article that reached it is said to hold.
_CAPS = {
    "lines": (MAX_LINES, Nn_("more than {count} line", "more than {count} lines")),
    "links": (MAX_LINKS, Nn_("more than {count} link", "more than {count} links")),
    "rows": (
        MAX_TABLE_ROWS,
        Nn_("a table of more than {count} row", "a table of more than {count} rows"),
    ),
    "chars": (MAX_CHARS, Nn_("more than {count} character", "more than {count} characters")),
    "elements": (
        MAX_ELEMENTS,
        Nn_("more than {count} HTML element", "more than {count} HTML elements"),
    ),
}


def cut_note(cap: str, language: str) -> str:
    """The sentence ending an article cut at `cap` (the Full's key: "lines", "links", ...)."""
    tr = translator(language)
    count, (singular, plural) = _CAPS[cap]
    return tr.gettext(
        "Article cut short: {reason}. Open its source in a browser to read the rest.",
        reason=tr.ngettext(singular, plural, count),
    )
