"""`kalbartui mark`: read, unread, starred, unstarred, from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_OK, EXIT_USAGE, CliError
from kalbartui.i18n import Nn_, translator

if TYPE_CHECKING:
    from kalbartui.core import Core
    from kalbartui.store import Query


# What each mark says it did.
_MARKED = {
    "read": Nn_("marked {count} article read", "marked {count} articles read"),
    "unread": Nn_("marked {count} article unread", "marked {count} articles unread"),
    "star": Nn_("marked {count} article starred", "marked {count} articles starred"),
    "unstar": Nn_("marked {count} article unstarred", "marked {count} articles unstarred"),
}


def cmd_mark(core: Core, args: argparse.Namespace) -> int:
    """Read, unread, starred, unstarred: written at once, and queued for the server with [sync]."""
    from kalbartui.core import UnknownArticles

    lang = core.config.language
    by_query = args.query is not None or args.view is not None
    if by_query == bool(args.ids):
        raise CliError(
            translator(lang).gettext(
                "name the articles by their ids, or by --query or --view (not both)"
            ),
            EXIT_USAGE,
        )
    try:
        if by_query:
            count = core.mark_matching(matching(core, args.query, args.view), args.how)
        else:
            count = core.mark(args.ids, args.how)
    except UnknownArticles as exc:
        raise CliError(
            translator(lang).gettext(
                "no article with id {id} (see `kalbartui list --json`)",
                id=", ".join(map(str, exc.ids)),
            )
        ) from None
    singular, plural = _MARKED[args.how]
    line = translator(lang).ngettext(singular, plural, count)
    if core.config.sync is not None:
        line += translator(lang).ngettext(
            "; {count} change waits for the next sync",
            "; {count} changes wait for the next sync",
            core.pending_sync_changes(),
        )
    print(line)
    return EXIT_OK


def matching(core: Core, query: str | None, view: str | None) -> Query:
    """The list of `--query` or `--view`; a query that cannot be read or a view the config
    lacks is one sentence, exit status 2."""
    from kalbartui.cli.reading import query_of, view_of

    return view_of(core, view) if view is not None else query_of(core, query or "")
