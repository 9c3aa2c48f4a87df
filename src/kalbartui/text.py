"""Text hygiene: what feed text may carry to a terminal, and the plain words of HTML."""

from __future__ import annotations

import html
import re

# Elements whose content a reader never sees, named here once for the whole program.
# script and style hold code, not prose: cut even from one-line fields such as titles.
SCRIPT_ELEMENTS: tuple[str, ...] = ("script", "style")
# Raw-text elements (a browser parses no tags inside them) that show nothing.
RAWTEXT_INVISIBLE: tuple[str, ...] = (
    *SCRIPT_ELEMENTS, "iframe", "noscript", "noembed", "noframes", "title",
)  # fmt: skip
# Everything the reading pane drops with its content.
INVISIBLE_ELEMENTS: frozenset[str] = frozenset(
    (*RAWTEXT_INVISIBLE, "head", "template", "svg", "math", "object", "video", "audio",
     "canvas", "select", "datalist")
)  # fmt: skip
# The ones the search index drops: those that carry much text nobody reads.
SEARCH_HIDDEN: tuple[str, ...] = (
    *SCRIPT_ELEMENTS, "iframe", "noscript", "template", "svg", "math", "object", "head",
)  # fmt: skip


class HiddenElements:
    """Removes elements (with their content) named in `names` from HTML, in linear time.

    An unclosed one runs to the end of the text, as a browser reads it. A start tag with no ">"
    after it ends the search: no later tag can be complete either, so nothing is rescanned (the
    regex `<script\\b[^>]*>` rescans the rest of the text once per "<script", which is quadratic).
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self._open = re.compile(rf"<({'|'.join(names)})\b", re.I)
        self._close = {name: re.compile(rf"</{name}\s*>", re.I) for name in names}

    def sub(self, repl: str, text: str) -> str:
        """`text` with every hidden element replaced by `repl`."""
        out: list[str] = []
        i = 0
        while True:
            m = self._open.search(text, i)
            if m is None:
                break
            gt = text.find(">", m.end())
            if gt < 0:
                break
            out.append(text[i : m.start()])
            out.append(repl)
            close = self._close[m.group(1).lower()].search(text, gt + 1)
            if close is None:
                i = len(text)
                break
            i = close.end()
        if not out:
            return text
        out.append(text[i:])
        return "".join(out)


def hidden_elements_re(names: tuple[str, ...]) -> HiddenElements:
    """A remover of any of `names` with its content; an unclosed one runs to the end (linear)."""
    return HiddenElements(names)


def remove_tags(text: str, repl: str = " ") -> str:
    """Every `<...>` replaced by `repl`, in linear time: no "<" after the last ">" can close."""
    end = text.rfind(">") + 1
    if not end:
        return text
    # Below `end` every "<" has a ">" after it, so each match succeeds and consumes what it
    # scanned; past it no match is possible, so it is not searched at all.
    return _TAG_RE.sub(repl, text[:end]) + text[end:]


# Every C0 and C1 control character except tab and newline, plus DEL; lone surrogates (they
# cannot be encoded for the terminal); and the bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069): a terminal applies them across the rest of its line, so an
# unclosed one in a name reverses a table's border or a byline after it. Right-to-left
# text needs none of them; the plain marks (LRM, RLM, ALM) stay.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_TAG_RE = re.compile(r"<[^>]*>")
_WS_RE = re.compile(r"[ \t\r\f\v]+")
_SPACES_RE = re.compile(r"\s+")


def clean(value: object) -> str:
    """Remove every control character but newline and tab. Accepts anything, never raises."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text)


def clean_line(value: object, limit: int = 1000) -> str:
    """One line of clean text: controls gone, whitespace folded, length bounded."""
    text = _SPACES_RE.sub(" ", clean(value)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def strip_tags(value: object) -> str:
    """Plain text from a fragment of HTML: tags removed, entities decoded, controls removed."""
    text = clean(value)
    # Decode twice: feeds often double-escape titles ("&amp;#8211;").
    for _ in range(2):
        text = remove_tags(html.unescape(text))
    return clean(text)


# Elements whose content is never text a reader sees. An unclosed one runs to the end,
# which keeps the scan linear.
_HIDDEN_RE = hidden_elements_re(SEARCH_HIDDEN)


def html_text(value: object) -> str:
    """The words of an HTML body, for the search index: hidden elements dropped, tags stripped."""
    text = clean(value)
    if "<" in text:
        text = _HIDDEN_RE.sub(" ", text)
    return strip_tags(text)
