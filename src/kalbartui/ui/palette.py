"""The command palette in the user's language: Textual writes "No matches found" in English."""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from kalbartui.i18n import t


class LocalizedPalette(CommandPalette):
    """Textual's palette, with its one fixed English sentence in `language`."""

    def __init__(self, language: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.language = language

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As Textual 8.2.8's own (pinned in constraints.txt), with the sentence translated.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("cmd.no_matches", self.language), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
