"""Every string the reader shows comes in the user's language (the catalogs themselves are
checked in tests/unit/test_catalog.py)."""

from __future__ import annotations

from babel.messages.pofile import read_po

from kalbartui.i18n import translator
from kalbartui.i18n.catalog import LOCALE_DIR


def test_a_translator_picks_the_language_and_formats() -> None:
    new = ("{count} new article", "{count} new articles")
    assert translator("id").ngettext(*new, 3) == "3 artikel baru"
    assert translator("en").ngettext(*new, 3) == "3 new articles"


def test_formatting_never_reads_the_values() -> None:
    # A feed title full of braces is a value, not a template.
    said = translator("en").gettext("No results for “{text}”.", text="{count} [b]x[/b]")
    assert said == "No results for “{count} [b]x[/b]”."


def test_every_binding_description_is_a_message_of_the_catalog() -> None:
    from kalbartui.ui.screens.main import MainScreen
    from kalbartui.ui.widgets.article_list import ArticleList
    from kalbartui.ui.widgets.reader import Reader
    from kalbartui.ui.widgets.sidebar import Sidebar

    catalog = read_po((LOCALE_DIR / "id/LC_MESSAGES/kalbartui.po").open("rb"))
    for cls in (MainScreen, ArticleList, Reader, Sidebar):
        for binding in cls.BINDINGS:
            assert catalog.get(binding.description) is not None, binding.description
            assert binding.id, f"{cls.__name__} {binding.key} has no id for [keys]"


def test_a_count_that_stopped_early_says_more_than_in_both_languages() -> None:
    from datetime import UTC, datetime

    from kalbartui.ui.widgets.status import StatusLine

    for lang, more, exact in (
        ("id", "lebih dari 2.000 artikel", "2.345 artikel"),
        ("en", "more than 2,000 articles", "2,345 articles"),
    ):
        line = StatusLine(lang, lambda: datetime(2026, 11, 27, tzinfo=UTC))
        line.state.search = "banjir"
        line.state.count, line.state.more = 2000, True
        assert more in line.build().plain
        line.state.count, line.state.more = 2345, False
        text = line.build().plain
        assert exact in text and more not in text
