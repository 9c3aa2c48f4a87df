"""Opening an article's link in the user's browser: http and https only, never through a shell."""

from __future__ import annotations

import os
import shlex
import subprocess
import webbrowser
from collections.abc import Callable, Mapping, Sequence

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


def browser_command(url: str, browser: str) -> list[str]:
    """$BROWSER as an argument list: '%s' is replaced by the URL, else the URL goes last.

    Like the webbrowser module, several commands may be given separated by ':'; the first is used.
    """
    first = browser.split(os.pathsep)[0]
    args = shlex.split(first)
    if not args:
        raise BrowserError("browser.empty")
    if any("%s" in a for a in args):
        return [a.replace("%s", url) for a in args]
    return [*args, url]


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
    environ: Mapping[str, str] | None = None,
    runner: Runner = _spawn,
    fallback: Callable[[str], bool] = _system_browser,
) -> None:
    """Open an http(s) URL with $BROWSER (argument list) or the webbrowser module.

    Raises RefusedScheme for any other scheme and BrowserError when no browser started.
    """
    url = check_url(url)
    env = os.environ if environ is None else environ
    browser = env.get("BROWSER", "").strip()
    if browser:
        args = browser_command(url, browser)
        try:
            runner(args)
        except OSError as exc:
            raise BrowserError(
                "browser.cannot_start", program=args[0], error=exc.strerror or str(exc)
            ) from None
        return
    try:
        opened = fallback(url)
    except webbrowser.Error as exc:
        raise BrowserError("browser.error", error=str(exc)) from None
    except OSError as exc:
        raise BrowserError("browser.error", error=exc.strerror or str(exc)) from None
    if not opened:
        raise BrowserError("browser.none")
