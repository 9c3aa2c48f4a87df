"""The fetch layer's client, as the config sets it, for pages and pictures."""

from __future__ import annotations

from kalbartui.config import Config
from kalbartui.feeds.fetch import Fetcher


def fetcher_for(config: Config, max_bytes: int | None = None) -> Fetcher:
    """A Fetcher with the config's deadline, concurrency and (unless given) size cap."""
    return Fetcher(
        timeout=config.timeout_seconds,
        max_concurrency=config.max_concurrency,
        max_bytes=max_bytes or config.max_feed_bytes,
    )
