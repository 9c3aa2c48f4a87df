"""The status line: refresh progress, when the news was last fetched, offline or error marks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from kalbartui.i18n import translator
from kalbartui.i18n.times import relative_time
from kalbartui.text import clean_line


@dataclass
class StatusState:
    view: str = ""
    count: int = 0
    more: bool = False  # the count stopped early: more articles than `count`
    search: str | None = None
    hint: str = ""  # a word on how the search was read, after the count
    progress: tuple[int, int] | None = None  # (done, total) while a refresh runs
    last_ok: datetime | None = None
    offline: bool = False
    failed: int = 0
    error: bool = False
    syncing: bool = False  # [sync] is on: progress and time are the sync server's


class StatusLine(Static):
    """One line above the footer. Drawn from a StatusState; redrawn each minute for the time."""

    def __init__(
        self, language: str, now: Callable[[], datetime], *, id: str | None = None
    ) -> None:  # noqa: A002
        super().__init__("", id=id, markup=False)
        self.language = language
        self.now = now
        self.state = StatusState()

    def set(self, **changes: object) -> None:
        for name, value in changes.items():
            setattr(self.state, name, value)
        self.redraw()

    def redraw(self) -> None:
        # One line of fixed height: a new text never changes the layout, so none is done
        # (a layout pass redraws the whole screen, tens of ms on each refresh progress step).
        self.refresh()

    def render(self) -> Text:
        # Built when drawn, at the line's real width: the first frame may come before the
        # first layout, when the line has no width yet.
        return self.build()

    def build(self) -> Text:
        lang, s = self.language, self.state
        left = Text(no_wrap=True, overflow="ellipsis")
        if s.search is not None:
            left.append(
                translator(lang).gettext("Search: “{text}”", text=clean_line(s.search, 60)),
                style="bold",
            )
        else:
            left.append(clean_line(s.view, 60), style="bold")
        tr = translator(lang)
        if s.more:
            counted = tr.ngettext(
                "more than {count} article", "more than {count} articles", s.count
            )
        else:
            counted = tr.ngettext("{count} article", "{count} articles", s.count)
        left.append(" · " + counted)
        if s.hint:
            left.append(" · " + s.hint, style="italic")
        right = Text(no_wrap=True)
        if s.progress is not None:
            done, total = s.progress
            if s.syncing:
                label = (
                    tr.gettext("Syncing {done}/{total}", done=done, total=total)
                    if total
                    else tr.gettext("Syncing…")
                )
            else:
                label = (
                    tr.ngettext(
                        "Refreshing {done}/{count} feed",
                        "Refreshing {done}/{count} feeds",
                        total,
                        done=done,
                    )
                    if total
                    else tr.gettext("Refreshing…")
                )
            right.append("↻ " + label, style="bold")
            right.append("  ")
        if s.last_ok is not None:
            when = relative_time(s.last_ok, self.now(), lang)
            right.append(
                tr.gettext("Synced {when}", when=when)
                if s.syncing
                else tr.gettext("Updated {when}", when=when)
            )
        else:
            right.append(translator(lang).gettext("Never updated"))
        if s.offline:
            right.append("  ")
            right.append("⚠ " + translator(lang).gettext("offline"), style="bold reverse")
        elif s.failed:
            right.append("  ")
            right.append(
                "⚠ "
                + translator(lang).ngettext(
                    "{count} feed failed (e)", "{count} feeds failed (e)", s.failed
                ),
                style="bold",
            )
        elif s.error:
            right.append("  ")
            right.append("⚠ " + translator(lang).gettext("refresh error"), style="bold")
        width = self.size.width or 80
        gap = max(1, width - left.cell_len - right.cell_len)
        if left.cell_len + right.cell_len + 1 > width:
            left.truncate(max(0, width - right.cell_len - 1), overflow="ellipsis")
            gap = 1
        return Text.assemble(left, " " * gap, right, no_wrap=True)
