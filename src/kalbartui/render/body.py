"""Untrusted article HTML -> safe rich Text: the one step every view of an article goes through.

A pure function of the HTML and a few options (width, language, base URL); it keeps no state
between calls and draws nothing.

Only rich is used here (no Textual), and nothing is ever read as markup: the output is built
from plain strings and Style objects, so "[bold]" or "[@click=app.quit]" in an article shows
literally. Every chunk of text passes kalbartui.text.clean, so the Text never carries a control
character other than newline.

The parser is the stdlib html.parser, behind a linear pre-pass (render.prepass). On its own,
HTMLParser rescans an unterminated tag or comment to the end of the input for every "<" that
follows, which makes a few kilobytes of "<a <a <a ..." take seconds. The pre-pass keeps only
markup that is complete and well formed, escapes every other "<", and drops comments,
declarations and the raw-text elements (script, style, iframe, ...) outright. The element
handler keeps its state in explicit stacks and counters, never recursion, so 10,000 nested
tags cost no more than 10,000 siblings.

Links: an <a href> with visible text gets a number, "text[1]", and its URL goes to
RenderedBody.links (numbered in order of first appearance, the same URL keeps its number).
Only http and https URLs count; anything else (javascript:, data:, file:, relative URLs with
no base) keeps its text but gets no number, no link style, and is not listed. Images become
"[gambar: alt]"; an image that is not inside a link and has an http(s) source is numbered and
listed like a link, so the reader can open the picture in a browser. WordPress emoji images
show their alt text, and 1x1 tracking pixels show nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from kalbartui import urls
from kalbartui.i18n import t
from kalbartui.render.lines import Line, Out, Prefix, add_wrapped
from kalbartui.render.prepass import defuse_limited
from kalbartui.render.styles import DIM, MARKER, Seg, rstrip_segs, segs_len
from kalbartui.render.tables import Cell, Table, table_lines
from kalbartui.render.tags import (
    BULLETS,
    DROP,
    STRUCT,
    STYLE_SLOTS,
    TAGS,
    VOID,
    B,
    C,
    D,
    I,
    R,
    S,
    U,
)
from kalbartui.text import clean, clean_line, strip_tags

__all__ = ["MAX_HTML", "RenderedBody", "render_html"]

# Past this many characters the HTML is cut (with a visible "[…]"): every step is linear, but
# a reader should not wait seconds for a multi-megabyte "article". A real one, even of 10,000
# words, is under 100 kB of HTML.
MAX_HTML = 1_000_000
# What one article may expand to. Every step is linear, but its constant is a few microseconds
# a tag in Python: 200,000 <br> or 50,000 links would take seconds to lay out and to draw. A
# long real article (10,000 words, a few hundred links, a results table) stays far below these;
# past one, the body ends there with a note saying so (article.cut) in the reader's language.
MAX_LINES = 3_000
MAX_LINKS = 500
MAX_TABLE_ROWS = 500
MAX_CHARS = 150_000
MAX_ELEMENTS = 10_000
# Deeper list or quote levels than this add no more indentation, so a line never turns into
# a wall of prefix.
MAX_PREFIX_DEPTH = 8
MAX_ALT = 200
HR_WIDTH = 40


@dataclass(slots=True)
class RenderedBody:
    """A rendered article: the styled text, and the URLs behind its [n] markers (n = index + 1).

    `note` is the sentence saying the article was cut short ("" when it was not); render_html
    and render_article end their text with it.
    """

    text: Text
    links: list[str] = field(default_factory=list)
    note: str = ""


class _Full(Exception):
    """The article reached one of the caps; args[0] names which (an article.cut_* key)."""


_WS = re.compile(r"\s+")
_LINE_SEP = re.compile("[\u2028\u2029]")


class _List:
    __slots__ = ("ordered", "next", "depth")

    def __init__(self, ordered: bool, start: int, depth: int) -> None:
        self.ordered = ordered
        self.next = start
        self.depth = depth


class _Entry:
    """An open element and what closing it must undo."""

    __slots__ = (
        "tag", "styles", "brk", "prefix", "drop", "anchor", "mark", "list", "pre",
        "table", "row", "cell", "head", "quote", "link",
    )  # fmt: skip

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.styles: tuple[int, ...] = ()
        self.brk = 0
        self.prefix = False
        self.drop = False
        self.anchor = False
        self.mark = 0
        self.list: _List | None = None
        self.pre = False
        self.table: Table | None = None
        self.row = False
        self.cell = False
        self.head = False
        self.quote = False
        self.link = ""


def _cut_words(text: str, room: int) -> str:
    """The start of `text`, at most `room` characters, cut after a word when one ends near."""
    if room <= 0:
        return ""
    cut = text[:room]
    space = cut.rfind(" ", max(room - 80, 0))
    return cut[:space].rstrip() if space > 0 else cut


def _int_attr(value: str | None, default: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return number if -1_000_000 < number < 1_000_000 else default


class _Renderer(HTMLParser):
    """Turns parser events into lines of styled segments. Never recursive."""

    def __init__(self, width: int | None, language: str, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.width = width if width and width > 0 else None
        self.language = language
        self.base = base_url
        self.stack: list[_Entry] = []
        self.struct: list[_Entry] = []  # open list/table elements, for implied end tags
        self.counts: dict[str, int] = {}
        self.drop = 0
        self.pre = 0
        self.pre_skip_nl = False
        self.pre_indent = ""
        self.style_counts = [0] * STYLE_SLOTS
        self.link = ""  # href of the open anchor, "" when none or not followable
        self.anchor: _Entry | None = None
        self.style_cache: dict[tuple[object, ...], Style | None] = {}
        self.style: Style | None = None
        self.prefix: list[Prefix] = []
        self.lists: list[_List] = []
        self.table: Table | None = None
        self.table_depth = 0
        # Output: finished lines, the open one, and what separates it from the next content.
        self.lines: list[Line] = []
        self.cur: Line | None = None
        self.last_content: Line | None = None
        self.pending = 0  # 1: new line, 2: blank line before the next content
        self.space = False
        self.trailing_blanks = 0
        self.emitted = 0  # content chunks so far: tells whether an anchor showed anything
        self.links: list[str] = []
        self.link_numbers: dict[str, int] = {}
        self.link_styles: dict[str, Style] = {}
        # Caps (see MAX_LINES...): what has been spent, and whether one was reached.
        self.chars = 0
        self.elements = 0
        self.full = ""

    def _cap(self, reason: str) -> None:
        """Stop the article here: raised out of the parser's feed; closing what is open is fine."""
        if not self.full:
            self.full = reason
            raise _Full(reason)

    def _count_line(self) -> None:
        if len(self.lines) >= MAX_LINES:
            self._cap("lines")

    # ------------------------------------------------------------ style

    def _restyle(self) -> None:
        c = self.style_counts
        key = (
            c[B] > 0,
            c[I] > 0,
            c[U] > 0,
            c[S] > 0,
            c[D] > 0,
            c[C] > 0,
            c[R] > 0,
            self.link,
        )
        style = self.style_cache.get(key, False)
        if style is False:
            bold, italic, underline, strike, dim, code, reverse, link = key
            if any(key[:7]) or link:
                style = Style(
                    bold=bold or None,
                    italic=italic or None,
                    underline=underline or bool(link) or None,
                    strike=strike or None,
                    dim=dim or None,
                    color="cyan" if code else None,
                    reverse=reverse or None,
                    link=link or None,
                )
            else:
                style = None
            self.style_cache[key] = style
        self.style = style  # type: ignore[assignment]

    def _add_styles(self, entry: _Entry, *slots: int) -> None:
        for slot in slots:
            self.style_counts[slot] += 1
        entry.styles = entry.styles + slots
        self._restyle()

    # ------------------------------------------------------------ output primitives

    def _block(self, n: int) -> None:
        """Ask for a line break (1) or a blank line (2) before the next content."""
        if self.table is not None:
            if self.table.cell is not None:
                self.table.cell.space = True
            return
        if n > self.pending:
            self.pending = n
        self.space = False

    def _prefix_segs(self) -> tuple[list[Seg], list[Seg], tuple[Prefix, ...]]:
        items = self.prefix
        depth = min(len(items), MAX_PREFIX_DEPTH)
        first: list[Seg] = []
        cont: list[Seg] = []
        for k in range(depth):
            item = items[k]
            if item.marker is not None:
                first.append((item.marker, MARKER))
                item.marker = None
            else:
                first.append((item.indent, item.style))
            cont.append((item.indent, item.style))
        if len(items) > depth and items[-1].marker is not None:
            # Too deep to indent further, but the item still gets its bullet.
            first.append((items[-1].marker or "", MARKER))
            items[-1].marker = None
        return first, cont, tuple(items[:depth])

    def _finish_line(self) -> None:
        line = self.cur
        if line is None:
            return
        rstrip_segs(line.segs)
        if not line.segs:
            line.blank = True
            rstrip_segs(line.first)
            self.trailing_blanks += 1
        else:
            self.trailing_blanks = 0
        self.lines.append(line)
        self.cur = None
        self._count_line()

    def _blank_line(self, items: tuple[Prefix, ...]) -> None:
        """A blank line keeping the quote bars that surround it on both sides."""
        prev = self.lines[-1].items if self.lines else ()
        common = 0
        for a, b in zip(prev, items, strict=False):
            if a is not b:
                break
            common += 1
        segs = [(item.indent, item.style) for item in items[:common]]
        rstrip_segs(segs)
        line = Line(segs, segs, items[:common])
        line.blank = True
        self.lines.append(line)
        self.trailing_blanks += 1
        self._count_line()

    def _line(self) -> Line:
        """The line to write content on, opening one (and its separation) if needed."""
        if self.cur is not None:
            if self.pending == 0:
                return self.cur
            self._finish_line()
        first, cont, items = self._prefix_segs()
        if self.lines:
            want = 1 if self.pending >= 2 else 0
            for _ in range(want - self.trailing_blanks):
                self._blank_line(items)
        self.pending = 0
        self.space = False
        line = Line(first, cont, items)
        self.cur = line
        return line

    def _inline(self, text: str, style: Style | None, attach: bool = False) -> None:
        """Content in the current flow (a table cell or the page), within MAX_CHARS."""
        room = MAX_CHARS - self.chars
        if len(text) <= room:
            self.chars += len(text)
            self._inline_raw(text, style, attach)
            return
        if not self.full:
            self._inline_raw(_cut_words(text, room), style, attach)
        self._cap("chars")

    def _inline_raw(self, text: str, style: Style | None, attach: bool = False) -> None:
        self.emitted += 1
        table = self.table
        if table is not None:
            cell = table.cell
            if cell is None:
                # Text straight inside <table> or <tr>: give it a cell of its own.
                if table.row is None:
                    if len(table.rows) >= MAX_TABLE_ROWS:
                        self._cap("rows")
                    table.row = []
                    table.rows.append(table.row)
                cell = Cell(header=False)
                table.row.append(cell)
                table.cell = cell
            if cell.space and cell.segs and not attach:
                cell.segs.append((" ", None))
            cell.space = False
            cell.segs.append((text, style))
            return
        if attach:
            # A link number or closing quote sticks to what came before, even across a break.
            target = self.cur if self.cur is not None else self.last_content
            if target is not None:
                target.segs.append((text, style))
                return
        line = self._line()
        if self.space and line.segs and not attach:
            line.segs.append((" ", None))
        self.space = False
        line.segs.append((text, style))
        self.last_content = line

    def _flow_space(self) -> None:
        if self.table is not None:
            if self.table.cell is not None:
                self.table.cell.space = True
        else:
            self.space = True

    def _hard_newline(self) -> None:
        """A newline inside <pre>: lines, even empty ones, are kept."""
        if self.table is not None:
            self._flow_space()
            return
        if self.cur is not None:
            if self.pending:
                return
            self._finish_line()
        elif self.lines and not self.pending:
            self._blank_line(tuple(self.prefix[:MAX_PREFIX_DEPTH]))

    # ------------------------------------------------------------ parser events

    def handle_data(self, data: str) -> None:
        if self.drop or not data:
            return
        data = clean(data)
        if self.pre and self.table is None:
            if self.pre_skip_nl:
                self.pre_skip_nl = False
                if data.startswith("\n"):
                    data = data[1:]
            pieces = _LINE_SEP.sub("\n", data).expandtabs(4).split("\n")
            for k, piece in enumerate(pieces):
                if k:
                    self.pre_indent = ""
                    self._hard_newline()
                if not piece:
                    continue
                if self.cur is not None and not self.pending:
                    room = MAX_CHARS - self.chars
                    self.chars += len(piece)
                    self.cur.segs.append((piece[: max(room, 0)], self.style))
                    self.emitted += 1
                    if self.chars > MAX_CHARS:
                        self._cap("chars")
                    self.last_content = self.cur
                elif not piece.strip():
                    # Indentation before anything on a new code line: held until text comes, so
                    # a line of spaces does not open a line of its own.
                    self.pre_indent += piece
                else:
                    indent, self.pre_indent = self.pre_indent, ""
                    self._inline(piece, self.style)
                    if indent and self.cur is not None:
                        self.cur.segs.insert(len(self.cur.segs) - 1, (indent, None))
            return
        self.pre_skip_nl = False
        text = _WS.sub(" ", data)
        core = text.strip(" ")
        if not core:
            if text:
                self._flow_space()
            return
        if text[0] == " ":
            self._flow_space()
        self._inline(core, self.style)
        if text[-1] == " ":
            self._flow_space()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            self._cap("elements")
        if self.drop:
            if tag not in VOID:
                entry = _Entry(tag)
                if tag in DROP:
                    entry.drop = True
                    self.drop += 1
                self._push(entry)
            return
        self._implied_end(tag)
        if tag in VOID:
            self._void(tag, attrs)
            return
        entry = _Entry(tag)
        self._push(entry)
        self._open(entry, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.counts.get(tag):
            if not self.drop:
                if tag == "br":  # "</br>" is read as <br> by browsers too
                    self._void("br", [])
                elif tag == "p":
                    self._block(2)
            return
        stack = self.stack
        while stack:
            entry = self._pop()
            if entry.tag == tag:
                break

    # ------------------------------------------------------------ the element stack

    def _push(self, entry: _Entry) -> None:
        self.stack.append(entry)
        self.counts[entry.tag] = self.counts.get(entry.tag, 0) + 1
        if entry.tag in STRUCT:
            self.struct.append(entry)

    def _pop(self) -> _Entry:
        entry = self.stack.pop()
        self.counts[entry.tag] -= 1
        if self.struct and self.struct[-1] is entry:
            self.struct.pop()
        if entry.drop:
            self.drop -= 1
            return entry
        if self.drop:
            return entry
        self._close(entry)
        return entry

    def _close_to(self, target: _Entry) -> None:
        while self.stack:
            if self._pop() is target:
                return

    def _implied_end(self, tag: str) -> None:
        """Close what HTML closes implicitly: <li> ends the previous <li>, <td> the <td>..."""
        struct = self.struct
        if tag == "li":
            if struct and struct[-1].tag == "li":
                self._close_to(struct[-1])
        elif tag in ("dt", "dd"):
            if struct and struct[-1].tag in ("dt", "dd"):
                self._close_to(struct[-1])
        elif tag in ("td", "th"):
            if struct and struct[-1].tag in ("td", "th"):
                self._close_to(struct[-1])
        elif tag == "tr":
            if struct and struct[-1].tag in ("td", "th"):
                self._close_to(struct[-1])
            if struct and struct[-1].tag == "tr":
                self._close_to(struct[-1])
        elif tag in ("thead", "tbody", "tfoot"):
            while struct and struct[-1].tag in ("td", "th", "tr", "thead", "tbody", "tfoot"):
                self._close_to(struct[-1])
        elif tag == "a" and self.anchor is not None:
            self._close_to(self.anchor)

    # ------------------------------------------------------------ elements

    def _void(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            if self.pre:
                self._hard_newline()
            elif self.table is not None:
                self._flow_space()
            elif self.cur is not None or self.lines:
                self.pending = min(self.pending + 1, 2)
                self.space = False
        elif tag == "hr":
            if self.table is not None:
                self._flow_space()
                return
            self._block(2)
            line = self._line()
            room = (self.width or HR_WIDTH) - segs_len(line.first)
            line.segs.append(("─" * max(3, min(HR_WIDTH, room)), DIM))
            self.last_content = line
            self._block(2)
        elif tag == "img":
            self._image(dict(attrs))

    def _image(self, attrs: dict[str, str | None]) -> None:
        if (attrs.get("width") or "").strip() in ("0", "1") or (
            attrs.get("height") or ""
        ).strip() in ("0", "1"):
            return  # a tracking pixel, not a picture
        alt = clean_line(attrs.get("alt") or "", MAX_ALT)
        classes = (attrs.get("class") or "").lower()
        if "emoji" in classes or "wp-smiley" in classes:
            if alt:
                self._inline(alt, self.style)
            return
        label = t("reader.image", self.language, alt=alt) if alt else None
        label = label or t("reader.image_no_alt", self.language)
        if self.link:
            self._inline(label, self.style)
            return
        src = ""
        for key in ("src", "data-src", "data-lazy-src", "data-orig-file"):
            src = urls.link_url(attrs.get(key), self.base)
            if src:
                break
        if not src:
            self._inline(label, DIM)
            return
        number = self._number(src)
        style = self._link_style(src)
        self._inline(label, style)
        self._inline(f"[{number}]", style, attach=True)

    def _link_style(self, url: str) -> Style:
        # One Style per URL: rich gives each new link style an id, and terminals group by it.
        style = self.link_styles.get(url)
        if style is None:
            style = self.link_styles[url] = Style(dim=True, link=url)
        return style

    def _number(self, url: str) -> int:
        number = self.link_numbers.get(url)
        if number is None:
            if len(self.links) >= MAX_LINKS:
                self._cap("links")
            self.links.append(url)
            number = len(self.links)
            self.link_numbers[url] = number
        return number

    def _open(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        tag = entry.tag
        if tag in DROP:
            entry.drop = True
            self.drop += 1
            return
        rule = TAGS.get(tag)
        if rule is not None:
            entry.brk = rule.brk
            if rule.styles:
                self._add_styles(entry, *rule.styles)
            if rule.action:
                _OPEN_ACTIONS[rule.action](self, entry, attrs)
        if entry.brk:
            self._block(entry.brk)

    # What each TagRule.action does when its element opens.

    def _open_a(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        self.anchor = entry
        entry.anchor = True
        entry.mark = self.emitted
        entry.link = urls.link_url(dict(attrs).get("href"), self.base)
        self.link = entry.link
        self._restyle()

    def _open_q(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        entry.quote = True
        self._inline("“", self.style)

    def _open_pre(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        entry.pre = True
        self.pre += 1
        self.pre_skip_nl = True

    def _open_blockquote(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is None:
            self._push_prefix(entry, Prefix("▌ ", DIM))

    def _open_list(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        tag = entry.tag
        entry.brk = 1 if self.lists else 2  # a list inside a list item hugs it
        if tag != "dl":
            start = _int_attr(dict(attrs).get("start"), 1) if tag == "ol" else 1
            entry.list = _List(tag == "ol", start, len(self.lists))
            self.lists.append(entry.list)

    def _open_li(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None:
            self._flow_space()
        else:
            self._push_prefix(entry, self._marker())

    def _open_dd(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is None:
            self._push_prefix(entry, Prefix("    "))

    def _open_table(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        self.table_depth += 1
        if self.table is None:
            self._block(2)
            entry.table = Table()
            self.table = entry.table
        else:
            self._flow_space()

    def _open_section(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None and self.table_depth == 1 and entry.tag == "thead":
            entry.head = True
            self.table.head += 1

    def _open_tr(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None and self.table_depth == 1:
            if len(self.table.rows) >= MAX_TABLE_ROWS:
                self._cap("rows")
            entry.row = True
            self.table.row = []
            self.table.rows.append(self.table.row)
            self.table.cell = None

    def _open_cell(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        table = self.table
        if table is not None and self.table_depth == 1:
            if table.row is None:
                table.row = []
                table.rows.append(table.row)
            entry.cell = True
            table.cell = Cell(header=entry.tag == "th" or table.head > 0)
            table.row.append(table.cell)
        else:
            self._flow_space()

    def _marker(self) -> Prefix:
        if self.lists:
            lst = self.lists[-1]
            if lst.ordered:
                marker = f"{lst.next}."
                lst.next += 1
            else:
                marker = BULLETS[min(lst.depth, len(BULLETS) - 1)]
        else:
            marker = BULLETS[0]
        return Prefix(" " * (cell_len(marker) + 1), None, marker + " ")

    def _push_prefix(self, entry: _Entry, item: Prefix) -> None:
        self.prefix.append(item)
        entry.prefix = True

    def _close(self, entry: _Entry) -> None:
        if entry.anchor:
            if entry.link and self.emitted > entry.mark:
                number = self._number(entry.link)
                self._inline(f"[{number}]", self._link_style(entry.link), attach=True)
            self.link = ""
            self.anchor = None
            self._restyle()
        if entry.quote:
            self._inline("”", self.style, attach=True)
        if entry.styles:
            for slot in entry.styles:
                self.style_counts[slot] -= 1
            self._restyle()
        if entry.pre:
            self.pre -= 1
            self.pre_skip_nl = False
            if self.cur is None and self.lines:
                # Blank lines that ended the <pre> are not content.
                while self.lines and self.lines[-1].blank and self.trailing_blanks:
                    self.lines.pop()
                    self.trailing_blanks -= 1
        if entry.prefix:
            self.prefix.pop()
        if entry.list is not None:
            self.lists.pop()
        if entry.head and self.table is not None:
            self.table.head -= 1
        if entry.cell and self.table is not None:
            self.table.cell = None
        if entry.row and self.table is not None:
            self.table.row = None
            self.table.cell = None
        if entry.tag == "table":
            self.table_depth -= 1
            if entry.table is not None:
                self.table = None
                self._emit_table(entry.table)
        if entry.brk:
            self._block(entry.brk)

    # ------------------------------------------------------------ tables

    def _emit_table(self, table: Table) -> None:
        lines = table_lines(table, self.width, segs_len(self._prefix_preview()))
        if not lines:
            return
        self._block(2)
        for segs, content in lines:
            line = self._line()
            line.segs.extend(segs)
            if content:
                self.last_content = line
                self.emitted += 1
            self._block(1)
        self._block(2)

    def _prefix_preview(self) -> list[Seg]:
        return [(item.indent, item.style) for item in self.prefix[:MAX_PREFIX_DEPTH]]

    # ------------------------------------------------------------ result

    def finish(self) -> RenderedBody:
        while self.stack:
            self._pop()
        self._finish_line()
        lines = self.lines
        start = 0
        while start < len(lines) and lines[start].blank:
            start += 1
        end = len(lines)
        while end > start and lines[end - 1].blank:
            end -= 1
        out = Out()
        width = self.width
        for k in range(start, end):
            line = lines[k]
            if k > start:
                out.add("\n")
            if line.blank:
                out.add_segs(line.first)
                continue
            if width and line.cont:
                indent = max(segs_len(line.first), segs_len(line.cont))
                room = width - indent
                if room >= 10 and indent + segs_len(line.segs) > width:
                    add_wrapped(out, line, room)
                    continue
            out.add_segs(line.first)
            out.add_segs(line.segs)
        note = ""
        if self.full:
            count = {
                "lines": MAX_LINES, "links": MAX_LINKS, "rows": MAX_TABLE_ROWS,
                "chars": MAX_CHARS, "elements": MAX_ELEMENTS,
            }[self.full]  # fmt: skip
            sep = "." if self.language == "id" else ","
            reason = t(
                f"article.cut_{self.full}", self.language, count=f"{count:,}".replace(",", sep)
            )
            note = t("article.cut", self.language, reason=reason)
        return RenderedBody(out.text(), list(self.links), note)


_OpenAction = Callable[[_Renderer, _Entry, list[tuple[str, str | None]]], None]
_OPEN_ACTIONS: dict[str, _OpenAction] = {
    "a": _Renderer._open_a,
    "q": _Renderer._open_q,
    "pre": _Renderer._open_pre,
    "blockquote": _Renderer._open_blockquote,
    "list": _Renderer._open_list,
    "li": _Renderer._open_li,
    "dd": _Renderer._open_dd,
    "table": _Renderer._open_table,
    "section": _Renderer._open_section,
    "tr": _Renderer._open_tr,
    "cell": _Renderer._open_cell,
}


# ---------------------------------------------------------------- public API


def render_html(
    html: str, width: int | None = None, *, language: str = "id", base_url: str = ""
) -> RenderedBody:
    """Untrusted HTML -> styled Text and the list of its http(s) links. Never raises.

    `width` sets the length of rules, whether tables are padded into columns, and the wrap
    point for list items and quotes (so their continuation lines stay indented); None leaves
    all wrapping to whoever displays the Text. `base_url` resolves relative links. `language`
    ("id" or "en") picks the words of image placeholders. An article past one of the caps
    (MAX_LINES, MAX_LINKS, MAX_TABLE_ROWS, MAX_CHARS, MAX_ELEMENTS) ends where it reached it,
    and the text ends with a sentence saying so (also in RenderedBody.note).
    """
    body = render_body(html, width, language=language, base_url=base_url)
    append_note(body.text, body.note)
    return body


def append_note(text: Text, note: str) -> None:
    """End `text` with the cut-short sentence, after a blank line; nothing when there is none."""
    if note:
        if text.plain:
            text.append("\n\n")
        text.append(note, DIM)


def render_body(
    html: str, width: int | None = None, *, language: str = "id", base_url: str = ""
) -> RenderedBody:
    """render_html without the cut-short sentence in the text (it is in .note)."""
    try:
        return _render_strict(html, width, language, base_url)
    except Exception:  # noqa: BLE001 - no known input gets here; the reader must still show text
        paragraphs = [clean_line(p) for p in re.split(r"\n\s*\n", strip_tags(html))]
        text = "\n\n".join(p for p in paragraphs if p)
        note = ""
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
            note = t(
                "article.cut", language, reason=t("article.cut_chars", language, count=MAX_CHARS)
            )
        return RenderedBody(Text(text), [], note)


def _render_strict(html: str, width: int | None, language: str, base_url: str) -> RenderedBody:
    """render_body without the safety net, so tests can tell that it is never needed."""
    source = clean(html)
    cut = len(source) > MAX_HTML
    if cut:
        # Cut between words or after a tag when one is near, not in the middle of either.
        at = max(source.rfind(ch, MAX_HTML - 4096, MAX_HTML) for ch in " \n>")
        source = source[: at + 1 if at > 0 else MAX_HTML]
    renderer = _Renderer(width, language, base_url)
    markup, too_many = defuse_limited(source, 2 * MAX_ELEMENTS)
    try:
        renderer.feed(markup)
        renderer.close()
    except _Full:
        pass
    if too_many and not renderer.full:
        renderer.full = "elements"
    elif cut and not renderer.full:
        renderer.full = "chars"
    while renderer.stack:
        renderer._pop()
    return renderer.finish()
