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


def hidden_elements_re(names: tuple[str, ...]) -> re.Pattern[str]:
    """A regex for any of `names` with its content; an unclosed one runs to the end (linear)."""
    return re.compile(rf"<({'|'.join(names)})\b[^>]*>.*?(?:</\1\s*>|\Z)", re.I | re.S)


# Every C0 and C1 control character except tab and newline, plus DEL. Also bidi
# overrides and other format characters are kept (needed for RTL text), but
# lone surrogates are dropped since they cannot be encoded for the terminal.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
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
        text = _TAG_RE.sub(" ", html.unescape(text))
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


def relative_time(
    when: datetime, now: datetime, language: str = "id", tz: tzinfo | None = None
) -> str:
    """'3 jam lalu' / '3 hours ago'; older than a week: the short date in the reader's zone."""
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
    """'Jumat, 28 Februari 2020 10.15 WIB' / 'Friday, 28 February 2020 10:15 WIB'."""
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
