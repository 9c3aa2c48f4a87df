"""Untrusted article HTML -> safe rich Text: the one step every view of an article goes through.

A pure function of the HTML and a few options (width, language, base URL); it keeps no state
between calls and draws nothing.

Only rich is used here (no Textual), and nothing is ever read as markup: the output is built
from plain strings and Style objects, so "[bold]" or "[@click=app.quit]" in an article shows
literally. Every chunk of text passes kalbartui.text.clean, so the Text never carries a control
character other than newline.

The parser is the stdlib html.parser, behind a linear pre-pass (render.prepass). On its own,
HTMLParser rescans an unterminated tag or comment to the end of the input for every "<" that
follows, which makes a few kilobytes of "<a <a <a ..." take seconds. The pre-pass keeps only
markup that is complete and well formed, escapes every other "<", and drops comments,
declarations and the raw-text elements (script, style, iframe, ...) outright. The element
handler keeps its state in explicit stacks and counters, never recursion, so 10,000 nested
tags cost no more than 10,000 siblings.

Links: an <a href> with visible text gets a number, "text[1]", and its URL goes to
RenderedBody.links (numbered in order of first appearance, the same URL keeps its number).
Only http and https URLs count; anything else (javascript:, data:, file:, relative URLs with
no base) keeps its text but gets no number, no link style, and is not listed. Images become
"[gambar: alt]"; an image that is not inside a link and has an http(s) source is numbered and
listed like a link, so the reader can open the picture in a browser. WordPress emoji images
show their alt text, and 1x1 tracking pixels show nothing.

The work is split by job: render.flow writes the output lines, render.elements says what each
element does when it opens and closes, and render.limits holds the caps; this module walks the
parser's events and keeps the stack of open elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from rich.text import Text

from kalbartui.i18n import translator
from kalbartui.render.elements import Elements, Entry
from kalbartui.render.limits import MAX_CHARS, MAX_ELEMENTS, Full, cut_note
from kalbartui.render.prepass import defuse_limited
from kalbartui.render.styles import DIM
from kalbartui.render.tags import DROP, STRUCT, VOID
from kalbartui.text import clean, clean_line, strip_tags

__all__ = ["MAX_HTML", "RenderedBody", "render_html"]

# Past this many characters the HTML is cut (with a visible "[…]"): every step is linear, but
# a reader should not wait seconds for a multi-megabyte "article". A real one, even of 10,000
# words, is under 100 kB of HTML.
MAX_HTML = 1_000_000


@dataclass(slots=True)
class RenderedBody:
    """A rendered article: the styled text, and the URLs behind its [n] markers (n = index + 1).

    `note` is the sentence saying the article was cut short ("" when it was not); render_html
    and render_article end their text with it.
    """

    text: Text
    links: list[str] = field(default_factory=list)
    note: str = ""
    head: int = 0  # where the body starts in `text`, after the article's header (0: no header)
    pictures: list[str] = field(default_factory=list)  # the pictures in the text, in order


_WS = re.compile(r"\s+")
_LINE_SEP = re.compile("[\u2028\u2029]")


class _Renderer(Elements, HTMLParser):
    """Turns parser events into lines of styled segments. Never recursive."""

    def __init__(self, width: int | None, language: str, base_url: str) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        Elements.__init__(self, width, language, base_url)
        self.stack: list[Entry] = []
        self.struct: list[Entry] = []  # open list/table elements, for implied end tags
        self.counts: dict[str, int] = {}
        self.elements = 0  # start tags seen, against MAX_ELEMENTS

    # ------------------------------------------------------------ parser events

    def handle_data(self, data: str) -> None:
        if self.drop or not data:
            return
        data = clean(data)
        if self.pre and self.table is None:
            if self.pre_skip_nl:
                self.pre_skip_nl = False
                if data.startswith("\n"):
                    data = data[1:]
            pieces = _LINE_SEP.sub("\n", data).expandtabs(4).split("\n")
            for k, piece in enumerate(pieces):
                if k:
                    self.pre_indent = ""
                    self._hard_newline()
                if not piece:
                    continue
                if self.cur is not None and not self.pending:
                    room = MAX_CHARS - self.chars
                    self.chars += len(piece)
                    self.cur.segs.append((piece[: max(room, 0)], self.style))
                    self.emitted += 1
                    if self.chars > MAX_CHARS:
                        self._cap("chars")
                    self.last_content = self.cur
                elif not piece.strip():
                    # Indentation before anything on a new code line: held until text comes, so
                    # a line of spaces does not open a line of its own.
                    self.pre_indent += piece
                else:
                    indent, self.pre_indent = self.pre_indent, ""
                    self._inline(piece, self.style)
                    if indent and self.cur is not None:
                        self.cur.segs.insert(len(self.cur.segs) - 1, (indent, None))
            return
        self.pre_skip_nl = False
        text = _WS.sub(" ", data)
        core = text.strip(" ")
        if not core:
            if text:
                self._flow_space()
            return
        if text[0] == " ":
            self._flow_space()
        self._inline(core, self.style)
        if text[-1] == " ":
            self._flow_space()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            self._cap("elements")
        if self.drop:
            if tag not in VOID:
                entry = Entry(tag)
                if tag in DROP:
                    entry.drop = True
                    self.drop += 1
                self._push(entry)
            return
        self._implied_end(tag)
        if tag in VOID:
            self._void(tag, attrs)
            return
        entry = Entry(tag)
        self._push(entry)
        self._open(entry, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.counts.get(tag):
            if not self.drop:
                if tag == "br":  # "</br>" is read as <br> by browsers too
                    self._void("br", [])
                elif tag == "p":
                    self._block(2)
            return
        stack = self.stack
        while stack:
            entry = self._pop()
            if entry.tag == tag:
                break

    # ------------------------------------------------------------ the element stack

    def _push(self, entry: Entry) -> None:
        self.stack.append(entry)
        self.counts[entry.tag] = self.counts.get(entry.tag, 0) + 1
        if entry.tag in STRUCT:
            self.struct.append(entry)

    def _pop(self) -> Entry:
        entry = self.stack.pop()
        self.counts[entry.tag] -= 1
        if self.struct and self.struct[-1] is entry:
            self.struct.pop()
        if entry.drop:
            self.drop -= 1
            return entry
        if self.drop:
            return entry
        self._close(entry)
        return entry

    def _close_to(self, target: Entry) -> None:
        while self.stack:
            if self._pop() is target:
                return

    def _implied_end(self, tag: str) -> None:
        """Close what HTML closes implicitly: <li> ends the previous <li>, <td> the <td>..."""
        struct = self.struct
        if tag == "li":
            if struct and struct[-1].tag == "li":
                self._close_to(struct[-1])
        elif tag in ("dt", "dd"):
            if struct and struct[-1].tag in ("dt", "dd"):
                self._close_to(struct[-1])
        elif tag in ("td", "th"):
            if struct and struct[-1].tag in ("td", "th"):
                self._close_to(struct[-1])
        elif tag == "tr":
            if struct and struct[-1].tag in ("td", "th"):
                self._close_to(struct[-1])
            if struct and struct[-1].tag == "tr":
                self._close_to(struct[-1])
        elif tag in ("thead", "tbody", "tfoot"):
            while struct and struct[-1].tag in ("td", "th", "tr", "thead", "tbody", "tfoot"):
                self._close_to(struct[-1])
        elif tag == "a" and self.anchor is not None:
            self._close_to(self.anchor)

    # ------------------------------------------------------------ result

    def finish(self) -> RenderedBody:
        while self.stack:
            self._pop()
        self._finish_line()
        note = cut_note(self.full, self.language) if self.full else ""
        return RenderedBody(self.layout(), list(self.links), note, pictures=list(self.pictures))


# ---------------------------------------------------------------- public API


def render_html(
    html: str, width: int | None = None, *, language: str = "id", base_url: str = ""
) -> RenderedBody:
    """Untrusted HTML -> styled Text and the list of its http(s) links. Never raises.

    `width` sets the length of rules, whether tables are padded into columns, and the wrap
    point for list items and quotes (so their continuation lines stay indented); None leaves
    all wrapping to whoever displays the Text. `base_url` resolves relative links. `language`
    ("id" or "en") picks the words of image placeholders. An article past one of the caps
    (MAX_LINES, MAX_LINKS, MAX_TABLE_ROWS, MAX_CHARS, MAX_ELEMENTS) ends where it reached it,
    and the text ends with a sentence saying so (also in RenderedBody.note).
    """
    body = render_body(html, width, language=language, base_url=base_url)
    append_note(body.text, body.note)
    return body


def append_note(text: Text, note: str) -> None:
    """End `text` with the cut-short sentence, after a blank line; nothing when there is none."""
    if note:
        if text.plain:
            text.append("\n\n")
        text.append(note, DIM)


def render_body(
    html: str, width: int | None = None, *, language: str = "id", base_url: str = ""
) -> RenderedBody:
    """render_html without the cut-short sentence in the text (it is in .note)."""
    try:
        return _render_strict(html, width, language, base_url)
    except Exception:  # noqa: BLE001 - no known input gets here; the reader must still show text
        paragraphs = [clean_line(p) for p in re.split(r"\n\s*\n", strip_tags(html))]
        text = "\n\n".join(p for p in paragraphs if p)
        note = ""
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
            note = translator(language).gettext(
                "Article cut short: {reason}. Open its source in a browser to read the rest.",
                reason=translator(language).ngettext(
                    "more than {count} character", "more than {count} characters", MAX_CHARS
                ),
            )
        return RenderedBody(Text(text), [], note)


def _render_strict(html: str, width: int | None, language: str, base_url: str) -> RenderedBody:
    """render_body without the safety net, so tests can tell that it is never needed."""
    source = clean(html)
    cut = len(source) > MAX_HTML
    if cut:
        # Cut between words or after a tag when one is near, not in the middle of either.
        at = max(source.rfind(ch, MAX_HTML - 4096, MAX_HTML) for ch in " \n>")
        source = source[: at + 1 if at > 0 else MAX_HTML]
    renderer = _Renderer(width, language, base_url)
    markup, too_many = defuse_limited(source, 2 * MAX_ELEMENTS)
    try:
        renderer.feed(markup)
        renderer.close()
    except Full:
        pass
    if too_many and not renderer.full:
        renderer.full = "elements"
    elif cut and not renderer.full:
        renderer.full = "chars"
    while renderer.stack:
        renderer._pop()
    return renderer.finish()
