"""What one article may expand to, and the sentence saying it was cut short at a cap."""

from __future__ import annotations

from kalbartui.i18n import t

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


def cut_note(cap: str, language: str) -> str:
    """The sentence ending an article cut at `cap` (the Full's key: "lines", "links", ...)."""
    count = {
        "lines": MAX_LINES, "links": MAX_LINKS, "rows": MAX_TABLE_ROWS,
        "chars": MAX_CHARS, "elements": MAX_ELEMENTS,
    }[cap]  # fmt: skip
    sep = "." if language == "id" else ","
    reason = t(f"article.cut_{cap}", language, count=f"{count:,}".replace(",", sep))
    return t("article.cut", language, reason=reason)
