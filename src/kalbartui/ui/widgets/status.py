"""The status line: refresh progress, when the news was last fetched, offline or error marks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from kalbartui.i18n import t, tn
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
            left.append(t("search.label", lang, text=clean_line(s.search, 60)), style="bold")
        else:
            left.append(clean_line(s.view, 60), style="bold")
        left.append(
            " · "
            + tn(
                "list.count_more" if s.more else "list.count",
                s.count,
                lang,
                count=f"{s.count:,}".replace(",", "." if lang == "id" else ","),
            )
        )
        if s.hint:
            left.append(" · " + s.hint, style="italic")
        right = Text(no_wrap=True)
        if s.progress is not None:
            done, total = s.progress
            kind = "syncing" if s.syncing else "refreshing"
            label = (
                t(f"status.{kind}", lang, done=done, total=total)
                if total
                else t(f"status.{kind}_start", lang)
            )
            right.append("↻ " + label, style="bold")
            right.append("  ")
        if s.last_ok is not None:
            when = relative_time(s.last_ok, self.now(), lang)
            right.append(t("status.last_sync" if s.syncing else "status.last_ok", lang, when=when))
        else:
            right.append(t("status.never", lang))
        if s.offline:
            right.append("  ")
            right.append("⚠ " + t("status.offline", lang), style="bold reverse")
        elif s.failed:
            right.append("  ")
            right.append("⚠ " + tn("status.failed", s.failed, lang), style="bold")
        elif s.error:
            right.append("  ")
            right.append("⚠ " + t("status.error", lang), style="bold")
        width = self.size.width or 80
        gap = max(1, width - left.cell_len - right.cell_len)
        if left.cell_len + right.cell_len + 1 > width:
            left.truncate(max(0, width - right.cell_len - 1), overflow="ellipsis")
            gap = 1
        return Text.assemble(left, " " * gap, right, no_wrap=True)
