"""Untrusted article HTML -> safe rich Text, for the reading pane and `kalbartui show`.

Only rich is used here (no Textual), and nothing is ever read as markup: the output is built
from plain strings and Style objects, so "[bold]" or "[@click=app.quit]" in an article shows
literally. Every chunk of text passes kalbartui.text.clean, so the Text never carries a control
character other than newline.

The parser is the stdlib html.parser, behind a linear pre-pass (`_defuse`). On its own,
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

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from kalbartui.i18n import t
from kalbartui.models import Article
from kalbartui.text import absolute_time, clean, clean_line, relative_time, strip_tags

__all__ = [
    "RenderedBody",
    "reading_minutes",
    "render_article",
    "render_html",
    "safe_url",
    "to_ansi",
    "to_plain",
]

# Past this many characters the HTML is cut (with a visible "[…]"): every step is linear, but
# a reader should not wait seconds for a multi-megabyte "article". A real one, even of 10,000
# words, is under 100 kB of HTML.
MAX_HTML = 1_000_000
# Deeper list or quote levels than this add no more indentation, so a line never turns into
# a wall of prefix.
MAX_PREFIX_DEPTH = 8
MAX_URL = 4096
MAX_ALT = 200
HR_WIDTH = 40
# Widest a table may be (when no width is given) and still get padded, aligned columns.
TABLE_WIDTH = 100

Seg = tuple[str, Style | None]


@dataclass(slots=True)
class RenderedBody:
    """A rendered article: the styled text, and the URLs behind its [n] markers (n = index + 1)."""

    text: Text
    links: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- strings


def _s(key: str, language: str, **fmt: object) -> str:
    return t(f"article.{key}", language, **fmt)


# ---------------------------------------------------------------- URLs

_URL_DROP = re.compile(r"[\t\n\r]")  # browsers delete these anywhere in a URL
# Reserved and unreserved characters stay; spaces, quotes, non-ASCII and the like are
# percent-encoded so the URL is plain printable ASCII (OSC 8 needs that, and so does a shell-free
# browser launch).
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~-._"


def safe_url(raw: object, base: str = "") -> str:
    """The http(s) URL to link and list, or "" when the link must not be followed.

    Relative URLs are resolved against `base` (itself http or https); the result is printable
    ASCII with no spaces or control characters.
    """
    url = _URL_DROP.sub("", clean(raw)).strip()
    if not url or len(url) > MAX_URL or url.startswith("#"):
        # A bare "#fragment" points into the page itself: nothing to open.
        return ""
    try:
        parts = urlsplit(url)
        if not parts.scheme:
            if base and _http(base):
                url = urljoin(base, url)
            elif url.startswith("//"):
                url = "https:" + url
            else:
                return ""
            parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return ""
        if not parts.netloc.isascii():
            netloc = parts.netloc.encode("idna").decode("ascii")
            url = parts._replace(netloc=netloc).geturl()
    except (ValueError, UnicodeError):
        return ""
    return quote(url, safe=_URL_SAFE)


def _http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


# ---------------------------------------------------------------- the linear pre-pass

# A start tag that html.parser reads the same way we do: a name, then attributes, then ">".
# Outside quoted values a "<" ends the match, and all quantifiers are possessive, so a failed
# match never backtracks and stops at the next "<" that is not inside a closed quoted value.
_START = re.compile(
    r"""<([a-zA-Z][^\t\n\r\f />\x00<]*+)
    (?:[\s/]++
      |[^\s/>"'=<][^\s/>"'=<]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"'<]*+))?+
    )*+>""",
    re.VERBOSE,
)
_END = re.compile(r"</[a-zA-Z][^<>]*+>")
_COMMENT_END = re.compile(r"--!?>")
# Elements whose content is raw text (the browser does not parse tags inside) and that never
# show anything: dropped with their content in the pre-pass.
_RAWTEXT_DROP = ("script", "style", "iframe", "noscript", "noembed", "noframes", "title")
# The end tag's name only: its ">" is found with str.find, so a run of "</script " with no
# ">" anywhere is not rescanned to the end of the input once per candidate.
_RAWTEXT_CLOSE = {
    name: re.compile(rf"</{name}(?=[\s/>]|\Z)", re.IGNORECASE) for name in _RAWTEXT_DROP
}


def _defuse(src: str) -> str:
    """Rewrite HTML so html.parser sees only complete tags: linear time, whatever the input.

    Comments, doctypes, processing instructions and raw-text elements are removed; a "<" that
    does not start a complete tag becomes "&lt;" and so shows as text.
    """
    out: list[str] = []
    n = len(src)
    last = 0
    i = 0
    # Memos: once a search for a terminator fails from some position, it fails from any later
    # one too, so it is never repeated (that repetition is what makes naive parsing quadratic).
    no_gt_from = n + 1
    no_comment_end_from = n + 1
    no_close_from: dict[str, int] = {}
    while True:
        p = src.find("<", i)
        if p < 0:
            break
        out.append(src[last:p])
        c = src[p + 1 : p + 2]
        end = -1
        keep = False
        if c.isascii() and c.isalpha():
            m = _START.match(src, p)
            if m:
                end = m.end()
                keep = True
                name = m.group(1).lower()
                if name in _RAWTEXT_DROP:
                    keep = False
                    self_closing = src[end - 2 : end] == "/>"
                    if not self_closing and end < no_close_from.get(name, n + 1):
                        close = _RAWTEXT_CLOSE[name].search(src, end)
                        if close:
                            gt = src.find(">", close.end()) if close.end() < no_gt_from else -1
                            if gt < 0:
                                no_gt_from = min(no_gt_from, close.end())
                            end = n if gt < 0 else gt + 1
                        else:
                            # Unclosed: drop just the tag and show what follows.
                            no_close_from[name] = end
        elif c == "/":
            if src[p + 2 : p + 3].isascii() and src[p + 2 : p + 3].isalpha():
                m = _END.match(src, p)
                if m:
                    end = m.end()
                    keep = True
            elif p + 2 < no_gt_from:
                gt = src.find(">", p + 2)
                if gt < 0:
                    no_gt_from = p + 2
                else:
                    end = gt + 1
        elif c == "!" and src.startswith("<!--", p):
            if src.startswith("<!-->", p):
                end = p + 5
            elif src.startswith("<!--->", p):
                end = p + 6
            elif p + 4 < no_comment_end_from:
                m = _COMMENT_END.search(src, p + 4)
                if m:
                    end = m.end()
                else:
                    no_comment_end_from = p + 4
        elif c in ("!", "?") and p + 2 < no_gt_from:
            gt = src.find(">", p + 2)
            if gt < 0:
                no_gt_from = p + 2
            else:
                end = gt + 1
        if end < 0:
            out.append("&lt;")
            i = last = p + 1
            continue
        if keep:
            out.append(src[p:end])
        i = last = end
    out.append(src[last:])
    return "".join(out)


# ---------------------------------------------------------------- styles

_DIM = Style(dim=True)
_BOLD = Style(bold=True)
_MARKER = Style(dim=True)
_WS = re.compile(r"\s+")
_LINE_SEP = re.compile("[\u2028\u2029]")

_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param "
    "source track wbr".split()
)
# Dropped with everything inside; these are parsed normally (not raw text), so they nest.
_DROP = frozenset(
    "head template svg math object video audio canvas select datalist script style iframe "
    "noscript noembed noframes title".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Blocks that take a blank line before and after.
_PARA = frozenset("p blockquote pre table figure address details fieldset center".split())
_PARA |= _HEADINGS
# Blocks that start on a new line.
_LINE = frozenset(
    "div section article header footer main nav aside figcaption summary form legend "
    "caption hgroup dt dd li tr option".split()
)
_BOLD_TAGS = frozenset("b strong dt".split())  # th: bold when the table is laid out
_ITALIC_TAGS = frozenset("i em cite var dfn".split())
_UNDERLINE_TAGS = frozenset("u ins".split())
_STRIKE_TAGS = frozenset("s strike del".split())
_CODE_TAGS = frozenset("code kbd samp tt".split())
_STRUCT = frozenset("ul ol li dl dt dd table thead tbody tfoot tr td th".split())
_BULLETS = ("•", "◦", "▪")

# Counter slots: bold, italic, underline, strike, dim, code, reverse.
_B, _I, _U, _S, _D, _C, _R = range(7)


class _Prefix:
    """One level of line prefix: a quote bar or a list item's indentation."""

    __slots__ = ("indent", "style", "marker")

    def __init__(self, indent: str, style: Style | None = None, marker: str | None = None):
        self.indent = indent
        self.style = style
        self.marker = marker  # printed instead of the indent on the item's first line


