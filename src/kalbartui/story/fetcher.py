"""The fetch layer's client, as the config sets it, for pages and pictures, and where the
pages and pictures of one feed may be fetched from."""

from __future__ import annotations

from kalbartui.addresses import Reach
from kalbartui.config import Config
from kalbartui.feeds.fetch import Fetcher


def fetcher_for(config: Config, max_bytes: int | None = None) -> Fetcher:
    """A Fetcher with the config's deadline, concurrency and (unless given) size cap."""
    return Fetcher(
        timeout=config.timeout_seconds,
        max_concurrency=config.max_concurrency,
        max_bytes=max_bytes or config.max_feed_bytes,
    )


def reach_for(config: Config, feed_url: str, source: str = "") -> Reach:
    """Where the pages and pictures a feed links to may come from: public addresses, the
    feed's own origin, and what its `fetch_private_addresses` allows."""
    return Reach.of(config.private_addresses_for(feed_url, source), feed_url)
