"""The command palette (ctrl+p): categories, actions and themes, in the user's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets.option_list import Option

from kalbartui.i18n import N_, translator
from kalbartui.text import clean_line

if TYPE_CHECKING:
    from kalbartui.ui.app import KalbarApp


Command = tuple[str, Callable[[], object], str]  # title, callback, help


class KalbarCommands(Provider):
    """Every command as (title, callback, help); discovery shows them all, search fuzzy-matches."""

    @property
    def kalbar(self) -> KalbarApp:
        """The reader app this palette belongs to."""
        return cast("KalbarApp", self.app)

    def commands(self) -> list[Command]:
        """Every command as (title, callback, help).

        The counts are those the screen last loaded (its counts worker keeps them fresh):
        the palette runs no query, however fast the user types.
        """
        app = self.kalbar
        main = app.main
        lang = app.lang
        out: list[Command] = []
        totals = main.counts.totals
        counts: dict[str, tuple[int | None, int]] = {
            "all": (totals.get("unread", 0), totals.get("all", 0)),
            "unread": (totals.get("unread", 0), totals.get("unread", 0)),
            "starred": (None, totals.get("starred", 0)),
        }
        counts.update({f"cat-{c.id}": (c.unread, c.total) for c in main.counts.categories})
        counts.update({f"feed-{f.id}": (f.unread, f.article_count) for f in main.counts.feeds})
        for view in main.sidebar.views.values():
            unread, total = counts.get(view.key, (0, 0))
            if view.key.startswith("view-"):  # a saved view: only its unread are counted
                help_text = translator(lang).ngettext(
                    "{count} unread", "{count} unread", main.sidebar.unread.get(view.key, 0)
                )
            elif unread is None:
                help_text = translator(lang).ngettext("{count} article", "{count} articles", total)
            else:
                help_text = translator(lang).gettext(
                    "{unread} unread of {total}", unread=unread, total=total
                )
            out.append(
                (
                    translator(lang).gettext("Open: {name}", name=view.label),
                    partial(main.choose_view, view.key),
                    help_text,
                )
            )
        row = main.articles.current
        if row is not None:
            # The highlighted article's own actions, with its title as the help line.
            about = clean_line(row.title, 70)
            star = N_("Unstar") if row.starred else N_("Star")
            read = N_("Mark unread") if row.read else N_("Mark read")
            for name, callback in (
                (translator(lang).gettext(star), main.action_toggle_star),
                (translator(lang).gettext(read), main.action_toggle_read),
                (translator(lang).gettext("Open in browser"), main.action_open_browser),
                (translator(lang).gettext("Copy link"), main.action_copy_link),
                *(
                    [(translator(lang).gettext("More by this author"), main.action_by_author)]
                    if row.author.strip()
                    else []
                ),
            ):
                out.append(
                    (translator(lang).gettext("Article: {action}", action=name), callback, about)
                )
        out.extend(actions(self.kalbar))
        for name in sorted(app.available_themes):
            if name == "textual-ansi":
                continue
            out.append(
                (
                    translator(lang).gettext("Theme: {name}", name=name),
                    partial(app.set_theme, name),
                    translator(lang).gettext("Change the look; the choice is remembered"),
                )
            )
        return out

    # Titles hold category names from feeds. The palette reads plain strings as markup, so
    # every title and help goes in as a Content object, highlighted here rather than by
    # Matcher.highlight (which parses its argument as markup).

    async def discover(self) -> Hits:
        """Every command, for the palette opened with nothing typed."""
        for title, callback, help_text in self.commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """The commands whose title fuzzy-matches what was typed, or whose description holds
        its words ("tambah" finds "Tambah situs…", "opml" the import and export)."""
        matcher = self.matcher(query)
        described = {title for title, _callback, _help in actions(self.kalbar)}
        for title, callback, help_text in self.commands():
            score, offsets = matcher.fuzzy_search.match(query, title)
            display, help_shown = Content(title), Content(help_text)
            if score > 0:
                for offset in offsets:
                    display = display.stylize(matcher.match_style, offset, offset + 1)
            else:
                spans = word_spans(query, help_text) if title in described else []
                if not spans:
                    continue
                # Below a title that matches as well: the title is what the user reads first.
                score = 0.5 * sum(end - start for start, end in spans)
                for start, end in spans:
                    help_shown = help_shown.stylize(matcher.match_style, start, end)
            yield Hit(score, display, callback, text=title, help=help_shown)  # type: ignore[arg-type]


def actions(app: KalbarApp) -> list[Command]:
    """The reader's own actions, as (title, callback, help): these are found by the words of
    their help too (not a category, whose help is counts, nor an article, whose help is the
    feed's title)."""
    main = app.main
    lang = app.lang
    listed = [
        (N_("Refresh"), main.action_refresh_feeds, N_("Fetch new articles from every feed")),
        (N_("Search"), main.action_search, N_("Search every cached article")),
        (
            N_("Save search as view…"),
            main.ask_save_view,
            N_("Keep this search in the sidebar as a view, with its unread count"),
        ),
        (
            N_("Mark all read"),
            main.action_mark_all_read,
            N_("Mark every article in this list as read"),
        ),
        (N_("Feed errors"), main.action_feed_errors, N_("The feeds with their last error")),
        (N_("Alerts"), main.action_alerts, N_("The last alerts: when, which feed, the headline")),
        (
            N_("Fetch the whole article"),
            main.panes.fetch_page,
            N_("Fetch this article's full text from its page"),
        ),
        (N_("Sidebar"), main.action_toggle_sidebar, N_("Show or hide the categories")),
        (
            N_("Add a site…"),
            main.feed_list.ask_add_site,
            N_("Find the feeds of a site from any of its pages and add one"),
        ),
        (
            N_("Export feeds to OPML…"),
            main.feed_list.ask_export,
            N_("Write the feed list as an OPML file (asks where)"),
        ),
        (
            N_("Import feeds from OPML…"),
            main.feed_list.ask_import,
            N_("Add the feeds of an OPML file to the config"),
        ),
        (N_("Help"), main.action_help, N_("Every key")),
        (N_("Themes…"), app.action_change_theme, N_("Pick a theme from the list")),
        (N_("Quit"), app.action_quit, N_("Close kalbartui")),
    ]
    return [
        (translator(lang).gettext(title), callback, translator(lang).gettext(help_key))
        for title, callback, help_key in listed
    ]


def word_spans(query: str, text: str) -> list[tuple[int, int]]:
    """Where each word of `query` starts a word of `text` (any case), or [] when one does not."""
    spans: list[tuple[int, int]] = []
    for word in query.split():
        # Searched in the text itself, so the spans are offsets into what is shown.
        found = re.search(r"(?<!\w)" + re.escape(word), text, re.IGNORECASE)
        if found is None:
            return []
        spans.append(found.span())
    return spans


class LocalizedPalette(CommandPalette):
    """Textual's command palette, with its own words ("No matches found") in the user's language."""

    def __init__(self, language: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.language = language

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own version adds an English "No matches found"; this one says it in the
        # user's language, after the same short wait.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(
                            Text(
                                translator(self.language).gettext("No matches found"),
                                style="not bold",
                            )
                        ),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