class _Line:
    __slots__ = ("first", "cont", "segs", "items", "blank")

    def __init__(self, first: list[Seg], cont: list[Seg], items: tuple[_Prefix, ...]):
        self.first = first
        self.cont = cont
        self.segs: list[Seg] = []
        self.items = items
        self.blank = False


class _Cell:
    __slots__ = ("segs", "space", "header")

    def __init__(self, header: bool):
        self.segs: list[Seg] = []
        self.space = False
        self.header = header


class _Table:
    __slots__ = ("rows", "row", "cell", "head")

    def __init__(self) -> None:
        self.rows: list[list[_Cell]] = []
        self.row: list[_Cell] | None = None
        self.cell: _Cell | None = None
        self.head = 0  # inside <thead>


class _List:
    __slots__ = ("ordered", "next", "depth")

    def __init__(self, ordered: bool, start: int, depth: int):
        self.ordered = ordered
        self.next = start
        self.depth = depth


class _Entry:
    """An open element and what closing it must undo."""

    __slots__ = (
        "tag", "styles", "brk", "prefix", "drop", "anchor", "mark", "list", "pre",
        "table", "row", "cell", "head", "quote", "link",
    )  # fmt: skip

    def __init__(self, tag: str):
        self.tag = tag
        self.styles: tuple[int, ...] = ()
        self.brk = 0
        self.prefix = False
        self.drop = False
        self.anchor = False
        self.mark = 0
        self.list: _List | None = None
        self.pre = False
        self.table: _Table | None = None
        self.row = False
        self.cell = False
        self.head = False
        self.quote = False
        self.link = ""


