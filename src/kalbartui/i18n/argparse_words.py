"""argparse's own words ("usage:", "options", "error: ...") in the user's language.

argparse looks its messages up through the module-level names `_` and `ngettext` (gettext)
each time it prints. Rather than install a process-wide gettext catalogue, `argparse_words`
swaps those two names for the length of one parse, to the catalog of the user's language,
and puts them back after.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from kalbartui.i18n.catalog import N_, Nn_, translator

# Python 3.11's argparse messages that a user of kalbartui can meet, marked for the catalog
# (argparse formats them itself, with %).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    Nn_("expected %s argument", "expected %s arguments"),
)


@contextmanager
def argparse_words(language: str) -> Iterator[None]:
    """Within the block, argparse speaks `language`."""
    catalog = translator(language).catalog
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = catalog.gettext  # type: ignore[attr-defined]
    argparse.ngettext = catalog.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
