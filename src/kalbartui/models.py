"""Plain data carried between the layers, and the body text search indexes. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kalbartui.problems import Problem
from kalbartui.text import html_text

# The words compared across the layers, spelled once.
FetchStatus = Literal["ok", "not_modified", "error"]  # how one HTTP fetch ended
FeedStatus = Literal["new", "unchanged", "error", "waiting"]  # one feed's line in a refresh report
ListKind = Literal[
    "all", "unread", "starred", "category", "feed", "search", "match", "hidden"
]  # which articles a list shows
RuleAction = Literal["hide", "mark_read", "star", "tag", "notify"]  # what a [[rules]] entry does
RULE_ACTIONS: tuple[RuleAction, ...] = ("hide", "mark_read", "star", "tag", "notify")
SourceType = Literal["wordpress"]  # the kinds of [[sources]] the config accepts
FoundKind = Literal["rss", "atom", "json", "wordpress"]  # what `kalbartui add` found at a site
Language = str  # a language code with a catalog (see i18n.available_languages)


@dataclass(frozen=True, slots=True)
class Rule:
    """One [[rules]] entry: what its query finds among new articles gets its action.

    `scope` is "" (every feed), "category:NAME" or "feed:NAME": the query then also asks
    that field (as `category:NAME` or `feed:NAME` in the query language would). `tag` is the
    user tag an action "tag" adds. `position` is the entry's place in the config (from 1).
    """

    query: str
    action: RuleAction
    tag: str = ""
    scope: str = ""
    position: int = 0

    @property
    def full_query(self) -> str:
        """The query with its scope, as the query language reads it."""
        if not self.scope:
            return self.query
        field, _, name = self.scope.partition(":")
        quoted = '"' + name.replace('"', "") + '"'
        return f"{field}:{quoted} ({self.query})" if self.query.strip() else f"{field}:{quoted}"


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """One feed entry, cleaned at ingest, before it has a row in the store."""

    guid: str
    url: str
    title: str
    author: str
    published: datetime  # timezone-aware UTC
    published_estimated: bool  # True when the feed gave no usable date
    categories: tuple[str, ...]
    summary: str  # plain text
    content_html: str  # untrusted HTML, rendered safely later
    image_url: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    link: str
    articles: tuple[ParsedArticle, ...]
    bozo: str = ""  # parser complaint, kept for the feed-errors screen
    ttl_minutes: int | None = None  # RSS <ttl>: how long the feed asks to be left alone


def body_text(article: ParsedArticle) -> str:
    """What full-text search indexes of an article's body."""
    return html_text(article.content_html) if article.content_html else article.summary


@dataclass
class FeedResult:
    """What one fetch of one feed produced, for `Store.save_results`."""

    feed_id: int
    parsed: ParsedFeed | None = None
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    error: Problem | None = None
    retry_after: datetime | None = None
    new_url: str = ""  # after a permanent redirect
    # Each article's body as plain text (see `body_text`), made where the feed was parsed so
    # the single writer does not; empty: made by the store.
    body_texts: tuple[str, ...] = ()
    # SHA-256 of the body this result was parsed from, kept so that the same bytes next time
    # cost no parse and no write, whatever the server's validators say.
    body_hash: str = ""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """A feed that the config (or discovery) asks kalbartui to fetch."""

    url: str
    category: str = ""  # sidebar category; "" = only under All
    name: str = ""  # display name; "" = the feed's own title
    source: str = ""  # the [[sources]] entry it came from, "" for [[feeds]]
    full_text: str = ""  # "auto" | "always" | "never"; "" = the source's or the global setting
    # The settings of its own; None or "" = the source's, else the global one.
    refresh_interval_minutes: int | None = None
    keep_days: int | None = None
    images: str = ""  # "auto" | "cells" | "off"
    user_agent: str = ""
    # Where the pages and pictures it links to may come from besides public addresses and its
    # own origin: True (anywhere), host names and networks, or None for the source's or global.
    fetch_private_addresses: bool | tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed as the store knows it."""

    id: int
    url: str
    title: str
    name: str
    category: str
    source: str
    etag: str
    last_modified: str
    last_checked: datetime | None
    last_ok: datetime | None
    last_error: Problem | None
    retry_after: datetime | None
    article_count: int = 0
    unread: int = 0
    ttl_minutes: int | None = None  # the feed's own <ttl>, as last fetched

    @property
    def display_name(self) -> str:
        return self.name or self.title or self.url


@dataclass(frozen=True, slots=True)
class Category:
    id: int
    name: str
    source: str  # group heading in the sidebar; "" for plain feeds
    unread: int
    total: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What a list row needs: small, no body."""

    id: int
    title: str
    author: str
    published: datetime
    categories: tuple[str, ...]
    feed: str
    read: bool
    starred: bool
    url: str = ""
    # The sidebar categories the article is in, in sidebar order: the item's own terms may
    # be tags ("Kalbar") the sidebar does not show.
    sidebar_categories: tuple[str, ...] = ()

    def shown_category(self, within: str = "") -> str:
        """The category a list row names (the CLI's and the reader's alike): the sidebar's,
        never an item's own tag.

        In a category's list, that category. Otherwise, of the sidebar categories the article
        is listed under, the one its own terms name first (a site writes its categories before
        its tags), else the first in sidebar order; with none, the feed's name.
        """
        if within:
            return within
        if self.sidebar_categories:
            by_key = {name.casefold(): name for name in self.sidebar_categories}
            for term in self.categories:
                if term.casefold() in by_key:
                    return by_key[term.casefold()]
            return self.sidebar_categories[0]
        return self.feed


