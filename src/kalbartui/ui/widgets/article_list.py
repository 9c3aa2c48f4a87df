"""The article list: a line-API ScrollView that draws only the rows on screen.

Rows come from an ArticleWindow (a few cached pages of the store), never from a widget per
row, so a category of 100,000 articles opens as fast as one of 100. In the normal style each
article takes two lines: the unread mark, title and star; then time, author and category. In
the compact style (`list_style = "compact"`), one: the marks, a short time, where it is from
and the title to the edge.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kalbartui.i18n import N_
from kalbartui.i18n.times import relative_time, short_time
from kalbartui.models import ArticleRow
from kalbartui.store.window import ArticleWindow
from kalbartui.text import clean_line
from kalbartui.ui.widgets.localized import localize_bindings

ROW_HEIGHT = 2  # lines an article takes in the normal style; 1 in the compact one
UNREAD_MARK = "●"
STAR_MARK = "★"
TIME_WIDTH = 6  # the compact row's time: "14:30", "28 Feb", "2019"


class ArticleList(ScrollView, can_focus=True):
    """The middle pane. Posts Highlighted when the cursor lands on a row, Opened on enter."""

    BINDINGS = [
        Binding("j,down", "cursor_down", N_("Down"), show=False, id="down"),
        Binding("k,up", "cursor_up", N_("Up"), show=False, id="up"),
        Binding("g,home", "first", N_("Top"), show=False, id="top"),
        Binding("G,end", "last", N_("Bottom"), show=False, id="bottom"),
        Binding("pagedown,ctrl+d", "page_down", N_("Page down"), show=False, id="page_down"),
        Binding("pageup,ctrl+u", "page_up", N_("Page up"), show=False, id="page_up"),
        Binding("enter,l", "open", N_("Read"), id="open"),
        Binding("escape,h", "back", N_("Back"), show=False, id="back"),
    ]

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--mark",
        "article-list--star",
        "article-list--empty",
        "article-list--match",
    }

    class Highlighted(Message):
        """The cursor is on a (different) row, or on none when the list is empty.

        `by_user`: the user moved there (a key, a click), not a new list or a reload.
        """

        def __init__(self, row: ArticleRow | None, index: int, by_user: bool = False) -> None:
            super().__init__()
            self.row = row
            self.index = index
            self.by_user = by_user

    class Opened(Message):
        """The user asked to read the highlighted row."""

        def __init__(self, row: ArticleRow, index: int) -> None:
            super().__init__()
            self.row = row
            self.index = index

    class Back(Message):
        """Escape or h on the list: leave a search, or go to the sidebar."""

    def __init__(
        self,
        language: str,
        now: Callable[[], datetime],
        *,
        tz: tzinfo | None = None,
        compact: bool = False,
        id: str | None = None,  # noqa: A002 - Textual's name for it
    ) -> None:
        super().__init__(id=id)
        self.compact = compact
        self.row_height = 1 if compact else ROW_HEIGHT
        """Lines an article takes: 2 (title, then time, author and category), 1 when compact."""
        self.tz = tz  # dates older than a week show in the reader's zone
        self.language = language
        self.now = now
        self.window: ArticleWindow | None = None
        self.cursor = 0
        self.empty_message = ""
        # The category the list shows (a sidebar entry), named on each row instead of the
        # article's own first category; None for All, Unread, Starred and searches.
        self.category: str | None = None
        self._match: re.Pattern[str] | None = None  # a search's words, marked in the titles
        self._highlighted_id: int | None = None
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._epoch = 0  # bumps when every strip must be redrawn (minute tick, theme)
        # The widget's own Rich style, which Textual works out from every ancestor on each
        # call: once per style change, not once per line drawn.
        self._base_style: Style | None = None

    def on_mount(self) -> None:
        localize_bindings(self, self.language)

    # ------------------------------------------------------------------ data

    @property
    def count(self) -> int:
        return 0 if self.window is None else self.window.count

    @property
    def current(self) -> ArticleRow | None:
        return None if self.window is None else self.window.row(self.cursor)

    def show_window(
        self,
        window: ArticleWindow,
        empty_message: str = "",
        *,
        category: str | None = None,
        words: list[str] | None = None,
    ) -> None:
        """Show a new list from its top, with the newest article highlighted.

        `category`: the sidebar category shown; `words`: a search's words, marked in titles
        (the last one as a prefix, as the search reads it).
        """
        self.window = window
        self.category = category
        self._match = _words_pattern(words or [])
        self.empty_message = empty_message
        self.cursor = 0
        self._highlighted_id = None
        self._update_virtual_size()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.redraw()
        self._announce()

    def reload(self, empty_message: str | None = None) -> None:
        """Re-read the list after the store changed, keeping the highlighted article on the
        same screen line when it is still in the list."""
        if self.window is None:
            return
        if empty_message is not None:
            self.empty_message = empty_message
        followed = self._highlighted_id
        old_y = round(self.scroll_offset.y)
        offset_on_screen = self.cursor * self.row_height - old_y
        shown = self._rows_on_screen(old_y, self.cursor)
        self.window.invalidate()
        index = self.window.index_of(followed) if followed is not None else None
        if index is None:
            index = min(self.cursor, max(0, self.window.count - 1))
        self.cursor = index
        self._update_virtual_size()
        new_y = self._scroll_y_for(max(0, index * self.row_height - offset_on_screen))
        if new_y != old_y and self._rows_on_screen(new_y, index) == shown:
            # New articles arrived above the screen only (the usual case while a refresh
            # runs): every line on screen stays as it is, so only the scroll offset and the
            # scrollbar move, and nothing is drawn again.
            self._scroll_quietly(new_y)
        else:
            self.scroll_to(y=new_y, animate=False, immediate=True)
            self._scroll_cursor_into_view()
            # Not redraw(): a line is cached by its row's contents, so rows that only moved
            # (new articles above them) are not drawn again.
            self.refresh()
        self._announce()

    def _rows_on_screen(self, scroll_y: int, cursor: int) -> tuple[object, ...]:
        """What the screen shows at this scroll offset: the rows, the line it starts on and
        where the cursor is (None when a row is not read yet: it counts as changed)."""
        if self.window is None:
            return ()
        height = self.scrollable_content_region.height
        first, part = divmod(scroll_y, self.row_height)
        last = (scroll_y + max(height, 1) - 1) // self.row_height
        rows = tuple(self.window.row(i) for i in range(first, last + 1))
        if None in rows and last < self.window.count:
            return (object(),)  # never equal: draw
        return (part, cursor - first, rows, self.has_focus)

    def _scroll_y_for(self, y: int) -> int:
        """Where scroll_to(y) then _scroll_cursor_into_view would leave the list."""
        height = self.scrollable_content_region.height
        y = max(0, min(y, round(self.max_scroll_y)))
        rh = self.row_height
        top = self.cursor * rh
        if top < y:
            return top
        if top + rh > y + max(rh, height):
            return -(-(top + rh - max(rh, height)) // rh) * rh
        return y

    def _scroll_quietly(self, y: int) -> None:
        """Move the scroll offset without repainting the lines (they look the same)."""
        self.set_reactive(ArticleList.scroll_target_y, float(y))
        self.set_reactive(ArticleList.scroll_y, float(y))
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = y

    def update_row(
        self, article_id: int, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        if self.window is not None:
            self.window.update_row(article_id, read=read, starred=starred)
            self.refresh()

    def move_to(self, index: int, by_user: bool = False) -> None:
        """Highlight row `index`; `by_user` when a key or click of the user moved it."""
        if self.window is None or self.window.count == 0:
            return
        if self.window.more and index >= self.window.count - 1:
            self.count_all()
        index = max(0, min(index, self.window.count - 1))
        old = self.cursor
        self.cursor = index
        self._scroll_cursor_into_view()
        self._refresh_row(old)
        self._refresh_row(index)
        self._announce(by_user)

    def redraw(self) -> None:
        """Drop every drawn line (the time moved on, or the theme changed) and repaint."""
        # Dropped, not only outdated: a line of an older epoch is never drawn again, and kept
        # it held its row and strip until 1,024 of them had piled up (the reader grew a little
        # with every minute's tick).
        self._strips.clear()
        self._epoch += 1
        self._base_style = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._epoch += 1
        self._base_style = None

    def _announce(self, by_user: bool = False) -> None:
        row = self.current
        row_id = None if row is None else row.id
        if row_id != self._highlighted_id or row is None:
            self._highlighted_id = row_id
            # Said by the list itself, whoever moved it: a message a parent sent its child
            # would bubble no further than that parent.
            message = self.Highlighted(row, self.cursor, by_user).set_sender(self)
            self.post_message(message)

    def count_all(self) -> None:
        """Count the whole list when its count stopped early (a search as the user types)."""
        if self.window is not None and self.window.more and self.window.count_all():
            self._update_virtual_size()
            self.refresh()

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        size = Size(width, self.count * self.row_height)
        if size == self.virtual_size:
            return
        # Textual lays the whole screen out again when a virtual size changes (20+ ms with
        # the sidebar, footer and reading pane), though the list's own box never depends on
        # it: only its scrollbar does, and a scrollbar that appears or goes still asks for
        # that layout itself (show_vertical_scrollbar is a layout reactive).
        self.set_reactive(ArticleList.virtual_size, size)
        self._scroll_update(size)

    def _refresh_row(self, index: int) -> None:
        self.refresh_lines(index * self.row_height, self.row_height)

    def _scroll_cursor_into_view(self) -> None:
        top = self.cursor * self.row_height
        height = max(self.row_height, self.scrollable_content_region.height)
        scroll_y = round(self.scroll_offset.y)
        if top < scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + self.row_height > scroll_y + height:
            # Round up to a whole row so the top line never shows half an article.
            rows = -(-(top + self.row_height - height) // self.row_height)
            self.scroll_to(y=rows * self.row_height, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self._base_style = None
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._base_style = None
        self._refresh_row(self.cursor)

    # ------------------------------------------------------------------ actions

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1, by_user=True)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1, by_user=True)

    def action_first(self) -> None:
        self.move_to(0, by_user=True)

    def action_last(self) -> None:
        self.count_all()
        self.move_to(self.count - 1, by_user=True)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._rows_per_page(), by_user=True)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._rows_per_page(), by_user=True)

    def _rows_per_page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height - 1)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row, self.cursor))

    def action_back(self) -> None:
        self.post_message(self.Back())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.window is None:
            return
        index = (offset.y + round(self.scroll_offset.y)) // self.row_height
        if index >= self.count:
            return
        if index == self.cursor or event.chain > 1:
            self.move_to(index, by_user=True)
            self.action_open()
        else:
            self.move_to(index, by_user=True)

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        if width <= 0:
            return Strip.blank(0)
        window = self.window
        if window is None or window.count == 0:
            if self.empty_message:
                # The message wraps to the pane, starting on the second line.
                lines = Text(self.empty_message).wrap(self.app.console, max(width - 2, 10))
                if 1 <= y <= len(lines):
                    style = self.get_component_rich_style("article-list--empty")
                    return self._strip(Text(" " + lines[y - 1].plain, style=style), width, base)
            return Strip.blank(width, base)
        line = round(self.scroll_offset.y) + y
        index, part = divmod(line, self.row_height)
        row = window.row(index)
        if row is None:
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        focused = self.has_focus
        key = (row, is_cursor, focused, width, part, self._epoch)
        strip = self._strips.get(key)
        if strip is None:
            if self.compact:
                text = self._compact_line(row, width)
            else:
                text = self._title_line(row, width) if part == 0 else self._meta_line(row)
            cursor = None
            if is_cursor:
                cursor_class = "article-list--cursor" if focused else "article-list--cursor-blurred"
                cursor = self.get_component_rich_style(cursor_class)
            strip = self._strip(text, width, base, cursor)
            self._strips[key] = strip
        return strip

    def _strip(self, text: Text, width: int, base: Style, cursor: Style | None = None) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        # The cursor goes on top, so it covers both lines of a row whatever their own styles.
        return Strip(Segment.apply_style(segments, base, post_style=cursor), width)

    def _title_line(self, row: ArticleRow, width: int) -> Text:
        mark_style = self.get_component_rich_style("article-list--mark")
        title_style = self.get_component_rich_style(
            "article-list--read" if row.read else "article-list--unread"
        )
        star = f" {STAR_MARK} " if row.starred else ""
        mark = f" {UNREAD_MARK} " if not row.read else "   "
        # Feed text goes in as plain Text: brackets are never read as markup.
        title = Text(clean_line(row.title) or "—", style=title_style, no_wrap=True)
        if self._match is not None:
            title.highlight_regex(self._match, self.get_component_rich_style("article-list--match"))
        title.truncate(max(1, width - len(mark) - len(star)), overflow="ellipsis", pad=True)
        text = Text(mark, style=mark_style, no_wrap=True)
        text.append_text(title)
        if star:
            text.append(star, style=self.get_component_rich_style("article-list--star"))
        return text

    def _compact_line(self, row: ArticleRow, width: int) -> Text:
        """One line: unread and star marks, a short time, where it is from, the title."""
        mark_style = self.get_component_rich_style("article-list--mark")
        meta_style = self.get_component_rich_style("article-list--meta")
        text = Text(" " + (UNREAD_MARK if not row.read else " "), style=mark_style, no_wrap=True)
        if row.starred:
            text.append(STAR_MARK, style=self.get_component_rich_style("article-list--star"))
        else:
            text.append(" ")
        when = short_time(row.published, self.now(), self.language, self.tz)
        text.append(" " + when.rjust(TIME_WIDTH)[-TIME_WIDTH:] + " ", style=meta_style)
        # Where it is from gets a twelfth of the line, the title the rest: at 140 columns
        # with the sidebar, 90 characters (a long KalbarOnline headline) whole.
        source_width = max(8, min(12, width // 12))
        if width >= 40:
            source = Text(clean_line(self._source(row), 80), style=meta_style, no_wrap=True)
            source.truncate(source_width, overflow="ellipsis", pad=True)
            text.append_text(source)
            text.append(" ")
        title_style = self.get_component_rich_style(
            "article-list--read" if row.read else "article-list--unread"
        )
        title = Text(clean_line(row.title) or "—", style=title_style, no_wrap=True)
        if self._match is not None:
            title.highlight_regex(self._match, self.get_component_rich_style("article-list--match"))
        text.append_text(title)
        return text

    def _source(self, row: ArticleRow) -> str:
        """Where a compact row's article is from: its category (else its feed); in a category's
        list, its feed, as the site's name when the feed is that category's own ("Site: Cat")."""
        if self.category is None:
            return row.shown_category()
        site, _sep, rest = row.feed.rpartition(": ")
        return site if site and rest.casefold() == self.category.casefold() else row.feed

    def _meta_line(self, row: ArticleRow) -> Text:
        meta_style = self.get_component_rich_style("article-list--meta")
        parts = [relative_time(row.published, self.now(), self.language, self.tz)]
        author = clean_line(row.author, 80)
        if author:
            parts.append(author)
        where = clean_line(row.shown_category(self.category or ""), 60)
        if where:
            parts.append(where)
        return Text("   " + " · ".join(parts), style=meta_style, no_wrap=True)


def _words_pattern(words: list[str]) -> re.Pattern[str] | None:
    """A search's words as one pattern: whole words, the last one also as a prefix."""
    words = [w for w in words if w]
    if not words:
        return None
    parts = [re.escape(w) + r"\b" for w in words[:-1]] + [re.escape(words[-1])]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)
