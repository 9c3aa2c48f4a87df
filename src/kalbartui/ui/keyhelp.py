"""The help screen's data: every binding with the keys it has now (after `[keys]`), by pane."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding

from kalbartui.i18n import translator
from kalbartui.ui.widgets.article_list import ArticleList
from kalbartui.ui.widgets.reader import Reader
from kalbartui.ui.widgets.search import SearchInput
from kalbartui.ui.widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from kalbartui.ui.screens.help import KeyHelp

KeyDisplay = Callable[[Binding], str]


def key_help(
    general_bindings: Sequence[Binding | tuple[str, ...]],
    keymap: Mapping[str, str],
    key_display: KeyDisplay,
    lang: str,
) -> list[tuple[str, list[KeyHelp]]]:
    """Sections of (keys, words, binding id): the reader's own keys first, then each pane's."""
    # The help screen is imported when it is opened, not before the first paint.
    from kalbartui.ui.screens.help import KeyHelp

    def keys_of(binding: Binding) -> str:
        raw = keymap.get(binding.id or "", binding.key)
        shown = [key_display(replace(binding, key=k.strip())) for k in raw.split(",") if k.strip()]
        return ", ".join(dict.fromkeys(shown))

    def section(bindings: Sequence[Binding | tuple[str, ...]]) -> list[KeyHelp]:
        items: list[KeyHelp] = []
        for b in bindings:
            if isinstance(b, Binding) and b.description:
                words = translator(lang).gettext(b.description)
                if items and items[-1].description == words:
                    # A run of one action on several keys (links 1 to 9): one row, "1…9".
                    first = items[-1].keys.split("…")[0]
                    items[-1] = KeyHelp(f"{first}…{keys_of(b)}", words, items[-1].binding_id)
                    continue
                items.append(KeyHelp(keys_of(b), words, b.id or ""))
        return items

    general = section(general_bindings)
    general += [
        KeyHelp("tab", translator(lang).gettext("Next pane"), ""),
        KeyHelp("shift+tab", translator(lang).gettext("Previous pane"), ""),
        KeyHelp("ctrl+p", translator(lang).gettext("Command palette"), ""),
    ]
    return [
        (translator(lang).gettext("Everywhere"), general),
        (translator(lang).gettext("Article list"), section(ArticleList.BINDINGS)),
        (translator(lang).gettext("Reading pane"), section(Reader.BINDINGS)),
        (translator(lang).gettext("Category sidebar"), section(Sidebar.BINDINGS)),
        (translator(lang).gettext("Search box"), section(SearchInput.BINDINGS)),
    ]
