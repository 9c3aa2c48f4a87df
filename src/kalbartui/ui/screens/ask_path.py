"""A small dialog that asks for one line: a file path (OPML import and export), a site's
address (adding a site). Enter answers, esc cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kalbartui.i18n import translator


class AskPathScreen(ModalScreen[str | None]):
    """Dismissed with the path typed (stripped, may be "") or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(
        self, question: str, language: str, placeholder: str = "", value: str = ""
    ) -> None:
        """`value`: the answer already typed (a default the user may keep with enter)."""
        super().__init__()
        self.question = question
        self.language = language
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box"):
            yield Static(Text(self.question), id="ask-question", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="ask-input")
            yield Static(
                Text(translator(self.language).gettext("Enter: go on · Esc: cancel"), style="dim"),
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
