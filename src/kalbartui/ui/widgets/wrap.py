"""An article's text laid out at a width, as offsets into it: a line becomes Text only when
it is drawn (see kalbartui.ui.widgets.article_view)."""

from __future__ import annotations

import re
from bisect import bisect_right

from rich.cells import cell_len
from rich.text import Span, Text

# More lines than a 10,000-word article takes at 40 columns; "a<br>" a million times is not an
# article, and each line held costs memory and a scrollbar nobody can use.
MAX_LINES = 20_000


_WORD = re.compile(r"\S+\s*")


def _breaks(plain: str, width: int) -> list[int]:
    """Where to break one paragraph so no line is wider than `width` cells: between words,
    and inside a word only when the word alone is wider than the line."""
    if cell_len(plain) == len(plain):
        return _narrow_breaks(plain, width)
    offsets: list[int] = []
    column = 0
    for match in _WORD.finditer(plain):
        start = match.start()
        word = match.group()
        visible = cell_len(word.rstrip())
        if column and column + visible > width:
            offsets.append(start)
            column = 0
        if visible > width:
            # A word longer than the line (a URL): fold it, a cell at a time.
            for k, ch in enumerate(word.rstrip()):
                cells = cell_len(ch)
                if column + cells > width and column:
                    offsets.append(start + k)
                    column = 0
                column += cells
            column += len(word) - len(word.rstrip())
            continue
        column += cell_len(word)
    return offsets


def _narrow_breaks(plain: str, width: int) -> list[int]:
    """_breaks for text where every character is one cell: one rfind per line, not per word."""
    offsets: list[int] = []
    pos = 0
    end = len(plain)
    while end - pos > width:
        space = plain.rfind(" ", pos + 1, pos + width + 1)
        if space < 0:
            nxt = pos + width  # one word fills the line: fold it
        else:
            nxt = space + 1
            while nxt < end and plain[nxt] == " ":
                nxt += 1
            if nxt >= end:
                break
        offsets.append(nxt)
        pos = nxt
    return offsets


class Paragraph:
    """One line of the rendered article before wrapping: a stretch of the whole Text, with the
    styles that fall in it. No Text is made for it until one of its lines is drawn."""

    __slots__ = ("source", "start", "end", "spans")

    def __init__(self, source: Text, start: int, end: int) -> None:
        self.source = source
        self.start = start
        self.end = end
        self.spans: list[Span] = []  # offsets relative to `start`

    @property
    def plain(self) -> str:
        return self.source.plain[self.start : self.end]

    def line(self, a: int, b: int) -> Text:
        """Characters a..b of the paragraph as a styled Text."""
        text = Text(self.source.plain[self.start + a : self.start + b], style=self.source.style)
        text.spans = [
            Span(max(span.start, a) - a, min(span.end, b) - a, span.style)
            for span in self.spans
            if span.start < b and span.end > a
        ]
        return text


Line = tuple[Paragraph, int, int]  # a paragraph, and where in it the line starts and ends


def _paragraphs(text: Text, limit: int) -> list[Paragraph]:
    """`text` split at its newlines (the first `limit` lines), each with its share of spans."""
    plain = text.plain
    out: list[Paragraph] = []
    start = 0
    while len(out) < limit:
        newline = plain.find("\n", start)
        if newline < 0:
            out.append(Paragraph(text, start, len(plain)))
            break
        out.append(Paragraph(text, start, newline))
        start = newline + 1
    starts = [p.start for p in out]
    for span in text.spans:
        k = max(0, bisect_right(starts, span.start) - 1)
        while k < len(out) and out[k].start < span.end:
            para = out[k]
            a, b = max(span.start, para.start), min(span.end, para.end)
            if a < b:
                para.spans.append(Span(a - para.start, b - para.start, span.style))
            k += 1
    return out


def wrap_lines(text: Text, width: int) -> tuple[list[Line], bool]:
    """`text` laid out at `width`: its lines as (paragraph, start, end), and True when it was
    cut at MAX_LINES.

    A plain word wrap of our own, as offsets only: rich's Text.wrap spends ~100 ms on a
    10,000-word article building a Text per line; here a line becomes Text when it is drawn.
    """
    width = max(1, width)
    # Cut before wrapping: laying out a million short lines only to drop them costs seconds.
    paragraphs = _paragraphs(text, MAX_LINES)
    cut = bool(paragraphs) and paragraphs[-1].end < len(text.plain)
    lines: list[Line] = []
    for paragraph in paragraphs:
        words = paragraph.plain
        size = len(words)
        if size <= width and (words.isascii() or cell_len(words) <= width):
            lines.append((paragraph, 0, size))
        else:
            start = 0
            for offset in _breaks(words, width):
                lines.append((paragraph, start, offset))
                start = offset
            lines.append((paragraph, start, size))
        if len(lines) >= MAX_LINES:
            del lines[MAX_LINES:]
            cut = True
            break
    return lines, cut
