"""A terminal browser (w3m, lynx...) gets the reader's terminal: the reader steps aside, the
browser runs in the foreground with the link as one argument and no shell, and the reader
comes back where it was. A graphical browser is still started on its own."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kalbartui import browser
from kalbartui.config import ConfigError, load_config
from kalbartui.paths import Paths
from tests.ui.builders import article, fill_store
from tests.ui.conftest import AppFactory, notifications, offline_config, until

# A stand-in browser: it writes down its arguments, whether it has a terminal (and in which
# mode: a reader still holding it would leave it raw), then exits. No shell anywhere.
FAKE_BROWSER = """#!{python}
import json, os, sys
record = {{"argv": sys.argv[1:], "tty": os.isatty(0) and os.isatty(1),
          "marker": os.environ.get("KALBARTUI_TEST_SUSPENDED", "")}}
if record["tty"]:
    import termios
    lflag = termios.tcgetattr(0)[3]
    record["canonical"] = bool(lflag & termios.ICANON)
    record["echo"] = bool(lflag & termios.ECHO)
with open({out!r}, "a", encoding="utf-8") as fh:
    fh.write(json.dumps(record) + "\\n")
"""

URL_WITH_SHELL = "https://kalbar.example/berita/1/?q=$(touch${IFS}pwned)&r=%s%u;`id`"


def fake_browser(where: Path, name: str = "w3m") -> tuple[Path, Path]:
    """An executable called `name` (a terminal browser's name) and the file it writes to."""
    where.mkdir(parents=True, exist_ok=True)
    out = where / "opened.jsonl"
    script = where / name
    script.write_text(FAKE_BROWSER.format(python=sys.executable, out=str(out)), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, out


def records(out: Path) -> list[dict[str, object]]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- which browser, which way


@pytest.mark.parametrize(
    ("command", "terminal"),
    [
        ("w3m %u", True),
        ("lynx -accept_all_cookies", True),
        ("/usr/local/bin/elinks %u", True),
        ("links2 -g %u", False),  # links in its graphics mode opens a window
        ("carbonyl", True),
        ("firefox --new-tab %u", False),
        ("'/opt/Peramban Saya/bin/chromium' %s", False),
    ],
)
def test_terminal_browsers_are_known_by_name(command: str, terminal: bool) -> None:
    launch = browser.plan("https://kalbar.example/a/", command=command, environ={})
    assert launch is not None and launch.terminal is terminal
    assert launch.argv[-1] == "https://kalbar.example/a/"


def test_the_setting_comes_before_browser_env_and_says_which_kind() -> None:
    env = {"BROWSER": "firefox"}
    url = "https://kalbar.example/a/"
    assert browser.plan(url, command="", environ=env) == browser.Launch(("firefox", url), False)
    assert browser.plan(url, command="lynx %u", environ=env) == browser.Launch(("lynx", url), True)
    # `browser_terminal` settles it either way, for $BROWSER too.
    assert browser.plan(url, terminal=True, environ={"BROWSER": "my-tui-browser"}) == (
        browser.Launch(("my-tui-browser", url), True)
    )
    assert browser.plan(url, command="w3m", terminal=False, environ={}).terminal is False  # type: ignore[union-attr]
    assert browser.plan(url, environ={}) is None  # neither: the webbrowser module decides


def test_the_url_is_one_argument_and_placeholders_inside_it_stay() -> None:
    launch = browser.plan(URL_WITH_SHELL, command="w3m -o confirm_qq=0 %u", environ={})
    assert launch is not None
    assert launch.argv == ("w3m", "-o", "confirm_qq=0", URL_WITH_SHELL)


def test_a_terminal_browser_runs_in_the_foreground_a_graphical_one_detached() -> None:
    started: list[tuple[str, list[str]]] = []
    url = "https://kalbar.example/a/"

    def detached(argv: object) -> None:
        started.append(("detached", list(argv)))  # type: ignore[call-overload]

    def foreground(argv: object) -> None:
        started.append(("foreground", list(argv)))  # type: ignore[call-overload]

    browser.open_url(url, command="w3m %u", runner=detached, foreground=foreground)
    browser.open_url(url, command="firefox %u", runner=detached, foreground=foreground)
    assert started == [("foreground", ["w3m", url]), ("detached", ["firefox", url])]
    # Nobody to hand the terminal over: said, never run detached with no terminal.
    with pytest.raises(browser.BrowserError, match="runs in a terminal"):
        browser.open_url(url, command="lynx", runner=detached)
    assert len(started) == 2


def test_a_real_terminal_browser_gets_a_shelly_link_as_one_argument(tmp_path: Path) -> None:
    script, out = fake_browser(tmp_path / "bin")
    marker = tmp_path / "pwned"
    url = URL_WITH_SHELL.replace("pwned", str(marker))
    browser.open_url(
        url,
        command=f"{script} %u",
        foreground=lambda argv: subprocess.run(list(argv), check=False),  # noqa: S603
    )
    assert [r["argv"] for r in records(out)] == [[url]]
    assert not marker.exists()


def test_javascript_links_never_reach_a_terminal_browser() -> None:
    ran: list[object] = []
    with pytest.raises(browser.RefusedScheme):
        browser.open_url(
            "javascript:alert(1)", command="w3m %u", runner=ran.append, foreground=ran.append
        )
    assert ran == []


def test_an_unclosed_quote_is_one_sentence() -> None:
    with pytest.raises(browser.BrowserError, match="a quote is not closed"):
        browser.open_url("https://kalbar.example/", environ={"BROWSER": "w3m 'tab"})


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('browser = "w3m \'tab"', "'browser' must be a program and its arguments"),
        ('browser_terminal = "yes"', "'browser_terminal' must be true or false"),
        ('list_style = "rapat"', '\'list_style\' must be "normal" or "compact"'),
    ],
)
def test_browser_and_list_settings_are_checked(tmp_path: Path, line: str, words: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'language = "en"\n{line}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert words in str(info.value)


def test_browser_settings_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'browser = "w3m -N %u"\nbrowser_terminal = true\nlist_style = "compact"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.browser, config.browser_terminal, config.list_style) == (
        "w3m -N %u", True, "compact",
    )  # fmt: skip
    assert load_config(tmp_path / "none.toml").browser_terminal is None


