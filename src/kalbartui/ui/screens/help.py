"""Every key the reader knows, as currently mapped (after `[keys]`), with its keymap id."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kalbartui.i18n import t


@dataclass(frozen=True)
class KeyHelp:
    keys: str  # as shown: "j, ↓"
    description: str
    binding_id: str


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", show=False)]

    def __init__(self, entries: list[tuple[str, list[KeyHelp]]], language: str) -> None:
        super().__init__()
        self.entries = entries
        self.language = language

    def compose(self) -> ComposeResult:
        lang = self.language
        with Vertical(id="help-box"):
            yield Static(Text(t("help.title", lang), style="bold"), id="help-title", markup=False)
            with VerticalScroll(id="help-scroll"):
                for section, items in self.entries:
                    table = Table(
                        title=Text(section, style="bold"),
                        title_justify="left",
                        expand=True,
                        box=None,
                        padding=(0, 1),
                    )
                    table.add_column(t("help.key", lang), style="bold", no_wrap=True, ratio=2)
                    table.add_column(t("help.action", lang), ratio=5)
                    table.add_column(t("help.id", lang), style="dim", no_wrap=True, ratio=2)
                    for item in items:
                        table.add_row(
                            Text(item.keys), Text(item.description), Text(item.binding_id)
                        )
                    yield Static(table, classes="help-section", markup=False)
                yield Static(
                    Text(t("help.mouse", lang), style="italic"), classes="help-note", markup=False
                )
            yield Static(Text(t("help.footer", lang), style="dim"), id="help-footer", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
