"""The reader's links: open in the browser (http/https only) and copy, for the main screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from kalbartui.i18n import message, t
from kalbartui.text import clean_line

if TYPE_CHECKING:
    from kalbartui.ui.screens.main import MainScreen


class LinksMixin:
    """`o`, `c` and the reading pane's numbered links; part of MainScreen."""

    def _current_url(self: MainScreen) -> str | None:
        row = self._current_row()
        if row is None:
            return None
        if not row.url:
            self.say(t("notify.no_link", self.lang), "warning")
            return None
        return row.url

    def action_open_browser(self: MainScreen) -> None:
        """Open the highlighted article's link in the browser."""
        url = self._current_url()
        if url is not None:
            self.open_link(url)

    def open_link(self: MainScreen, url: str) -> None:
        """Open a link in the browser: http(s) only, refused on the spot otherwise."""
        checked = _checked(url)
        if checked is None:
            self.say(t("notify.refused", self.lang, url=clean_line(url, 80)), "error")
            return
        url = checked
        self.say(t("notify.opening", self.lang, url=clean_line(url, 80)), timeout=3)
        self._browser_worker(url)

    @work(thread=True, exit_on_error=False, group="browser")
    def _browser_worker(self: MainScreen, url: str) -> None:
        # webbrowser can wait for the browser to start: keep it off the event loop.
        from kalbartui import browser

        try:
            self.kalbar.launch_browser(url)
        except browser.BrowserError as exc:
            # Said here, in the user's language (notify is safe from a thread).
            error = clean_line(message(exc.problem, self.lang), 200)
            self.app.notify(
                t("notify.browser_error", self.lang, error=error), severity="error", markup=False
            )

    def action_copy_link(self: MainScreen) -> None:
        """Copy the highlighted article's link to the clipboard."""
        url = self._current_url()
        if url is not None:
            # Ingest keeps only http(s) links; checked again here, as opening does.
            checked = _checked(url)
            if checked is None:
                self.say(t("notify.refused", self.lang, url=clean_line(url, 80)), "error")
                return
            url = checked
            self.app.copy_to_clipboard(url)
            self.say(t("notify.copied", self.lang, url=clean_line(url, 80)), timeout=3)


def _checked(url: str) -> str | None:
    """The URL if it may be opened (http/https only), else None. The browser module (webbrowser,
    subprocess) is imported on the first link, not before the first paint."""
    from kalbartui import browser

    try:
        return browser.check_url(url)
    except browser.RefusedScheme:
        return None