@dataclass(frozen=True, slots=True)
class AuthorAbout:
    """What a WordPress site says of one of its authors: the name, the site's own line about
    them and their page (their other posts); cleaned at ingest, plain text."""

    name: str
    description: str = ""
    link: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """A whole stored article, for the reading pane and `show`."""

    id: int
    site: str
    guid: str
    url: str
    title: str
    author: str
    published: datetime
    published_estimated: bool
    categories: tuple[str, ...]
    feed: str
    summary: str
    content_html: str
    image_url: str
    read: bool
    starred: bool
    first_seen: datetime | None = None
    feed_id: int | None = None  # the feed it is shown under
    # The author's box, for a WordPress site whose REST API told of the author (None: none).
    about: AuthorAbout | None = None
    tags: tuple[str, ...] = ()  # the user's own (schema v12), by name
    hidden: bool = False  # a rule hid it: in no list but "Hidden"


@dataclass(frozen=True, slots=True)
class SidebarGroup:
    """One group of the sidebar: a site's categories, or the feeds of the feed list, each
    category followed by its own feeds; `other_feeds` are those without a category."""

    source: str  # the [[sources]] name; "" for [[feeds]] (and a sync server's feeds)
    categories: tuple[tuple[Category, tuple[Feed, ...]], ...]
    other_feeds: tuple[Feed, ...] = ()


def sidebar_groups(categories: list[Category], feeds: list[Feed]) -> list[SidebarGroup]:
    """The sidebar's groups, in its order (sites first, the feed list last), as the reader
    and `kalbartui categories` show them.

    A site's feeds are not listed: its categories are its feeds. Each feed of the feed list
    sits under its category, in the config's order; a feed without one, in `other_feeds`.
    """
    plain = [f for f in feeds if not f.source]
    by_category: dict[str, list[Feed]] = {}
    for feed in plain:
        by_category.setdefault(feed.category, []).append(feed)
    named = {c.name for c in categories if not c.source}
    sources = list(dict.fromkeys(c.source for c in categories))
    if plain and "" not in sources:
        sources.append("")
    groups: list[SidebarGroup] = []
    for source in sources:
        cats = tuple(
            (c, tuple(by_category.get(c.name, ())) if not source else ())
            for c in categories
            if c.source == source
        )
        other: tuple[Feed, ...] = ()
        if not source:
            other = tuple(f for f in plain if not f.category or f.category not in named)
        groups.append(SidebarGroup(source, cats, other))
    return groups


def in_sidebar_order(categories: list[Category], feeds: list[Feed]) -> list[Feed]:
    """Every feed in the sidebar's order: each site's feeds (the sites in the sidebar's
    order), then the feed list's, category by category, those without one last."""
    sites = list(dict.fromkeys([c.source for c in categories if c.source]))
    sites += sorted({f.source for f in feeds if f.source} - set(sites))
    ordered = [f for site in sites for f in feeds if f.source == site]
    for group in sidebar_groups(categories, feeds):
        for _category, members in group.categories:
            ordered.extend(members)
        ordered.extend(group.other_feeds)
    return ordered


@dataclass(frozen=True, slots=True)
class FoundFeed:
    """A feed a site offers (`kalbartui add`, the palette's "Add a site"): a feed to add as a
    [[feeds]] entry, or (kind "wordpress") the site itself as a [[sources]] entry."""

    url: str  # the feed's address, or a WordPress site's own
    kind: FoundKind
    title: str = ""  # as the page or the feed names it, cleaned; "" when it says nothing
    comments: bool = False  # a feed of comments rather than articles
    categories: int | None = None  # a WordPress site's categories, when its API listed them


@dataclass(frozen=True, slots=True)
class AlertSpec:
    """A query whose new articles the user is told of: an `[[alerts]]` entry (a `[[rules]]`
    entry with action "notify" is one too). `scope`: "" (every feed), "category:NAME" or
    "feed:NAME"."""

    query: str
    name: str = ""
    scope: str = ""

    @property
    def label(self) -> str:
        """What the alert is called where it is listed: its name, else its query."""
        return self.name or self.query


@dataclass(frozen=True, slots=True)
class Alert:
    """One article an alert matched when it arrived: told once, kept in the cache (v10).

    `title` and `feed` are feed text: cleaned when stored, and shown only as plain text."""

    article_id: int | None  # None once the article itself is pruned
    title: str
    feed: str
    url: str
    name: str  # the alert's label
    at: float  # when it was alerted (a timestamp)
