"""What the reader's background workers report back, as typed messages.

Workers run in threads and talk to the loop only by posting these (post_message is
thread-safe) to the part that started them; the handlers run on the event loop, where the
widgets live. What a part tells the screen from the loop is declared on the part itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from kalbartui.models import Category, Feed
from kalbartui.refresh.report import RefreshReport
from kalbartui.store import Query

if TYPE_CHECKING:
    # Types only: the page fetcher and Pillow load with the first page or picture.
    from kalbartui.story.pages import PageOutcome
    from kalbartui.story.pictures import Picture


@dataclass
class RefreshProgress(Message):
    """Feeds done out of total; `landed`: a feed with new articles is in the cache.

    A newer one waiting in the queue replaces this one (as toolong's progress messages do),
    so a refresh thread that got ahead of the screen costs one status line, not one per feed.
    """

    done: int
    total: int
    landed: bool = False

    def can_replace(self, message: Message) -> bool:
        if not isinstance(message, RefreshProgress):
            return False
        # The newer one stands for both: a feed that landed in between is not forgotten.
        message.landed = message.landed or self.landed
        return True


@dataclass
class RefreshFinished(Message, bubble=False):
    """A refresh's feeds are in (feeds may still have failed: the report says which); the
    pages pass may go on after it."""

    report: RefreshReport


@dataclass
class PagesFetched(Message):
    """The refresh's pages pass is over: what became of each article page it fetched."""

    outcomes: list[PageOutcome]


@dataclass
class AuthorsFetched(Message):
    """The refresh's authors pass told of authors: the open article may have its box now."""


@dataclass
class CountsLoaded(Message):
    """Sidebar counts read in the background: categories, the totals of all/unread/starred,
    and each feed's."""

    categories: list[Category]
    totals: dict[str, int]
    feeds: list[Feed]


@dataclass
class ViewCountsLoaded(Message):
    """Saved views' unread counts, read in a thread, in the order of `queries` (the list
    they were read for: a config changed meanwhile makes them stale, and they are dropped)."""

    queries: tuple[str, ...]
    unread: list[int]
    newest: int  # the newest article id the counts include
    # Counts of the articles after `newest` alone, to add to the last whole ones.
    added: bool = False
    asked: int = 0  # which request of the part's this answers (a later one wins)
    lists: list[Query] = field(default_factory=list)  # each view's list, its dates placed now


@dataclass
class StoryReady(Message, bubble=False):
    """The page fetcher is loaded (a thread imported it): the article may want its page now."""

    article_id: int


@dataclass
class PageLoaded(Message):
    """One article's page was fetched, or why not: the reading pane shows the whole text."""

    outcome: PageOutcome


@dataclass
class PictureLoaded(Message):
    """An article's lead picture, decoded small for the reading pane."""

    article_id: int
    url: str
    picture: Picture


@dataclass
class PictureOpened(Message, bubble=False):
    """A picture asked for on its own, decoded large for its own screen."""

    url: str
    picture: Picture


@dataclass
class CacheUnwritable(Message):
    """A write to the cache was refused (a full or read-only disk): the status line says so."""

    code: str
