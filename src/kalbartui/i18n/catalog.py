"""Translations from gettext catalogs, and numbers from CLDR.

English is the source language: every string in the code is its own msgid, and
`locale/<lang>/LC_MESSAGES/kalbartui.mo` (compiled from the `.po` beside it, `make i18n`)
holds a translation. A language is available when its catalog is there: a third one needs a
`.po` file and no change to the code. The stdlib's `gettext` reads the catalogs; Babel gives
CLDR's numbers and names, loaded on the first number or date that needs them.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.core import Locale

DOMAIN = "kalbartui"
LOCALE_DIR = Path(__file__).with_name("locale")
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "marked, translated later"
    """Mark a string for the catalog where it is defined; it is translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_
    """Mark a counted message (singular, plural) for the catalog, translated where shown."""
    return singular, plural


@functools.cache
def available_languages() -> tuple[str, ...]:
    """English, then every language with a compiled catalog, by code."""
    found = sorted(
        path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


class Translator:
    """One language's strings, numbers and names. Formatting never reads the values' own
    format specs from feed text: only the message's placeholders are filled."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._catalog: gettext.NullTranslations = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[language], fallback=True
        )
        self._locale: Locale | None = None

    # ------------------------------------------------------------------ strings

    @property
    def catalog(self) -> gettext.NullTranslations:
        """The gettext catalog itself, for text formatted elsewhere (argparse's own %-style)."""
        return self._catalog

    def gettext(self, message: str, /, **fmt: object) -> str:
        """`message` in this language, its `{placeholders}` filled from `fmt`."""
        text = self._catalog.gettext(message)
        return text.format(**fmt) if fmt else text

    def ngettext(self, singular: str, plural: str, n: int, /, **fmt: object) -> str:
        """The form of a counted message for `n`; `{count}` is `n` as this language writes
        numbers, unless `fmt` gives it."""
        text = self._catalog.ngettext(singular, plural, n)
        return text.format(**{"count": self.number(n), **fmt})

    def pgettext(self, context: str, message: str, /, **fmt: object) -> str:
        """`gettext` for a message whose words mean different things in different places."""
        text = self._catalog.pgettext(context, message)
        return text.format(**fmt) if fmt else text

    # ------------------------------------------------------------------ CLDR

    @property
    def locale(self) -> Locale:
        """CLDR's data for this language (loaded on first use: ~40 ms)."""
        if self._locale is None:
            from babel.core import Locale, UnknownLocaleError

            try:
                self._locale = Locale.parse(self.language)
            except (UnknownLocaleError, ValueError):
                self._locale = Locale.parse(SOURCE_LANGUAGE)
        return self._locale

    def number(self, n: int) -> str:
        """A whole number as this language writes it ("2.345" in Indonesian)."""
        if -1000 < n < 1000:
            return str(n)  # no grouping to do: CLDR not needed
        from babel.numbers import format_decimal

        return format_decimal(n, locale=self.locale)

    def decimal(self, x: float, digits: int = 1, *, trim: bool = False) -> str:
        """A number with `digits` decimals ("6,5" in Indonesian); `trim`: at most that many,
        none for a whole number ("20", "2,5")."""
        from babel.numbers import format_decimal

        mark = "#" if trim else "0"
        pattern = "#,##0." + mark * digits if digits > 0 else "#,##0"
        return format_decimal(x, format=pattern, locale=self.locale)

    def names(self, kind: str, width: str) -> dict[int, str]:
        """CLDR's month or day names: `kind` "months" or "days", `width` "wide" or
        "abbreviated" (months 1-12, days 0 = Monday)."""
        table: Any = getattr(self.locale, kind)
        return dict(table["format"][width])


@functools.cache
def translator(language: str) -> Translator:
    """The one Translator of a language, shared by everything that speaks it."""
    return Translator(language)
