"""What a refresh reports, feed by feed: light types the reader can hold without importing
the refresh itself (httpx, the parser, the writer stay out of the reader's process)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kalbartui.models import FeedStatus
from kalbartui.problems import Problem

if TYPE_CHECKING:
    from kalbartui.refresh.plan import DiscoveryStatus
    from kalbartui.sync.report import SyncReport


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What one feed's refresh came to."""

    feed_id: int
    url: str
    name: str
    status: FeedStatus
    new: int = 0
    error: Problem | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """Feeds done out of total, with the outcome of the one just finished."""

    done: int
    total: int
    outcome: FeedOutcome | None = None
    line: Problem | None = None  # a sync's step when it ends (a refresh speaks by `outcome`)


def is_offline(attempted: int, failed: int) -> bool:
    """Every feed that was tried failed: the network, not the feeds, is the likely cause."""
    return attempted > 0 and failed == attempted


@dataclass
class RefreshReport:
    """The outcome of one refresh, feed by feed."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    # Each WordPress source: its own categories, or the fallback to item terms and why.
    discovery: list[DiscoveryStatus] = field(default_factory=list)
    pages: list[Any] = field(default_factory=list)  # story.PageOutcome, after the feeds
    sync: SyncReport | None = None  # with [sync]: what the sync did, step by step

    @property
    def new_total(self) -> int:
        """New articles stored, over every feed."""
        return sum(o.new for o in self.outcomes)

    @property
    def attempted(self) -> list[FeedOutcome]:
        """Feeds actually fetched (those told to wait by their server are not)."""
        return [o for o in self.outcomes if o.status != "waiting"]

    @property
    def failed(self) -> list[FeedOutcome]:
        """Feeds whose fetch or parse failed."""
        return [o for o in self.outcomes if o.status == "error"]

    @property
    def feed_count(self) -> int:
        """Feeds this refresh covered: a WordPress site's failed category discovery is an
        outcome of its front feed, not a feed of its own."""
        return len({o.feed_id for o in self.outcomes})

    @property
    def failed_feed_count(self) -> int:
        """Feeds with an error: the front feed whose own fetch and whose site's category
        discovery both failed is one failed feed."""
        return len({o.feed_id for o in self.failed})

    @property
    def ok(self) -> bool:
        """No feed failed."""
        return not self.failed

    @property
    def offline(self) -> bool:
        """Every feed tried failed."""
        return is_offline(len(self.attempted), len(self.failed))


class RefreshCancelled(Exception):
    """The refresh was asked to stop before it finished."""


ProgressCallback = Callable[[Progress], None]
