"""The catalogs hold every string the code shows, each translated, and the compiled catalogs
are the ones the program reads: a translator adds a language with a .po file alone."""

from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kalbartui.i18n import available_languages, translator
from kalbartui.i18n.catalog import LOCALE_DIR

SRC = Path(__file__).resolve().parents[2] / "src" / "kalbartui"
KEYWORDS = {**DEFAULT_KEYWORDS, "Nn_": (1, 2)}
GETTEXT_NAMES = {"gettext", "ngettext", "pgettext", "N_", "Nn_"}
CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/kalbartui.po"))


def _extracted() -> dict[str, str]:
    """msgid (the singular of a counted one) -> where in the code it stands."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SRC), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def _names(text: str) -> set[str]:
    """The placeholders of a message: {brace} names, or argparse's %(name)s and bare %s."""
    braces = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    percents = set(re.findall(r"%\((\w+)\)|%[sdr]", text))
    return braces | percents


def test_there_is_a_catalog_and_english_is_the_source() -> None:
    assert CATALOGS, "no .po catalog found"
    assert available_languages()[0] == "en"
    assert "id" in available_languages()


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_string_of_the_code_is_in_the_catalog_and_translated(po: Path) -> None:
    catalog = read_po(po.open("rb"))
    assert not catalog.fuzzy, f"{po}: the header is marked fuzzy"
    missing = {m: where for m, where in _extracted().items() if catalog.get(m) is None}
    assert not missing, f"not in {po.name} (run `make i18n`): {missing}"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{po}: untranslated: {message.id!r}"
        assert "fuzzy" not in message.flags, f"{po}: fuzzy: {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = _names(ids[-1])
        for text in strings:
            # A translation may leave out {count} (Indonesian has one form for every number);
            # it never brings a placeholder the code does not fill.
            assert _names(text) <= wanted | _names(ids[0]), (message.id, text)


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalog_is_the_catalog(po: Path) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, read_po(po.open("rb")))
    assert po.with_suffix(".mo").read_bytes() == compiled.getvalue(), "run `make i18n`"


def test_no_message_is_built_at_run_time() -> None:
    """An extraction tool sees only literal strings: a message made of f-strings,
    concatenation or formatting would never reach a translator. (A name holding a message
    marked with N_ where it was written is the usual gettext way, and fine.)"""
    built = []
    for path in SRC.rglob("*.py"):
        if path.name == "catalog.py" and path.parent.name == "i18n":
            continue  # the Translator itself, handing its callers' messages on
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in GETTEXT_NAMES:
                continue
            count = 2 if name in ("ngettext", "Nn_", "pgettext") else 1
            args = node.args[:count]
            made = (ast.JoinedStr, ast.BinOp, ast.Call, ast.IfExp)
            if not args or any(isinstance(a, made) for a in args):
                built.append(f"{path.relative_to(SRC)}:{node.lineno}")
            # Babel leaves out a whole call that holds an f-string anywhere in it.
            if any(isinstance(k.value, ast.JoinedStr) for k in node.keywords):
                built.append(f"{path.relative_to(SRC)}:{node.lineno} (an f-string argument)")
    assert not built, built


def test_every_problem_the_code_reports_has_words() -> None:
    """Each code given to Problem.of or to one of the core's errors is in i18n.problems."""
    from kalbartui.i18n.problems import MESSAGES

    code_like = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    unknown = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "ConfigError" and len(node.args) > 1:
                arg, prefix = node.args[1], "config."
            elif (name == "of" or name.endswith("Error")) and node.args:
                arg, prefix = node.args[0], ""
            else:
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                code = prefix + arg.value
                if code_like.match(code) and code not in MESSAGES:
                    unknown.append(f"{path.relative_to(SRC)}:{node.lineno}: {code}")
    assert not unknown, unknown


def test_a_translator_speaks_its_catalog_and_falls_back_to_english() -> None:
    assert translator("id").gettext("Unread") == "Belum dibaca"
    assert translator("en").gettext("Unread") == "Unread"
    assert translator("xx").gettext("Unread") == "Unread"  # no such catalog: the source
    assert translator("id").ngettext("{count} feed", "{count} feeds", 2345) == "2.345 umpan"
    assert translator("en").ngettext("{count} feed", "{count} feeds", 1) == "1 feed"
    assert translator("en").number(2345) == "2,345"
