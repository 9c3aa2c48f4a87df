"""HTML tables as text: cells collected while parsing, then laid out as rows of segments.

A table that fits the width gets padded, aligned columns separated by " │ " and a rule under an
all-header first row; a wider one keeps its cells unpadded, so the terminal wraps each row.
"""

from __future__ import annotations

from kalbartui.render.styles import BOLD, DIM, Seg, rstrip_segs, segs_len

# Widest a table may be (when no width is given) and still get padded, aligned columns.
TABLE_WIDTH = 100


class Cell:
    """One table cell: its content and whether it is a header."""

    __slots__ = ("segs", "space", "header")

    def __init__(self, header: bool) -> None:
        self.segs: list[Seg] = []
        self.space = False
        self.header = header


class Table:
    """A table being read: its rows, the open row and cell, and <thead> depth."""

    __slots__ = ("rows", "row", "cell", "head")

    def __init__(self) -> None:
        self.rows: list[list[Cell]] = []
        self.row: list[Cell] | None = None
        self.cell: Cell | None = None
        self.head = 0  # inside <thead>


def table_lines(table: Table, width: int | None, prefix_width: int) -> list[tuple[list[Seg], bool]]:
    """The table's output lines as (segments, is_content); the rule under a header is not content."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            rstrip_segs(cell.segs)
            cells.append(cell)
        while cells and not cells[-1].segs:
            cells.pop()
        if cells:
            rows.append(cells)
    if not rows:
        return []
    ncols = max(len(r) for r in rows)
    widths = [0] * ncols
    for r in rows:
        for k, cell in enumerate(r):
            widths[k] = max(widths[k], segs_len(cell.segs))
    budget = width or TABLE_WIDTH
    aligned = ncols > 1 and sum(widths) + 3 * (ncols - 1) + prefix_width <= budget
    sep = (" │ ", DIM)
    out: list[tuple[list[Seg], bool]] = []
    for index, r in enumerate(rows):
        segs: list[Seg] = []
        for k, cell in enumerate(r):
            if k:
                segs.append(sep)
            for text, style in cell.segs:
                segs.append(
                    (text, (style + BOLD) if style else BOLD) if cell.header else (text, style)
                )
            if aligned and k < len(r) - 1:
                pad = widths[k] - segs_len(cell.segs)
                if pad > 0:
                    segs.append((" " * pad, None))
        out.append((segs, True))
        if index == 0 and aligned and len(rows) > 1 and all(c.header for c in r):
            out.append(([("─┼─".join("─" * w for w in widths), DIM)], False))
    return out
