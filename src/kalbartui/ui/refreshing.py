"""The main screen's refresh supervisor: one refresh at a time, reported by message.

The refresh itself (network, parsing, writing) runs in a child process
(kalbartui.refresh.child), so the reader's event loop never shares a GIL with it. A thread
worker starts the child, reads its messages and only posts them to the screen: progress,
"feed X landed with N new" (the list re-reads itself, the highlight stays), the report.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker, WorkerState, get_current_worker

from kalbartui.i18n import message, t
from kalbartui.problems import KalbarError
from kalbartui.refresh.report import Progress, RefreshCancelled, RefreshReport
from kalbartui.store import DatabaseError
from kalbartui.text import clean_line
from kalbartui.ui.messages import FeedLanded, PagesFetched, RefreshFinished, RefreshProgress

if TYPE_CHECKING:
    from textual.timer import Timer

    from kalbartui.ui.screens.main import MainScreen


# New rows from feeds that land close together are shown together: one re-read of the list
# per this many seconds at most, however many feeds land.
LANDED_RELOAD_SECONDS = 0.5
# The refresh on start begins this long after the first paint: the reader's own start-up
# work (the footer's keys, the first article drawn and its page looked up, the picture) is
# done by then instead of sharing the event loop and the cores with the refresh's start
# (a new interpreter importing the fetch and parse layers). A refresh takes seconds; this
# moves its end by a fraction of one.
START_UP_SETTLE_SECONDS = 0.5


class RefreshMixin:
    """`r`, the refresh on start and every N minutes, and what the reader shows when it ends."""

    _refresh_worker: Worker[RefreshReport | None] | None
    # The running refresh's child process (tests check it is gone after quit or cancel).
    refresh_child_pid: int | None = None
    _landed_reload: Timer | None = None
    # The report of the last refresh whose feeds are in (the pages pass may go on after it).
    last_report: RefreshReport | None = None

    def refresh_after_start_up(self: MainScreen) -> None:
        """The refresh on start, once the first screen is drawn and settled."""
        # Shown as refreshing at once (an empty first run says it is fetching).
        self.status.set(progress=(0, 0), error=False)
        self._refreshing = True
        if self.articles.count == 0:
            self.articles.reload(self._empty_message())
        self.set_timer(START_UP_SETTLE_SECONDS, self._refresh_on_start)

    def _refresh_on_start(self: MainScreen) -> None:
        if self._refresh_worker is not None and self._refresh_worker.is_running:
            return  # `r` came first
        # What start-up built after the first paint (the footer's keys, modules loaded
        # on first use) lives as long as the reader: out of the collector's way too, or its
        # first full sweep during the refresh holds the screen for 50-90 ms.
        gc.freeze()
        self.action_refresh_feeds()

    def _periodic_refresh(self: MainScreen) -> None:
        if not self._refreshing:
            self.action_refresh_feeds()

    def action_refresh_feeds(self: MainScreen) -> None:
        """Fetch every feed now, in a thread; the list fills in as the results arrive.

        A refresh whose feeds are in but whose pages pass goes on is replaced by this one."""
        if (
            self._refreshing
            and self._refresh_worker is not None
            and self._refresh_worker.is_running
        ):
            self.say(t("notify.refresh_running", self.lang), timeout=2)
            return
        self.status.set(progress=(0, 0), error=False)
        self._refreshing = True
        self._refresh_worker = self._refresh()
        if self.articles.count == 0:
            self.articles.reload(self._empty_message())

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh", name="refresh")
    def _refresh(self: MainScreen) -> RefreshReport | None:
        # Runs in a thread that waits on the child's pipe; it talks back only by messages.
        worker = get_current_worker()
        app = self.kalbar

        def progress(p: Progress) -> None:
            self._progress_seq += 1  # only this thread writes it
            self.post_message(RefreshProgress(p.done, p.total, self._progress_seq))
            outcome = p.outcome
            if outcome is not None and outcome.new > 0:
                self.post_message(FeedLanded(outcome.feed_id, outcome.name, outcome.new))

        def started(pid: int) -> None:
            self.refresh_child_pid = pid

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
            )
        except RefreshCancelled:
            return None
        if not told:
            self.post_message(RefreshFinished(report))
        if report.pages:
            self.post_message(PagesFetched(report.pages))
        return report

    def on_refresh_progress(self: MainScreen, message: RefreshProgress) -> None:
        """Show where the refresh is; a stale message (a newer one is on its way) is dropped."""
        if message.seq != self._progress_seq or not self._refreshing:
            return
        self.status.set(progress=(message.done, message.total))

    def on_feed_landed(self: MainScreen, message: FeedLanded) -> None:
        """A feed's new articles are in the cache: show them now, not after the slowest feed."""
        if self._landed_reload is None and self._refreshing:
            self._landed_reload = self.set_timer(LANDED_RELOAD_SECONDS, self._show_landed)

    def _show_landed(self: MainScreen) -> None:
        self._landed_reload = None
        if not self._refreshing:
            return
        # The list only: rebuilding the sidebar's counts costs several times a list repaint
        # (60+ ms on a slow machine), so they follow once, when the refresh ends.
        self.articles.reload(self._empty_message())
        self._update_status()

    def on_refresh_finished(self: MainScreen, message: RefreshFinished) -> None:
        """The refresh's report arrived: show what changed."""
        self.after_refresh(message.report)

    def on_worker_state_changed(self: MainScreen, event: Worker.StateChanged) -> None:
        """The one place where background failures are reported (results come as messages)."""
        worker = event.worker
        if worker.group == "refresh":
            if event.state == WorkerState.ERROR:
                self._refreshing = False
                self.status.set(progress=None, error=True)
                self.say(
                    t("notify.refresh_error", self.lang, error=_one_line(worker.error, self.lang)),
                    "error",
                )
            elif event.state == WorkerState.CANCELLED:
                self._refreshing = False
                self.status.set(progress=None)
        elif worker.group == "browser" and event.state == WorkerState.ERROR:
            self.say(
                t("notify.browser_error", self.lang, error=_one_line(worker.error, self.lang)),
                "error",
            )

    def after_refresh(self: MainScreen, report: RefreshReport) -> None:
        """A refresh finished: new rows appear around the highlighted article, which stays put."""
        self._refreshing = False
        self.last_report = report
        if self._landed_reload is not None:
            self._landed_reload.stop()
            self._landed_reload = None
        try:
            last_ok, _checked, _failing = self.store.last_refresh()
        except DatabaseError as exc:
            self.say(
                t("notify.store_error", self.lang, error=message(exc.problem, self.lang)), "error"
            )
            return
        failed = len(report.failed)
        self.status.set(
            progress=None,
            last_ok=last_ok,
            offline=report.offline,
            failed=0 if report.offline else failed,
            error=False,
        )
        self.reload_articles()
        if self.reader.article is not None:
            article = self.store.article(self.reader.article.id)
            # Drawn again only when the refresh changed it (drawing a long article is a
            # frame or two of the event loop's time).
            if article is not None and article != self.reader.article:
                self.reader.article = article
                self.reader.rerender()
        new = report.new_total
        if new:
            self.say(
                t("notify.new_one", self.lang)
                if new == 1
                else t("notify.new", self.lang, count=new)
            )
        self.announce_failures(report.offline, frozenset(o.url for o in report.failed))

    def on_pages_fetched(self: MainScreen, message: PagesFetched) -> None:
        """The refresh's pages pass is over: the open article may have its whole text now."""
        self.kalbar.pages_fetched(message.outcomes)


def _one_line(error: BaseException | None, language: str) -> str:
    """Our own errors are already one sentence; anything else (an ExceptionGroup, a bug) is
    never shown as its raw text, which means nothing to a reader and may quote a feed."""
    if error is None:
        return ""
    if isinstance(error, KalbarError):
        return clean_line(message(error.problem, language), 200)
    return t("notify.unexpected", language)
