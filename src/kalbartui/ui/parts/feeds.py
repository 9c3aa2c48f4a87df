"""The feed list from the reader: each feed's last fetch (`e`), adding a site, OPML export and
import."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from kalbartui.i18n import message, translator
from kalbartui.problems import KalbarError, Problem
from kalbartui.text import clean_line
from kalbartui.ui.parts.part import Part, kalbar

if TYPE_CHECKING:
    from kalbartui.models import FoundFeed


class FeedList(Part):
    """The feeds screen and OPML; an import that added feeds asks the screen for a refresh."""

    @dataclass
    class Imported(Message):
        """New feeds are in the config: a refresh fetches them."""

    @dataclass
    class SiteSearched(Message):
        """What an address offers (best first), or why nothing can be offered."""

        address: str
        found: tuple[FoundFeed, ...] = ()
        error: Problem | None = None

    def show_errors(self) -> None:
        """Each feed's last fetch, failures first."""
        app = kalbar(self)
        notes = [message(s.note(), self.lang) for s in self.core.discovery() if s.fallback]
        failure = app.main.refresher.failure
        if failure is not None:
            # The whole refresh failed (its process killed, a full disk): no feed's row says so.
            said = message(failure, self.lang)
            notes.insert(
                0, translator(self.lang).gettext("The last refresh failed: {error}", error=said)
            )
        sync = app.config.sync
        sync_note = (
            ""
            if sync is None
            else translator(self.lang).gettext(
                "The sync server {url} fetches these feeds; [[feeds]] and [[sources]] are not fetched directly while [sync] is on.",
                url=sync.url,
            )
        )
        from kalbartui.ui.screens.feed_errors import FeedErrorsScreen

        feeds, pages = app.store.feeds(), self.core.page_failures()
        app.push_screen(FeedErrorsScreen(feeds, self.lang, app.now, sync_note, notes, pages))

    # ------------------------------------------------------------------ adding a site

    def ask_add_site(self) -> None:
        """Ask for any address of a site; find its feeds and add one (a list when several)."""
        from kalbartui.ui.screens.ask_path import AskPathScreen

        def answered(answer: str | None) -> None:
            if answer:
                self.add_site(answer)

        question = translator(self.lang).gettext(
            "The address of a site (any of its pages) or of a feed:"
        )
        self.app.push_screen(
            AskPathScreen(question, self.lang, "https://www.kalbaronline.com/"), answered
        )

    def add_site(self, address: str) -> None:
        """Look for the feeds an address offers, in a thread (the network); the answer comes
        back as SiteSearched."""
        self.say(
            translator(self.lang).gettext(
                "Looking for feeds at {url}…", url=clean_line(address, 200)
            )
        )
        self._search_site(address)

    @work(thread=True, exclusive=True, exit_on_error=False, group="add-site")
    def _search_site(self, address: str) -> None:
        try:
            found = self.core.discover_site(address).found
        except KalbarError as exc:
            self.post_message(self.SiteSearched(address, error=exc.problem))
            return
        except Exception:  # noqa: BLE001 - one sentence for the reader, never a traceback
            self.post_message(self.SiteSearched(address, error=Problem.of("unexpected")))
            return
        self.post_message(self.SiteSearched(address, found))

    def on_feed_list_site_searched(self, event: FeedList.SiteSearched) -> None:
        """None found: one sentence; one: added; several: a list to pick from."""
        event.stop()
        if event.error is not None:
            error = clean_line(message(event.error, self.lang), 300)
            self.say(error, "error", timeout=10)
            return
        if len(event.found) == 1:
            self.add_found(event.found[0])
            return
        from kalbartui.ui.screens.pick_feed import PickFeedScreen

        def picked(index: int | None) -> None:
            if index is not None:
                self.add_found(event.found[index])

        self.app.push_screen(PickFeedScreen(event.found, event.address, self.lang), picked)

    def add_found(self, feed: FoundFeed) -> None:
        """Write a found feed (or WordPress site) into the config file, then refresh."""
        from kalbartui.i18n.found import found_line
        from kalbartui.sites import SiteError

        try:
            added = self.core.add_feed(feed)
        except SiteError as exc:
            error = clean_line(message(exc.problem, self.lang), 300)
            self.say(translator(self.lang).gettext("Not added: {error}", error=error), "error")
            return
        what = clean_line(found_line(feed, self.lang), 200)
        if added.already:
            self.say(translator(self.lang).gettext("Already read: {feed}", feed=what))
            return
        self.say(
            translator(self.lang).gettext(
                "Added {feed} to {path}. Refreshing…",
                feed=what,
                path=clean_line(str(added.config_file), 200),
            ),
            timeout=8,
        )
        self.post_message(self.Imported())

    # ------------------------------------------------------------------ OPML

    def ask_export(self) -> None:
        """Ask where to write the OPML file (the data dir's file by default); write it there."""
        from kalbartui.feedlist import EXPORT_NAME
        from kalbartui.ui.screens.ask_path import AskPathScreen

        def answered(answer: str | None) -> None:
            if answer:
                self.export_opml(Path(answer).expanduser())

        default = str(kalbar(self).paths.data_dir / EXPORT_NAME)
        question = translator(self.lang).gettext(
            "Write the feed list as OPML to (full path, ~ allowed):"
        )
        self.app.push_screen(AskPathScreen(question, self.lang, default, default), answered)

    def export_opml(self, target: Path | None = None) -> None:
        """Write every feed as OPML into `target` (default: the data dir), and say where."""
        from kalbartui.feedlist import FeedListError

        try:
            done = self.core.export_opml(target)
        except FeedListError as exc:
            error = clean_line(message(exc.problem, self.lang), 200)
            self.say(translator(self.lang).gettext("Export failed: {error}", error=error), "error")
            return
        where = clean_line(str(done.path), 200)
        self.say(
            translator(self.lang).ngettext(
                "Exported {count} feed to {path}",
                "Exported {count} feeds to {path}",
                done.count,
                path=where,
            ),
            timeout=8,
        )

    def ask_import(self) -> None:
        """Ask for an OPML file; add its new feeds to the config and refresh."""
        from kalbartui.ui.screens.ask_path import AskPathScreen

        def answered(answer: str | None) -> None:
            if answer:
                self.import_opml(Path(answer).expanduser())

        question = translator(self.lang).gettext("The OPML file to import (full path, ~ allowed):")
        self.app.push_screen(AskPathScreen(question, self.lang, "~/feeds.opml"), answered)

    def import_opml(self, source: Path) -> None:
        """Add the new feeds of an OPML file to the config file, then refresh with them."""
        from kalbartui.config import ConfigError, load_config
        from kalbartui.feedlist import FeedListError

        app = kalbar(self)
        try:
            result = self.core.import_opml(source)
            if result.added:
                app.config = replace(load_config(result.config_file), language=app.config.language)
        except (FeedListError, ConfigError) as exc:
            error = clean_line(message(exc.problem, self.lang), 200)
            self.say(translator(self.lang).gettext("Import failed: {error}", error=error), "error")
            return
        if not result.added:
            self.say(
                translator(self.lang).gettext(
                    "No new feeds in {path}.", path=clean_line(str(source), 200)
                )
            )
            return
        where = clean_line(str(result.config_file), 200)
        self.say(
            translator(self.lang).ngettext(
                "Added {count} feed to {path}. Refreshing…",
                "Added {count} feeds to {path}. Refreshing…",
                result.added,
                path=where,
            ),
            timeout=8,
        )
        self.post_message(self.Imported())
