"""Times as a reader reads them: "3 jam lalu" / "3 hours ago", and a full date for the byline.

The phrases come from the catalog, month and day names from CLDR (Babel). Nothing here
raises: a stored time that no time zone can show (year 1 west of UTC, say) reads "time unknown".
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from kalbartui.i18n.catalog import N_, Translator, translator

# Zones a language may name by their offset ("WIB" in Indonesian); a catalog that leaves one
# untranslated shows the zone's own name, else the offset.
_ZONES_BY_OFFSET = {
    7: N_("UTC+07:00"),
    8: N_("UTC+08:00"),
    9: N_("UTC+09:00"),
}


def _unknown(tr: Translator) -> str:
    return tr.gettext("time unknown")


def relative_time(
    when: datetime, now: datetime, language: str = "id", tz: tzinfo | None = None
) -> str:
    """'3 jam lalu' / '3 hours ago'; older than a week: the short date in the reader's zone."""
    tr = translator(language)
    try:
        return _relative_time(tr, when, now, tz)
    except (OverflowError, ValueError, TypeError, OSError):
        return _unknown(tr)


def _relative_time(tr: Translator, when: datetime, now: datetime, tz: tzinfo | None) -> str:
    delta = now - when
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return tr.gettext("just now")
    minutes = seconds // 60
    if minutes < 60:
        return tr.ngettext("{count} minute ago", "{count} minutes ago", minutes)
    hours = minutes // 60
    if hours < 24:
        return tr.ngettext("{count} hour ago", "{count} hours ago", hours)
    days = delta.days
    if days < 2:
        return tr.gettext("yesterday")
    if days < 7:
        return tr.ngettext("{count} day ago", "{count} days ago", days)
    local = when.astimezone(tz)
    month = tr.names("months", "abbreviated")[local.month]
    if local.year == now.astimezone(tz).year:
        return tr.gettext("{day} {month}", day=local.day, month=month)
    return tr.gettext("{day} {month} {year}", day=local.day, month=month, year=local.year)


SHORT_DATE_DAYS = 180  # a compact row dates an article by day and month this far back


def short_time(
    when: datetime, now: datetime, language: str = "id", tz: tzinfo | None = None
) -> str:
    """At most six characters, for a compact list row: the time today ('14.30' / '14:30'),
    day and month in the last half year ('28 Feb'), the year before that ('2019')."""
    tr = translator(language)
    try:
        local, today = when.astimezone(tz), now.astimezone(tz)
        if local.date() == today.date():
            hour, minute = f"{local.hour:02d}", f"{local.minute:02d}"
            return tr.gettext("{hour}:{minute}", hour=hour, minute=minute)
        if (today - local).days < SHORT_DATE_DAYS:
            month = tr.names("months", "abbreviated")[local.month]
            return tr.gettext("{day} {month}", day=local.day, month=month)
        return str(local.year)
    except (OverflowError, ValueError, TypeError, OSError):
        return "?"


def zone_abbreviation(local: datetime, language: str) -> str:
    """The zone's name in this language (WIB, WITA, WIT in Indonesian), else its own name,
    else its UTC offset."""
    offset = local.utcoffset() or timedelta(0)
    hours, rem = divmod(int(offset.total_seconds()), 3600)
    if rem == 0 and hours in _ZONES_BY_OFFSET:
        msgid = _ZONES_BY_OFFSET[hours]
        named = translator(language).gettext(msgid)
        if named != msgid:
            return named
    name = local.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    sign = "+" if offset >= timedelta(0) else "-"
    total = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{total // 60:02d}:{total % 60:02d}"


def absolute_time(when: datetime, tz: tzinfo | None, language: str = "id") -> str:
    """'Jumat, 28 Februari 2020 10.15 WIB' / 'Friday, 28 February 2020 10:15 WIB'."""
    tr = translator(language)
    try:
        local = when.astimezone(tz)
        hour, minute = f"{local.hour:02d}", f"{local.minute:02d}"
        return tr.gettext(
            "{weekday}, {day} {month} {year} {hour}:{minute} {zone}",
            weekday=tr.names("days", "wide")[local.weekday()],
            day=local.day,
            month=tr.names("months", "wide")[local.month],
            year=local.year,
            hour=hour,
            minute=minute,
            zone=zone_abbreviation(local, language),
        )
    except (OverflowError, ValueError, TypeError, OSError):
        return _unknown(tr)
