"""Pictures for the reading pane: from the cache directory, or fetched into it, then decoded
in a worker process (feeds.images.decode_confined), only the small result coming back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from kalbartui import jobs
from kalbartui.config import Config
from kalbartui.feeds.images import (
    BUSY,
    MAX_IMAGE_BYTES,
    ImageCache,
    ImageError,
    Picture,
    decode_confined,
    fetch_image,
)
from kalbartui.story.fetcher import fetcher_for, reach_for
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
    *,
    feed_url: str = "",
    source: str = "",
) -> Picture:
    """A picture from the cache, or fetched into it, decoded. Blocking: call it from a
    thread. Raises feeds.images.ImageError (asyncio.CancelledError once `cancelled`).

    `feed_url` and `source` name the feed that links to it: a picture comes from a public
    address, that feed's own origin, or where its `fetch_private_addresses` allows. A picture
    that failed to decode (too slow, too big, damaged) is remembered as failed, and its bytes
    dropped, so it is not decoded again and again."""
    cache = image_cache(config, cache_dir)
    known = cache.error(url)
    if known is not None:
        raise ImageError(known)
    data = cache.get(url)
    if data is None:
        reach = reach_for(config, feed_url, source)

        async def run() -> bytes:
            async with fetcher_for(config, MAX_IMAGE_BYTES) as fetcher:
                return await fetch_image(fetcher, cache, url, reach=reach)

        data = run_cancellable(run(), cancelled)
    try:
        return decode_confined(data, max_side, cancelled)
    except jobs.JobCancelled:
        raise asyncio.CancelledError from None
    except ImageError as exc:
        if exc.problem.code != BUSY:
            cache.put_error(url, exc.problem)
            cache.forget(url)
        raise
