"""The feeds a site offers, as a list to pick one from ("Add a site…" found several)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kalbartui.i18n import translator
from kalbartui.i18n.found import found_kind, found_name
from kalbartui.models import FoundFeed
from kalbartui.text import clean_line


class PickFeedScreen(ModalScreen[int | None]):
    """Dismissed with the index of the feed picked (enter, a click), or None (esc)."""

    BINDINGS = [Binding("escape,q", "cancel", show=False)]

    def __init__(self, found: Sequence[FoundFeed], address: str, language: str) -> None:
        super().__init__()
        self.found = tuple(found)
        self.address = address
        self.language = language

    def compose(self) -> ComposeResult:
        tr = translator(self.language)
        with Vertical(id="pick-box"):
            # Names come from the site: plain Text, never markup.
            yield Static(
                Text(
                    tr.ngettext(
                        "{count} feed found at {url}; which one should be added?",
                        "{count} feeds found at {url}; which one should be added?",
                        len(self.found),
                        url=clean_line(self.address, 120),
                    )
                ),
                id="pick-question",
                markup=False,
            )
            yield OptionList(
                *(self._option(i, f) for i, f in enumerate(self.found)), id="pick-list"
            )
            yield Static(
                Text(tr.gettext("Enter: add · Esc: cancel"), style="dim"),
                id="pick-footer",
                markup=False,
            )

    def _option(self, index: int, feed: FoundFeed) -> Option:
        line = Text(f"{index + 1}. ")
        line.append(clean_line(found_name(feed), 120), style="bold")
        line.append(" — " + found_kind(feed, self.language))
        line.append("\n   " + clean_line(feed.url, 300), style="dim")
        return Option(line, id=f"found-{index}")

    def on_mount(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
