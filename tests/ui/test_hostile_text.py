"""Feed text is data: markup shows literally, control characters never reach the terminal."""

from __future__ import annotations

from rich.text import Text

from kalbartui.models import ParsedArticle
from tests.ui.builders import article, fill_store
from tests.ui.conftest import AppFactory, list_line, notifications, reader_text

MARKUP_TITLE = "[bold]x[/] [link=https://evil.example]klik[/link]"
ACTION_TITLE = "[@click=app.quit]Keluar[/] $variable"
CONTROL_TITLE = "Judul\x1b[31mMerah\x1b]8;;https://evil.example\x07tautan\x9b2J\x07 selesai"


def hostile_articles() -> list[ParsedArticle]:
    return [
        article(
            1, MARKUP_TITLE, author="[i]Penulis[/i]", minutes_ago=1, categories=("[b]Kategori[/b]",)
        ),
        article(2, ACTION_TITLE, minutes_ago=2),
        article(3, CONTROL_TITLE, author="Nama\x1b[2JPenulis", minutes_ago=3),
    ]


def no_escape_codes(text: str) -> bool:
    return not any(ch in text for ch in ("\x1b", "\x07", "\x9b", "\x00"))


async def test_markup_in_titles_shows_literally(make_app: AppFactory) -> None:
    app = make_app(hostile_articles())
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert "[bold]x[/] [link=https://evil.example]" in list_line(app, 0)
        assert "[i]Penulis[/i]" in list_line(app, 1)
        assert MARKUP_TITLE in reader_text(app)
        body = app.main.reader.content
        assert isinstance(body, Text)
        assert not any("evil.example" in str(span.style) for span in body.spans)
        await pilot.press("j")
        assert "[@click=app.quit]Keluar[/] $variable" in list_line(app, 2)
        assert ACTION_TITLE in reader_text(app)
        # Clicking the row (twice: select, then open) runs no action hidden in the title.
        await pilot.click("#articles", offset=(10, 2))
        await pilot.click("#articles", offset=(10, 2))
        await pilot.pause()
        assert app.is_running
        assert app.focused is app.main.reader


async def test_control_characters_never_reach_the_screen(make_app: AppFactory) -> None:
    app = make_app(hostile_articles())
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("j", "j")
        await pilot.pause()
        for y in range(6):
            assert no_escape_codes(list_line(app, y))
        assert "Judul[31mMerah" in list_line(
            app, 4
        )  # the escape byte is gone, the rest is inert text
        assert no_escape_codes(reader_text(app))
        assert no_escape_codes(app.main.status.build().plain)


async def test_markup_in_category_names_and_search_stays_literal(
    make_app: AppFactory, paths
) -> None:  # noqa: ANN001
    store = fill_store(paths.database, [])
    store.ensure_categories("Kalbar Contoh", ["[red]Merah[/red]", "[/]Rubrik[/b]"])
    store.close()
    app = make_app(hostile_articles())
    async with app.run_test(size=(160, 40)) as pilot:
        labels = [v.label for v in app.main.sidebar.views.values()]
        assert "[red]Merah[/red]" in labels
        await pilot.press("slash", *"[bold]")
        await pilot.pause()
        assert "Cari: “[bold]”" in app.main.status.build().plain
        # A search never fails on FTS syntax: brackets are just not words.
        assert app.is_running
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"rubrik")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.list_pane.view.label == "[/]Rubrik[/b]"  # would be a markup error if parsed
        assert app.is_running


async def test_notifications_do_not_read_markup(make_app: AppFactory) -> None:
    hostile = article(9, "Biasa", minutes_ago=1, url="javascript:alert('[b]x[/b]')")
    app = make_app([hostile])
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        messages = [m for _s, m in notifications(app)]
        assert any("[b]x[/b]" in m for m in messages)
