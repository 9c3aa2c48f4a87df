"""The main screen's refresh supervisor: one refresh at a time, in a thread, reported by message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker, WorkerState, get_current_worker

from kalbartui.i18n import message, t
from kalbartui.refresh import Progress, RefreshCancelled, RefreshReport, run_refresh
from kalbartui.store import DatabaseError
from kalbartui.text import clean_line
from kalbartui.ui.messages import RefreshFinished, RefreshProgress

if TYPE_CHECKING:
    from kalbartui.ui.screens.main import MainScreen


class RefreshMixin:
    """`r`, the refresh on start and every N minutes, and what the reader shows when it ends."""

    _refresh_worker: Worker[RefreshReport | None] | None

    def _periodic_refresh(self: MainScreen) -> None:
        if self._refresh_worker is None or not self._refresh_worker.is_running:
            self.action_refresh_feeds()

    def action_refresh_feeds(self: MainScreen) -> None:
        """Fetch every feed now, in a thread; the list fills in as the results arrive."""
        if self._refresh_worker is not None and self._refresh_worker.is_running:
            self.say(t("notify.refresh_running", self.lang), timeout=2)
            return
        self.status.set(progress=(0, 0), error=False)
        self._refreshing = True
        self._refresh_worker = self._refresh()
        if self.articles.count == 0:
            self.articles.reload(self._empty_message())

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh", name="refresh")
    def _refresh(self: MainScreen) -> RefreshReport | None:
        # Runs in a thread with its own SQLite connection; it talks back only by messages.
        worker = get_current_worker()
        app = self.kalbar

        def progress(p: Progress) -> None:
            self._progress_seq += 1  # only this thread writes it
            self.post_message(RefreshProgress(p.done, p.total, self._progress_seq))

        try:
            # Quitting cancels the worker; the fetches stop then rather than wait out a timeout.
            report = run_refresh(
                app.config,
                app.paths.database,
                progress,
                cancelled=lambda: worker.is_cancelled,
                clock=app.clock,
            )
        except RefreshCancelled:
            return None
        self.post_message(RefreshFinished(report))
        return report

    def on_refresh_progress(self: MainScreen, message: RefreshProgress) -> None:
        """Show where the refresh is; a stale message (a newer one is on its way) is dropped."""
        if message.seq != self._progress_seq or not self._refreshing:
            return
        self.status.set(progress=(message.done, message.total))

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
        try:
            last_ok, _checked, _failing = self.store.last_refresh()
        except DatabaseError as exc:
            self.say(
                t("notify.store_error", self.lang, error=message(str(exc), self.lang)), "error"
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
            if article is not None:
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
        # Article pages come after, in their own worker, so the list shows the new articles
        # without waiting for them.
        if not report.offline:
            self.kalbar.fetch_pages_after_refresh()


def _one_line(error: BaseException | None, language: str) -> str:
    """Our own errors are already one sentence; anything else (an ExceptionGroup, a bug) is
    never shown as its raw text, which means nothing to a reader and may quote a feed."""
    if error is None:
        return ""
    from kalbartui.browser import BrowserError

    if isinstance(error, DatabaseError | BrowserError) and str(error):
        return clean_line(str(error), 200)
    return t("notify.unexpected", language)
