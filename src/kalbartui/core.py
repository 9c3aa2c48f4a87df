"""What kalbartui does, for both of its faces: the command line and the reader call the same
methods and get the same answers (lemon24/reader's `Reader` is the model).

`Core` holds the config, the places on disk and one connection to the cache, for the thread
that made it (the CLI's, or the reader's event loop). Work that waits on the network (a
refresh, an article's page, a picture) is blocking here: the reader calls it from a worker
thread, the CLI calls it directly. The heavy modules (the fetch layer, the parser) load when
a call needs them, so opening the reader or `kalbartui list` costs none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal

from kalbartui.config import Config, ViewConfig
from kalbartui.models import Alert, Article, ArticleRow, Category, Feed
from kalbartui.paths import Paths
from kalbartui.problems import Problem
from kalbartui.store import Marked, Query, Store, open_or_recover, open_store

if TYPE_CHECKING:
    from kalbartui.feedlist import Exported, Imported
    from kalbartui.models import FoundFeed
    from kalbartui.refresh.plan import DiscoveryStatus
    from kalbartui.refresh.report import ProgressCallback, RefreshReport
    from kalbartui.sites import Added, SiteFeeds
    from kalbartui.store.tags import RuleCount
    from kalbartui.story.pages import PageOutcome
    from kalbartui.story.pictures import Picture
    from kalbartui.views import ViewCount

Clock = Callable[[], datetime]
Mark = Literal["read", "unread", "star", "unstar"]


def _now() -> datetime:
    return datetime.now(UTC)


class UnknownCategory(Exception):
    """A category name the sidebar does not have; `names` are the ones it has."""

    def __init__(self, name: str, names: Sequence[str]) -> None:
        super().__init__(name)
        self.name = name
        self.names = tuple(names)


class UnknownFeed(Exception):
    """A feed name the sidebar does not have; `names` are the ones it has."""

    def __init__(self, name: str, names: Sequence[str]) -> None:
        super().__init__(name)
        self.name = name
        self.names = tuple(names)


class UnknownArticles(Exception):
    """Article ids that name no stored article."""

    def __init__(self, ids: Sequence[int]) -> None:
        super().__init__(", ".join(map(str, ids)))
        self.ids = tuple(ids)


@dataclass(frozen=True, slots=True)
class Listing:
    """Which articles a list shows, and the category it is inside ("" for the fixed lists)."""

    query: Query
    within: str = ""


class Core:
    """The application: refresh-or-sync, lists and search, marks, OPML, whole stories."""

    def __init__(self, config: Config, paths: Paths, store: Store, *, clock: Clock = _now) -> None:
        self.config = config
        self.paths = paths
        self.store = store
        self.clock = clock

    @classmethod
    def open(
        cls, config: Config, paths: Paths, *, clock: Clock = _now
    ) -> tuple[Core, Problem | None]:
        """Open the cache (a damaged one is moved aside and a fresh one started); returns the
        core and, after such a recovery, the sentence that says so."""
        store, note = open_or_recover(paths.database)
        return cls(config, paths, store, clock=clock), note

    def apply_config(self) -> bool:
        """The config's feed list into the cache, without the network: each feed's name,
        category and settings apply at once to everything cached (the reader's start and the
        reading commands call this; a refresh does the same and more). Feeds the config no
        longer lists are set aside by the next refresh. Writes only when something changed;
        True when it did. With `[sync]` the server's list is the one kept."""
        if self.config.sync is not None:
            return False
        from kalbartui.refresh.plan import known_plan

        plan = known_plan(self.config, self.store)
        before = self.store.conn.total_changes
        self.store.sync_feeds(plan.specs, plan.order, deactivate=False)
        return self.store.conn.total_changes != before

    def close(self) -> None:
        """Close the cache connection."""
        self.store.close()

    def __enter__(self) -> Core:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ refresh

    def refresh(
        self,
        on_progress: ProgressCallback | None = None,
        *,
        feed_ids: Sequence[int] | None = None,
        cancelled: Callable[[], bool] | None = None,
        pages: bool = True,
        due: bool = False,
    ) -> RefreshReport:
        """Refresh here and now (with `[sync]`, a sync), then the pages of summary-only
        articles. Blocking. `feed_ids`: only these feeds; `due`: only the feeds whose own
        interval has passed (with `[sync]`: the sync, once the interval has passed)."""
        from kalbartui.refresh.report import RefreshReport
        from kalbartui.refresh.run import run_refresh

        if due and self.config.sync is not None and self.due_feed_ids() == []:
            return RefreshReport()
        return run_refresh(
            self.config,
            self.paths.database,
            on_progress,
            feed_ids,
            cancelled=cancelled,
            clock=self.clock,
            pages=pages,
            due=due and self.config.sync is None,
        )

    def refresh_in_child(
        self,
        on_progress: ProgressCallback | None = None,
        *,
        on_feeds_done: Callable[[RefreshReport], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        fixed_now: datetime | None = None,
        on_start: Callable[[int], None] | None = None,
        pages: bool = True,
        feed_ids: Sequence[int] | None = None,
    ) -> RefreshReport:
        """`refresh` in a child process, for the reader: the reader's interpreter never fetches
        or parses. `on_feeds_done` hears when the feeds are in, before the pages pass.
        `feed_ids`: only these feeds (one feed's `r`, the feeds a scheduled refresh found due)."""
        from kalbartui.refresh.child import run_in_child

        return run_in_child(
            self.config,
            self.paths.database,
            on_progress,
            feed_ids,
            cancelled=cancelled,
            fixed_now=fixed_now,
            on_start=on_start,
            on_feeds_done=on_feeds_done,
            pages=pages,
        )

    def due_feed_ids(self) -> list[int] | None:
        """What a scheduled refresh asks now (the reader's timer, `refresh --due`): the ids of
        the feeds whose own interval has passed, [] for none. With `[sync]`: None (the whole
        sync) once the global interval has passed since the last one, else []."""
        from kalbartui.refresh.due import due_feeds, has_passed

        now = self.clock()
        if self.config.sync is not None:
            _ok, checked, _failing = self.store.last_refresh()
            return None if has_passed(checked, self.config.refresh_interval_minutes, now) else []
        return [feed.id for feed in due_feeds(self.config, self.store.feeds(), now)]

    def recent_alerts(self, limit: int = 30) -> list[Alert]:
        """The last alerts told (each new article an alert matched, once), newest first."""
        return self.store.recent_alerts(limit)

    def discovery(self) -> list[DiscoveryStatus]:
        """What became of each WordPress source's category discovery, as last stored."""
        from kalbartui.refresh.plan import statuses

        return statuses(self.store, self.config.sources)

    # ------------------------------------------------------------------ lists and search

    def categories(self) -> list[Category]:
        """The sidebar's categories with their unread and total counts."""
        return self.store.categories()

    def feeds(self) -> list[Feed]:
        """The configured feeds in the sidebar's order, each with its unread and total counts
        and its last fetch."""
        from kalbartui.models import in_sidebar_order

        return in_sidebar_order(self.store.categories(), self.store.feeds())

    def feed_named(self, name: str) -> Feed:
        """The feed named this way in the sidebar (any case), or with this URL. UnknownFeed
        when there is none."""
        feeds = self.feeds()
        wanted = name.casefold()
        for feed in feeds:
            if feed.url == name:
                return feed
        for feed in feeds:
            if feed.display_name.casefold() == wanted:
                return feed
        raise UnknownFeed(name, [f.display_name for f in feeds])

    def listing(
        self,
        category: str = "",
        *,
        feed: str = "",
        unread: bool = False,
        starred: bool = False,
        hidden: bool = False,
    ) -> Listing:
        """Which articles a list shows: a category or a feed (named as the sidebar names it,
        any case), or all, unread, starred or hidden. UnknownCategory or UnknownFeed for a name the
        sidebar lacks."""
        if feed:
            found_feed = self.feed_named(feed)
            return Listing(Query.feed(found_feed.id, unread_only=unread))
        if category:
            found = self.store.category_by_name(category)
            if found is None:
                raise UnknownCategory(category, [c.name for c in self.store.categories()])
            return Listing(Query.category(found.id, unread_only=unread), found.name)
        if hidden:
            return Listing(Query("hidden", unread_only=unread))
        if starred:
            return Listing(Query("starred", unread_only=unread))
        return Listing(Query("unread") if unread else Query("all"))

    def rows(self, listing: Listing, limit: int) -> list[ArticleRow]:
        """The newest `limit` articles of a list."""
        return self.store.page(listing.query, limit=limit).rows

    def search_query(self, text: str) -> Query:
        """The list a query of the query language shows (kalbartui.query: words, "phrases",
        fields, OR, NOT, brackets); QueryError, one sentence with its place, for a mistake."""
        return Query.search(text, now=self.clock(), tz=self.config.tz())

    def author_search(self, author: str) -> str:
        """The query that lists every cached article by this byline: `author:"NAME"`, the
        name quoted so that nothing in it reads as query syntax."""
        from kalbartui.query.parse import field_phrase
        from kalbartui.text import clean_line

        return field_phrase("author", clean_line(author, 200))

    def search(self, text: str, limit: int = 50) -> list[ArticleRow]:
        """The newest `limit` articles a query finds."""
        return self.store.page(self.search_query(text), limit=limit).rows

    def count(self, text: str) -> int:
        """How many articles a query finds."""
        return self.store.count(self.search_query(text))

    # ------------------------------------------------------------------ saved views

    def views(self) -> list[ViewCount]:
        """The config's saved views, in order, each with its unread and total counts."""
        from kalbartui.views import counts

        return counts(self.store, self.config, self.clock())

    def view_queries(self) -> list[tuple[str, Query]]:
        """Each saved view's name and list, in the config's order, dates placed now (the
        reader's sidebar)."""
        from kalbartui.views import view_query

        now = self.clock()
        return [(v.name, view_query(self.config, v, now)) for v in self.config.views]

    def view_unread_counts(self, since: int | None = None) -> tuple[list[int], int]:
        """Each saved view's unread count, in the config's order, and the newest article id
        they include (blocking: the reader calls it on a thread's own core). `since` (such an
        id): only what the articles stored after it add, read from those rows alone (a feed
        landed; the whole count costs a scan of the matches, this a look at the new rows)."""
        from kalbartui.views import unread_counts_as_of, unread_since

        if since is None:
            return unread_counts_as_of(self.store, self.config, self.clock())
        return unread_since(self.store, self.config, self.clock(), since), since

    def view_listing(self, name: str, *, unread: bool = False) -> Listing:
        """The list a saved view shows (its name, any case); ViewError for a name the config
        lacks."""
        from dataclasses import replace

        from kalbartui.views import view_named, view_query

        view = view_named(self.config, name)
        query = view_query(self.config, view, self.clock())
        return Listing(replace(query, unread_only=True) if unread else query)

    def save_view(self, name: str, query: str) -> bool:
        """Write a search as a saved view into the config file (comments kept) and read the
        config again; False when a view of that name is there already. QueryError for a
        query that cannot be read, ViewError when the file cannot take it."""
        from kalbartui.text import clean_line

        self.search_query(query)  # a mistake is said before the file is touched
        added = self._add_views([ViewConfig(clean_line(name, 80), query)])
        return bool(added)

    def add_view_preset(self, name: str) -> tuple[int, int]:
        """Write a ready set of views (`kalbar`: Kalimantan Barat's 14 kabupaten and kota)
        into the config file, those it lacks; returns (added, in the preset)."""
        from kalbartui.views import preset

        views = preset(name)
        return len(self._add_views(views)), len(views)

    def _add_views(self, views: Sequence[ViewConfig]) -> list[ViewConfig]:
        from dataclasses import replace

        from kalbartui.config import load_config
        from kalbartui.views import add_views

        added = add_views(self.paths.config, self.config.language, views)
        if added:
            # Only the views changed: the rest stays as the faces started with it (the demo's
            # feeds, say, are in no file).
            self.config = replace(self.config, views=load_config(self.paths.config).views)
        return added

    # ------------------------------------------------------------------ marks

    def mark_matching(self, query: Query, how: Mark) -> int:
        """Mark every article a list or query shows read, unread, starred or unstarred, as
        `mark` marks one (queued for the server with `[sync]`); returns how many changed."""
        return self.store.mark_matching(query, how)

    def mark(self, article_ids: Iterable[int], how: Mark) -> int:
        """Read, unread, starred or unstarred; queued for the server with `[sync]`. Raises
        UnknownArticles (and marks nothing) when an id names no article. Returns how many."""
        ids = list(dict.fromkeys(article_ids))
        unknown = self.store.missing_articles(ids)
        if unknown:
            raise UnknownArticles(unknown)
        if how in ("read", "unread"):
            self.store.set_read(ids, how == "read")
        else:
            self.store.set_starred(ids, how == "star")
        return len(ids)

    def toggle_read(self, article_id: int) -> bool:
        """Flip an article's read mark; returns the new value."""
        return self.store.toggle_read(article_id)

    def toggle_star(self, article_id: int) -> bool:
        """Flip an article's star; returns the new value."""
        return self.store.toggle_star(article_id)

    def mark_all_read(self, query: Query) -> Marked:
        """Mark every article a list shows read; returns what changed (for `undo`)."""
        return self.store.mark_all_read_marked(query)

    def toggle_read_marked(self, article_id: int) -> Marked:
        """Flip an article's read mark; returns what changed (for `undo`)."""
        return self.store.toggle_read_marked(article_id)

    def undo(self, marked: Marked) -> int:
        """Undo a mark-all-read or a toggle: the articles it changed get their mark from
        before (those still as it left them), and the sync queue is put back as it was; a
        change the server already has queues the opposite. Returns how many changed."""
        return self.store.undo_marked(marked)

    # ------------------------------------------------------------------ tags, hidden, rules

    def tag(self, article_id: int, name: str, *, remove: bool = False) -> bool:
        """Give an article a tag (or take it off); queued as a label with `[sync]`. Returns
        whether the article changed. UnknownArticles for an unknown id; ValueError for a name
        with nothing in it."""
        from kalbartui.store.tags import clean_tag

        tag = clean_tag(name)
        if not tag:
            raise ValueError(name)
        if self.store.missing_articles([article_id]):
            raise UnknownArticles([article_id])
        if remove:
            return self.store.remove_tag([article_id], tag) > 0
        return self.store.add_tag([article_id], tag) > 0

    def toggle_tag(self, article_id: int, name: str) -> bool:
        """The reader's `t`: add the tag, or take it off when the article has it (any case).
        Returns whether the article has it now."""
        from kalbartui.store.tags import clean_tag

        tag = clean_tag(name)
        has = tag.casefold() in (t.casefold() for t in self.store.tags_of(article_id))
        self.tag(article_id, tag, remove=has)
        return not has

    def tags_of(self, article_id: int) -> list[str]:
        """An article's own tags (the user's), by name."""
        return self.store.tags_of(article_id)

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use and how many articles have it, by name."""
        return self.store.tag_counts()

    def hidden_query(self) -> Query:
        """The list of what rules hid (the sidebar's "Hidden")."""
        return Query("hidden")

    def set_hidden(self, article_id: int, hidden: bool) -> bool:
        """Hide or unhide one article; whether it changed."""
        return self.store.set_hidden([article_id], hidden) > 0

    def unhide(self, text: str) -> int:
        """Unhide the hidden articles a query finds ("" or "*": all of them); how many.
        QueryError for a mistake in the query."""
        return self.store.unhide_matching(text, self.clock(), self.config.tz())

    def run_rules(self, *, dry_run: bool) -> list[RuleCount]:
        """The config's rules on every stored article, in the order written: per rule, how
        many articles it changed (`dry_run`: would change; nothing is written). A "notify"
        rule changes nothing here: it counts 0."""
        from kalbartui.store.tags import RuleCount, compile_rules

        now = self.clock()
        compiled = compile_rules(self.config.rules, now, self.config.tz(), batch=False)
        # Rules are told apart by their place in the config (`position`).
        counts = {c.rule: c for c in self.store.apply_rules(compiled, dry_run=dry_run)}
        return [counts.get(rule, RuleCount(rule, 0)) for rule in self.config.rules]

    def pending_sync_changes(self) -> int:
        """Local marks waiting for the next sync."""
        return self.store.pending_change_count()

    # ------------------------------------------------------------------ the feed list

    def import_opml(self, source: Path) -> Imported:
        """Add the feeds of an OPML file that the config lacks to the config file."""
        from kalbartui.feedlist import import_opml

        return import_opml(self.config, self.paths, source)

    def export_opml(self, target: Path | None = None) -> Exported:
        """Every feed as OPML: into `target`, or into the data dir when it is None."""
        from kalbartui.feedlist import export_opml

        return export_opml(self.config, self.store.feeds(), self.paths, target)

    def discover_site(self, address: str) -> SiteFeeds:
        """The feeds any page address offers, best first (a WordPress site as one source,
        comments feeds last); SiteError when there are none. Blocking (the network)."""
        from kalbartui.sites import discover_site

        return discover_site(self.config, address)

    def add_feed(self, feed: FoundFeed) -> Added:
        """Add a found feed (or WordPress site) to the config file, keeping its comments and
        layout, and read the config again; SiteError when the file cannot take it."""
        from dataclasses import replace

        from kalbartui.config import load_config
        from kalbartui.sites import add_found

        added = add_found(self.config, self.paths, feed)
        if not added.already:
            # The language stays the one the faces speak until they start again.
            fresh = load_config(added.config_file)
            self.config = replace(fresh, language=self.config.language)
        return added

    def opml_text(self) -> tuple[str, int]:
        """Every feed as OPML text, and how many feeds it lists."""
        from kalbartui.feedlist import opml_text

        return opml_text(self.config, self.store.feeds())

    # ------------------------------------------------------------------ whole stories

    def fetch_full_text(
        self, article_id: int, cancelled: Callable[[], bool] | None = None
    ) -> PageOutcome:
        """Fetch one article's page now (again if it was fetched before). Blocking, on its
        own connection: call it from any thread."""
        from kalbartui.story.pages import fetch_full_text

        return fetch_full_text(
            self.config, self.paths.database, article_id, clock=self.clock, cancelled=cancelled
        )

    def wants_page(self, article_id: int) -> bool:
        """Should the reader fetch this article's page on opening it?"""
        from kalbartui.story.pages import wants_page

        return wants_page(self.config, self.store, article_id)

    def images_for(self, article: Article) -> str:
        """How the reader shows an article's pictures: its feed's `images` setting ("off":
        none is ever requested), else the global one."""
        if article.feed_id is None:
            return self.config.images
        feed = self.store.feed_row(article.feed_id)
        if feed is None:
            return self.config.images
        return self.config.settings_for(feed[0], feed[1]).images

    def load_picture(
        self,
        url: str,
        max_side: int,
        cancelled: Callable[[], bool] | None = None,
        *,
        article_id: int | None = None,
    ) -> Picture:
        """A picture from the cache directory, or fetched into it, decoded in a worker
        process. Blocking, on its own connection: call it from any thread.

        `article_id`: the article that shows it, whose feed decides where the picture may be
        fetched from (its own origin, and its `fetch_private_addresses`); without it, only
        public addresses and what the global setting allows."""
        from kalbartui.story.pictures import load_picture

        feed_url = source = ""
        if article_id is not None:
            store = open_store(self.paths.database)
            try:
                task = store.page_task(article_id)
            finally:
                store.close()
            if task is not None:
                feed_url, source = task.feed_url, task.source
        return load_picture(
            self.config,
            self.paths.cache_dir,
            url,
            max_side,
            cancelled,
            feed_url=feed_url,
            source=source,
        )

    def page_failures(self) -> dict[int, tuple[int, Problem | None]]:
        """Per feed id: how many article pages failed, and the latest reason."""
        return self.store.page_failures()


def open_core_for_thread(core: Core) -> Core:
    """Another Core on the same config and cache, with its own connection (for a thread)."""
    return Core(core.config, core.paths, open_store(core.paths.database), clock=core.clock)
