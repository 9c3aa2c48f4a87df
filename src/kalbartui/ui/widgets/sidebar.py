"""The sidebar: All, Unread, Starred, then the categories grouped by source, each category of
the feed list followed by its feeds, and the feeds without a category in a group of their own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kalbartui.i18n import N_, translator
from kalbartui.models import Category, Feed, sidebar_groups
from kalbartui.store.queries import Query
from kalbartui.text import clean_line
from kalbartui.ui.widgets.localized import localize_bindings


@dataclass(frozen=True)
class View:
    """One sidebar entry: what it is called and which articles it lists."""

    key: str  # option id: "all", "unread", "starred", "view-<n>", "cat-<id>", "feed-<id>", "hidden"
    label: str
    query: Query


class Entry(Visual):
    """One sidebar line: the name, cut with an ellipsis, and the unread count at the right
    edge. A count changes in place (`count`), and the line is one row high without drawing
    it: a refresh's new counts redraw only the rows on screen."""

    def __init__(self, label: str, count: int | None, bold: bool = False, indent: int = 0) -> None:
        self.label = label
        self.count = count
        self.bold = bold
        self.indent = indent  # a feed under its category

    def line(self, width: int) -> Content:
        count = f" {self.count}" if self.count else ""
        # The layout of a two-column Rich grid with one cell of padding on each side.
        room = max(0, width - 3 - len(count) - self.indent)
        name = Content(self.label).truncate(room, ellipsis=True, pad=True)
        if self.bold:
            name = name.stylize("bold")
        return Content.assemble(" " * (1 + self.indent), name, " ", (count, "dim"), " ")

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.line(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        count = len(f" {self.count}" if self.count else "")
        return Content(self.label).cell_length + count + 3 + self.indent

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


class Sidebar(OptionList):
    """Highlighting an entry posts Chosen (the list follows); enter or l moves on to the list."""

    BINDINGS = [
        Binding("j,down", "cursor_down", N_("Down"), show=False, id="down"),
        Binding("k,up", "cursor_up", N_("Up"), show=False, id="up"),
        Binding("g,home", "first", N_("Top"), show=False, id="top"),
        Binding("G,end", "last", N_("Bottom"), show=False, id="bottom"),
        Binding("enter,l", "select", N_("Choose"), show=False, id="open"),
    ]

    class Chosen(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    class Entered(Message):
        """Enter on an entry: the user wants to go to the list."""

    def __init__(self, language: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.language = language
        self.views: dict[str, View] = {}
        self.unread: dict[str, int] = {}  # the counts on screen, by entry key
        self._layout: list[str | None] = []  # option ids in order; None for headings

    def on_mount(self) -> None:
        localize_bindings(self, self.language)

    @property
    def current(self) -> View | None:
        option = self.highlighted_option
        return None if option is None or option.id is None else self.views.get(option.id)

    def show(
        self,
        categories: list[Category],
        totals: dict[str, int],
        selected: str | None = None,
        feeds: list[Feed] | None = None,
        views: Sequence[tuple[str, Query, int | None]] = (),
    ) -> None:
        """(Re)build the entries with fresh counts, keeping the highlighted entry where it is.
        `views`: the saved views (name, list, unread count or None before it is counted),
        under a heading of their own after the fixed entries."""
        tr = translator(self.language)
        fixed = [
            View("all", tr.gettext("All"), Query()),
            View("unread", tr.gettext("Unread"), Query("unread")),
            View("starred", tr.gettext("Starred"), Query("starred")),
        ]
        counts = {
            "all": totals.get("unread", 0),
            "unread": totals.get("unread", 0),
            "starred": totals.get("starred", 0),
        }
        options: list[Option | None] = [
            Option(Entry(v.label, counts[v.key], bold=True), id=v.key) for v in fixed
        ]
        shown = {v.key: v for v in fixed}

        def heading(text: str) -> Option:
            return Option(Text(text, style="bold underline"), disabled=True)

        if views:
            options.append(None)
            options.append(heading(tr.gettext("Views")))
        for number, (name, query, unread) in enumerate(views):
            key = f"view-{number}"
            label = clean_line(name, 80)
            shown[key] = View(key, label, query)
            counts[key] = unread or 0
            options.append(Option(Entry(label, unread), id=key))

        def feed_entry(feed: Feed, indent: int) -> Option:
            key = f"feed-{feed.id}"
            label = clean_line(feed.display_name, 80)
            shown[key] = View(key, label, Query.feed(feed.id))
            counts[key] = feed.unread
            return Option(Entry(label, feed.unread, indent=indent), id=key)

        # Groups in the store's sidebar order (sites first, the feed list last).
        groups = sidebar_groups(categories, feeds or [])
        # Under the views' heading, the categories need one of their own.
        grouped = len(groups) > 1 or bool(views)
        for group in groups:
            if grouped:
                options.append(None)
                options.append(heading(clean_line(group.source, 60) or tr.gettext("Feeds")))
            elif options[-1] is not None:
                options.append(None)
            for cat, members in group.categories:
                key = f"cat-{cat.id}"
                label = clean_line(cat.name, 80)
                shown[key] = View(key, label, Query.category(cat.id))
                counts[key] = cat.unread
                options.append(Option(Entry(label, cat.unread), id=key))
                options.extend(feed_entry(feed, 2) for feed in members)
            if group.other_feeds:
                if group.categories:
                    options.append(heading(tr.gettext("Other feeds")))
                elif not grouped:
                    options.append(heading(tr.gettext("Feeds")))
                options.extend(feed_entry(feed, 0) for feed in group.other_feeds)
        hidden = totals.get("hidden", 0)
        if hidden:
            # What rules hid: listed here alone, with how many (U puts one back).
            label = tr.gettext("Hidden")
            shown["hidden"] = View("hidden", label, Query("hidden"))
            counts["hidden"] = 0  # not unread news: `n` never goes there
            options.append(None)
            options.append(Option(Entry(label, hidden), id="hidden"))
        self.unread = counts
        layout = [
            None if o is None else o.id or f"-{getattr(o.prompt, 'plain', '')}" for o in options
        ]
        keep = selected or (self.current.key if self.current else "all")
        self.views = shown
        if layout == self._layout:
            self._update_counts(options)
        else:
            # The app ignores a Chosen for the view it already shows, so a rebuild is quiet.
            self._layout = layout
            self.set_options(options)
            self.highlighted = self.get_option_index(keep if keep in shown else "all")

    def _update_counts(self, fresh: list[Option | None]) -> None:
        """Same entries, new names or counts: change the lines in place and redraw once (one
        replace_option_prompt per entry would measure every line again for each)."""
        changed = False
        for option in fresh:
            if option is None or option.id is None or not isinstance(option.prompt, Entry):
                continue
            entry = self.get_option(option.id).prompt
            new = option.prompt
            if not isinstance(entry, Entry):
                self.replace_option_prompt(option.id, new)
            elif (entry.label, entry.count) != (new.label, new.count):
                entry.label, entry.count = new.label, new.count
                changed = True
        if changed:
            # Textual 8's own way to drop the drawn lines (pinned): every entry stays one line.
            self._clear_caches()

    def show_view_counts(self, unread: Sequence[int | None], lists: Sequence[Query] = ()) -> None:
        """The saved views' new unread counts, in their order: changed in place, one redraw.
        `lists`: each view's list as compiled with the counts (its dates placed anew)."""
        changed = False
        for number, count in enumerate(unread):
            key = f"view-{number}"
            view = self.views.get(key)
            if view is None:
                continue
            if number < len(lists):
                self.views[key] = View(key, view.label, lists[number])
            entry = self.get_option(key).prompt
            if isinstance(entry, Entry) and entry.count != count:
                entry.count = count
                self.unread[key] = count or 0
                changed = True
        if changed:
            self._clear_caches()
            self.refresh()

    def select_key(self, key: str) -> None:
        if key in self.views:
            self.highlighted = self.get_option_index(key)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_id is None:
            return
        view = self.views.get(event.option_id)
        if view is not None:
            self.post_message(self.Chosen(view))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Entered())
