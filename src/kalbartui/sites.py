"""Adding a site from any page address: find what it offers, then write the chosen feed (or the
WordPress site) into the config file. Both faces come here through the core: `kalbartui add`
and the palette's "Add a site…" ask the same questions and get the same answers.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from kalbartui import urls
from kalbartui.config import Config, SourceConfig
from kalbartui.config.file import ConfigWriteError, add_to_config
from kalbartui.feeds.discover import DiscoveryError, discover
from kalbartui.feeds.fetch import Fetcher
from kalbartui.feeds.wordpress import front_feed_url
from kalbartui.models import FeedSpec, FoundFeed
from kalbartui.paths import Paths
from kalbartui.problems import KalbarError, Problem

# Someone waits at the screen: a failing server is asked again sooner than in a refresh.
INTERACTIVE_BACKOFF = (0.25,)


class SiteError(KalbarError):
    """Nothing was found or added; its Problem says why. `bad_input`: the address, the site
    (it offers no feed) or the config file is at fault (the CLI's exit status 2)."""

    def __init__(self, problem: Problem, *, bad_input: bool = False) -> None:
        super().__init__(problem)
        self.bad_input = bad_input


@dataclass(frozen=True)
class SiteFeeds:
    """What an address offers, best first (comments feeds last)."""

    address: str
    found: tuple[FoundFeed, ...]


@dataclass(frozen=True)
class Added:
    """What adding did: the entry written to `config_file`, or `already` there."""

    feed: FoundFeed
    config_file: Path
    already: bool = False


def discover_site(config: Config, address: str) -> SiteFeeds:
    """The feeds a page address offers (the network, within the config's limits). Blocking."""

    async def run() -> list[FoundFeed]:
        async with Fetcher(
            timeout=config.timeout_seconds,
            max_concurrency=config.max_concurrency,
            max_bytes=config.max_feed_bytes,
            backoff=INTERACTIVE_BACKOFF,
        ) as fetcher:
            return await discover(fetcher, address)

    try:
        found = asyncio.run(run())
    except DiscoveryError as exc:
        raise SiteError(exc.problem, bad_input=exc.bad_input) from None
    return SiteFeeds(address, tuple(found))


def already_read(config: Config, feed: FoundFeed) -> bool:
    """Whether the config reads this already: the same site or feed, or a source's front feed."""
    if feed.kind == "wordpress":
        return any(_same(s.url, feed.url) for s in config.sources)
    return any(_same(f.url, feed.url) for f in config.feeds) or any(
        _same(front_feed_url(s.url), feed.url) for s in config.sources
    )


def _same(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def add_found(config: Config, paths: Paths, feed: FoundFeed) -> Added:
    """Write a found feed into the config file ([[sources]] for a WordPress site, [[feeds]]
    otherwise), unless the config reads it already."""
    target = paths.config
    if already_read(config, feed):
        return Added(feed, target, already=True)
    try:
        if feed.kind == "wordpress":
            source = SourceConfig(name=feed.title or urls.host(feed.url), url=feed.url)
            add_to_config(target, config.language, sources=[source])
        else:
            add_to_config(target, config.language, feeds=[FeedSpec(url=feed.url)])
    except ConfigWriteError as exc:
        raise SiteError(exc.problem, bad_input=exc.bad_input) from None
    return Added(feed, target)
