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
from kalbartui.refresh.run import run_refresh

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
    # The sidebar's feeds: each under its category, those without one under "Umpan lain";
    # one of them open (esc to the sidebar, down to "Dapur Khatulistiwa").
    ("feeds", (140, 40), ["escape", *["j"] * 11]),
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
        await app.workers.wait_for_complete()  # a picture starts loading once the article settles
        await pilot.pause(0.1)
        svg = app.export_screenshot(title="kalbartui")
    (OUT / f"{name}.svg").write_text(svg, encoding="utf-8")
    print(f"wrote screenshots/{name}.svg")


def add_picture(config: Config, paths: Paths) -> None:
    """Give the third article a lead picture, drawn here and put in the image cache (as if its
    page had been fetched), so the reader draws it without the network."""
    import io

    from PIL import Image, ImageDraw

    from kalbartui.store import Query, open_store
    from kalbartui.story.pictures import image_cache

    picture = Image.new("RGB", (640, 360), "#87b5d6")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 230, 640, 360), fill="#3f6e8c")  # the river
    draw.ellipse((470, 40, 560, 130), fill="#f6d55c")  # the sun
    for x in range(0, 640, 90):  # the houses on stilts along the bank
        draw.rectangle((x + 10, 160, x + 70, 230), fill="#a0522d")
        draw.polygon([(x, 160), (x + 40, 120), (x + 80, 160)], fill="#7b2d26")
    draw.polygon([(180, 280), (420, 280), (380, 320), (220, 320)], fill="#5b3a1e")  # a boat
    data = io.BytesIO()
    picture.save(data, format="PNG")
    url = "https://www.kalbaronline.com/wp-content/uploads/contoh-sungai-kapuas.png"
    image_cache(config, paths.cache_dir).put(url, data.getvalue())
    store = open_store(paths.database)
    try:
        rows = store.page(Query(), limit=3).rows
        article = store.article(rows[2].id)
        assert article is not None
        store.save_page(article.id, article.content_html, article.summary, url, NOW)
    finally:
        store.close()


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
            full_text="never",  # the sample articles are whole; no network
            images="cells",
        )
        run_refresh(config, paths.database, clock=lambda: NOW)
        for name, size, keys in SHOTS:
            asyncio.run(shoot(config, paths, name, size, keys))
        add_picture(config, paths)
        asyncio.run(shoot(config, paths, "story", (140, 44), ["j", "j", "enter"]))
    return 0


if __name__ == "__main__":  # the parse pool's forkserver re-imports this module
    raise SystemExit(main())
