"""A refresh's plan: the feeds to fetch, with each WordPress source's categories discovered.

Discovery asks the site's REST API for its categories. When that fails (a 403 from the web
server or a security plugin, a page that is not JSON), the refresh falls back to the terms
of the front page's items; the user is told so in one line, in their language, instead of
wondering why the sidebar looks thin. What became of each source's discovery is kept in the
cache (`DiscoveryStatus`) for the refresh output and the feeds screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from kalbartui.config import Config, SourceConfig
from kalbartui.feeds import wordpress
from kalbartui.models import FeedSpec
from kalbartui.problems import Problem

if TYPE_CHECKING:
    from kalbartui.feeds.fetch import Fetcher
    from kalbartui.store import Store

# Answers of a categories API that a site closed on purpose (security plugins do): not an
# error, the front feed's own terms become the categories.
NO_REST_API = (401, 403, 404, 410)


class MetaReader(Protocol):
    def get_meta(self, key: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class DiscoveryStatus:
    """One source: whether its categories came from the REST API, and if not, why."""

    source: str
    discovered: bool  # the sidebar holds the site's own categories (today's or kept from before)
    error: Problem | None = None  # the last attempt's error
    count: int = 0  # categories the site listed

    @property
    def fallback(self) -> bool:
        """True when the sidebar is made of the front page's item terms."""
        return not self.discovered

    def note(self) -> Problem:
        """The one line the refresh output and the feeds screen show for a source in fallback."""
        error = self.error or Problem.of("discovery.none")
        return Problem.of("discovery.fallback_note", source=self.source, error=error)


def meta_key(site_url: str) -> str:
    """Where a source's discovery result is kept in the cache's meta table."""
    return f"wp-discovery:{site_url}"


def status_for(source: SourceConfig, stored: str | None) -> DiscoveryStatus | None:
    """A source's status from its stored discovery result (None: never tried yet).

    The rule is the refresh's: the site's categories are used when discovery worked and
    picked at least one category; otherwise the front page's item terms are.
    """
    decoded = wordpress.decode_discovery(stored)
    if decoded is None:
        return None
    _, ok, cats = decoded
    chosen = (
        wordpress.choose_categories(cats, source.categories, source.max_categories) if ok else []
    )
    error = wordpress.discovery_error(stored)
    if not chosen and error is None:
        error = Problem.of("discovery.none_configured" if source.categories else "discovery.none")
    return DiscoveryStatus(
        source=source.name, discovered=bool(chosen), error=error, count=len(cats)
    )


def statuses(store: MetaReader, sources: Sequence[SourceConfig]) -> list[DiscoveryStatus]:
    """The discovery status of every configured WordPress source that has been refreshed."""
    found = (status_for(source, store.get_meta(meta_key(source.url))) for source in sources)
    return [status for status in found if status is not None]


@dataclass
class Plan:
    """What a refresh fetches: every feed, with the sidebar's category order."""

    specs: list[FeedSpec] = field(default_factory=list)
    order: list[tuple[str, str]] = field(default_factory=list)  # (source, category) in order
    # A site whose categories could not be discovered: its front feed's own terms become the
    # sidebar (front feed url -> (the categories asked for, at most how many)).
    fallback: dict[str, tuple[Sequence[str], int]] = field(default_factory=dict)
    # Discovery that broke this refresh: front feed url -> (API url, source name, why).
    discovery_failed: dict[str, tuple[str, str, Problem]] = field(default_factory=dict)
    statuses: list[DiscoveryStatus] = field(default_factory=list)


