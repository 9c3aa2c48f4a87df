"""Make the README's SVG screenshots from the demo data with a fixed clock.

Run with `make screenshots`. The demo feeds go through the normal pipeline (file URLs ->
parse -> store) into a throwaway data dir; the reader then runs headless at fixed sizes.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from kalbartui.config import Config
from kalbartui.demo import build_demo_feeds
from kalbartui.paths import Paths
from kalbartui.refresh import run_refresh

NOW = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)  # 10.30 WIB
OUT = Path(__file__).resolve().parents[1] / "screenshots"

SHOTS = [
    # name, size, keys pressed before the shot
    ("main", (140, 40), []),
    ("reader", (140, 40), ["j", "j", "enter"]),
    ("narrow", (96, 44), ["j"]),
    ("help", (140, 44), ["question_mark"]),
    ("search", (140, 40), ["slash", *"kapuas", "enter"]),
    # A small terminal: one pane at a time, the list at full height, then an article.
    ("small", (80, 24), []),
    ("small-reader", (80, 24), ["j", "enter"]),
]


async def shoot(
    config: Config, paths: Paths, name: str, size: tuple[int, int], keys: list[str]
) -> None:
    from kalbartui.ui.app import KalbarApp

    app = KalbarApp(config, paths, clock=lambda: NOW, refresh=False)
    async with app.run_test(size=size) as pilot:
        app.main.search_box.cursor_blink = False
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        svg = app.export_screenshot(title="kalbartui")
    (OUT / f"{name}.svg").write_text(svg, encoding="utf-8")
    print(f"wrote screenshots/{name}.svg")


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "id"
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kalbartui-shots-") as tmp:
        root = Path(tmp)
        setup = build_demo_feeds(root / "feeds", NOW)
        paths = Paths(config=root / "config.toml", data_dir=root / "data", cache_dir=root / "cache")
        config = Config(
            language=language,
            timezone="Asia/Pontianak",
            refresh_on_start=False,
            refresh_interval_minutes=0,
            keep_days=0,
            feeds=tuple(setup.feeds),
        )
        run_refresh(config, paths.database, clock=lambda: NOW)
        for name, size, keys in SHOTS:
            asyncio.run(shoot(config, paths, name, size, keys))
    return 0


if __name__ == "__main__":  # the parse pool's forkserver re-imports this module
    raise SystemExit(main())
