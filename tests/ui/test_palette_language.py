"""The command palette speaks the reader's language, Textual's own sentences included."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from tests.ui.conftest import AppFactory, offline_config, until


def no_matches_line(app) -> str:  # noqa: ANN001
    options = app.screen.query_one(CommandList).options
    found = [o for o in options if o.id == CommandPalette._NO_MATCHES]  # noqa: SLF001
    return str(found[0].prompt.renderable) if found else ""


async def test_a_search_with_no_match_says_so_in_indonesian(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"zzqxj")
        await until(pilot, lambda: no_matches_line(app), "the palette's no-match line")
        assert no_matches_line(app) == "Tidak ada yang cocok"


async def test_and_in_english(make_app: AppFactory) -> None:
    app = make_app(config=offline_config(language="en"))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"zzqxj")
        await until(pilot, lambda: no_matches_line(app), "the palette's no-match line")
        assert no_matches_line(app) == "No matches found"


async def test_the_theme_list_asks_in_the_readers_language(make_app: AppFactory) -> None:
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        app.action_change_theme()
        await until(
            pilot,
            lambda: isinstance(app.screen, CommandPalette) and app.screen.query(Input),
            "the theme list",
        )
        assert app.screen.query_one(Input).placeholder == "Cari tema…"
        await pilot.press("escape")
