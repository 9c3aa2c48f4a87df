"""What became of each WordPress source's category discovery, for the refresh output and the feeds screen.

Discovery asks the site's REST API for its categories. When that fails (a 403 from the web
server or a security plugin, a page that is not JSON), the refresh falls back to the terms
of the front page's items; the user is told so in one line, in their language, instead of
wondering why the sidebar looks thin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kalbartui.config import SourceConfig
from kalbartui.feeds import wordpress
from kalbartui.i18n import feed_error, t, tn


class MetaReader(Protocol):
    def get_meta(self, key: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class DiscoveryStatus:
    """One source: whether its categories came from the REST API, and if not, why."""

    source: str
    discovered: bool  # the sidebar holds the site's own categories (today's or kept from before)
    error: str = ""  # the last attempt's error, in English as stored
    count: int = 0  # categories the site listed

    @property
    def fallback(self) -> bool:
        """True when the sidebar is made of the front page's item terms."""
        return not self.discovered


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
    if not chosen and not error:
        error = "none of the configured categories" if source.categories else "no categories"
    return DiscoveryStatus(
        source=source.name, discovered=bool(chosen), error=error, count=len(cats)
    )


def statuses(store: MetaReader, sources: Sequence[SourceConfig]) -> list[DiscoveryStatus]:
    """The discovery status of every configured WordPress source that has been refreshed."""
    found = (status_for(source, store.get_meta(meta_key(source.url))) for source in sources)
    return [status for status in found if status is not None]


def note(status: DiscoveryStatus, language: str) -> str:
    """The one line the refresh output and the feeds screen show for a source in fallback."""
    error = feed_error(status.error or "no categories", language)
    return t("discovery.failed", language, source=status.source, error=error)


def summary(status: DiscoveryStatus, language: str) -> str:
    """A short state for the feeds screen's error column."""
    if status.fallback:
        return t("discovery.fallback", language)
    return tn("discovery.ok", status.count, language)
