"""The feeds screen (`e`) scrolls with the reader's list keys, not only with End: a reader with
two dozen feeds at 80×24 sees the rest of the table with j, space, G and g."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.app import App
from textual.containers import VerticalScroll

from kalbartui.models import Feed
from kalbartui.problems import Problem
from kalbartui.ui.screens.feed_errors import FeedErrorsScreen

NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
DAERAH = ["Pontianak", "Singkawang", "Sambas", "Bengkayang", "Landak", "Mempawah", "Sanggau",
          "Sekadau", "Sintang", "Melawi", "Kapuas Hulu", "Ketapang", "Kayong Utara", "Kubu Raya"]  # fmt: skip


def feeds() -> list[Feed]:
    out = []
    for i, name in enumerate(DAERAH * 2):
        out.append(
            Feed(
                id=i + 1,
                url=f"https://berita{i}.contoh.id/feed/",
                title=f"Kabar {name} {i}",
                name="",
                category="Daerah",
                source="",
                etag="",
                last_modified="",
                last_checked=NOW - timedelta(minutes=5),
                last_ok=NOW - timedelta(hours=i),
                last_error=Problem.of("fetch.timeout", seconds=15) if i % 3 == 0 else None,
                retry_after=None,
                article_count=10 + i,
            )
        )
    return out


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(FeedErrorsScreen(feeds(), "id", lambda: NOW))


async def test_the_feeds_screen_scrolls_with_the_list_keys() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = app.screen.query_one("#feeds-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0, "the table must be taller than the screen for this test"
        assert scroll.scroll_y == 0
        await pilot.press("j")
        await pilot.pause()
        assert scroll.scroll_y == 1
        await pilot.press("k")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert scroll.scroll_y > 1
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, FeedErrorsScreen)
