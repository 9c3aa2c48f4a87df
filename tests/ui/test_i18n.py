"""Every string the reader shows comes in the user's language (the catalogs themselves are
checked in tests/unit/test_catalog.py)."""

from __future__ import annotations

import re

from kalbartui.i18n import STRINGS, t


def test_t_picks_the_language_and_formats() -> None:
    assert t("notify.new", "id", count=3) == "3 artikel baru"
    assert t("notify.new", "en", count=3) == "3 new articles"


def test_formatting_never_reads_the_values() -> None:
    # A feed title full of braces is a value, not a template.
    assert (
        t("list.no_results", "en", text="{count} [b]x[/b]") == "No results for “{count} [b]x[/b]”."
    )


def test_every_binding_description_is_a_string_key() -> None:
    from kalbartui.ui.screens.main import MainScreen
    from kalbartui.ui.widgets.article_list import ArticleList
    from kalbartui.ui.widgets.reader import Reader
    from kalbartui.ui.widgets.sidebar import Sidebar

    for cls in (MainScreen, ArticleList, Reader, Sidebar):
        for binding in cls.BINDINGS:
            assert re.fullmatch(r"key\.\w+", binding.description) and binding.description in STRINGS
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
