"""The reading commands: `list`, `search`, `show` and `categories`, as lines or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, CliError, printable
from kalbartui.i18n import message, translator

if TYPE_CHECKING:
    from kalbartui.core import Core
    from kalbartui.models import ArticleRow, Feed
    from kalbartui.store import Query


def _article_dict(core: Core, row: ArticleRow, within: str = "") -> dict[str, object]:
    article = core.store.article(row.id)
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "author": row.author,
        "published": row.published.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "categories": list(row.categories),  # the item's own terms
        "category": row.shown_category(within),  # as the sidebar names it
        "sidebar_categories": list(row.sidebar_categories),
        "feed": row.feed,
        "read": row.read,
        "starred": row.starred,
        "tags": core.tags_of(row.id),  # the user's own
        "summary": article.summary if article else "",
    }


def _print_rows(core: Core, rows: Sequence[ArticleRow], as_json: bool, within: str = "") -> None:
    from kalbartui.i18n.times import relative_time

    if as_json:
        # json escapes C0 itself; C1 and bidi controls it would print raw.
        dicts = [_article_dict(core, r, within) for r in rows]
        print(printable(json.dumps(dicts, ensure_ascii=False, indent=2)))
        return
    config = core.config
    if not rows:  # said, not left blank: an empty answer is an answer (exit 0)
        print(translator(config.language).gettext("no articles match"))
        return
    now = datetime.now(UTC)
    for r in rows:
        when = relative_time(r.published, now, config.language, config.tz())
        mark = "*" if r.starred else ("N" if not r.read else " ")
        category = r.shown_category(within)
        print(
            printable(
                f"{r.id:>7} {mark} {when:<14} {r.author[:24]:<24} {category[:18]:<18} {r.title}"
            )
        )


def unknown_feed(lang: str, name: str, names: Sequence[str]) -> CliError:
    """A feed name the sidebar lacks, said with the names it has."""
    known = ", ".join(names) or translator(lang).gettext("none yet; run `kalbartui refresh`")
    return CliError(
        translator(lang).gettext(
            "no feed named {name} (feeds: {names})", name=repr(name), names=known
        ),
        EXIT_USAGE,
    )


def cmd_list(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui list`: the newest articles of a list, as lines or JSON."""
    from kalbartui.core import UnknownCategory, UnknownFeed

    lang = core.config.language
    feed = getattr(args, "feed", None) or ""
    hidden = getattr(args, "hidden", False)
    if hidden and (
        feed
        or args.category
        or args.starred
        or args.query is not None
        or getattr(args, "view", None) is not None
        or getattr(args, "author", None) is not None
    ):
        raise CliError(
            translator(lang).gettext(
                "--hidden cannot be combined with --feed, --category, --starred or --query"
            ),
            EXIT_USAGE,
        )
    author = getattr(args, "author", None)
    if author is not None:
        if args.query is not None or getattr(args, "view", None) is not None:
            raise CliError(
                translator(lang).gettext(
                    '--author cannot be combined with --query (write author:"NAME" in the query)'
                ),
                EXIT_USAGE,
            )
        if feed or args.category or args.starred:
            raise CliError(
                translator(lang).gettext(
                    "--author cannot be combined with --feed, --category or --starred "
                    '(write author:"NAME" and feed:, category: or is:starred in a --query)'
                ),
                EXIT_USAGE,
            )
        # The same query the reader's `a` lists, the name quoted as the reader quotes it.
        args.query = core.author_search(author)
    view = getattr(args, "view", None)
    if args.query is not None or view is not None:
        if feed or args.category or args.starred or (args.query is not None and view):
            raise CliError(
                translator(lang).gettext(
                    "--query and --view cannot be combined with each other, --feed, "
                    "--category or --starred (write feed:, category: or is:starred in the query)"
                ),
                EXIT_USAGE,
            )
        query = view_of(core, view) if view is not None else query_of(core, args.query)
        if args.unread:
            query = replace(query, unread_only=True)
        _print_rows(core, core.store.page(query, limit=args.limit).rows, args.json)
        return EXIT_OK
    if feed and (args.category or args.starred):
        raise CliError(
            translator(lang).gettext("--feed cannot be combined with --category or --starred"),
            EXIT_USAGE,
        )
    try:
        listing = core.listing(
            args.category or "", feed=feed, unread=args.unread, starred=args.starred, hidden=hidden
        )
    except UnknownFeed as exc:
        raise unknown_feed(lang, feed, exc.names) from None
    except UnknownCategory as exc:
        names = ", ".join(exc.names) or translator(lang).gettext(
            "none yet; run `kalbartui refresh`"
        )
        raise CliError(
            translator(lang).gettext(
                "no category named {name} (categories: {names})",
                name=repr(args.category),
                names=names,
            ),
            EXIT_USAGE,
        ) from None
    if args.category and args.starred:
        raise CliError(
            translator(lang).gettext("--category and --starred cannot be combined"), EXIT_USAGE
        )
    _print_rows(core, core.rows(listing, args.limit), args.json, within=listing.within)
    return EXIT_OK


