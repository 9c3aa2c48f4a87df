"""The dialog of `t`: a tag for the article, the tags already in use offered as one types.
A tag the article has already is taken off. Enter answers, esc cancels."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from kalbartui.i18n import translator
from kalbartui.text import clean_line

MAX_SHOWN = 12  # tags in use listed under the input; the rest are offered as one types


class AskTagScreen(ModalScreen[str | None]):
    """Dismissed with the tag typed (stripped, may be "") or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(
        self, title: str, has: Sequence[str], in_use: Sequence[str], language: str
    ) -> None:
        super().__init__()
        self.article_title = clean_line(title, 80)
        self.has = [clean_line(t, 100) for t in has]
        self.in_use = [clean_line(t, 100) for t in in_use]
        self.language = language

    def compose(self) -> ComposeResult:
        tr = translator(self.language)
        with Vertical(id="ask-box"):
            yield Static(
                Text(tr.gettext("Tag “{title}”:", title=self.article_title)),
                id="ask-question",
                markup=False,
            )
            yield Input(
                placeholder=tr.gettext("a tag name"),
                id="ask-input",
                suggester=SuggestFromList(self.in_use, case_sensitive=False),
            )
            if self.has:
                said = tr.gettext(
                    "It has: {tags} (type one to take it off)", tags=", ".join(self.has)
                )
                yield Static(Text(said), id="tag-has", markup=False)
            others = [t for t in self.in_use if t not in self.has][:MAX_SHOWN]
            if others:
                said = tr.gettext("Tags in use: {tags}", tags=", ".join(others))
                yield Static(Text(said, style="dim"), id="tag-in-use", markup=False)
            yield Static(
                Text(tr.gettext("Enter: go on · Esc: cancel"), style="dim"),
                id="ask-footer",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#ask-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