def _rstrip_segs(segs: list[Seg]) -> None:
    while segs:
        s, style = segs[-1]
        stripped = s.rstrip()
        if stripped:
            if stripped != s:
                segs[-1] = (stripped, style)
            return
        segs.pop()


def _segs_len(segs: Iterable[Seg]) -> int:
    return sum(cell_len(s) for s, _ in segs)


def _int_attr(value: str | None, default: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return number if -1_000_000 < number < 1_000_000 else default


class _Renderer(HTMLParser):
    """Turns parser events into lines of styled segments. Never recursive."""

    def __init__(self, width: int | None, language: str, base_url: str):
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
        self.style_counts = [0] * 7
        self.link = ""  # href of the open anchor, "" when none or not followable
        self.anchor: _Entry | None = None
        self.style_cache: dict[tuple[object, ...], Style | None] = {}
        self.style: Style | None = None
        self.prefix: list[_Prefix] = []
        self.lists: list[_List] = []
        self.table: _Table | None = None
        self.table_depth = 0
        # Output: finished lines, the open one, and what separates it from the next content.
        self.lines: list[_Line] = []
        self.cur: _Line | None = None
        self.last_content: _Line | None = None
        self.pending = 0  # 1: new line, 2: blank line before the next content
        self.space = False
        self.trailing_blanks = 0
        self.emitted = 0  # content chunks so far: tells whether an anchor showed anything
        self.links: list[str] = []
        self.link_numbers: dict[str, int] = {}
        self.link_styles: dict[str, Style] = {}

    # ------------------------------------------------------------ style

    def _restyle(self) -> None:
        c = self.style_counts
        key = (
            c[_B] > 0,
            c[_I] > 0,
            c[_U] > 0,
            c[_S] > 0,
            c[_D] > 0,
            c[_C] > 0,
            c[_R] > 0,
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

    def _prefix_segs(self) -> tuple[list[Seg], list[Seg], tuple[_Prefix, ...]]:
        items = self.prefix
        depth = min(len(items), MAX_PREFIX_DEPTH)
        first: list[Seg] = []
        cont: list[Seg] = []
        for k in range(depth):
            item = items[k]
            if item.marker is not None:
                first.append((item.marker, _MARKER))
                item.marker = None
            else:
                first.append((item.indent, item.style))
            cont.append((item.indent, item.style))
        if len(items) > depth and items[-1].marker is not None:
            # Too deep to indent further, but the item still gets its bullet.
            first.append((items[-1].marker or "", _MARKER))
            items[-1].marker = None
        return first, cont, tuple(items[:depth])

    def _finish_line(self) -> None:
        line = self.cur
        if line is None:
            return
        _rstrip_segs(line.segs)
        if not line.segs:
            line.blank = True
            _rstrip_segs(line.first)
            self.trailing_blanks += 1
        else:
            self.trailing_blanks = 0
        self.lines.append(line)
        self.cur = None

    def _blank_line(self, items: tuple[_Prefix, ...]) -> None:
        """A blank line keeping the quote bars that surround it on both sides."""
        prev = self.lines[-1].items if self.lines else ()
        common = 0
        for a, b in zip(prev, items, strict=False):
            if a is not b:
                break
            common += 1
        segs = [(item.indent, item.style) for item in items[:common]]
        _rstrip_segs(segs)
        line = _Line(segs, segs, items[:common])
        line.blank = True
        self.lines.append(line)
        self.trailing_blanks += 1

    def _line(self) -> _Line:
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
        line = _Line(first, cont, items)
        self.cur = line
        return line

    def _inline(self, text: str, style: Style | None, attach: bool = False) -> None:
        """Content in the current flow (a table cell or the page)."""
        self.emitted += 1
        table = self.table
        if table is not None:
            cell = table.cell
            if cell is None:
                # Text straight inside <table> or <tr>: give it a cell of its own.
                if table.row is None:
                    table.row = []
                    table.rows.append(table.row)
                cell = _Cell(header=False)
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
                    self.cur.segs.append((piece, self.style))
                    self.emitted += 1
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
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.drop:
            if tag not in _VOID:
                entry = _Entry(tag)
                if tag in _DROP:
                    entry.drop = True
                    self.drop += 1
                self._push(entry)
            return
        self._implied_end(tag)
        if tag in _VOID:
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
        if entry.tag in _STRUCT:
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
            room = (self.width or HR_WIDTH) - _segs_len(line.first)
            line.segs.append(("─" * max(3, min(HR_WIDTH, room)), _DIM))
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
            src = safe_url(attrs.get(key), self.base)
            if src:
                break
        if not src:
            self._inline(label, _DIM)
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
            self.links.append(url)
            number = len(self.links)
            self.link_numbers[url] = number
        return number

    def _open(self, entry: _Entry, attrs: list[tuple[str, str | None]]) -> None:
        tag = entry.tag
        if tag in _DROP:
            entry.drop = True
            self.drop += 1
            return
        in_table = self.table is not None
        if tag in _PARA:
            entry.brk = 2
        elif tag in _LINE:
            entry.brk = 1
        if tag in _BOLD_TAGS:
            self._add_styles(entry, _B)
        elif tag in _ITALIC_TAGS:
            self._add_styles(entry, _I)
        elif tag in _UNDERLINE_TAGS:
            self._add_styles(entry, _U)
        elif tag in _STRIKE_TAGS:
            self._add_styles(entry, _S)
        elif tag in _CODE_TAGS:
            self._add_styles(entry, _C)
        elif tag == "small":
            self._add_styles(entry, _D)
        elif tag == "mark":
            self._add_styles(entry, _R)
        elif tag == "h1":
            self._add_styles(entry, _B, _U)
        elif tag in _HEADINGS:
            self._add_styles(entry, _B)
        elif tag == "figcaption":
            self._add_styles(entry, _I, _D)
        elif tag == "a":
            self.anchor = entry
            entry.anchor = True
            entry.mark = self.emitted
            entry.link = safe_url(dict(attrs).get("href"), self.base)
            self.link = entry.link
            self._restyle()
        elif tag == "q":
            entry.quote = True
            self._inline("“", self.style)
        elif tag == "pre":
            self._add_styles(entry, _C)
            entry.pre = True
            self.pre += 1
            self.pre_skip_nl = True
        elif tag == "blockquote":
            self._add_styles(entry, _I)
            if not in_table:
                self._push_prefix(entry, _Prefix("▌ ", _DIM))
        elif tag in ("ul", "ol", "dl"):
            entry.brk = 1 if self.lists else 2  # a list inside a list item hugs it
            if tag != "dl":
                start = _int_attr(dict(attrs).get("start"), 1) if tag == "ol" else 1
                entry.list = _List(tag == "ol", start, len(self.lists))
                self.lists.append(entry.list)
        elif tag == "li":
            if in_table:
                self._flow_space()
            else:
                self._push_prefix(entry, self._marker())
        elif tag == "dd":
            if not in_table:
                self._push_prefix(entry, _Prefix("    "))
        elif tag == "table":
            entry.brk = 2
            self.table_depth += 1
            if self.table is None:
                self._block(2)
                entry.table = _Table()
                self.table = entry.table
            else:
                self._flow_space()
        elif tag in ("thead", "tbody", "tfoot"):
            if self.table is not None and self.table_depth == 1 and tag == "thead":
                entry.head = True
                self.table.head += 1
        elif tag == "tr":
            if self.table is not None and self.table_depth == 1:
                entry.row = True
                self.table.row = []
                self.table.rows.append(self.table.row)
                self.table.cell = None
        elif tag in ("td", "th"):
            table = self.table
            if table is not None and self.table_depth == 1:
                if table.row is None:
                    table.row = []
                    table.rows.append(table.row)
                entry.cell = True
                table.cell = _Cell(header=tag == "th" or table.head > 0)
                table.row.append(table.cell)
            else:
                self._flow_space()
        if entry.brk:
            self._block(entry.brk)

    def _marker(self) -> _Prefix:
        if self.lists:
            lst = self.lists[-1]
            if lst.ordered:
                marker = f"{lst.next}."
                lst.next += 1
            else:
                marker = _BULLETS[min(lst.depth, len(_BULLETS) - 1)]
        else:
            marker = _BULLETS[0]
        return _Prefix(" " * (cell_len(marker) + 1), None, marker + " ")

    def _push_prefix(self, entry: _Entry, item: _Prefix) -> None:
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

    def _emit_table(self, table: _Table) -> None:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row:
                _rstrip_segs(cell.segs)
                cells.append(cell)
            while cells and not cells[-1].segs:
                cells.pop()
            if cells:
                rows.append(cells)
        if not rows:
            return
        ncols = max(len(r) for r in rows)
        widths = [0] * ncols
        for r in rows:
            for k, cell in enumerate(r):
                widths[k] = max(widths[k], _segs_len(cell.segs))
        prefix_width = _segs_len(self._prefix_preview())
        budget = self.width or TABLE_WIDTH
        aligned = ncols > 1 and sum(widths) + 3 * (ncols - 1) + prefix_width <= budget
        sep = (" │ ", _DIM)
        self._block(2)
        for index, r in enumerate(rows):
            line = self._line()
            for k, cell in enumerate(r):
                if k:
                    line.segs.append(sep)
                for text, style in cell.segs:
                    line.segs.append(
                        (text, (style + _BOLD) if style else _BOLD)
                        if cell.header
                        else (text, style)
                    )
                if aligned and k < len(r) - 1:
                    pad = widths[k] - _segs_len(cell.segs)
                    if pad > 0:
                        line.segs.append((" " * pad, None))
            self.last_content = line
            self.emitted += 1
            self._block(1)
            if index == 0 and aligned and len(rows) > 1 and all(c.header for c in r):
                rule = self._line()
                rule.segs.append(("─┼─".join("─" * w for w in widths), _DIM))
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
        out = _Out()
        width = self.width
        for k in range(start, end):
            line = lines[k]
            if k > start:
                out.add("\n")
            if line.blank:
                out.add_segs(line.first)
                continue
            if width and line.cont:
                indent = max(_segs_len(line.first), _segs_len(line.cont))
                room = width - indent
                if room >= 10 and indent + _segs_len(line.segs) > width:
                    _add_wrapped(out, line, room)
                    continue
            out.add_segs(line.first)
            out.add_segs(line.segs)
        return RenderedBody(out.text(), list(self.links))


class _Out:
    """Appends pieces to one Text. Small appends are cheaper than one big Text(...): rich
    re-checks every string for control codes, and that check is slow on a long non-ASCII one."""

    __slots__ = ("result",)

    def __init__(self) -> None:
        self.result = Text()

    def add(self, text: str, style: Style | None = None) -> None:
        if text:
            self.result.append(text, style)

    def add_segs(self, segs: Iterable[Seg]) -> None:
        append = self.result.append
        for text, style in segs:
            if text:
                append(text, style)

    def add_text(self, text: Text) -> None:
        self.result.append_text(text)

    def text(self) -> Text:
        return self.result


def _add_wrapped(out: _Out, line: _Line, room: int) -> None:
    """A list item or quote longer than the width: wrapped here, so it keeps a hanging indent."""
    content = Text()
    for text, style in line.segs:
        content.append(text, style)
    wrapped = content.wrap(_wrap_console(), room, justify="default", overflow="fold")
    for n, piece in enumerate(wrapped):
        if n:
            out.add("\n")
            out.add_segs(line.cont)
        else:
            out.add_segs(line.first)
        piece.rstrip()
        out.add_text(piece)


_CONSOLE: Console | None = None


def _wrap_console() -> Console:
    # Text.wrap wants a console; with justify="default" it only carries options.
    global _CONSOLE
    if _CONSOLE is None:
        _CONSOLE = Console(file=io.StringIO(), width=80, height=25, color_system=None)
    return _CONSOLE


# ---------------------------------------------------------------- public API


def render_html(
    html: str, width: int | None = None, *, language: str = "id", base_url: str = ""
) -> RenderedBody:
    """Untrusted HTML -> styled Text and the list of its http(s) links. Never raises.

    `width` sets the length of rules, whether tables are padded into columns, and the wrap
    point for list items and quotes (so their continuation lines stay indented); None leaves
    all wrapping to whoever displays the Text. `base_url` resolves relative links. `language`
    ("id" or "en") picks the words of image placeholders.
    """
    try:
        return _render_strict(html, width, language, base_url)
    except Exception:  # noqa: BLE001 - no known input gets here; the reader must still show text
        paragraphs = [clean_line(p) for p in re.split(r"\n\s*\n", strip_tags(html))]
        return RenderedBody(Text("\n\n".join(p for p in paragraphs if p)), [])


def _render_strict(html: str, width: int | None, language: str, base_url: str) -> RenderedBody:
    """render_html without the safety net, so tests can tell that it is never needed."""
    source = clean(html)
    cut = len(source) > MAX_HTML
    if cut:
        # Cut between words or after a tag when one is near, not in the middle of either.
        at = max(source.rfind(ch, MAX_HTML - 4096, MAX_HTML) for ch in " \n>")
        source = source[: at + 1 if at > 0 else MAX_HTML]
    renderer = _Renderer(width, language, base_url)
    renderer.feed(_defuse(source))
    renderer.close()
    while renderer.stack:
        renderer._pop()
    if cut:
        renderer._block(2)
        renderer._inline("[…]", _DIM)
    return renderer.finish()


def _plain_to_html(text: str) -> str:
    """The plain-text summary as paragraphs, escaped so nothing in it reads as a tag."""
    paragraphs = re.split(r"\n\s*\n", clean(text))
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())


WORDS_PER_MINUTE = 200


def reading_minutes(words: int) -> int:
    """Minutes to read `words` words at an unhurried pace; never 0 for an article with text."""
    return max(1, round(words / WORDS_PER_MINUTE))


def render_article(
    article: Article,
    *,
    language: str,
    tz: tzinfo | None,
    now: datetime,
    width: int | None = None,
) -> RenderedBody:
    """The whole article for reading: title, byline, feed and categories, body, numbered links.

    RenderedBody.links holds the body's links only, so links[n - 1] is the target of "[n]"; the
    article's own URL is shown as the "Sumber"/"Source" line under the byline.
    """
    out = Text()
    title = clean_line(article.title) or _s("untitled", language)
    out.append(title, Style(bold=True))
    out.append("\n")

    published = article.published
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    when = absolute_time(published, tz, language)
    if article.published_estimated:
        when = f"{when} {_s('estimated', language)}"
    byline = [when, relative_time(published, now, language, tz)]
    author = clean_line(article.author, 200)
    if author:
        byline.insert(0, t("reader.by", language, author=author))
    source = safe_url(article.url)
    if article.content_html.strip():
        body = render_html(article.content_html, width, language=language, base_url=source)
    else:
        body = render_html(_plain_to_html(article.summary), width, language=language)
    words = len(body.text.plain.split())
    if words:
        byline.append(_s("reading_time", language, minutes=reading_minutes(words)))
    out.append(" · ".join(byline), _DIM)

    meta = []
    feed = clean_line(article.feed or article.site, 200)
    if feed:
        meta.append(feed)
    names = [clean_line(c, 100) for c in article.categories]
    names = [n for n in names if n]
    if names:
        meta.append(_s("categories", language, names=", ".join(names)))
    if meta:
        out.append("\n")
        out.append(" · ".join(meta), _DIM)

    if source:
        out.append("\n")
        out.append(_s("source", language), _DIM)
        out.append(source, Style(dim=True, link=source))

    out.append("\n\n")
    if body.text.plain:
        out.append_text(body.text)
    else:
        out.append(_s("no_content", language), _DIM)

    if body.links:
        out.append("\n\n")
        out.append(t("reader.links", language), Style(bold=True))
        for number, url in enumerate(body.links, 1):
            out.append("\n")
            out.append(f"[{number}] ", _DIM)
            out.append(url, Style(link=url))
    return RenderedBody(out, list(body.links))


def _console_text(body: RenderedBody, width: int, color_system: str | None) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(1, width),
        height=25,  # a fixed size: rich would otherwise ask the real terminal (or TERM=dumb)
        force_terminal=color_system is not None,
        force_jupyter=False,
        force_interactive=False,
        color_system=color_system,  # type: ignore[arg-type]
        legacy_windows=False,
        emoji=False,
        markup=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(body.text, markup=False, highlight=False, emoji=False)
    return buffer.getvalue()


def to_plain(body: RenderedBody, width: int) -> str:
    """The article as plain text wrapped at `width`: no escape sequences at all."""
    text = _console_text(body, width, None)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def to_ansi(body: RenderedBody, width: int, *, color_system: str = "standard") -> str:
    """The article with ANSI styles and OSC 8 hyperlinks, wrapped at `width`, for a terminal."""
    return _console_text(body, width, color_system)
