"""`kalbartui views`: the saved views with their counts, and the ready presets."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, CliError, printable
from kalbartui.i18n import translator

if TYPE_CHECKING:
    from kalbartui.core import Core


def cmd_views(core: Core, args: argparse.Namespace) -> int:
    """Each view with its unread and total counts; `--preset NAME` writes a ready set into
    the config file first (those it lacks) and says how many it added."""
    from kalbartui.views import ViewError

    tr = translator(core.config.language)
    if args.preset:
        try:
            added, offered = core.add_view_preset(args.preset)
        except ViewError as exc:
            raise CliError(exc.problem, EXIT_USAGE if exc.bad_input else EXIT_FAIL) from None
        where = printable(str(core.paths.config))
        if added:
            said = tr.ngettext(
                "added {count} view to {path}",
                "added {count} views to {path}",
                added,
                path=where,
            )
        else:
            said = tr.ngettext(
                "the config already has the preset's view ({path})",
                "the config already has all {count} of the preset's views ({path})",
                offered,
                path=where,
            )
        # With --json the sentence goes to stderr: stdout stays one JSON document.
        print(said, file=sys.stderr if args.json else sys.stdout)
    views = core.views()
    if args.json:
        found = [
            {"name": v.name, "query": v.query, "unread": v.unread, "total": v.total} for v in views
        ]
        print(printable(json.dumps(found, ensure_ascii=False, indent=2)))
        return EXIT_OK
    if not views:
        print(
            tr.gettext(
                'no saved views yet: add [[views]] name = "…" query = "…" to the config, '
                "or run `kalbartui views --preset kalbar`"
            )
        )
        return EXIT_OK
    width = max(len(v.name) for v in views)
    for v in views:
        counts = tr.gettext("{unread:>6} unread  {total:>7} total", unread=v.unread, total=v.total)
        print(printable(f"{v.name:<{width}}  {counts}  {v.query}"))
    return EXIT_OK
