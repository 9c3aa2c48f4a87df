"""The reader's bindings and the core's table of binding ids (kalbartui.keymap) agree.

The config checks `[keys]` against the table without importing Textual; if a binding is
added, renamed or moved to another key in ui/, this test says the table must follow.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import kalbartui.ui
from kalbartui import keymap


def ui_bindings() -> list[tuple[str, Binding]]:
    """(class name, binding) for every binding with an id in every class under kalbartui.ui."""
    found: list[tuple[str, Binding]] = []
    seen: set[type] = set()
    for module_info in pkgutil.walk_packages(kalbartui.ui.__path__, "kalbartui.ui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                cls in seen
                or not issubclass(cls, DOMNode)
                or not cls.__module__.startswith("kalbartui.ui")
            ):
                continue
            seen.add(cls)
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    found.append((cls.__name__, binding))
    return found


def test_every_binding_id_in_the_reader_is_in_the_core_table_with_its_default_keys() -> None:
    bindings = ui_bindings()
    assert len(bindings) > 20
    for owner, binding in bindings:
        assert binding.id in keymap.BINDING_IDS, f"{owner}: {binding.id} missing in keymap.py"
        assert binding.key == keymap.DEFAULT_KEYS[binding.id], f"{owner}: {binding.id}"


def test_every_id_in_the_core_table_is_bound_in_the_reader() -> None:
    used = {binding.id for _, binding in ui_bindings()}
    assert set(keymap.BINDING_IDS) == used
