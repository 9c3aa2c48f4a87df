"""Alerts outside the reader: `kalbartui alerts` (the last ones told), and what `kalbartui
refresh` does with a refresh's alerts: a line each on stdout, a desktop notification through
the terminal (OSC 9 and OSC 777, only when stdout is a terminal) and `notify_command`.

A headline is feed text: in an escape sequence it is stripped of every control character (an
ESC or BEL in it could end the sequence and write into the terminal); to `notify_command` it
goes as one argument of an argv list, never through a shell, never joined into a command line.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from kalbartui.cli.common import EXIT_OK, printable
from kalbartui.i18n import translator
from kalbartui.text import clean_line

if TYPE_CHECKING:
    from kalbartui.config import Config
    from kalbartui.core import Core
    from kalbartui.models import Alert

# A refresh that brings many alerts at once (the first fetch of a busy feed) prints every
# one, but pops up at most this many desktop notifications, then one that says how many more.
MAX_NOTIFICATIONS = 5
# notify_command gets this long per alert; past it, it is stopped and said to have failed.
NOTIFY_TIMEOUT_SECONDS = 5.0
# Every C0 and C1 control (ESC, BEL, and ST/OSC's own 8-bit forms among them), DEL, bidi.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def alert_line(alert: Alert, lang: str) -> str:
    """One alert as a line: the bell, the headline and the feed, then the link."""
    text = translator(lang).gettext(
        "🔔 {title} — {feed}", title=clean_line(alert.title, 300), feed=clean_line(alert.feed, 100)
    )
    link = _safe_link(alert.url)
    return printable(f"{text}  {link}" if link else text)


def osc_text(text: str, limit: int = 200) -> str:
    """Text safe inside an OSC sequence: no control character at all (so nothing can end the
    sequence early or start another), one line, bounded."""
    return clean_line(_CONTROLS.sub(" ", text), limit)


def osc_notifications(alerts: Sequence[Alert], lang: str) -> str:
    """The escape sequences of a desktop notification for each alert: OSC 9 (iTerm2, kitty,
    WezTerm, Windows Terminal...) and OSC 777 (urxvt, foot, Ghostty...), at most
    MAX_NOTIFICATIONS, then one saying how many more."""
    out: list[str] = []
    tr = translator(lang)
    for alert in alerts[:MAX_NOTIFICATIONS]:
        title = osc_text(alert.feed or "kalbartui", 80)
        body = osc_text(alert.title)
        out.append(f"\x1b]9;{osc_text(f'{title}: {body}')}\x07")
        # OSC 777's fields are separated by ';': one in a field would move the body.
        out.append(f"\x1b]777;notify;{title.replace(';', ',')};{body.replace(';', ',')}\x07")
    more = len(alerts) - MAX_NOTIFICATIONS
    if more > 0:
        said = osc_text(tr.ngettext("and {count} more alert", "and {count} more alerts", more))
        out.append(f"\x1b]9;kalbartui: {said}\x07\x1b]777;notify;kalbartui;{said}\x07")
    return "".join(out)


def notify_argv(command: Sequence[str], alert: Alert) -> list[str]:
    """notify_command for one alert: "{title}", "{link}" and "{feed}" replaced inside each
    argument, so each value stays within the argument the user wrote it in. A value that would
    start an argument with "-" gets a space before it (it is never read as an option); a link
    that is not http(s) is left out."""

    def value(text: str) -> str:
        return " " + text if text.startswith("-") else text

    title = value(osc_text(alert.title, 300))
    feed = value(osc_text(alert.feed, 100))
    link = _safe_link(alert.url)
    return [
        arg.replace("{title}", title).replace("{link}", link).replace("{feed}", feed)
        for arg in command
    ]


def run_notify_command(command: Sequence[str], alerts: Sequence[Alert], lang: str) -> str:
    """Run notify_command once per alert (at most MAX_NOTIFICATIONS); "" when every run worked,
    else one sentence on the first failure (the rest are not tried)."""
    tr = translator(lang)
    program = clean_line(command[0], 100)
    for alert in alerts[:MAX_NOTIFICATIONS]:
        try:
            done = subprocess.run(  # noqa: S603 - an argv list from the user's config, no shell
                notify_argv(command, alert),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=NOTIFY_TIMEOUT_SECONDS,
                check=False,
            )
        except FileNotFoundError:
            return tr.gettext("notify_command failed: {program} was not found", program=program)
        except subprocess.TimeoutExpired:
            return tr.gettext(
                "notify_command failed: {program} did not finish within {seconds} s",
                program=program,
                seconds=int(NOTIFY_TIMEOUT_SECONDS),
            )
        except OSError as exc:
            return tr.gettext(
                "notify_command failed: {program}: {error}",
                program=program,
                error=exc.strerror or str(exc),
            )
        if done.returncode != 0:
            return tr.gettext(
                "notify_command failed: {program} exited with status {status}",
                program=program,
                status=done.returncode,
            )
    return ""


def deliver(
    alerts: Sequence[Alert], config: Config, out: TextIO | None = None, err: TextIO | None = None
) -> None:
    """A refresh's alerts outside the reader: a line each on `out`; to a terminal, its desktop
    notification; notify_command, when set. A failing notify_command is one line on `err`."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    if not alerts:
        return
    lang = config.language
    for alert in alerts:
        print(alert_line(alert, lang), file=out, flush=True)
    if _is_tty(out):
        out.write(osc_notifications(alerts, lang))
        out.flush()
    if config.notify_command:
        failed = run_notify_command(config.notify_command, alerts, lang)
        if failed:
            print(printable(failed), file=err, flush=True)


def cmd_alerts(core: Core, args: argparse.Namespace) -> int:
    """`kalbartui alerts`: the last alerts told, newest first: time, feed, headline."""
    lang = core.config.language
    found = core.recent_alerts(args.limit)
    if args.json:
        rows = [
            {
                "at": datetime.fromtimestamp(a.at, UTC).isoformat(),
                "alert": a.name,
                "feed": a.feed,
                "title": a.title,
                "url": _safe_link(a.url),
                "article_id": a.article_id,
            }
            for a in found
        ]
        print(printable(json.dumps(rows, ensure_ascii=False, indent=2)))
        return EXIT_OK
    if not found:
        print(translator(lang).gettext("no alerts yet"))
        return EXIT_OK
    for a in found:
        when = datetime.fromtimestamp(a.at, core.config.tz()).strftime("%Y-%m-%d %H:%M")
        line = translator(lang).gettext(
            "{when}  {feed}  {title}",
            when=when,
            feed=clean_line(a.feed, 60),
            title=clean_line(a.title, 300),
        )
        print(printable(line))
    return EXIT_OK


def _safe_link(url: str) -> str:
    """The link when it may be opened (http or https, no spaces or controls), else ""."""
    from kalbartui import urls

    try:
        return url if urls.openable(url) else ""
    except ValueError:
        return ""


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
