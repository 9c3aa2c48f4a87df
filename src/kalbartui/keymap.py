"""The reader's key binding ids, their default keys and where each is active.

The reader's bindings (in ui/) carry these ids and keys; a test holds the two together.
The config checks `[keys]` against this table, so a typo or a key bound to two actions
is one sentence at start-up, and the core never has to import Textual to know the ids.
"""

from __future__ import annotations

from collections.abc import Mapping

from kalbartui.i18n.catalog import N_

# Where a binding is active. "app" bindings work everywhere unless a focused pane has
# the same key; pane bindings only while that pane (or the search box) has the focus.
APP, LIST, READER, SIDEBAR, SEARCH = "app", "list", "reader", "sidebar", "search"

# (id, default keys, panes). Ids repeated across panes (down, open, back) are one action.
BINDINGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # newsboat's habit: q goes back one level (the article, a search) and quits from the top;
    # Q quits at once.
    ("back_or_quit", "q", (APP,)),
    ("quit", "Q", (APP,)),
    ("help", "question_mark,f1", (APP,)),
    ("refresh", "r", (APP,)),
    ("search", "slash", (APP,)),
    ("next_unread", "n", (APP,)),
    ("prev_unread", "p", (APP,)),
    ("toggle_read", "m", (APP,)),
    ("undo", "u", (APP,)),
    ("toggle_star", "s", (APP,)),
    ("tag", "t", (APP,)),
    ("unhide", "U", (APP,)),
    ("mark_all_read", "A", (APP,)),
    ("open_browser", "o", (APP,)),
    ("copy_link", "c", (APP,)),
    ("read_page", "space", (APP,)),
    ("read_page_back", "b", (APP,)),
    ("feed_errors", "e", (APP,)),
    ("by_author", "a", (APP,)),
    ("toggle_sidebar", "backslash,ctrl+b", (APP,)),
    ("down", "j,down", (LIST, READER, SIDEBAR)),
    ("up", "k,up", (LIST, READER, SIDEBAR)),
    ("top", "g,home", (LIST, READER, SIDEBAR)),
    ("bottom", "G,end", (LIST, READER, SIDEBAR)),
    ("page_down", "pagedown,ctrl+d", (LIST,)),
    ("page_up", "pageup,ctrl+u", (LIST,)),
    ("open", "enter,l", (LIST, SIDEBAR)),
    ("back", "escape,h", (LIST, READER)),
    ("full_text", "f", (READER,)),
    ("open_image", "i", (READER,)),
    *((f"open_link_{n}", str(n), (READER,)) for n in range(1, 10)),
    ("leave_search", "escape", (SEARCH,)),
)

BINDING_IDS: tuple[str, ...] = tuple(b[0] for b in BINDINGS)
DEFAULT_KEYS: dict[str, str] = {b[0]: b[1] for b in BINDINGS}
PANES: dict[str, tuple[str, ...]] = {b[0]: b[2] for b in BINDINGS}

# Keys Textual itself binds in the reader (with what they do, a catalog msgid); giving
# them to an action would hide these.
RESERVED_KEYS: dict[str, str] = {
    "tab": N_("Next pane"),
    "shift+tab": N_("Previous pane"),
    "ctrl+p": N_("Command palette"),
}

# Characters people write for keys that Textual names by word.
_KEY_ALIASES = {
    "?": "question_mark",
    "/": "slash",
    "\\": "backslash",
    "esc": "escape",
    "return": "enter",
    "pgdn": "pagedown",
    "pgup": "pageup",
}


def split_keys(keys: str) -> list[str]:
    """'j, down' -> ['j', 'down'], with common spellings turned into Textual's key names."""
    out = []
    for part in keys.split(","):
        key = part.strip()
        if key:
            out.append(_KEY_ALIASES.get(key if len(key) == 1 else key.lower(), key))
    return out


def resolve(keys: Mapping[str, str]) -> dict[str, str]:
    """The keys the reader binds for the user's `[keys]`: the user's own, plus one courtesy.

    Before `back_or_quit` existed, q quit: a config that says `quit = "q"` (the old
    behaviour, asked for again) gets it, and back-or-quit moves to quit's default key.
    """
    out = dict(keys)
    if "quit" in keys and "back_or_quit" not in keys:
        taken = set(split_keys(keys["quit"]))
        if taken & set(split_keys(DEFAULT_KEYS["back_or_quit"])):
            free = [k for k in split_keys(DEFAULT_KEYS["quit"]) if k not in taken]
            if free:
                out["back_or_quit"] = ",".join(free)
    return out


def _overlap(a: str, b: str) -> bool:
    """True when the two bindings can be active at the same moment."""
    pa, pb = PANES[a], PANES[b]
    return APP in pa or APP in pb or bool(set(pa) & set(pb))


def find_clash(keys: Mapping[str, str]) -> tuple[str, str, str] | None:
    """(key, one id, another id) for the first key that two actions would share, else None.

    `keys` holds the user's `[keys]` overrides; the other ids keep their default keys.
    """
    resolved = resolve(keys)
    bound: dict[str, list[str]] = {}
    for binding_id in BINDING_IDS:
        for key in split_keys(resolved.get(binding_id, DEFAULT_KEYS[binding_id])):
            bound.setdefault(key, [])
            if binding_id not in bound[key]:
                bound[key].append(binding_id)
    # Report a clash the user made before one that only involves defaults.
    for key, ids in sorted(bound.items(), key=lambda kv: not any(i in keys for i in kv[1])):
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if _overlap(first, second):
                    mine = [x for x in (first, second) if x in keys] or [first]
                    other = second if mine[0] == first else first
                    return key, mine[0], other
    return None
