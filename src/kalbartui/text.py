"""Text hygiene and time formatting, in Indonesian and English."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, tzinfo

# Elements whose content a reader never sees, named here once for the whole program.
# script and style hold code, not prose: cut even from one-line fields such as titles.
SCRIPT_ELEMENTS: tuple[str, ...] = ("script", "style")
# Raw-text elements (a browser parses no tags inside them) that show nothing.
RAWTEXT_INVISIBLE: tuple[str, ...] = (
    *SCRIPT_ELEMENTS, "iframe", "noscript", "noembed", "noframes", "title",
)  # fmt: skip
# Everything the reading pane drops with its content.
INVISIBLE_ELEMENTS: frozenset[str] = frozenset(
    (*RAWTEXT_INVISIBLE, "head", "template", "svg", "math", "object", "video", "audio",
     "canvas", "select", "datalist")
)  # fmt: skip
# The ones the search index drops: those that carry much text nobody reads.
SEARCH_HIDDEN: tuple[str, ...] = (
    *SCRIPT_ELEMENTS, "iframe", "noscript", "template", "svg", "math", "object", "head",
)  # fmt: skip


class HiddenElements:
    """Removes elements (with their content) named in `names` from HTML, in linear time.

    An unclosed one runs to the end of the text, as a browser reads it. A start tag with no ">"
    after it ends the search: no later tag can be complete either, so nothing is rescanned (the
    regex `<script\\b[^>]*>` rescans the rest of the text once per "<script", which is quadratic).
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self._open = re.compile(rf"<({'|'.join(names)})\b", re.I)
        self._close = {name: re.compile(rf"</{name}\s*>", re.I) for name in names}

    def sub(self, repl: str, text: str) -> str:
        """`text` with every hidden element replaced by `repl`."""
        out: list[str] = []
        i = 0
        while True:
            m = self._open.search(text, i)
            if m is None:
                break
            gt = text.find(">", m.end())
            if gt < 0:
                break
            out.append(text[i : m.start()])
            out.append(repl)
            close = self._close[m.group(1).lower()].search(text, gt + 1)
            if close is None:
                i = len(text)
                break
            i = close.end()
        if not out:
            return text
        out.append(text[i:])
        return "".join(out)


def hidden_elements_re(names: tuple[str, ...]) -> HiddenElements:
    """A remover of any of `names` with its content; an unclosed one runs to the end (linear)."""
    return HiddenElements(names)


def remove_tags(text: str, repl: str = " ") -> str:
    """Every `<...>` replaced by `repl`, in linear time: no "<" after the last ">" can close."""
    end = text.rfind(">") + 1
    if not end:
        return text
    # Below `end` every "<" has a ">" after it, so each match succeeds and consumes what it
    # scanned; past it no match is possible, so it is not searched at all.
    return _TAG_RE.sub(repl, text[:end]) + text[end:]


# Every C0 and C1 control character except tab and newline, plus DEL; lone surrogates (they
# cannot be encoded for the terminal); and the bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069): a terminal applies them across the rest of its line, so an
# unclosed one in a name reverses a table's border or a byline after it. Right-to-left
# text needs none of them; the plain marks (LRM, RLM, ALM) stay.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_TAG_RE = re.compile(r"<[^>]*>")
_WS_RE = re.compile(r"[ \t\r\f\v]+")
_SPACES_RE = re.compile(r"\s+")


def clean(value: object) -> str:
    """Remove every control character but newline and tab. Accepts anything, never raises."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text)


def clean_line(value: object, limit: int = 1000) -> str:
    """One line of clean text: controls gone, whitespace folded, length bounded."""
    text = _SPACES_RE.sub(" ", clean(value)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def strip_tags(value: object) -> str:
    """Plain text from a fragment of HTML: tags removed, entities decoded, controls removed."""
    text = clean(value)
    # Decode twice: feeds often double-escape titles ("&amp;#8211;").
    for _ in range(2):
        text = remove_tags(html.unescape(text))
    return clean(text)


# Elements whose content is never text a reader sees. An unclosed one runs to the end,
# which keeps the scan linear.
_HIDDEN_RE = hidden_elements_re(SEARCH_HIDDEN)


def html_text(value: object) -> str:
    """The words of an HTML body, for the search index: hidden elements dropped, tags stripped."""
    text = clean(value)
    if "<" in text:
        text = _HIDDEN_RE.sub(" ", text)
    return strip_tags(text)


# ---------------------------------------------------------------- time

_ID_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ID_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
_EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_ID_SHORT_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
]
_EN_SHORT_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]

# Indonesian time zone abbreviations by UTC offset.
_ID_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


def _unknown_time(language: str) -> str:
    from kalbartui.i18n import t

    return t("time.unknown", language)


def relative_time(
    when: datetime, now: datetime, language: str = "id", tz: tzinfo | None = None
) -> str:
    """'3 jam lalu' / '3 hours ago'; older than a week: the short date in the reader's zone.

    Never raises: a stored time no zone can show (year 1 west of UTC, say) reads "time unknown".
    """
    try:
        return _relative_time(when, now, language, tz)
    except (OverflowError, ValueError, TypeError, OSError):
        return _unknown_time(language)


def _relative_time(when: datetime, now: datetime, language: str, tz: tzinfo | None) -> str:
    delta = now - when
    seconds = int(delta.total_seconds())
    id_ = language == "id"
    if seconds < 60:
        return "baru saja" if id_ else "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} menit lalu" if id_ else f"{minutes} minute{'s' * (minutes != 1)} ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} jam lalu" if id_ else f"{hours} hour{'s' * (hours != 1)} ago"
    days = delta.days
    if days < 2:
        return "kemarin" if id_ else "yesterday"
    if days < 7:
        return f"{days} hari lalu" if id_ else f"{days} days ago"
    months = _ID_SHORT_MONTHS if id_ else _EN_SHORT_MONTHS
    local = when.astimezone(tz)
    if local.year == now.astimezone(tz).year:
        return f"{local.day} {months[local.month - 1]}"
    return f"{local.day} {months[local.month - 1]} {local.year}"


def zone_abbreviation(local: datetime, language: str) -> str:
    """WIB/WITA/WIT for Indonesia's zones in Indonesian, else the zone's name or its UTC offset."""
    offset = local.utcoffset() or timedelta(0)
    hours, rem = divmod(int(offset.total_seconds()), 3600)
    if language == "id" and rem == 0 and hours in _ID_ZONES:
        return _ID_ZONES[hours]
    name = local.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    sign = "+" if offset >= timedelta(0) else "-"
    total = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{total // 60:02d}:{total % 60:02d}"


def absolute_time(when: datetime, tz: tzinfo | None, language: str = "id") -> str:
    """'Jumat, 28 Februari 2020 10.15 WIB' / 'Friday, 28 February 2020 10:15 WIB'; never raises."""
    try:
        return _absolute_time(when, tz, language)
    except (OverflowError, ValueError, TypeError, OSError):
        return _unknown_time(language)


def _absolute_time(when: datetime, tz: tzinfo | None, language: str) -> str:
    local = when.astimezone(tz)
    zone = zone_abbreviation(local, language)
    if language == "id":
        return (
            f"{_ID_DAYS[local.weekday()]}, {local.day} {_ID_MONTHS[local.month - 1]} "
            f"{local.year} {local.hour:02d}.{local.minute:02d} {zone}"
        )
    return (
        f"{_EN_DAYS[local.weekday()]}, {local.day} {_EN_MONTHS[local.month - 1]} "
        f"{local.year} {local.hour:02d}:{local.minute:02d} {zone}"
    )