async def make_plan(config: Config, store: Store, fetcher: Fetcher, now: datetime) -> Plan:
    """Every configured feed, each WordPress source's categories discovered (at most daily)."""
    plan = Plan()
    stamp = now.timestamp()
    for source in config.sources:
        key = meta_key(source.url)
        stored = store.get_meta(key)
        cached = wordpress.decode_discovery(stored)
        fresh = cached is not None and stamp - cached[0] < (
            wordpress.DISCOVERY_MAX_AGE if cached[1] else wordpress.DISCOVERY_RETRY
        )
        failed_now = False  # discovery was tried this refresh and broke (not merely absent)
        error: Problem | None
        if fresh and cached is not None:
            ok, found = cached[1], cached[2]
            error = None if ok else wordpress.discovery_error(store.get_meta(key))
        else:
            ok, found, error, closed = await _discover(fetcher, source.url, source.user_agent)
            failed_now = error is not None and not closed
            if not ok and cached is not None and cached[1]:
                ok, found = True, cached[2]  # keep yesterday's categories through an outage
            stored = wordpress.encode_discovery(stamp, ok, found, error)
            await asyncio.to_thread(store.set_meta, key, stored)
        if failed_now:
            # Discovery fails like a feed: one sentence in the refresh's outcomes (and so in
            # `kalbartui refresh` and the reader), kept on the site's front feed. A site that
            # simply has no public REST API only gets the fallback note.
            assert error is not None
            plan.discovery_failed[wordpress.front_feed_url(source.url)] = (
                wordpress.categories_api_url(source.url),
                source.name,
                Problem.of("discovery.failed", error=error),
            )
        status = status_for(source, stored)
        if status is not None:
            plan.statuses.append(status)
        chosen = (
            wordpress.choose_categories(found, source.categories, source.max_categories)
            if ok
            else []
        )
        if ok and chosen:
            plan.specs.extend(wordpress.feed_specs(source.name, source.url, chosen))
            plan.order.extend((source.name, c.name) for c in chosen)
        else:
            front = wordpress.feed_specs(source.name, source.url, [])
            plan.specs.extend(front)
            plan.fallback[front[0].url] = (source.categories, source.max_categories)
    plan.specs.extend(config.feeds)  # [[sources]] are expanded by discovery
    plan.specs = with_settings(config, plan.specs)
    return plan


def with_settings(config: Config, specs: Sequence[FeedSpec]) -> list[FeedSpec]:
    """The specs with what the store keeps of each feed's settings filled in (keep_days: its
    own, its source's or the global one), so the cache applies them without the config."""
    return [
        replace(spec, keep_days=config.settings_for(spec.url, spec.source).keep_days)
        for spec in specs
    ]


def known_plan(config: Config, store: MetaReader) -> Plan:
    """The feed list as the config and the last discovery of each source make it, without the
    network: what the reader's start and the CLI's reading commands apply to the cache (names,
    categories and settings), the same list the next refresh will find."""
    plan = Plan()
    for source in config.sources:
        cached = wordpress.decode_discovery(store.get_meta(meta_key(source.url)))
        ok, found = (cached[1], cached[2]) if cached is not None else (False, [])
        chosen = (
            wordpress.choose_categories(found, source.categories, source.max_categories)
            if ok
            else []
        )
        plan.specs.extend(wordpress.feed_specs(source.name, source.url, chosen))
        plan.order.extend((source.name, c.name) for c in chosen)
    plan.specs.extend(config.feeds)
    plan.specs = with_settings(config, plan.specs)
    return plan


Discovered = tuple[bool, list[wordpress.WpCategory], Problem | None, bool]


async def _discover(fetcher: Fetcher, site_url: str, user_agent: str = "") -> Discovered:
    """(worked, categories, why not, the API is closed on purpose); never raises, whatever the
    site says."""
    try:
        return await _discover_or_raise(fetcher, site_url, user_agent)
    except Exception:  # noqa: BLE001 - one site's surprise must not stop the refresh
        return False, [], Problem.of("discovery.unreadable"), False


async def _discover_or_raise(fetcher: Fetcher, site_url: str, user_agent: str) -> Discovered:
    result = await fetcher.fetch(
        wordpress.categories_api_url(site_url), accept="application/json", user_agent=user_agent
    )
    if result.status != "ok":
        # A site without a public REST API: its terms will do, and the note says why.
        closed = result.http_status in NO_REST_API
        return False, [], result.error or Problem.of("fetch.no_answer"), closed
    try:
        cats = await asyncio.to_thread(wordpress.parse_categories, result.body)
    except wordpress.CategoriesError as exc:
        # An HTML page (a login form, a plugin's notice) where the API would be: the site
        # keeps its API closed, as with a 403; its terms will do.
        closed = result.body[:512].lstrip().startswith(b"<")
        return False, [], exc.problem, closed
    return bool(cats), cats, None if cats else Problem.of("discovery.none"), False
