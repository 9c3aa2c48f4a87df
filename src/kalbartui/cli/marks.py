"""`kalbartui mark`: read, unread, starred, unstarred, from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_OK, CliError
from kalbartui.i18n import t, tn

if TYPE_CHECKING:
    from kalbartui.core import Core


def cmd_mark(core: Core, args: argparse.Namespace) -> int:
    """Read, unread, starred, unstarred: written at once, and queued for the server with [sync]."""
    from kalbartui.core import UnknownArticles

    lang = core.config.language
    try:
        count = core.mark(args.ids, args.how)
    except UnknownArticles as exc:
        raise CliError(t("cli.no_article", lang, id=", ".join(map(str, exc.ids)))) from None
    line = tn(f"cli.marked_{args.how}", count, lang)
    if core.config.sync is not None:
        line += tn("cli.sync_pending", core.pending_sync_changes(), lang)
    print(line)
    return EXIT_OK
