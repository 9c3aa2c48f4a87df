"""The feed list's commands: `refresh` (or, with `[sync]`, a sync), `add` and OPML in and out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, CliError, printable
from kalbartui.i18n import message, translator

if TYPE_CHECKING:
    from kalbartui.core import Core
    from kalbartui.models import FoundFeed
    from kalbartui.refresh.report import Progress, ProgressCallback, RefreshReport


def cmd_refresh(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui refresh`: one refresh, a line per feed; exit 1 when a feed failed.

    With `[sync]` the refresh is a sync: a line per step instead, and its own summary.
    """
    from kalbartui.core import UnknownFeed
    from kalbartui.sync.greader import SyncError

    lang = core.config.language
    syncing = core.config.sync is not None
    feed_ids: list[int] | None = None
    if getattr(args, "feed", None):
        if syncing:
            raise CliError(
                translator(lang).gettext(
                    "--feed cannot be used with [sync]: the sync server fetches the feeds"
                ),
                EXIT_USAGE,
            )
        from kalbartui.cli.reading import unknown_feed

        try:
            feed_ids = [core.feed_named(args.feed).id]
        except UnknownFeed as exc:
            raise unknown_feed(lang, args.feed, exc.names) from None
    due = bool(getattr(args, "due", False))
    tty = sys.stdout.isatty() and not args.quiet and not syncing

    def line_for(progress: Progress) -> str | None:
        if syncing:
            return message(progress.line, lang) or None
        o = progress.outcome
        if o is None:
            return None
        if o.status == "new":
            return translator(lang).ngettext(
                "{name}: {count} new", "{name}: {count} new", o.new, name=o.name
            )
        if o.status == "unchanged":
            return translator(lang).gettext("{name}: unchanged", name=o.name)
        error = message(o.error, lang)
        if o.status == "waiting":
            return translator(lang).gettext("{name}: skipped, {error}", name=o.name, error=error)
        return translator(lang).gettext("{name}: error: {error}", name=o.name, error=error)

    try:
        if tty:
            report = _with_bar(core, line_for, lang, feed_ids, due)
        else:

            def on_progress(p: Progress) -> None:
                text = line_for(p)
                failed = p.outcome is not None and p.outcome.status == "error" and not syncing
                if text and (not args.quiet or failed):
                    print(printable(text), flush=True)

            report = core.refresh(on_progress, feed_ids=feed_ids, due=due)
    except SyncError as exc:
        raise CliError(
            translator(lang).gettext("sync failed: {error}", error=message(exc.problem, lang))
        ) from None
    if report.sync is not None:
        return _sync_summary(report, args.quiet, lang)
    for status in report.discovery:
        if status.fallback:  # said even with --quiet: the sidebar is not what the site has
            print(printable(message(status.note(), lang)), flush=True)
    failed = report.failed_feed_count
    total = report.feed_count
    if not args.quiet:
        seconds = f"{report.finished - report.started:.1f}"
        if lang == "id":
            seconds = seconds.replace(".", ",")
        summary = translator(lang).gettext(
            "{articles} from {feeds} in {seconds} s",
            articles=translator(lang).ngettext(
                "{count} new article", "{count} new articles", report.new_total
            ),
            feeds=translator(lang).ngettext("{count} feed", "{count} feeds", total),
            seconds=seconds,
        )
        if failed:
            summary += translator(lang).ngettext("; {count} failed", "; {count} failed", failed)
        # Article pages come after the feeds; the summary stays the last line. A page no
        # longer than its feed's text is neither: the feed had the whole article.
        whole = sum(1 for o in report.pages if o.ok)
        kept = sum(1 for o in report.pages if o.failed)
        if whole or kept:
            line = translator(lang).ngettext(
                "{count} whole article fetched from its page",
                "{count} whole articles fetched from their pages",
                whole,
            )
            if kept:
                line += translator(lang).ngettext(
                    "; {count} kept its summary (see e in the reader)",
                    "; {count} kept their summary (see e in the reader)",
                    kept,
                )
            print(line)
        print(summary)
    return EXIT_FAIL if failed else EXIT_OK


def _with_bar(
    core: Core,
    line_for: ProgressCallback | object,
    lang: str,
    feed_ids: list[int] | None = None,
    due: bool = False,
) -> RefreshReport:
    """The refresh under a progress bar (a terminal): each feed's line printed above it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    assert callable(line_for)
    console = Console(highlight=False)
    with Bar(
        TextColumn(translator(lang).gettext("refreshing")),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("refresh", total=None)

        def on_progress(p: Progress) -> None:
            bar.update(task, completed=p.done, total=p.total)
            text = line_for(p)
            if text:
                # print() on the progress console keeps the bar below; markup off for feed text.
                bar.console.print(printable(text), markup=False, highlight=False)

        return core.refresh(on_progress, feed_ids=feed_ids, due=due)


def _sync_summary(report: RefreshReport, quiet: bool, lang: str) -> int:
    """A sync's last line: what it brought, or why it could not reach the server."""
    sync = report.sync
    assert sync is not None
    if sync.offline:
        waiting = (
            translator(lang).ngettext(
                "; {count} local change waits for the next sync",
                "; {count} local changes wait for the next sync",
                sync.waiting,
            )
            if sync.waiting
            else ""
        )
        error = message(sync.error, lang)
        print(
            translator(lang).gettext(
                "sync: offline, {error}{waiting}", error=error, waiting=waiting
            ),
            file=sys.stderr,
        )
        return EXIT_FAIL
    if not quiet:
        seconds = f"{sync.finished - sync.started:.1f}"
        print(
            translator(lang).gettext(
                "{articles} from the sync server in {seconds} s ({requests})",
                articles=translator(lang).ngettext(
                    "{count} new article", "{count} new articles", sync.new
                ),
                seconds=seconds.replace(".", ",") if lang == "id" else seconds,
                requests=translator(lang).ngettext(
                    "{count} request", "{count} requests", sync.requests
                ),
            )
        )
    return EXIT_OK