# ---------------------------------------------------------------- in the reader


async def test_o_hands_the_terminal_to_w3m_and_comes_back_to_the_same_place(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, out = fake_browser(tmp_path / "bin")
    stories = [
        article(n, f"Berita nomor {n}", minutes_ago=n, url=f"https://kalbar.example/berita/{n}/")
        for n in range(1, 6)
    ]
    app = make_app(stories, config=offline_config(browser=f"{script} -N %u"))
    suspended: list[str] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        # A test terminal cannot be handed over; this stands in for App.suspend and marks
        # the environment, so the browser can say it ran while the reader stood aside.
        suspended.append("in")
        monkeypatch.setenv("KALBARTUI_TEST_SUSPENDED", "yes")
        try:
            yield
        finally:
            monkeypatch.delenv("KALBARTUI_TEST_SUSPENDED")
            suspended.append("out")

    app.suspend = suspend  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "enter")  # the third article, full screen
        await pilot.pause()
        before = (app.main.articles.cursor, app.main.reading, app.focused, app.main.reader.article)
        await pilot.press("o")
        await until(pilot, lambda: bool(records(out)), "the browser to run")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert suspended == ["in", "out"]
        [opened] = records(out)
        assert opened["argv"] == ["-N", "https://kalbar.example/berita/3/"]
        assert opened["marker"] == "yes"  # it ran while the reader was suspended
        after = (app.main.articles.cursor, app.main.reading, app.focused, app.main.reader.article)
        assert after == before
        assert app.is_running


async def test_a_terminal_browser_where_the_terminal_cannot_be_handed_over(
    make_app: AppFactory, tmp_path: Path
) -> None:
    script, out = fake_browser(tmp_path / "bin", name="lynx")
    app = make_app(config=offline_config(browser=str(script)))
    async with app.run_test(size=(140, 40)) as pilot:  # headless: no terminal to suspend
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not records(out)
        assert any(
            sev == "error" and "berjalan di terminal" in msg for sev, msg in notifications(app)
        )
        assert app.is_running


# ---------------------------------------------------------------- on a real terminal


def _read_until(
    master: int,
    proc: subprocess.Popen[bytes],
    drawn: bytearray,
    done: Callable[[], bool],
    seconds: float,
) -> None:
    """Read what the reader draws into `drawn` until `done()`, it exits, or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done() and proc.poll() is None:
        if select.select([master], [], [], 0.05)[0]:
            try:
                drawn += os.read(master, 65536)
            except OSError:
                break


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_on_a_real_terminal_w3m_gets_the_tty_in_cooked_mode(tmp_path: Path) -> None:
    import fcntl
    import struct
    import termios

    script, out = fake_browser(tmp_path / "bin")
    paths = Paths(
        config=tmp_path / "config.toml", data_dir=tmp_path / "data", cache_dir=tmp_path / "cache"
    )
    stories = [
        article(n, f"Berita nomor {n}", minutes_ago=n, url=f"https://kalbar.example/berita/{n}/")
        for n in range(1, 4)
    ]
    fill_store(paths.database, stories).close()
    paths.config.write_text(
        'language = "en"\nrefresh_on_start = false\nrefresh_interval_minutes = 0\n'
        f'images = "cells"\nfeeds = []\nbrowser = "{script} %u"\n',
        encoding="utf-8",
    )
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "en_US.UTF-8"}
    env.pop("BROWSER", None)
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and package
        [sys.executable, "-m", "kalbartui", "--config", str(paths.config),
         "--data-dir", str(paths.data_dir)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    drawn = bytearray()
    try:
        # The first paint: the newest headline on screen.
        _read_until(master, proc, drawn, lambda: b"Berita nomor 1" in drawn, 60)
        assert b"Berita nomor 1" in drawn, bytes(drawn[-500:])
        os.write(master, b"o")
        _read_until(master, proc, drawn, lambda: len(records(out)) >= 1, 60)
        # Back from the browser, the reader takes keys again where it was: the next article.
        os.write(master, b"jo")
        _read_until(master, proc, drawn, lambda: len(records(out)) >= 2, 60)
        os.write(master, b"Q")
        _read_until(master, proc, drawn, lambda: False, 20)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        os.close(master)
    first, second = records(out)
    assert first["argv"] == ["https://kalbar.example/berita/1/"]
    assert second["argv"] == ["https://kalbar.example/berita/2/"]
    # The browser had the terminal, as the user's shell left it: lines and echo, not raw keys.
    assert first["tty"] is True and first["canonical"] is True and first["echo"] is True
