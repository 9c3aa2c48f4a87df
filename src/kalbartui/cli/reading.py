"""The reading commands: `list`, `search`, `show` and `categories`, as lines or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, CliError, printable
from kalbartui.i18n import message, translator

if TYPE_CHECKING:
    from kalbartui.core import Core
    from kalbartui.models import ArticleRow


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


def cmd_list(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui list`: the newest articles of a list, as lines or JSON."""
    from kalbartui.core import UnknownCategory

    lang = core.config.language
    try:
        listing = core.listing(args.category or "", unread=args.unread, starred=args.starred)
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


def cmd_search(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui search`: the newest articles matching the words."""
    _print_rows(core, core.search(args.query, limit=args.limit), args.json)
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
        if not outcome.ok:
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
    """`kalbartui categories`: the sidebar categories with their counts."""
    cats = core.categories()
    if args.json:
        found = [
            {"name": c.name, "source": c.source, "unread": c.unread, "total": c.total} for c in cats
        ]
        print(printable(json.dumps(found, ensure_ascii=False, indent=2)))
        return EXIT_OK
    width = max((len(c.name) for c in cats), default=10)
    for c in cats:
        counts = translator(core.config.language).gettext(
            "{unread:>6} unread  {total:>7} total", unread=c.unread, total=c.total
        )
        print(printable(f"{c.name:<{width}}  {counts}"))
    return EXIT_OK
