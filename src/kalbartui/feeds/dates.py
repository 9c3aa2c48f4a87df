"""RFC 822 dates written with Indonesian or European day and month names.

feedparser and email.utils read only English names, so `Rabu, 2 Des 2026 14:30:00 +0700`
(as Indonesian portals outside WordPress write it) or `mer, 16 nov 2022 00:38:15 +0100`
would otherwise fall back to the time the article was first seen.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

# Full month names by language; a word names a month when it is one of these, a listed
# abbreviation, or a prefix of three letters or more that only one month number starts with.
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    # en, id, fr, de, es, it, nl, pt (accents stripped, lower case)
    ("january", "januari", "janvier", "januar", "enero", "gennaio", "januari", "janeiro"),
    ("february", "februari", "fevrier", "februar", "febrero", "febbraio", "februari", "fevereiro"),
    ("march", "maret", "mars", "marz", "marzo", "marzo", "maart", "marco"),
    ("april", "april", "avril", "april", "abril", "aprile", "april", "abril"),
    ("may", "mei", "mai", "mai", "mayo", "maggio", "mei", "maio"),
    ("june", "juni", "juin", "juni", "junio", "giugno", "juni", "junho"),
    ("july", "juli", "juillet", "juli", "julio", "luglio", "juli", "julho"),
    ("august", "agustus", "aout", "august", "agosto", "agosto", "augustus", "agosto"),
    ("september", "september", "septembre", "september", "septiembre", "settembre", "september",
     "setembro"),
    ("october", "oktober", "octobre", "oktober", "octubre", "ottobre", "oktober", "outubro"),
    ("november", "november", "novembre", "november", "noviembre", "novembre", "november",
     "novembro"),
    ("december", "desember", "decembre", "dezember", "diciembre", "dicembre", "december",
     "dezembro"),
)  # fmt: skip
# Abbreviations that are not prefixes of a full name above.
_MONTH_EXTRA = {"agt": 8, "mrt": 3, "mrz": 3}


def _fold(word: str) -> str:
    """Lower case without accents or a trailing period: 'Févr.' -> 'fevr'."""
    decomposed = unicodedata.normalize("NFKD", word.strip(".").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    ambiguous: set[str] = set()
    for number, names in enumerate(_MONTH_NAMES, start=1):
        for name in names:
            for end in range(3, len(name) + 1):
                prefix = name[:end]
                if table.get(prefix, number) != number:
                    ambiguous.add(prefix)  # 'jui' is juin or juillet: not a month
                table[prefix] = number
    for word in ambiguous:
        del table[word]
    table.update({_fold(k): v for k, v in _MONTH_EXTRA.items()})
    return table


_MONTHS = _month_table()

# Zone names seen in feeds that email.utils does not know.
_ZONES = {
    "WIB": 7 * 60,
    "WITA": 8 * 60,
    "WIT": 9 * 60,
    "CET": 60,
    "CEST": 120,
    "MEZ": 60,
    "MESZ": 120,
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5 * 60,
    "EDT": -4 * 60,
    "CST": -6 * 60,
    "CDT": -5 * 60,
    "MST": -7 * 60,
    "MDT": -6 * 60,
    "PST": -8 * 60,
    "PDT": -7 * 60,
}

# [day name[,]] day [.] month [.] year hour:minute[:second] [zone]; every part bounded.
_DATE_RE = re.compile(
    r"\A\s*(?:[^\W\d_]{2,12}\.?,?\s+)?"
    r"(\d{1,2})\.?\s+([^\W\d_]{3,12})\.?,?\s+(\d{4})"
    r"(?:,?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?"
    r"\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*\Z"
)


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation in English, Indonesian or a common European language."""
    return _MONTHS.get(_fold(word))


def parse_date(value: str) -> datetime | None:
    """A UTC datetime from an RFC 822-shaped date with day and month names in any of the
    languages above, or None when the text is not such a date. A missing zone is UTC."""
    if not isinstance(value, str) or len(value) > 120:
        return None
    match = _DATE_RE.match(value)
    if match is None:
        return None
    day, month_word, year, hour, minute, second, zone = match.groups()
    month = month_number(month_word)
    if month is None:
        return None
    offset = _offset(zone)
    if offset is None:
        return None
    try:
        local = datetime(
            int(year),
            month,
            int(day),
            int(hour or 0),
            int(minute or 0),
            min(int(second or 0), 59),
            tzinfo=timezone(timedelta(minutes=offset)),
        )
        return local.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _offset(zone: str | None) -> int | None:
    """Minutes east of UTC, or None for a zone name nobody agrees on."""
    if not zone:
        return 0
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        if minutes >= 24 * 60:
            return None
        return -minutes if zone[0] == "-" else minutes
    return _ZONES.get(zone.upper())
