"""The reader's links: open in the browser (http/https only) and copy (OSC 52, works over SSH)."""

from __future__ import annotations

from textual import work
from textual.worker import Worker, WorkerState

from kalbartui.i18n import message, translator
from kalbartui.models import ArticleRow
from kalbartui.text import clean_line
from kalbartui.ui.parts.part import Part, kalbar, one_line


class Links(Part):
    """`o`, `c` and the reading pane's numbered links; the browser starts in a thread."""

    def open_article(self, row: ArticleRow | None) -> None:
        """Open the highlighted article's link in the browser."""
        url = self._url_of(row)
        if url is not None:
            self.open(url)

    def open(self, url: str) -> None:
        """Open a link in the browser: http(s) only, refused on the spot otherwise."""
        checked = _checked(url)
        if checked is None:
            self.say(
                translator(self.lang).gettext(
                    "Only http and https links are opened. Refused: {url}", url=clean_line(url, 80)
                ),
                "error",
            )
            return
        url = checked
        self.say(translator(self.lang).gettext("Opening {url}", url=clean_line(url, 80)), timeout=3)
        self._browser_worker(url)

    def copy_article(self, row: ArticleRow | None) -> None:
        """Copy the highlighted article's link to the clipboard."""
        url = self._url_of(row)
        if url is None:
            return
        # Ingest keeps only http(s) links; checked again here, as opening does.
        checked = _checked(url)
        if checked is None:
            self.say(
                translator(self.lang).gettext(
                    "Only http and https links are opened. Refused: {url}", url=clean_line(url, 80)
                ),
                "error",
            )
            return
        url = checked
        self.app.copy_to_clipboard(url)
        self.say(
            translator(self.lang).gettext("Link copied: {url}", url=clean_line(url, 80)), timeout=3
        )

    def _url_of(self, row: ArticleRow | None) -> str | None:
        if row is None:
            self.say(translator(self.lang).gettext("No article is selected."), "warning")
            return None
        if not row.url:
            self.say(translator(self.lang).gettext("This article has no link."), "warning")
            return None
        return row.url

    @work(thread=True, exit_on_error=False, group="browser")
    def _browser_worker(self, url: str) -> None:
        # webbrowser can wait for the browser to start: keep it off the event loop.
        from kalbartui import browser

        try:
            kalbar(self).launch_browser(url)
        except browser.BrowserError as exc:
            # Said here, in the user's language (notify is safe from a thread).
            error = clean_line(message(exc.problem, self.lang), 200)
            self.say(
                translator(self.lang).gettext("Cannot open the browser: {error}", error=error),
                "error",
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Anything else the browser raised: one sentence, never its raw text."""
        if event.state == WorkerState.ERROR:
            error = one_line(event.worker.error, self.lang)
            self.say(
                translator(self.lang).gettext("Cannot open the browser: {error}", error=error),
                "error",
            )


def _checked(url: str) -> str | None:
    """The URL if it may be opened (http/https only), else None. The browser module (webbrowser,
    subprocess) is imported on the first link, not before the first paint."""
    from kalbartui import browser

    try:
        return browser.check_url(url)
    except browser.RefusedScheme:
        return None
