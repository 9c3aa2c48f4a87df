"""Key descriptions in the user's language: BINDINGS carry English msgids (marked with N_), a
node's copy gets the words."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from kalbartui.i18n import translator


def localize_bindings(node: DOMNode, language: str) -> None:
    """Swap the English descriptions of `node`'s bindings for words in `language`.

    Each node holds its own copy of its class's bindings, so this changes only this node.
    Binding ids and keys are kept, so `[keys]` remapping through the keymap still applies.
    """
    bindings: BindingsMap = node._bindings  # noqa: SLF001 - the instance's own copy
    for key, items in list(bindings.key_to_bindings.items()):
        bindings.key_to_bindings[key] = [
            replace(b, description=translator(language).gettext(b.description))
            if b.description
            else b
            for b in items
        ]
