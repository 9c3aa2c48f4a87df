"""What each element does when it opens and when it closes: the styles it adds, the break
around it, links and pictures numbered, list markers, quote bars, <pre>, table cells."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.style import Style

from kalbartui import urls
from kalbartui.i18n import translator
from kalbartui.render.flow import Flow
from kalbartui.render.limits import MAX_LINKS, MAX_TABLE_ROWS
from kalbartui.render.lines import Prefix
from kalbartui.render.styles import DIM, segs_len
from kalbartui.render.tables import Cell, Table
from kalbartui.render.tags import BULLETS, DROP, STYLE_SLOTS, TAGS, B, C, D, I, R, S, U
from kalbartui.text import clean_line

MAX_ALT = 200
HR_WIDTH = 40


class _List:
    __slots__ = ("ordered", "next", "depth")

    def __init__(self, ordered: bool, start: int, depth: int) -> None:
        self.ordered = ordered
        self.next = start
        self.depth = depth


class Entry:
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


def _int_attr(value: str | None, default: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return number if -1_000_000 < number < 1_000_000 else default


class Elements(Flow):
    """The element handlers, over the output they write to. Never recursive."""

    def __init__(self, width: int | None, language: str, base_url: str) -> None:
        Flow.__init__(self, width)
        self.language = language
        self.base = base_url
        self.drop = 0
        self.pre = 0
        self.pre_skip_nl = False
        self.pre_indent = ""
        self.style_counts = [0] * STYLE_SLOTS
        self.link = ""  # href of the open anchor, "" when none or not followable
        self.anchor: Entry | None = None
        self.style_cache: dict[tuple[object, ...], Style | None] = {}
        self.style: Style | None = None
        self.lists: list[_List] = []
        self.table_depth = 0
        self.links: list[str] = []
        self.pictures: list[str] = []  # the pictures' own URLs, in the order of the text
        self.link_numbers: dict[str, int] = {}
        self.link_styles: dict[str, Style] = {}

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

    def _add_styles(self, entry: Entry, *slots: int) -> None:
        for slot in slots:
            self.style_counts[slot] += 1
        entry.styles = entry.styles + slots
        self._restyle()

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
        label = translator(self.language).gettext("[image: {alt}]", alt=alt) if alt else None
        label = label or translator(self.language).gettext("[image]")
        src = ""
        for key in ("src", "data-src", "data-lazy-src", "data-orig-file"):
            src = urls.link_url(attrs.get(key), self.base)
            if src:
                break
        if src and len(self.pictures) < MAX_LINKS:
            self.pictures.append(src)  # for `i`, when the article has no lead picture
        if self.link:
            self._inline(label, self.style)
            return
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

    def _open(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
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

    def _open_a(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        self.anchor = entry
        entry.anchor = True
        entry.mark = self.emitted
        entry.link = urls.link_url(dict(attrs).get("href"), self.base)
        self.link = entry.link
        self._restyle()

    def _open_q(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        entry.quote = True
        self._inline("“", self.style)

    def _open_pre(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        entry.pre = True
        self.pre += 1
        self.pre_skip_nl = True

    def _open_blockquote(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is None:
            self._push_prefix(entry, Prefix("▌ ", DIM))

    def _open_list(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        tag = entry.tag
        entry.brk = 1 if self.lists else 2  # a list inside a list item hugs it
        if tag != "dl":
            start = _int_attr(dict(attrs).get("start"), 1) if tag == "ol" else 1
            entry.list = _List(tag == "ol", start, len(self.lists))
            self.lists.append(entry.list)

    def _open_li(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None:
            self._flow_space()
        else:
            self._push_prefix(entry, self._marker())

    def _open_dd(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is None:
            self._push_prefix(entry, Prefix("    "))

    def _open_table(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        self.table_depth += 1
        if self.table is None:
            self._block(2)
            entry.table = Table()
            self.table = entry.table
        else:
            self._flow_space()

    def _open_section(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None and self.table_depth == 1 and entry.tag == "thead":
            entry.head = True
            self.table.head += 1

    def _open_tr(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None and self.table_depth == 1:
            if len(self.table.rows) >= MAX_TABLE_ROWS:
                self._cap("rows")
            entry.row = True
            self.table.row = []
            self.table.rows.append(self.table.row)
            self.table.cell = None

    def _open_cell(self, entry: Entry, attrs: list[tuple[str, str | None]]) -> None:
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

    def _push_prefix(self, entry: Entry, item: Prefix) -> None:
        self.prefix.append(item)
        entry.prefix = True

    def _close(self, entry: Entry) -> None:
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


_OpenAction = Callable[[Elements, Entry, list[tuple[str, str | None]]], None]
_OPEN_ACTIONS: dict[str, _OpenAction] = {
    "a": Elements._open_a,
    "q": Elements._open_q,
    "pre": Elements._open_pre,
    "blockquote": Elements._open_blockquote,
    "list": Elements._open_list,
    "li": Elements._open_li,
    "dd": Elements._open_dd,
    "table": Elements._open_table,
    "section": Elements._open_section,
    "tr": Elements._open_tr,
    "cell": Elements._open_cell,
}
