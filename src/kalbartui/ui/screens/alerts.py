"""The last alerts (the palette's "Alerts"): when, which feed, the headline, as `kalbartui
alerts` lists them. Headlines are feed text: plain Text, cleaned, never markup."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kalbartui.i18n import translator
from kalbartui.models import Alert
from kalbartui.text import clean_line


class AlertsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "close", show=False)]

    def __init__(self, alerts: list[Alert], language: str, tz: tzinfo | None) -> None:
        super().__init__()
        self.alerts = alerts
        self.language = language
        self.tz = tz

    def compose(self) -> ComposeResult:
        lang = self.language
        with Vertical(id="alerts-box"):
            yield Static(
                Text(translator(lang).gettext("Alerts"), style="bold"),
                id="alerts-title",
                markup=False,
            )
            with VerticalScroll(id="alerts-scroll"):
                yield Static(self._table(), id="alerts-table", markup=False)
            yield Static(
                Text(translator(lang).gettext("Esc to close"), style="dim"),
                id="alerts-footer",
                markup=False,
            )

    def _table(self) -> Table | Text:
        tr = translator(self.language)
        if not self.alerts:
            return Text(
                tr.gettext("No alerts yet. Follow a word with [[alerts]] in the config file.")
            )
        table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
        table.add_column(tr.gettext("When"), no_wrap=True)
        # The feed's name on one line (cut if long); the headline takes the rest, wrapped.
        table.add_column(tr.gettext("Feed"), no_wrap=True, overflow="ellipsis", max_width=24)
        table.add_column(tr.gettext("Headline"), ratio=1, overflow="fold")
        for alert in self.alerts:
            when = datetime.fromtimestamp(alert.at, self.tz).strftime("%Y-%m-%d %H:%M")
            table.add_row(
                Text(when),
                Text(clean_line(alert.feed, 80), style="dim"),
                Text(clean_line(alert.title, 300), style="bold"),
            )
        return table

    def action_close(self) -> None:
        self.dismiss(None)
