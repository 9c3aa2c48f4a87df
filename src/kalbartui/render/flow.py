"""The renderer's output side: lines of styled segments, the breaks between them, the prefixes
(quote bars, list markers) they carry, text flowing into a table cell or onto the page, and the
finished lines laid out into one Text. Every line and character counts against the caps."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from kalbartui.render.limits import MAX_CHARS, MAX_LINES, MAX_TABLE_ROWS, Full
from kalbartui.render.lines import Line, Out, Prefix, add_wrapped
from kalbartui.render.styles import MARKER, Seg, rstrip_segs, segs_len
from kalbartui.render.tables import Cell, Table, table_lines

# Deeper list or quote levels than this add no more indentation, so a line never turns into
# a wall of prefix.
MAX_PREFIX_DEPTH = 8


def _cut_words(text: str, room: int) -> str:
    """The start of `text`, at most `room` characters, cut after a word when one ends near."""
    if room <= 0:
        return ""
    cut = text[:room]
    space = cut.rfind(" ", max(room - 80, 0))
    return cut[:space].rstrip() if space > 0 else cut


class Flow:
    """Where content goes: the lines so far, the open one, and what separates it from the next."""

    def __init__(self, width: int | None) -> None:
        self.width = width if width and width > 0 else None
        self.prefix: list[Prefix] = []
        self.table: Table | None = None
        # Output: finished lines, the open one, and what separates it from the next content.
        self.lines: list[Line] = []
        self.cur: Line | None = None
        self.last_content: Line | None = None
        self.pending = 0  # 1: new line, 2: blank line before the next content
        self.space = False
        self.trailing_blanks = 0
        self.emitted = 0  # content chunks so far: tells whether an anchor showed anything
        # Caps (see MAX_LINES...): what has been spent, and whether one was reached.
        self.chars = 0
        self.full = ""

    def _cap(self, reason: str) -> None:
        """Stop the article here: raised out of the parser's feed; closing what is open is fine."""
        if not self.full:
            self.full = reason
            raise Full(reason)

    def _count_line(self) -> None:
        if len(self.lines) >= MAX_LINES:
            self._cap("lines")

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

    def layout(self) -> Text:
        """The finished lines as one Text, without blank lines at either end; list items and
        quotes longer than the width wrap here, under their own indentation."""
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
        return out.text()
