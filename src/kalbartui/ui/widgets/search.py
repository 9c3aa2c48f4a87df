"""The search box above the article list (shown by `/`)."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from kalbartui.i18n import N_


class SearchInput(Input):
    BINDINGS = [Binding("escape", "cancel", N_("Leave search"), show=False, id="leave_search")]

    class Cancelled(Message):
        """Escape in the box: leave the search."""

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
