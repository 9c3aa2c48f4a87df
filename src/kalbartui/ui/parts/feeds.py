"""The feed list from the reader: each feed's last fetch (`e`), OPML export and import."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from textual.message import Message

from kalbartui.i18n import message, translator
from kalbartui.text import clean_line
from kalbartui.ui.parts.part import Part, kalbar


class FeedList(Part):
    """The feeds screen and OPML; an import that added feeds asks the screen for a refresh."""

    @dataclass
    class Imported(Message):
        """New feeds are in the config: a refresh fetches them."""

    def show_errors(self) -> None:
        """Each feed's last fetch, failures first."""
        app = kalbar(self)
        notes = [message(s.note(), self.lang) for s in self.core.discovery() if s.fallback]
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

    def export_opml(self) -> None:
        """Write every feed as OPML into the data dir, and say where."""
        from kalbartui.feedlist import FeedListError

        try:
            done = self.core.export_opml()
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
