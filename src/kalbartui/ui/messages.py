"""What the reader's background workers report back, as typed messages.

Workers run in threads and talk to the screen only by posting these (post_message is
thread-safe); the handlers run on the event loop, where the widgets live.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from kalbartui.models import Category
from kalbartui.refresh_report import RefreshReport


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
class CountsLoaded(Message):
    """Sidebar counts read in the background: categories, and the totals of all/unread/starred."""

    categories: list[Category]
    totals: dict[str, int]
