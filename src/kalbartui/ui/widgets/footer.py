"""The key footer, rebuilt only when the keys it shows change.

Textual's Footer mounts all its keys again (a CSS pass for each) on every "bindings
changed", which a focus change, a screen or `refresh_bindings` sends, often several in one
frame: 20-40 ms of the event loop each time on a slow machine, at start-up and whenever
focus moves, though the keys shown mostly stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FOOTER_FULL_FROM = 120  # columns: narrower terminals get the footer's short set of keys
# The footer's keys at narrow widths: the rest stay on `?` and in the palette. q goes back
# (and quits from the list), so esc's "back" is left to `?`.
FOOTER_NARROW = {"back_or_quit", "help", "search", "next_unread", "open"}


class KeyFooter(Footer):
    """A Footer that coalesces "bindings changed" and skips rebuilds that show the same keys."""

    _recompose_pending = False
    _shown: object = None
    _own_show: dict[tuple[int, str, str], bool] | None = None  # each binding's own `show`

    def fit(self, width: int, nodes: Iterable[DOMNode]) -> None:
        """The keys for a screen `width` wide, from the bindings of `nodes`: the footer cuts
        what does not fit mid-word, so narrow screens get fewer, chosen keys."""
        narrow = width < FOOTER_FULL_FROM
        for node in nodes:
            bindings = node._bindings.key_to_bindings  # noqa: SLF001 - the node's own copy
            for key, items in bindings.items():
                bindings[key] = [self._fitted(node, b, narrow) for b in items]
        self.compact = narrow
        self.show_command_palette = not narrow

    def _fitted(self, node: DOMNode, binding: Binding, narrow: bool) -> Binding:
        if self._own_show is None:
            self._own_show = {}
        key = (id(node), binding.id or "", binding.key)
        shown = self._own_show.setdefault(key, binding.show)
        show = shown and (not narrow or binding.id in FOOTER_NARROW)
        return binding if binding.show == show else replace(binding, show=show)

    def shown_keys(self) -> object:
        """What compose() would draw from: the shown bindings, their state, the options."""
        active = self.screen.active_bindings
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (
            tuple(
                (binding, enabled, tooltip)
                for (_node, binding, enabled, tooltip) in active.values()
                if binding.show
            ),
            self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE,
            None if palette is None else palette[1:],
            self.compact,
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self.shown_keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        if not self.is_attached or self.shown_keys() == self._shown:
            return
        await self.recompose()
        self._forget_removed_keys()

    def _forget_removed_keys(self) -> None:
        """Drop the watchers the removed keys left on this footer.

        Each key Textual's Footer composes binds its `compact` to the footer's, which puts a
        watcher holding the key on the footer; Textual drops those of removed widgets only
        when `compact` changes, which it almost never does. Every rebuild (focus moving
        between the list and the article) kept a dozen dead keys alive. Only the keys now on
        the footer keep their watcher."""
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for name, found in watchers.items():
            watchers[name] = [
                (node, callback)
                for node, callback in found
                if not isinstance(node, FooterKey) or node.parent is self
            ]
