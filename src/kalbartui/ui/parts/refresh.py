"""The reader's refresh supervisor: one refresh at a time, reported by message.

The refresh itself (network, parsing, writing) runs in a child process
(kalbartui.refresh.child), so the reader's event loop never shares a GIL with it. A thread
worker starts the child, reads its messages and only posts them here: progress, "a feed
landed with new articles" (the list re-reads itself, the highlight stays), the report. What
the screen shows of it (the status line, the list) it learns from this part's messages.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import datetime

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from kalbartui.i18n import message, translator
from kalbartui.models import Alert
from kalbartui.problems import Problem, problem_of
from kalbartui.refresh.report import Progress, RefreshCancelled, RefreshReport, is_offline
from kalbartui.store import DatabaseError
from kalbartui.text import clean_line
from kalbartui.ui.messages import (
    AuthorsFetched,
    PagesFetched,
    RefreshFinished,
    RefreshProgress,
)
from kalbartui.ui.parts.part import Part, kalbar, one_line

# New rows from feeds that land close together are shown together: one re-read of the list
# per this many seconds at most, however many feeds land.
LANDED_RELOAD_SECONDS = 0.5
# The refresh on start begins this long after the first paint: the reader's own start-up
# work (the footer's keys, the first article drawn and its page looked up, the picture) is
# done by then instead of sharing the event loop and the cores with the refresh's start
# (a new interpreter importing the fetch and parse layers). A refresh takes seconds; this
# moves its end by a fraction of one.
START_UP_SETTLE_SECONDS = 0.5
# A refresh that brings many alerts (the first fetch of a busy feed) toasts this many, then
# one toast that says how many more; `kalbartui alerts` lists them all.
MAX_ALERT_TOASTS = 5
ALERT_TOAST_SECONDS = 10.0


def alert_words(alert: Alert, lang: str) -> str:
    """An alert as the toast and the status line say it: the bell, the headline, the feed.
    Feed text, cleaned and bounded; shown only as plain text (never markup)."""
    return translator(lang).gettext(
        "🔔 {title} — {feed}",
        title=clean_line(alert.title, 200),
        feed=clean_line(alert.feed, 80),
    )


class Refresher(Part):
    """`r`, the refresh on start and every N minutes, and what the reader hears when it ends."""

    @dataclass
    class Started(Message):
        """A refresh began: the status line says so (an empty list says it is fetching)."""

    @dataclass
    class Landed(Message):
        """Feeds landed with new articles while the refresh goes on: the list re-reads itself."""

    @dataclass
    class Done(Message):
        """The refresh's feeds are in: its report, and the last refresh that worked."""

        report: RefreshReport
        last_ok: datetime | None

    @dataclass
    class Stopped(Message):
        """The refresh failed (`error`) or was cancelled: no report comes."""

        error: bool

    def __init__(self, lang: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(lang, id=id)
        self._worker: Worker[RefreshReport | None] | None = None
        self._refreshing = False
        self._landed_reload: Timer | None = None
        self.last_report: RefreshReport | None = None
        """The report of the last refresh whose feeds are in (its pages pass may go on)."""
        self.child_pid: int | None = None
        """The running refresh's child process (tests check it is gone after quit or cancel)."""
        self.failure: Problem | None = None
        """Why the last refresh failed as a whole (its process killed, a full disk), until
        one works; the feeds screen says it above the feeds."""
        self.failing: frozenset[str] | None = None
        """The feeds failing at the last report (URLs): a toast only when this set changes."""

    @property
    def refreshing(self) -> bool:
        """From the start of a refresh until its result is shown (or it failed)."""
        return self._refreshing

    @property
    def running(self) -> bool:
        """The refresh's worker is still at work (its pages pass may outlast `refreshing`)."""
        return self._worker is not None and self._worker.is_running

    @property
    def worker(self) -> Worker[RefreshReport | None] | None:
        """The latest refresh's worker (None before the first): its state and report."""
        return self._worker

    def recall(self) -> tuple[datetime | None, bool, int]:
        """What the last refresh left in the cache, for the first paint: when a refresh last
        worked, whether the network was down, and how many feeds failed."""
        store = self.core.store
        last_ok, _checked, failing = store.last_refresh()
        # Not store.feeds(), which counts every feed's articles (a scan that grows with the cache).
        active, failing_urls = store.feed_health()
        # Feeds already failing at the last run: the status line says so; no toast for them.
        self.failing = failing_urls
        offline = is_offline(active, failing)
        return last_ok, offline, 0 if offline else failing

    # ------------------------------------------------------------------ starting

    def start_after_start_up(self) -> None:
        """The refresh on start, once the first screen is drawn and settled."""
        # Shown as refreshing at once (an empty first run says it is fetching).
        self._refreshing = True
        self.post_message(self.Started())
        self.set_timer(START_UP_SETTLE_SECONDS, self._start_on_start)

    def _start_on_start(self) -> None:
        if self.running:
            return  # `r` came first
        # What start-up built after the first paint (the footer's keys, modules loaded
        # on first use) lives as long as the reader: out of the collector's way too, or its
        # first full sweep during the refresh holds the screen for 50-90 ms.
        gc.freeze()
        self.start()

    def periodic(self) -> None:
        """Every minute: the feeds whose own refresh interval has passed (with `[sync]`, the
        sync once its interval has), unless a refresh is on."""
        if self._refreshing:
            return
        try:
            due = self.core.due_feed_ids()
        except DatabaseError:
            return  # the next minute asks again
        if due is None:
            self.start()
        elif due:
            self.start(due, quiet=True)

    def start(
        self, feed_ids: list[int] | None = None, *, name: str = "", quiet: bool = False
    ) -> None:
        """Fetch every feed now (or `feed_ids`: one feed `name`d, the feeds found due), in a
        thread; the list fills in as the results arrive.

        A refresh whose feeds are in but whose pages pass goes on is replaced by this one."""
        if self._refreshing and self.running:
            if not quiet:
                self.say(translator(self.lang).gettext("A refresh is already running."), timeout=2)
            return
        self._refreshing = True
        self.post_message(self.Started())  # queued ahead of anything the worker reports
        if name:
            self.say(translator(self.lang).gettext("Refreshing {name}…", name=name), timeout=2)
        self._worker = self._refresh(feed_ids)

    def cancel(self) -> None:
        """Stop the running refresh (its child process with it); the cache stays as it was."""
        if self._worker is not None:
            self._worker.cancel()

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh", name="refresh")
    def _refresh(self, feed_ids: list[int] | None = None) -> RefreshReport | None:
        # Runs in a thread that waits on the child's pipe; it talks back only by messages.
        worker = get_current_worker()
        app = kalbar(self)

        def progress(p: Progress) -> None:
            landed = p.outcome is not None and p.outcome.new > 0
            self.post_message(RefreshProgress(p.done, p.total, landed))

        def started(pid: int) -> None:
            self.child_pid = pid

        told: list[RefreshReport] = []

        def feeds_done(report: RefreshReport) -> None:
            # The list shows the new articles now; the pages pass goes on in the child.
            told.append(report)
            self.post_message(RefreshFinished(report))

        try:
            # Quitting cancels the worker; the child is stopped then rather than wait out a timeout.
            report = app.core.refresh_in_child(
                progress,
                on_feeds_done=feeds_done,
                cancelled=lambda: worker.is_cancelled,
                fixed_now=app.now() if app.fixed_clock else None,
                on_start=started,
                pages=app.background_refresh,
                feed_ids=feed_ids,
            )
        except RefreshCancelled:
            return None
        if not told:
            self.post_message(RefreshFinished(report))
        if report.pages:
            self.post_message(PagesFetched(report.pages))
        if report.authors_found:
            self.post_message(AuthorsFetched())
        return report

    # ------------------------------------------------------------------ what it reports

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        """Goes on to the screen's status line, unless the refresh is over (a late one)."""
        if not self._refreshing:
            message.stop()
            return
        # A feed's new articles are in the cache: shown soon, not after the slowest feed.
        if message.landed and self._landed_reload is None:
            self._landed_reload = self.set_timer(LANDED_RELOAD_SECONDS, self._show_landed)

    def _show_landed(self) -> None:
        self._landed_reload = None
        if self._refreshing:
            self.post_message(self.Landed())

    def on_refresh_finished(self, finished: RefreshFinished) -> None:
        """The report arrived: the screen shows what changed, and the user hears of it."""
        report = finished.report
        self._refreshing = False
        self.failure = None
        self.last_report = report
        if self._landed_reload is not None:
            self._landed_reload.stop()
            self._landed_reload = None
        try:
            last_ok, _checked, _failing = self.core.store.last_refresh()
        except DatabaseError as exc:
            self.say(
                translator(self.lang).gettext(
                    "Cannot read the cache: {error}", error=message(exc.problem, self.lang)
                ),
                "error",
            )
            return
        self.post_message(self.Done(report, last_ok))
        self.announce_alerts(report.alerts)
        new = report.new_total
        if new:
            self.say(
                translator(self.lang).gettext("1 new article")
                if new == 1
                else translator(self.lang).ngettext(
                    "{count} new article", "{count} new articles", new
                )
            )
        self.announce_failures(report.offline, frozenset(o.url for o in report.failed))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place where the refresh's failure is reported (results come as messages)."""
        if event.state == WorkerState.ERROR:
            self._refreshing = False
            self.failure = problem_of(event.worker.error) if event.worker.error else None
            self.post_message(self.Stopped(error=True))
            error = one_line(event.worker.error, self.lang)
            self.say(translator(self.lang).gettext("Refresh failed: {error}", error=error), "error")
        elif event.state == WorkerState.CANCELLED:
            self._refreshing = False
            self.post_message(self.Stopped(error=False))

    def announce_alerts(self, alerts: list[Alert]) -> None:
        """A toast for each alert the refresh recorded (each article is alerted once, by the
        refresh that stored it), at most MAX_ALERT_TOASTS, then one for the rest."""
        tr = translator(self.lang)
        for alert in alerts[:MAX_ALERT_TOASTS]:
            self.say(alert_words(alert, self.lang), timeout=ALERT_TOAST_SECONDS)
        more = len(alerts) - MAX_ALERT_TOASTS
        if more > 0:
            self.say(
                tr.ngettext(
                    "🔔 and {count} more alert (kalbartui alerts lists them)",
                    "🔔 and {count} more alerts (kalbartui alerts lists them)",
                    more,
                ),
                timeout=ALERT_TOAST_SECONDS,
            )

    def announce_failures(self, offline: bool, failing: frozenset[str]) -> None:
        """Toast about failing feeds only when the set of them changed since the last refresh:
        the status line already says it the rest of the time."""
        before, self.failing = self.failing, failing
        if failing == (before or frozenset()):
            return
        if offline:
            # With nothing cached there are no "cached news" to show: the list says what to do.
            cached = self.core.store.totals().get("all", 0) > 0
            self.say(
                translator(self.lang).gettext("Cannot connect. Showing the cached news.")
                if cached
                else translator(self.lang).gettext("Cannot connect, and no news is cached yet."),
                "warning",
            )
        elif failing:
            self.say(
                translator(self.lang).ngettext(
                    "{count} feed failed to refresh. Press e for details.",
                    "{count} feeds failed to refresh. Press e for details.",
                    len(failing),
                ),
                "warning",
            )
