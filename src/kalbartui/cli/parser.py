"""The command line's parser: every command and option, its help in the user's language."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kalbartui import __version__
from kalbartui.i18n import translator

# Article ids and --limit reach SQLite, whose integers are signed 64-bit.
LARGEST = 2**63 - 1


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its help in `language`; build it inside `argparse_words`."""

    tr = translator(language)
    parser = argparse.ArgumentParser(
        prog="kalbartui",
        description=tr.gettext(
            "A terminal news reader for KalbarOnline and any RSS, Atom or JSON feed. With no command, the reader opens."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kalbartui {__version__}",
        help=tr.gettext("show the program's version and exit"),
    )
    parser.add_argument(
        "--config",
        metavar=tr.gettext("FILE"),
        help=tr.gettext("config file (default: see `kalbartui paths`)"),
    )
    parser.add_argument(
        "--data-dir", metavar=tr.gettext("DIR"), help=tr.gettext("where the article cache lives")
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=tr.gettext("open the reader on bundled sample news, no network"),
    )
    sub = parser.add_subparsers(dest="command", metavar=tr.gettext("COMMAND"))
    positive = _positive(language)

    p = sub.add_parser(
        "refresh",
        help=tr.gettext("fetch every feed now and store new articles"),
        description=tr.gettext("fetch every feed now and store new articles"),
    )
    p.add_argument("--quiet", "-q", action="store_true", help=tr.gettext("print only failures"))
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--feed",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("only this feed (its name as the sidebar shows it, or its URL)"),
    )
    which.add_argument(
        "--due",
        action="store_true",
        help=tr.gettext(
            "only the feeds whose own refresh interval has passed (for cron; see refresh_interval_minutes)"
        ),
    )

    p = sub.add_parser(
        "list",
        help=tr.gettext("list cached articles, newest first"),
        description=tr.gettext("list cached articles, newest first"),
    )
    p.add_argument(
        "--category",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("only this category (its name as the sidebar shows it)"),
    )
    p.add_argument(
        "--feed",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("only this feed (its name as the sidebar shows it, or its URL)"),
    )
    p.add_argument(
        "--query",
        metavar=tr.gettext("QUERY"),
        help=tr.gettext("only the articles a query finds (as `search` reads it)"),
    )
    p.add_argument(
        "--view",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("only the articles of a saved view (see `kalbartui views`)"),
    )
    p.add_argument(
        "--author",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("only the articles by this author (the byline as it is; the reader's a)"),
    )
    p.add_argument("--unread", action="store_true", help=tr.gettext("only unread articles"))
    p.add_argument("--starred", action="store_true", help=tr.gettext("only starred articles"))
    p.add_argument(
        "--hidden",
        action="store_true",
        help=tr.gettext("only the articles rules hid (no other list shows them)"),
    )
    p.add_argument(
        "--limit",
        type=positive,
        default=30,
        metavar="N",
        help=tr.gettext("at most N articles (default: 30)"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "search",
        help=tr.gettext('search the cache with a query (words, "phrases", fields, OR, NOT)'),
        description=tr.gettext(
            'search the cache with a query: words (all must appear), "a phrase", word*, '
            "title: author: feed: category: tag: site: text:, is:unread is:read is:starred, "
            "after:2026-12-01 before: newer:2d older:30d, OR, NOT or -, brackets; "
            "title:/regex/ for a regular expression"
        ),
    )
    p.add_argument("query", help=tr.gettext("the query"))
    p.add_argument(
        "--limit",
        type=positive,
        default=30,
        metavar="N",
        help=tr.gettext("at most N articles (default: 30)"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "count",
        help=tr.gettext("how many articles a query finds"),
        description=tr.gettext("how many articles a query finds (as `search` reads it)"),
    )
    p.add_argument("query", nargs="?", help=tr.gettext("the query"))
    p.add_argument(
        "--view",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("count a saved view's articles instead (see `kalbartui views`)"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "show",
        help=tr.gettext("print one article as the reading pane shows it"),
        description=tr.gettext("print one article as the reading pane shows it"),
    )
    p.add_argument("id", type=positive, help=tr.gettext("the article's id (see `kalbartui list`)"))
    p.add_argument("--width", type=positive, metavar="N", help=tr.gettext("line width in columns"))
    p.add_argument(
        "--full",
        action="store_true",
        help=tr.gettext("fetch the whole article from its page first"),
    )

    p = sub.add_parser(
        "categories",
        help=tr.gettext("categories with unread and total counts"),
        description=tr.gettext(
            "categories with unread and total counts, each with its feeds, as the sidebar shows them"
        ),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "feeds",
        help=tr.gettext("feeds with unread and total counts and their last refresh"),
        description=tr.gettext("feeds with unread and total counts and their last refresh"),
    )
    p.add_argument(
        "--failing",
        action="store_true",
        help=tr.gettext("only the feeds whose last refresh failed, with the reason"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "alerts",
        help=tr.gettext("the last alerts: when, which feed, the headline"),
        description=tr.gettext(
            "The articles your [[alerts]] queries matched as they arrived, newest first; each is told once."
        ),
    )
    p.add_argument(
        "--limit",
        type=positive,
        default=30,
        metavar="N",
        help=tr.gettext("at most N alerts (default: 30)"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "add",
        help=tr.gettext("find a site's feeds from any of its pages and add one to the config"),
        description=tr.gettext(
            "Find the feeds a page offers (its links, its WordPress API, the usual addresses) and add one to the config file. Several found: a numbered list to pick from."
        ),
    )
    p.add_argument("url", metavar="URL", help=tr.gettext("any page of the site, or a feed"))
    p.add_argument(
        "--pick",
        type=positive,
        metavar="N",
        help=tr.gettext("when several feeds are found, add the N-th of the list"),
    )

    p = sub.add_parser(
        "import-opml",
        help=tr.gettext("add the feeds of an OPML file to the config"),
        description=tr.gettext("add the feeds of an OPML file to the config"),
    )
    p.add_argument("file", help=tr.gettext("the OPML file to read"))

    p = sub.add_parser(
        "export-opml",
        help=tr.gettext("write the configured feeds as OPML"),
        description=tr.gettext("write the configured feeds as OPML"),
    )
    p.add_argument(
        "file", nargs="?", help=tr.gettext("the file to write (default: standard output)")
    )

    p = sub.add_parser(
        "mark",
        help=tr.gettext("mark articles read, unread, starred or unstarred (queued for [sync])"),
        description=tr.gettext(
            "mark articles read, unread, starred or unstarred (queued for [sync])"
        ),
    )
    p.add_argument(
        "ids",
        nargs="*",
        type=positive,
        metavar="ID",
        help=tr.gettext("article ids (see `kalbartui list`)"),
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--query",
        metavar=tr.gettext("QUERY"),
        help=tr.gettext("every article a query finds (as `search` reads it), instead of ids"),
    )
    what.add_argument(
        "--view",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("every article of a saved view, instead of ids"),
    )
    how = p.add_mutually_exclusive_group(required=True)
    marks = (
        ("read", tr.gettext("mark read")),
        ("unread", tr.gettext("mark unread")),
        ("star", tr.gettext("star")),
        ("unstar", tr.gettext("unstar")),
    )
    for flag, words in marks:
        how.add_argument(f"--{flag}", dest="how", action="store_const", const=flag, help=words)

    p = sub.add_parser(
        "views",
        help=tr.gettext("saved views with unread and total counts"),
        description=tr.gettext(
            "the saved views ([[views]] in the config) with unread and total counts; "
            "--preset kalbar writes Kalimantan Barat's 14 kabupaten and kota as views"
        ),
    )
    p.add_argument(
        "--preset",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("write a ready set of views into the config file (kalbar), those it lacks"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "tag",
        help=tr.gettext("give an article a tag of your own, or take it off (a label with [sync])"),
        description=tr.gettext(
            "give an article a tag of your own, or take it off (a label with [sync]); "
            "tag:NAME finds it in every query"
        ),
    )
    p.add_argument("id", type=positive, help=tr.gettext("the article's id (see `kalbartui list`)"))
    p.add_argument("name", help=tr.gettext("the tag"))
    p.add_argument("--remove", action="store_true", help=tr.gettext("take the tag off"))

    p = sub.add_parser(
        "tags",
        help=tr.gettext("your tags, with how many articles have each"),
        description=tr.gettext("your tags, with how many articles have each"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "rules",
        help=tr.gettext(
            "list the config's [[rules]]; try them on, or apply them to, what is stored"
        ),
        description=tr.gettext(
            "list the config's [[rules]] (they run on new articles at each refresh); "
            "--dry-run says per rule how many stored articles it would change, --apply changes them"
        ),
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--dry-run",
        action="store_true",
        help=tr.gettext("per rule, how many stored articles it would change; nothing is written"),
    )
    what.add_argument(
        "--apply",
        action="store_true",
        help=tr.gettext("apply the rules to every stored article, in the order written"),
    )
    what.add_argument(
        "--unhide",
        metavar=tr.gettext("QUERY"),
        help=tr.gettext('put back the hidden articles a query finds ("*" for all of them)'),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))

    p = sub.add_parser(
        "paths",
        help=tr.gettext("where the config, data and cache live"),
        description=tr.gettext("where the config, data and cache live"),
    )
    p.add_argument("--json", action="store_true", help=tr.gettext("print as JSON"))
    return parser


def _positive(language: str) -> Callable[[str], int]:
    """A whole number from 1 to LARGEST; argparse says anything else in one sentence (exit 2)."""

    def positive(value: str) -> int:
        try:
            n = int(value)
        except ValueError:  # not a number, or one of more than 4,300 digits
            raise argparse.ArgumentTypeError(
                translator(language).gettext(
                    "expected a whole number, not {value}", value=repr(value[:40])
                )
            ) from None
        if n < 1:
            raise argparse.ArgumentTypeError(
                translator(language).gettext("expected at least 1, not {value}", value=n)
            )
        if n > LARGEST:
            raise argparse.ArgumentTypeError(
                translator(language).gettext(
                    "expected at most {limit}, not {value}", value=value.strip(), limit=LARGEST
                )
            )
        return n

    return positive
