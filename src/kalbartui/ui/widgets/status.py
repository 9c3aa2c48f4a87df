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
    alert: str = ""  # the last refresh's newest alert, said for a while in place of the time
    disk: str = ""  # the cache refused a write: its problem's code (cache.full, ...)


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
        """The line at its width. What does not fit goes in this order: when the news was
        updated, how a search was read, the words of the progress, the count; the words
        searched for (or the view's name) stay to the last."""
        lang, s = self.language, self.state
        tr = translator(lang)
        if s.search is not None:
            label = Text(
                tr.gettext("Search: “{text}”", text=clean_line(s.search, 60)), style="bold"
            )
        else:
            label = Text(clean_line(s.view, 60), style="bold")
        if s.more:
            counted = tr.ngettext(
                "more than {count} article", "more than {count} articles", s.count
            )
        else:
            counted = tr.ngettext("{count} article", "{count} articles", s.count)
        count = Text(" · " + counted)
        hint = Text(" · " + s.hint, style="italic") if s.hint else Text()
        progress, progress_short = self._progress()
        updated = Text(clean_line(s.alert, 120), style="bold") if s.alert else self._updated()
        marks = self._marks()
        width = self.size.width or 80
        if s.alert and s.progress is None:
            return self._with_alert(label, count, hint, marks, width)
        shapes = (
            (count, hint, progress, updated),
            (count, hint, progress, Text()),
            (count, Text(), progress, Text()),
            (count, Text(), progress_short, Text()),
            (Text(), Text(), progress_short, Text()),
        )
        for count_, hint_, progress_, updated_ in shapes:
            left = Text.assemble(label, count_, hint_, no_wrap=True)
            right = self._join(progress_, updated_, marks)
            if left.cell_len + right.cell_len + 1 <= width:
                gap = width - left.cell_len - right.cell_len
                return Text.assemble(left, " " * gap, right, no_wrap=True)
        # Still too wide: the words searched for, cut, and the warnings.
        left = Text.assemble(label, no_wrap=True, overflow="ellipsis")
        right = self._join(progress_short, Text(), marks)
        left.truncate(max(0, width - right.cell_len - 1), overflow="ellipsis")
        return Text.assemble(left, " ", right, no_wrap=True)

    def _with_alert(self, label: Text, count: Text, hint: Text, marks: Text, width: int) -> Text:
        """The line while it says an alert: the view's name stays, then the alert (cut at
        the end if it must be), then what else fits."""
        alert = Text(clean_line(self.state.alert, 160), style="bold")
        right = self._join(alert, marks)
        for left in (Text.assemble(label, count, hint), Text.assemble(label, count)):
            left.no_wrap = True
            if left.cell_len + right.cell_len + 1 <= width:
                gap = width - left.cell_len - right.cell_len
                return Text.assemble(left, " " * gap, right, no_wrap=True)
        left = Text.assemble(label, no_wrap=True)
        left.truncate(min(left.cell_len, max(8, width // 4)), overflow="ellipsis")
        room = width - left.cell_len - 1 - (marks.cell_len + 2 if marks.plain else 0)
        alert.truncate(max(0, room), overflow="ellipsis")
        return Text.assemble(left, " ", self._join(alert, marks), no_wrap=True)

    @staticmethod
    def _join(*parts: Text) -> Text:
        return Text("  ", no_wrap=True).join(part for part in parts if part.plain)

    def _progress(self) -> tuple[Text, Text]:
        """A refresh under way: in words, and short ("↻ 3/14")."""
        s, tr = self.state, translator(self.language)
        if s.progress is None:
            return Text(), Text()
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
        short = f"↻ {done}/{total}" if total else "↻"
        return Text("↻ " + label, style="bold"), Text(short, style="bold")

    def _updated(self) -> Text:
        s, tr = self.state, translator(self.language)
        if s.last_ok is None:
            return Text(tr.gettext("Never updated"))
        when = relative_time(s.last_ok, self.now(), self.language)
        return Text(
            tr.gettext("Synced {when}", when=when)
            if s.syncing
            else tr.gettext("Updated {when}", when=when)
        )

    def _marks(self) -> Text:
        """A cache that cannot be written, offline, failing feeds, a failed refresh: kept
        whatever else goes."""
        s, tr = self.state, translator(self.language)
        if s.disk:
            if s.disk == "cache.full":
                said = tr.gettext("disk full: marks not kept")
            elif s.disk == "cache.read_only":
                said = tr.gettext("read-only disk: marks not kept")
            else:
                said = tr.gettext("cache not writable: marks not kept")
            return Text("⚠ " + said, style="bold reverse")
        if s.offline:
            return Text("⚠ " + tr.gettext("offline"), style="bold reverse")
        if s.failed:
            return Text(
                "⚠ " + tr.ngettext("{count} feed failed (e)", "{count} feeds failed (e)", s.failed),
                style="bold",
            )
        if s.error:
            return Text("⚠ " + tr.gettext("refresh error"), style="bold")
        return Text()