def cmd_import_opml(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui import-opml FILE`: the file's new feeds added to the config file."""
    from kalbartui.feedlist import FeedListError

    lang = core.config.language
    try:
        result = core.import_opml(Path(args.file))
    except FeedListError as exc:
        raise CliError(exc.problem, EXIT_USAGE if exc.bad_input else EXIT_FAIL) from None
    for url, reason in result.skipped:
        line = translator(lang).gettext(
            "skipped {url}: {reason}", url=repr(url), reason=message(reason, lang)
        )
        print(printable(line), file=sys.stderr)
    if not result.added:
        print(translator(lang).gettext("no new feeds to add"))
        return EXIT_OK
    print(
        translator(lang).ngettext(
            "added {count} feed to {file}",
            "added {count} feeds to {file}",
            result.added,
            file=result.config_file,
        )
    )
    return EXIT_OK


def cmd_export_opml(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui export-opml [FILE]`: the configured and stored feeds as OPML."""
    from kalbartui.feedlist import FeedListError

    lang = core.config.language
    if not args.file:
        text, _count = core.opml_text()
        sys.stdout.write(text)
        return EXIT_OK
    try:
        done = core.export_opml(Path(args.file))
    except FeedListError as exc:
        raise CliError(exc.problem) from None
    print(
        translator(lang).ngettext(
            "wrote {count} feed to {file}",
            "wrote {count} feeds to {file}",
            done.count,
            file=args.file,
        )
    )
    return EXIT_OK


def cmd_add(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui add URL`: the feeds a page offers; one is added, several are a list to pick
    from (`--pick N`, or a question on a terminal); none is one sentence (exit 2)."""
    from kalbartui.i18n.found import found_line
    from kalbartui.sites import SiteError

    lang = core.config.language
    tr = translator(lang)
    try:
        offered = core.discover_site(args.url).found
    except SiteError as exc:
        raise CliError(exc.problem, EXIT_USAGE if exc.bad_input else EXIT_FAIL) from None
    if args.pick is not None and args.pick > len(offered):
        raise CliError(
            tr.ngettext(
                "--pick {pick}: {count} feed was found",
                "--pick {pick}: {count} feeds were found",
                len(offered),
                pick=args.pick,
            ),
            EXIT_USAGE,
        )
    if args.pick is not None:
        chosen = offered[args.pick - 1]
    elif len(offered) == 1:
        chosen = offered[0]
    else:
        print(tr.ngettext("{count} feed found:", "{count} feeds found:", len(offered)))
        for n, feed in enumerate(offered, 1):
            print(printable(f"{n:>3}. {found_line(feed, lang)}"))
            print(printable(f"     {feed.url}"))
        if not sys.stdin.isatty():
            raise CliError(tr.gettext("choose one with `kalbartui add URL --pick N`"), EXIT_USAGE)
        picked = _ask_pick(len(offered), lang)
        if picked is None:
            print(tr.gettext("nothing added"))
            return EXIT_OK
        chosen = offered[picked - 1]
    return _add(core, chosen)


def _ask_pick(count: int, lang: str) -> int | None:
    """The number the user types at the terminal (Enter: 1); None for q or the end of input."""
    tr = translator(lang)
    question = tr.gettext("Add which one? (1–{count}, Enter: 1, q: none) ", count=count)
    while True:
        try:
            answer = input(question).strip().lower()
        except EOFError:
            return None
        if answer in ("q", "n"):
            return None
        if not answer:
            return 1
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer)


def _add(core: Core, feed: FoundFeed) -> int:
    from kalbartui.i18n.found import found_line
    from kalbartui.sites import SiteError

    lang = core.config.language
    tr = translator(lang)
    try:
        added = core.add_feed(feed)
    except SiteError as exc:
        raise CliError(exc.problem, EXIT_USAGE if exc.bad_input else EXIT_FAIL) from None
    what = found_line(feed, lang)
    if added.already:
        print(printable(tr.gettext("already read: {feed}", feed=what)))
        return EXIT_OK
    print(printable(tr.gettext("added {feed} to {file}", feed=what, file=added.config_file)))
    print(tr.gettext("`kalbartui refresh` fetches it now; the reader does at its next refresh."))
    return EXIT_OK
