"""Saving the search on show as a saved view: its name asked, the config file written, the
view opened in the sidebar (the palette's "Save search as view…")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kalbartui.i18n import message, translator
from kalbartui.text import clean_line
from kalbartui.ui.parts.part import kalbar, say

if TYPE_CHECKING:
    from kalbartui.ui.screens.main import MainScreen


def ask_save_view(screen: MainScreen) -> None:
    """Save the search on show as a saved view: ask its name (the query's words already
    typed), write it to the config file, and open it from the sidebar."""
    text = screen.list_pane.search_text
    tr = translator(screen.lang)
    if text is None:
        say(screen, tr.gettext("Search first (/), then save the search as a view."), "warning")
        return
    from kalbartui.ui.screens.ask_path import AskPathScreen

    def answered(name: str | None) -> None:
        if name:
            save_view(screen, name, text)

    question = tr.gettext("Save the search “{query}” as a view named:", query=clean_line(text, 80))
    screen.app.push_screen(AskPathScreen(question, screen.lang, value=view_name(text)), answered)


def save_view(screen: MainScreen, name: str, query: str) -> None:
    """Write a saved view into the config file; the sidebar shows it at once, opened."""
    from kalbartui.problems import KalbarError

    tr = translator(screen.lang)
    core = kalbar(screen).core
    try:
        added = core.save_view(name, query)
    except KalbarError as exc:  # the query cannot be read, or the file cannot take it
        error = clean_line(message(exc.problem, screen.lang), 300)
        say(screen, tr.gettext("The view was not saved: {error}", error=error), "error")
        return
    view = core.config.view_named(clean_line(name, 80))
    if not added or view is None:
        say(
            screen,
            tr.gettext("A view named “{name}” is already there.", name=clean_line(name, 80)),
            "warning",
        )
        return
    screen.views_changed(show=f"view-{core.config.views.index(view)}")
    say(
        screen,
        tr.gettext(
            "Saved the view “{name}” in {path}.",
            name=view.name,
            path=clean_line(str(kalbar(screen).paths.config), 200),
        ),
    )


def view_name(query: str) -> str:
    """A view's name as the palette suggests it for a search: its words, without the query's
    syntax, cut to the sidebar's width ("kubu raya OR kuburaya" -> "kubu raya kuburaya")."""
    import re

    words = re.sub(r'["()]|\b(?:OR|AND|NOT)\b', " ", query)
    return clean_line(" ".join(words.split()), 40)
