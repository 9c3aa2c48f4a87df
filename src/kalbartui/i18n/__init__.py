"""Every string kalbartui shows, in the user's language: gettext catalogs for the words (English
is the source; `locale/<lang>/LC_MESSAGES/kalbartui.po` translates it), CLDR for numbers, day
and month names (`catalog`), and times as a reader reads them (`times`). One `Translator` per
language, shared by everything that speaks it; nothing is installed process-wide.
"""

from kalbartui.i18n.catalog import N_, Nn_, Translator, available_languages, translator
from kalbartui.i18n.problems import words as message

__all__ = [
    "N_",
    "Nn_",
    "Translator",
    "available_languages",
    "message",
    "translator",
]
