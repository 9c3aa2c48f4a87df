"""The command palette (ctrl+p): categories, actions and themes, in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from kalbartui.i18n import t

if TYPE_CHECKING:
    from kalbartui.ui.app import KalbarApp


class KalbarCommands(Provider):
    """Every command as (title, callback, help); discovery shows them all, search fuzzy-matches."""

    @property
    def kalbar(self) -> KalbarApp:
        return cast("KalbarApp", self.app)

    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.kalbar
        lang = app.lang
        out: list[tuple[str, Callable[[], object], str]] = []
        totals = app.store.totals()
        counts = {
            "all": (totals["unread"], totals["all"]),
            "unread": (totals["unread"], totals["unread"]),
            "starred": (None, totals["starred"]),
        }
        counts.update({f"cat-{c.id}": (c.unread, c.total) for c in app.store.categories()})
        for view in app.sidebar.views.values():
            unread, total = counts.get(view.key, (0, 0))
            help_text = (
                t("list.count", lang, count=total)
                if unread is None
                else t("cmd.category_help", lang, unread=unread, total=total)
            )
            out.append(
                (
                    t("cmd.category", lang, name=view.label),
                    partial(app.choose_view, view.key),
                    help_text,
                )
            )
        actions = [
            ("key.refresh", app.action_refresh_feeds, "cmd.refresh_help"),
            ("key.search", app.action_search, "cmd.search_help"),
            ("key.mark_all_read", app.action_mark_all_read, "cmd.mark_all_help"),
            ("key.feed_errors", app.action_feed_errors, "cmd.feed_errors_help"),
            ("cmd.full_text", app.action_full_text, "cmd.full_text_help"),
            ("key.toggle_sidebar", app.action_toggle_sidebar, "cmd.sidebar_help"),
            ("key.help", app.action_help, "cmd.help_help"),
            ("cmd.themes", app.action_change_theme, "cmd.themes_help"),
            ("key.quit", app.action_quit, "cmd.quit_help"),
        ]
        out.extend(
            (t(title, lang), callback, t(help_key, lang)) for title, callback, help_key in actions
        )
        for name in sorted(app.available_themes):
            if name == "textual-ansi":
                continue
            out.append(
                (
                    t("cmd.theme", lang, name=name),
                    partial(app.set_theme, name),
                    t("cmd.theme_help", lang),
                )
            )
        return out

    # Titles hold category names from feeds. The palette reads plain strings as markup, so
    # every title and help goes in as a Content object, highlighted here rather than by
    # Matcher.highlight (which parses its argument as markup).

    async def discover(self) -> Hits:
        for title, callback, help_text in self.commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self.commands():
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                display = Content(title)
                for offset in offsets:
                    display = display.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, display, callback, text=title, help=Content(help_text))  # type: ignore[arg-type]