def query_of(core: Core, text: str) -> Query:
    """The query's list; a mistake is one sentence with its place, and exit status 2."""
    from kalbartui.query.parse import QueryError

    try:
        return core.search_query(text)
    except QueryError as exc:
        raise CliError(exc.problem, EXIT_USAGE) from None


def view_of(core: Core, name: str) -> Query:
    """A saved view's list; a name the config lacks is one sentence, exit status 2."""
    from kalbartui.views import ViewError

    try:
        return core.view_listing(name).query
    except ViewError as exc:
        raise CliError(exc.problem, EXIT_USAGE) from None


def cmd_search(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui search QUERY`: the newest articles a query finds."""
    query = query_of(core, args.query)
    _print_rows(core, core.store.page(query, limit=args.limit).rows, args.json)
    return EXIT_OK


def cmd_count(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui count QUERY` (or `--view NAME`): how many articles a query finds."""
    view = getattr(args, "view", None)
    if (args.query is None) == (view is None):
        raise CliError(
            translator(core.config.language).gettext("give a query or --view NAME (one of them)"),
            EXIT_USAGE,
        )
    if view is not None:
        count = core.store.count(view_of(core, view))
        said: dict[str, object] = {"view": view}
    else:
        count = core.store.count(query_of(core, args.query))
        said = {"query": args.query}
    print(json.dumps({**said, "count": count}) if args.json else count)
    return EXIT_OK


def cmd_show(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui show`: one article, rendered for the terminal or as plain text."""
    import shutil

    from kalbartui.render import render_article, to_ansi, to_plain

    config = core.config
    article = core.store.article(args.id)
    if article is None:
        raise CliError(
            translator(config.language).gettext(
                "no article with id {id} (see `kalbartui list --json`)", id=args.id
            )
        )
    status = EXIT_OK
    if getattr(args, "full", False):
        outcome = core.fetch_full_text(args.id)
        if outcome.whole_in_feed:
            print(
                translator(config.language).gettext(
                    "kalbartui: the feed already carries the whole article: its page has nothing more"
                ),
                file=sys.stderr,
            )
        elif not outcome.ok:
            error = message(outcome.error, config.language)
            print(
                printable(
                    translator(config.language).gettext(
                        "kalbartui: the whole article could not be fetched ({error}); showing the feed's summary",
                        error=error,
                    )
                ),
                file=sys.stderr,
            )
            status = EXIT_FAIL
        article = core.store.article(args.id) or article
    tty = sys.stdout.isatty()
    width = args.width or (shutil.get_terminal_size((100, 24)).columns if tty else 80)
    body = render_article(
        article, language=config.language, tz=config.tz(), now=datetime.now(UTC), width=width
    )
    sys.stdout.write(to_ansi(body, width) if tty else to_plain(body, width))
    return status


def cmd_categories(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui categories`: the sidebar categories with their counts, each with its feeds,
    and the feeds without a category, as the sidebar shows them."""
    from kalbartui.models import sidebar_groups

    lang = core.config.language
    groups = sidebar_groups(core.categories(), core.feeds())
    if args.json:
        found = [
            {
                "name": c.name,
                "source": c.source,
                "unread": c.unread,
                "total": c.total,
                "feeds": [_feed_counts(f) for f in feeds],
            }
            for group in groups
            for c, feeds in group.categories
        ]
        print(printable(json.dumps(found, ensure_ascii=False, indent=2)))
        return EXIT_OK
    lines: list[tuple[str, int, int] | str] = []
    for group in groups:
        for c, feeds in group.categories:
            lines.append((c.name, c.unread, c.total))
            lines.extend((f"  {f.display_name}", f.unread, f.article_count) for f in feeds)
        if group.other_feeds:
            tr = translator(lang)
            lines.append(tr.gettext("Other feeds") if group.categories else tr.gettext("Feeds"))
            lines.extend(
                (f"  {f.display_name}", f.unread, f.article_count) for f in group.other_feeds
            )
    width = max((len(line[0]) for line in lines if isinstance(line, tuple)), default=10)
    for line in lines:
        if isinstance(line, str):
            print(printable(line))
            continue
        name, unread, total = line
        counts = translator(lang).gettext(
            "{unread:>6} unread  {total:>7} total", unread=unread, total=total
        )
        print(printable(f"{name:<{width}}  {counts}"))
    return EXIT_OK


def _feed_counts(feed: Feed) -> dict[str, object]:
    return {"name": feed.display_name, "unread": feed.unread, "total": feed.article_count}


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def cmd_feeds(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui feeds`: every configured feed with its counts and last refresh; with
    --failing, those whose last refresh failed, why (in the user's language) and when one
    last worked."""
    from kalbartui.i18n.times import relative_time
    from kalbartui.refresh.due import interval_minutes

    config = core.config
    lang = config.language
    tr = translator(lang)
    feeds = core.feeds()
    if args.failing:
        feeds = [f for f in feeds if f.last_error is not None]
    if args.json:
        found = [
            {
                "id": f.id,
                "name": f.display_name,
                "url": f.url,
                "category": f.category,
                "source": f.source,
                "unread": f.unread,
                "total": f.article_count,
                "last_checked": _iso(f.last_checked),
                "last_ok": _iso(f.last_ok),
                "failing": f.last_error is not None,
                "error": message(f.last_error, lang) if f.last_error else None,
                "error_code": f.last_error.code if f.last_error else None,
                "refresh_interval_minutes": interval_minutes(config, f),
                "ttl_minutes": f.ttl_minutes,
            }
            for f in feeds
        ]
        print(printable(json.dumps(found, ensure_ascii=False, indent=2)))
        return EXIT_OK
    now = datetime.now(UTC)

    def when(moment: datetime | None) -> str:
        if moment is None:
            return tr.gettext("never")
        return relative_time(moment, now, lang, config.tz())

    if args.failing:
        if not feeds:
            print(tr.gettext("no feed is failing"))
        for f in feeds:
            line = tr.gettext(
                "{name}: {error} (last worked: {when})",
                name=f.display_name,
                error=message(f.last_error, lang),
                when=when(f.last_ok),
            )
            print(printable(line))
        return EXIT_OK
    width = max((len(f.display_name) for f in feeds), default=10)
    cat_width = max((len(f.category or f.source) for f in feeds), default=0)
    for f in feeds:
        counts = tr.gettext(
            "{unread:>6} unread  {total:>7} total", unread=f.unread, total=f.article_count
        )
        if f.last_error is not None:
            status = tr.gettext("failing: {error}", error=message(f.last_error, lang))
        elif f.last_checked is None:
            status = tr.gettext("not fetched yet")
        else:
            status = tr.gettext("refreshed {when}", when=when(f.last_checked))
        group = f.category or f.source
        print(printable(f"{f.display_name:<{width}}  {group:<{cat_width}}  {counts}  {status}"))
    return EXIT_OK
