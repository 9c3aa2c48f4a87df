"""Pictures for the reading pane: from the cache directory, or fetched into it, then decoded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kalbartui.config import Config
from kalbartui.feeds.images import MAX_IMAGE_BYTES, ImageCache, Picture, decode, fetch_image
from kalbartui.story.fetcher import fetcher_for
from kalbartui.tasks import run_cancellable

__all__ = ["Picture", "image_cache", "load_picture"]


def image_cache(config: Config, cache_dir: Path) -> ImageCache:
    return ImageCache(cache_dir / "images", config.image_cache_mb * 1024 * 1024)


def load_picture(
    config: Config,
    cache_dir: Path,
    url: str,
    max_side: int = 1600,
    cancelled: Callable[[], bool] | None = None,
) -> Picture:
    """A picture from the cache, or fetched into it, decoded. Blocking and CPU-bound: call it
    from a thread. Raises feeds.images.ImageError."""
    cache = image_cache(config, cache_dir)
    data = cache.get(url)
    if data is None:

        async def run() -> bytes:
            async with fetcher_for(config, MAX_IMAGE_BYTES) as fetcher:
                return await fetch_image(fetcher, cache, url)

        data = run_cancellable(run(), cancelled)
    return decode(data, max_side)
