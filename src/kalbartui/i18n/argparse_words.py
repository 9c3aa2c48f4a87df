"""argparse's own words ("usage:", "options", "error: ...") in the user's language.

argparse looks its messages up through the module-level names `_` and `ngettext` (gettext)
each time it prints. Rather than install a process-wide gettext catalogue, `argparse_words`
swaps those two names for the length of one parse and puts them back after.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Python 3.11's argparse messages that a user of kalbartui can meet, in Indonesian.
_ID: dict[str, str] = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan tidak dikenal: %(value)r (pilih salah satu: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "paling sedikit satu nilai",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opsi %(option)s bisa berarti %(matches)s"
    ),
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "argumen %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)"
    ),
}
_ID_PLURAL: dict[str, str] = {"expected %s argument": "perlu %s nilai"}


def _gettext(language: str) -> Callable[[str], str]:
    def gettext(text: str) -> str:
        return _ID.get(text, text) if language == "id" else text

    return gettext


def _ngettext(language: str) -> Callable[[str, str, int], str]:
    def ngettext(singular: str, plural: str, n: int) -> str:
        if language == "id" and singular in _ID_PLURAL:
            return _ID_PLURAL[singular]
        return singular if n == 1 else plural

    return ngettext


@contextmanager
def argparse_words(language: str) -> Iterator[None]:
    """Within the block, argparse speaks `language` ("id" or "en")."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _gettext(language)  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext(language)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
