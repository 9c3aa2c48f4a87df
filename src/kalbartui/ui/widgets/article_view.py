"""The reading pane, drawn line by line: one article rendered once per width, then served as Strips.

kalbartui.render turns the article into one rich Text (never markup). Here it is wrapped to the
pane's width once, and `render_line` turns only the lines on screen into Strips (cached), so a
10,000-word article opens as fast as a short one and scrolling costs a dictionary look-up.
A hostile article cannot make the pane unbounded: past MAX_LINES lines it is cut, and the pane
says so. The lead image goes under the article's header (title and byline first), at most a
third of the pane's height; it is rows of half-block cells made elsewhere (kalbartui.ui.images)
and handed in as Strips, and the text never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

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

from kalbartui.i18n import N_, message, translator
from kalbartui.models import Article
from kalbartui.problems import Problem
from kalbartui.ui.widgets.localized import localize_bindings
from kalbartui.ui.widgets.wrap import MAX_LINES, Line, wrap_lines

if TYPE_CHECKING:
    from kalbartui.story.pictures import Picture


class ArticleView(ScrollView, can_focus=True):
    """The right (or lower) pane. Posts Back on esc/h, LinkClicked for a link or numbered key,
    FullTextWanted on `f` (fetch the article's page), ImageWanted on `i` or a click on the image."""

    BINDINGS = [
        Binding("j,down", "scroll_down", N_("Down"), show=False, id="down"),
        Binding("k,up", "scroll_up", N_("Up"), show=False, id="up"),
        Binding("g,home", "scroll_home", N_("Top"), show=False, id="top"),
        Binding("G,end", "scroll_end", N_("Bottom"), show=False, id="bottom"),
        Binding("escape,h", "back", N_("Back"), id="back"),
        Binding("f", "full_text", N_("Fetch the whole article"), id="full_text"),
        Binding("i", "open_image", N_("Open the picture"), show=False, id="open_image"),
        # The numbers the renderer puts after each link: 3 opens [3].
        *(
            Binding(
                str(n), f"open_link({n})", N_("Open numbered link"), show=False, id=f"open_link_{n}"
            )
            for n in range(1, 10)
        ),
    ]

    COMPONENT_CLASSES = {"article-view--note"}

    class Back(Message):
        """Leave the reading pane for the list."""

    class LinkClicked(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    class Shown(Message):
        """Another article is on show, or none (its page or picture may be fetched for it)."""

        def __init__(self, article: Article | None) -> None:
            super().__init__()
            self.article = article

    class ImageWanted(Message):
        """Open a picture on its own: the lead image (`i`, a click on it) or a numbered one."""

        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    class FullTextWanted(Message):
        """The reader asked for the whole article from its page (again)."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(
        self,
        language: str,
        tz: tzinfo | None,
        now: Callable[[], datetime],
        *,
        id: str | None = None,  # noqa: A002 - Textual's name for it
    ) -> None:
        super().__init__(id=id)
        self.language = language
        self.tz = tz
        self.now = now
        self.article: Article | None = None
        self.links: list[str] = []
        self.pictures: list[str] = []  # the pictures in the text, for `i` without a lead one
        self.content: Text = Text(
            translator(language).gettext("Choose an article to read."), style="dim"
        )
        self.note = ""  # one line above the text: "fetching the whole article…", why it failed
        self.image_rows: list[Strip] = []  # the lead image, as rows of cells
        self.picture_at = 0  # the line the lead image starts on (under the header)
        self._head = 0  # where the body starts in `content` (the picture goes before it)
        self.picture: Picture | None = None  # the lead image, decoded (drawn per width)
        self.image_url = ""
        self._lines: list[Line] = []
        self._cut = False
        self._layout_width: int | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(512)
        self._relayout_pending = False
        self._anticipate = True  # wrap for the scrollbar a long article is about to get

    def on_mount(self) -> None:
        localize_bindings(self, self.language)

    # ------------------------------------------------------------------ content

    def show(self, article: Article | None) -> None:
        """Show an article from its top (or the empty-pane hint when there is none)."""
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        if not same:
            self.note = ""
            self.image_rows = []
            self.picture = None
            self.image_url = ""
        self.rerender()
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.post_message(self.Shown(article))

    def rerender(self) -> None:
        """Draw the current article again: the relative time moved on, or the text changed."""
        if self.article is None:
            self.links = []
            self.pictures = []
            self.content = Text(
                translator(self.language).gettext("Choose an article to read."), style="dim"
            )
            self._head = 0
        else:
            # The renderer loads with the first article, drawn right after the first paint.
            from kalbartui.render import render_article

            rendered = render_article(
                self.article, language=self.language, tz=self.tz, now=self.now(), width=self._width
            )
            self.links = rendered.links
            self.pictures = rendered.pictures
            self.content = rendered.text
            self._head = rendered.head
        self._layout()

    def set_note(self, note: str) -> None:
        """A line of state above the article (fetching, or why the full text is not there)."""
        if note != self.note:
            self.note = note
            self._layout()

    def showing(self, article_id: int) -> bool:
        """True when the pane shows this article."""
        return self.article is not None and self.article.id == article_id

    def page_fetching(self, article_id: int) -> None:
        """The article's page is being fetched: said above its text."""
        if self.showing(article_id):
            self.set_note(
                translator(self.language).gettext("Fetching the whole article from its page…")
            )

    def page_loaded(self, article: Article) -> bool:
        """The whole article, from its page, in place of the summary (False: another is shown)."""
        if not self.showing(article.id):
            return False
        self.article = article
        self.note = ""
        self.rerender()
        return True

    def page_failed(self, article_id: int, error: Problem | None) -> None:
        """The page could not be had: the summary stays, and the note says why."""
        if self.showing(article_id):
            said = message(error, self.language)
            self.set_note(
                translator(self.language).gettext(
                    "The whole article could not be fetched ({error}); this is the feed's summary.",
                    error=said,
                )
            )

    def page_not_longer(self, article_id: int) -> None:
        """The page had no more than the feed: what is shown is the whole article."""
        if self.showing(article_id):
            self.set_note(
                translator(self.language).gettext(
                    "The feed already carries the whole article: its page has nothing more."
                )
            )

    def set_picture(self, article_id: int, url: str, picture: Picture) -> None:
        """The lead image of `article_id`, drawn above its text (ignored if another is shown)."""
        if self.article is None or self.article.id != article_id:
            return
        self.picture = picture
        self.image_url = url
        self._layout()

    def _draw_picture(self, width: int) -> list[Strip]:
        if self.picture is None:
            return []
        from kalbartui.ui.images import picture_strips

        # At most a third of the pane: the headline and the start of the text stay in view.
        rows = max(2, self.scrollable_content_region.height // 3)
        return [*picture_strips(self.picture, width, rows), Strip.blank(width)]

    @property
    def _width(self) -> int | None:
        return self.scrollable_content_region.width or None

    def _layout(self) -> None:
        width = self._width or 80
        gutter = self.styles.scrollbar_size_vertical
        if self._anticipate and not self.show_vertical_scrollbar and gutter and width > gutter:
            height = self.scrollable_content_region.height
            picture = height // 3 + 1 if self.picture is not None else 0
            plain = self.content.plain
            # A cheap lower bound on the lines: too long for the pane means the scrollbar will
            # take its column, so wrap for the narrower width now rather than again later.
            if height and plain.count("\n") + len(plain) // width + picture > height:
                width -= gutter
        lines, cut = wrap_lines(self.content, width)
        self.image_rows = self._draw_picture(width)
        # The picture goes on the body's first line, under the title and byline.
        head = self._head
        at = next(
            (i for i, (para, a, _b) in enumerate(lines) if para.start + a >= head), len(lines)
        )
        if not head:
            at = 0
        if cut:
            note = Text(
                translator(self.language).gettext(
                    "[The article was cut after {lines} lines.]", lines=MAX_LINES
                ),
                style="dim italic",
            )
            lines += wrap_lines(Text("\n") + note, width)[0]
        if self.note:
            note_lines = wrap_lines(Text(self.note, style="italic") + Text("\n"), width)[0]
            lines[:0] = note_lines
            at += len(note_lines)
        self.picture_at = at
        self._lines = lines
        self._cut = cut
        self._layout_width = width
        self._strips.clear()
        self.virtual_size = Size(width, len(self.image_rows) + len(self._lines))
        self.refresh()

    @property
    def line_count(self) -> int:
        return len(self.image_rows) + len(self._lines)

    def _text_line(self, y: int) -> int | None:
        """Which of the text's lines the pane draws on its virtual line y; None for a line of
        the picture."""
        at, rows = self.picture_at, len(self.image_rows)
        if y < at:
            return y
        if y < at + rows:
            return None
        return y - rows

    def line_text(self, y: int) -> str:
        """What the pane draws on its virtual line y, as plain text (for tests and the CLI)."""
        index = self._text_line(y)
        if index is None:
            return "".join(segment.text for segment in self.image_rows[y - self.picture_at])
        if not 0 <= index < len(self._lines):
            return ""
        paragraph, start, end = self._lines[index]
        return paragraph.plain[start:end].rstrip()

    # ------------------------------------------------------------------ drawing

    def on_resize(self, event: events.Resize) -> None:
        width = self._width
        if width and width != self._layout_width:
            if self.article is not None:
                self.rerender()  # tables and rules are laid out for the width
            else:
                self._layout()

    def _relayout(self) -> None:
        self._relayout_pending = False
        if self._width and self._width != self._layout_width:
            # The width the pane really has now, guessing nothing (a guess could flip-flop).
            self._anticipate = False
            try:
                if self.article is not None:
                    self.rerender()
                else:
                    self._layout()
            finally:
                self._anticipate = True

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0)
        if width != self._layout_width and not self._relayout_pending:
            # The scrollbar came or went without a resize: lay out again for the new width.
            self._relayout_pending = True
            self.call_after_refresh(self._relayout)
        line = round(self.scroll_offset.y) + y
        strip = self._strips.get(line)
        if strip is None:
            strip = self._make_strip(line, width, base)
            self._strips[line] = strip
        return strip.crop(round(self.scroll_offset.x), round(self.scroll_offset.x) + width)

    def _make_strip(self, line: int, width: int, base: Style) -> Strip:
        index = self._text_line(line)
        if index is None:
            row = self.image_rows[line - self.picture_at]
            return row.extend_cell_length(width).apply_style(base)
        if index >= len(self._lines):
            return Strip.blank(width, base)
        paragraph, start, end = self._lines[index]
        text = paragraph.line(start, end)
        text.rstrip()
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, base), text.cell_len).extend_cell_length(
            width, base
        )

    # ------------------------------------------------------------------ reading

    @property
    def at_end(self) -> bool:
        return self.scroll_offset.y >= self.max_scroll_y

    def page_forward(self) -> bool:
        """Scroll a page; False when already at the end (so the caller can move on)."""
        if self.at_end:
            return False
        self.scroll_page_down(animate=False)
        return True

    def page_back(self) -> None:
        self.scroll_page_up(animate=False)

    def action_back(self) -> None:
        self.post_message(self.Back())

    def action_full_text(self) -> None:
        if self.article is not None:
            self.post_message(self.FullTextWanted(self.article.id))

    def action_open_image(self) -> None:
        """`i`: the lead picture, else the first picture in the text, else say there is none."""
        if self.article is None:
            return
        url = self.image_url or self.article.image_url or next(iter(self.pictures), "")
        if url:
            self.post_message(self.ImageWanted(url))
        else:
            said = translator(self.language).gettext("This article has no picture.")
            self.notify(said, severity="warning", markup=False)

    def action_open_link(self, number: int) -> None:
        if 1 <= number <= len(self.links):
            url = self.links[number - 1]
            from kalbartui.ui.images import looks_like_image

            # A numbered picture opens as a picture; any other link in the browser.
            if looks_like_image(url):
                self.post_message(self.ImageWanted(url))
            else:
                self.post_message(self.LinkClicked(url))
        else:
            message = translator(self.language).gettext(
                "No link [{number}] in this article.", number=number
            )
            self.notify(message, severity="warning", markup=False)

    def on_click(self, event: events.Click) -> None:
        link = event.style.link
        if link:
            event.stop()
            from kalbartui.ui.images import looks_like_image

            if looks_like_image(link):
                self.post_message(self.ImageWanted(link))
            else:
                self.post_message(self.LinkClicked(link))
            return
        offset = event.get_content_offset(self)
        if offset is not None and self.image_url:
            y = offset.y + round(self.scroll_offset.y)
            if self.picture_at <= y < self.picture_at + len(self.image_rows) - 1:
                event.stop()
                self.post_message(self.ImageWanted(self.image_url))
