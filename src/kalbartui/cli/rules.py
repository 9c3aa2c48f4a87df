"""`kalbartui tag`, `tags` and `rules`: the user's tags, and the config's [[rules]] tried on or
applied to what is stored."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_OK, EXIT_USAGE, CliError, printable
from kalbartui.i18n import translator

if TYPE_CHECKING:
    from kalbartui.core import Core
    from kalbartui.models import Rule


def cmd_tag(core: Core, args: argparse.Namespace) -> int:
    """Add a tag to an article, or take it off (`--remove`); queued as a label with [sync]."""
    from kalbartui.core import UnknownArticles

    tr = translator(core.config.language)
    try:
        changed = core.tag(args.id, args.name, remove=args.remove)
    except UnknownArticles:
        raise CliError(
            tr.gettext("no article with id {id} (see `kalbartui list --json`)", id=args.id)
        ) from None
    except ValueError:
        raise CliError(tr.gettext("a tag needs a name"), EXIT_USAGE) from None
    shown = args.name.strip()
    if args.remove:
        line = (
            tr.gettext("took the tag {tag} off article {id}", tag=repr(shown), id=args.id)
            if changed
            else tr.gettext("article {id} has no tag {tag}", tag=repr(shown), id=args.id)
        )
    else:
        line = (
            tr.gettext("tagged article {id} {tag}", tag=repr(shown), id=args.id)
            if changed
            else tr.gettext("article {id} has the tag {tag} already", tag=repr(shown), id=args.id)
        )
    print(printable(line))
    return EXIT_OK


def cmd_tags(core: Core, args: argparse.Namespace) -> int:
    """Every tag in use, with how many articles have it."""
    tags = core.tags()
    if args.json:
        out = [{"tag": name, "count": count} for name, count in tags]
        print(printable(json.dumps(out, ensure_ascii=False, indent=2)))
        return EXIT_OK
    tr = translator(core.config.language)
    if not tags:
        print(tr.gettext("no tags yet (the reader's t, or `kalbartui tag ID NAME`)"))
        return EXIT_OK
    for name, count in tags:
        print(printable(f"{count:>7}  {name}"))
    return EXIT_OK


def _action(rule: Rule) -> str:
    return (
        f"tag {json.dumps(rule.tag, ensure_ascii=False)}" if rule.action == "tag" else rule.action
    )


def cmd_rules(core: Core, args: argparse.Namespace) -> int:
    """The rules; with --dry-run or --apply, per rule how many stored articles it changes."""
    from kalbartui.query.parse import QueryError

    tr = translator(core.config.language)
    if args.unhide is not None:
        text = "" if args.unhide.strip() in ("", "*") else args.unhide
        try:
            count = core.unhide(text)
        except QueryError as exc:
            raise CliError(exc.problem, EXIT_USAGE) from None
        if args.json:
            print(json.dumps({"unhidden": count}))
        else:
            print(
                tr.ngettext(
                    "put back {count} hidden article", "put back {count} hidden articles", count
                )
            )
        return EXIT_OK
    rules = core.config.rules
    counted = args.dry_run or args.apply
    counts = [c.count for c in core.run_rules(dry_run=not args.apply)] if counted else []
    if args.json:
        out: list[dict[str, object]] = []
        for i, rule in enumerate(rules):
            entry: dict[str, object] = {
                "position": rule.position,
                "query": rule.query,
                "action": rule.action,
                "tag": rule.tag,
                "scope": rule.scope,
            }
            if counted:
                entry["count"] = counts[i]
            out.append(entry)
        print(printable(json.dumps(out, ensure_ascii=False, indent=2)))
        return EXIT_OK
    if not rules:
        print(tr.gettext("no rules: write [[rules]] in the config (see README, Rules)"))
        return EXIT_OK
    for i, rule in enumerate(rules):
        scope = f"  [{rule.scope}]" if rule.scope else ""
        shown = f"{counts[i]:>7}  " if counted else ""
        print(printable(f"{rule.position:>3}  {shown}{_action(rule):<16} {rule.query}{scope}"))
    if counted:
        total = sum(counts)
        if args.apply:
            line = tr.ngettext(
                "applied: {count} article changed", "applied: {count} articles changed", total
            )
        else:
            line = tr.ngettext(
                "dry run: {count} article would change; nothing was written",
                "dry run: {count} articles would change; nothing was written",
                total,
            )
        if any(r.action == "notify" for r in rules):
            line += tr.gettext(" (a notify rule changes no article)")
        print(line)
    return EXIT_OK
