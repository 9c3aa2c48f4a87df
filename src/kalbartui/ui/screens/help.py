"""Every key the reader knows, as currently mapped (after `[keys]`), with its keymap id."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kalbartui.i18n import translator
from kalbartui.ui.screens.scrolling import SCROLL_BINDINGS, scroll


@dataclass(frozen=True)
class KeyHelp:
    keys: str  # as shown: "j, ↓"
    description: str
    binding_id: str


TWO_COLUMNS_FROM = 120  # terminal columns: narrower, the sections go one under another


class HelpScreen(ModalScreen[None]):
    """Every key, by pane; scrolls with j/k, the arrows and the page keys."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", show=False),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, entries: list[tuple[str, list[KeyHelp]]], language: str) -> None:
        super().__init__()
        self.entries = entries
        self.language = language

    def compose(self) -> ComposeResult:
        lang = self.language
        with Vertical(id="help-box"):
            yield Static(
                Text(translator(lang).gettext("Keys"), style="bold"), id="help-title", markup=False
            )
            with VerticalScroll(id="help-scroll"):
                yield Static(self._columns(self.app.size.width), id="help-keys", markup=False)
                yield Static(
                    Text(
                        translator(lang).gettext(
                            "Mouse: click a category or an article, click again to read, scroll with the wheel."
                        ),
                        style="italic",
                    ),
                    classes="help-note",
                    markup=False,
                )
            yield Static(
                Text(
                    translator(lang).gettext(
                        "Remap keys in the config file under [keys] with the ids above. j/k scroll, Esc closes."
                    ),
                    style="dim",
                ),
                id="help-footer",
                markup=False,
            )

    def _section(self, title: str, items: list[KeyHelp]) -> Table:
        table = Table(
            title=Text(title, style="bold underline"), title_justify="left", expand=True, box=None,
            padding=(0, 1), show_header=False,
        )  # fmt: skip
        table.add_column(
            translator(self.language).gettext("Key"), style="bold", no_wrap=True, width=10
        )
        table.add_column(translator(self.language).gettext("Action"), ratio=1)
        table.add_column(translator(self.language).gettext("id"), style="dim", no_wrap=True)
        for item in items:
            table.add_row(Text(item.keys), Text(item.description), Text(item.binding_id))
        return table

    def _columns(self, width: int) -> Table | Group:
        # Two columns on a wide screen, so every key fits on one page: the general keys left,
        # the panes right. Narrower, two columns would squeeze out the descriptions.
        sections = [self._section(title, items) for title, items in self.entries]
        if width < TWO_COLUMNS_FROM:
            return Group(*[part for table in sections for part in (table, Text(""))])
        grid = Table.grid(expand=True, padding=(0, 2))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        right = Group(*[part for table in sections[1:] for part in (table, Text(""))])
        grid.add_row(sections[0] if sections else Text(""), right)
        return grid

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#help-keys", Static).update(self._columns(event.size.width))

    def action_scroll(self, where: str) -> None:
        """Scroll the list of keys."""
        scroll(self, "#help-scroll", where)

    def action_close(self) -> None:
        self.dismiss(None)
