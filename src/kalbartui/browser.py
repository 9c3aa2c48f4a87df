"""Opening an article's link in the user's browser: http and https only, never through a shell.

A graphical browser is started on its own and the reader carries on; a terminal browser (w3m,
lynx...) needs the terminal, so the reader hands it over and waits (see `open_url`).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kalbartui import urls
from kalbartui.problems import KalbarError


class BrowserError(KalbarError):
    """The link was not opened; its Problem says why."""


class RefusedScheme(BrowserError):
    """The link is not http or https (javascript:, file:, data:, a terminal escape...)."""

    def __init__(self, url: str, scheme: str) -> None:
        super().__init__("browser.refused", scheme=scheme or "scheme-less", url=url[:80])
        self.url = url
        self.scheme = scheme


def check_url(url: str) -> str:
    """The URL if kalbartui may open it, else RefusedScheme. Spaces and controls are refused too."""
    url = url.strip()
    if not urls.openable(url):
        raise RefusedScheme(url, urls.scheme(url) if url else "")
    return url


# Programs that draw in the terminal they are started from: they must run in the foreground,
# on the reader's terminal, while the reader waits. Anything else is a graphical browser,
# started on its own (detached). `browser_terminal` in the config says so where this guesses
# wrong.
TERMINAL_BROWSERS = frozenset(
    {
        "w3m",
        "lynx",
        "links",
        "links2",
        "elinks",
        "browsh",
        "carbonyl",
        "cha",  # Chawan
        "edbrowse",
        "netrik",
        "retawq",
        "www-browser",  # Debian's alternative for a text-mode browser
    }
)
_GRAPHICS_FLAGS = frozenset({"-g", "-graphics"})  # links -g draws in its own window
_PLACEHOLDER = re.compile(r"%[us]")  # %u (newsboat's) or %s ($BROWSER's): the URL


@dataclass(frozen=True, slots=True)
class Launch:
    """A browser to start: its arguments, and whether it runs on the reader's terminal."""

    argv: tuple[str, ...]
    terminal: bool


def is_terminal_browser(argv: Sequence[str]) -> bool:
    """True for a browser known to draw in the terminal (w3m, lynx...), by its program name."""
    if not argv:
        return False
    name = os.path.basename(argv[0])
    if name in ("links", "links2") and _GRAPHICS_FLAGS & set(argv[1:]):
        return False
    return name in TERMINAL_BROWSERS


def browser_command(url: str, browser: str) -> list[str]:
    """A browser command line as an argument list (split as a shell would, but never run by
    one): %u or %s is replaced by the URL, else the URL goes last. The URL is one argument.

    Like the webbrowser module, several commands may be given separated by ':'; the first is used.
    """
    first = browser.split(os.pathsep)[0]
    try:
        args = shlex.split(first)
    except ValueError:  # a quote not closed
        raise BrowserError("browser.unreadable", command=first[:80]) from None
    if not args:
        raise BrowserError("browser.empty")
    if any(_PLACEHOLDER.search(a) for a in args):
        # One pass, so a URL holding "%s" is never replaced in its turn.
        return [_PLACEHOLDER.sub(lambda _m: url, a) for a in args]
    return [*args, url]


def plan(
    url: str,
    *,
    command: str = "",
    terminal: bool | None = None,
    environ: Mapping[str, str] | None = None,
) -> Launch | None:
    """How to open an http(s) URL: the `browser` setting, else $BROWSER; None when neither is
    set (the webbrowser module decides). `terminal` overrides the guess by program name."""
    url = check_url(url)
    env = os.environ if environ is None else environ
    template = command.strip() or env.get("BROWSER", "").strip()
    if not template:
        return None
    argv = browser_command(url, template)
    return Launch(tuple(argv), is_terminal_browser(argv) if terminal is None else terminal)


Runner = Callable[[Sequence[str]], object]

# Secrets kalbartui may hold in its environment that no other program is given.
SECRET_ENV = ("KALBARTUI_SYNC_PASSWORD",)


def browser_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a browser is started with: ours, without the sync password."""
    env = os.environ if environ is None else environ
    return {key: value for key, value in env.items() if key not in SECRET_ENV}


def _spawn(args: Sequence[str]) -> object:
    # A list and no shell: the URL can never be read as shell syntax.
    return subprocess.Popen(  # noqa: S603
        list(args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=browser_environment(),
    )


def _console_browser(url: str, terminal: bool | None) -> Launch | None:
    """The webbrowser module's own choice when it is a text browser it would run on this
    terminal (w3m, lynx... where there is no display): run in the foreground instead."""
    try:
        chosen = webbrowser.get()
    except webbrowser.Error:
        return None
    # GenericBrowser waits for its program on the terminal; BackgroundBrowser and the
    # platform's own (xdg-open, macOS, Windows) start a window and return.
    if type(chosen) is not webbrowser.GenericBrowser or terminal is False:
        return None
    args = [chosen.name, *chosen.args]
    return Launch(tuple(_PLACEHOLDER.sub(lambda _m: url, a) for a in args), True)


def _system_browser(url: str) -> bool:
    """The webbrowser module's choice; a plain command (xdg-open, the usual one on Linux)
    is started here, without the sync password in its environment."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:  # none found
        return False
    if isinstance(controller, webbrowser.GenericBrowser):
        _spawn([controller.name, *(arg.replace("%s", url) for arg in controller.args)])
        return True
    return controller.open(url)


def open_url(
    url: str,
    *,
    command: str = "",
    terminal: bool | None = None,
    environ: Mapping[str, str] | None = None,
    runner: Runner = _spawn,
    foreground: Runner | None = None,
    fallback: Callable[[str], bool] | None = None,
) -> None:
    """Open an http(s) URL: with the `browser` setting (`command`) or $BROWSER as an argument
    list, else with the webbrowser module.

    A terminal browser runs through `foreground` (the reader hands it the terminal and waits);
    a graphical one is started detached by `runner`. Raises RefusedScheme for any other
    scheme and BrowserError when no browser started.
    """
    launch = plan(url, command=command, terminal=terminal, environ=environ)
    url = check_url(url)
    if launch is None and fallback is None:
        launch = _console_browser(url, terminal)
        fallback = _system_browser
    if launch is not None:
        start = runner
        if launch.terminal:
            if foreground is None:
                raise BrowserError("browser.no_terminal", program=launch.argv[0])
            start = foreground
        try:
            start(launch.argv)
        except OSError as exc:
            raise BrowserError(
                "browser.cannot_start", program=launch.argv[0], error=exc.strerror or str(exc)
            ) from None
        return
    assert fallback is not None
    try:
        opened = fallback(url)
    except webbrowser.Error as exc:
        raise BrowserError("browser.error", error=str(exc)) from None
    except OSError as exc:
        raise BrowserError("browser.error", error=exc.strerror or str(exc)) from None
    if not opened:
        raise BrowserError("browser.none")
