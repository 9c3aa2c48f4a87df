"""What the reader's background workers report back, as typed messages.

Workers run in threads and talk to the screen only by posting these (post_message is
thread-safe); the handlers run on the event loop, where the widgets live.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from kalbartui.models import Category
from kalbartui.refresh.report import RefreshReport


@dataclass
class RefreshProgress(Message):
    """Feeds done out of total. `seq` grows with each one: a handler drops all but the newest."""

    done: int
    total: int
    seq: int


@dataclass
class FeedLanded(Message):
    """One feed's new articles are committed to the cache (the refresh goes on)."""

    feed_id: int
    name: str
    new: int


@dataclass
class RefreshFinished(Message):
    """A refresh ran to its end (feeds may still have failed: the report says which)."""

    report: RefreshReport


@dataclass
class PagesFetched(Message):
    """The refresh's pages pass is over: what became of each article page it fetched."""

    outcomes: list[Any]  # story.pages.PageOutcome


@dataclass
class CountsLoaded(Message):
    """Sidebar counts read in the background: categories, and the totals of all/unread/starred."""

    categories: list[Category]
    totals: dict[str, int]
