"""kalbartui's reader app: config, paths, the cache, theme and keymap; the reader is MainScreen.

The cache is the truth on screen: the first paint reads only SQLite, and the network
(a refresh in a child process) only ever adds to it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.app import App
from textual.theme import Theme

from kalbartui.config import Config
from kalbartui.core import Core
from kalbartui.i18n import translator
from kalbartui.keymap import BINDING_IDS, resolve
from kalbartui.paths import Paths
from kalbartui.store import DatabaseError, open_readable
from kalbartui.ui.commands import KalbarCommands, LocalizedPalette
from kalbartui.ui.screens.main import MainScreen
from kalbartui.ui.state import load_state, save_state

if TYPE_CHECKING:
    from kalbartui.ui.terminal_probe import Question


class KalbarApp(App[int]):
    """kalbartui's reader. `clock` fixes the time (tests, screenshots); `refresh=False` keeps it offline."""

    CSS_PATH = "app.tcss"
    TITLE = "kalbartui"
    COMMANDS = {KalbarCommands}
    image_protocol = "cells"  # how pictures are drawn on their own; set before the app starts

    def __init__(
        self,
        config: Config,
        paths: Paths,
        clock: Callable[[], datetime] | None = None,
        refresh: bool = True,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        # A fixed clock is handed to the refresh's child process as a fixed time.
        self.fixed_clock = clock is not None
        self.background_refresh = refresh
        self.lang = config.language
        self.tz = config.tz()
        # What the reader does goes through the core, as the CLI's commands do.
        # On a full or read-only disk the cache opens for reading: the news is still there.
        self.core = Core(config, paths, open_readable(paths.database), clock=self.clock)
        self.store = self.core.store
        self.state: dict[str, Any] = load_state(paths.state_file)
        self._main: MainScreen | None = None
        # Swapped in tests; the real one runs the `browser` setting, $BROWSER or the
        # webbrowser module (from a worker thread).
        self.launch_browser: Callable[[str], None] = self._open_in_browser
        self._localize_palette_binding()
        if config.keys:
            # The config checked these against the same table of ids (kalbartui.keymap).
            keys = resolve(config.keys)
            self.set_keymap({k: v for k, v in keys.items() if k in BINDING_IDS})

    @property
    def config(self) -> Config:
        """The user's config (the core's)."""
        return self.core.config

    @config.setter
    def config(self, config: Config) -> None:
        self.core.config = config

    def now(self) -> datetime:
        """The time on screen: the real clock, or the fixed one of tests and screenshots."""
        return self.clock()

    @property
    def main(self) -> MainScreen:
        """The reader's main screen, under every dialog (made when the app starts)."""
        assert self._main is not None, "the app is not running"
        return self._main

    def _localize_palette_binding(self) -> None:
        # Textual adds the ctrl+p binding itself, with an English description.
        bindings = self._bindings.key_to_bindings  # noqa: SLF001 - this app's own copy
        for key, items in bindings.items():
            bindings[key] = [
                replace(b, description=translator(self.lang).gettext("Command palette"))
                if b.action == "command_palette"
                else b
                for b in items
            ]

    def action_command_palette(self) -> None:
        """The command palette, with a placeholder in the user's language."""
        if self.use_command_palette and not LocalizedPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                LocalizedPalette(
                    self.lang,
                    placeholder=translator(self.lang).gettext(
                        "Search commands, categories, themes…"
                    ),
                    id="--command-palette",
                )
            )

    def search_themes(self) -> None:
        """The theme picker, in the user's language."""
        from textual.theme import ThemeProvider

        self.push_screen(
            LocalizedPalette(
                self.lang,
                providers=[ThemeProvider],
                placeholder=translator(self.lang).gettext("Search for themes…"),
            )
        )

    def on_mount(self) -> None:
        """The theme of the last run (and remember any change of it); then the reader."""
        theme = self.state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._main = MainScreen(self.lang, id="main")
        # Not pushed here: Textual starts the app inside a batch of updates, and a screen
        # laid out inside it is drawn and the drawing thrown away (~60 ms at 160×48, then a
        # second full layout before anything reaches the terminal). Pushed from the message
        # loop, the first drawing is the one the user sees.
        self.call_later(self._show_main)

    async def _show_main(self) -> None:
        assert self._main is not None
        await self.push_screen(self._main)

    def on_key(self, event: events.Key) -> None:
        """A key nothing took (bindings have had their turn): the reader may owe it to search."""
        if self._main is not None and self.screen is self._main:
            self._main.list_pane.retype_into_search(event)

    def on_unmount(self) -> None:
        """Close the cache."""
        self.store.close()

    def action_quit(self) -> None:  # type: ignore[override]
        """Leave with exit status 0."""
        self.exit(0)

    def _open_in_browser(self, url: str) -> None:
        # webbrowser and subprocess are imported on the first link opened, not before the
        # first paint.
        from kalbartui import browser

        config = self.config
        browser.open_url(
            url,
            command=config.browser,
            terminal=config.browser_terminal,
            foreground=self._in_foreground,
        )

    def _in_foreground(self, argv: Sequence[str]) -> object:
        # Called from the browser's worker thread: the program runs on the event loop's
        # thread, where the terminal can be handed over, and the worker waits for it.
        return self.call_from_thread(self.run_in_terminal, argv)

    def run_in_terminal(self, argv: Sequence[str]) -> int:
        """Run a terminal program (a text browser) in the foreground: the reader gives it the
        terminal, waits, and comes back as it was. Returns its exit status. No shell."""
        import signal
        import subprocess

        from textual.app import SuspendNotSupported

        from kalbartui.browser import BrowserError, browser_environment

        try:
            with self.suspend():
                # An argument list, no shell; the sync password stays with kalbartui.
                child = subprocess.Popen(list(argv), env=browser_environment())  # noqa: S603
                # Ctrl+C in the browser reaches the reader too (one terminal, one process
                # group): the browser decides what it means, the reader waits it out.
                previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    return child.wait()
                finally:
                    signal.signal(signal.SIGINT, previous)
        except SuspendNotSupported:
            raise BrowserError("browser.no_terminal", program=argv[0]) from None

    def set_theme(self, name: str) -> None:
        """Switch to a theme by name (command palette)."""
        self.theme = name

    def _remember_theme(self, theme: Theme) -> None:
        if self.state.get("theme") != theme.name:
            self.state["theme"] = theme.name
            save_state(self.paths.state_file, self.state)


def run_reader(config: Config, paths: Paths, asked: Question | None = None) -> int:
    """Open the reader; returns the exit status for the CLI. `asked`: the terminal's picture
    questions, sent before this module was imported (the answer is read here)."""
    from kalbartui.ui.images import detect_terminal

    # The terminal is asked what it can draw only before Textual takes it over.
    KalbarApp.image_protocol = detect_terminal(config.images, asked)
    try:
        app = KalbarApp(config, paths)
    except DatabaseError as exc:
        print(f"kalbartui: {exc}", file=sys.stderr)
        return 1
    result = app.run()
    if app.return_code not in (None, 0):
        return app.return_code
    return result or 0
