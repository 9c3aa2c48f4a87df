"""Fixtures for the reader's tests: an isolated data dir, a filled cache, a fixed clock."""

from __future__ import annotations

import asyncio
import socket
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.notifications import Notification, SeverityLevel
from textual.pilot import Pilot

from kalbartui.config import Config
from kalbartui.models import ParsedArticle
from kalbartui.paths import Paths
from kalbartui.ui.app import KalbarApp
from tests.ui.builders import NOW, fill_store, story_articles


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """Config and data in tmp; the environment points there too, so nothing reads the user's own."""
    config = tmp_path / "config" / "config.toml"
    data = tmp_path / "data"
    monkeypatch.setenv("KALBARTUI_CONFIG", str(config))
    monkeypatch.setenv("KALBARTUI_DATA_DIR", str(data))
    monkeypatch.delenv("BROWSER", raising=False)
    return Paths(config=config, data_dir=data, cache_dir=data / "cache")


def offline_config(**changes: Any) -> Config:
    base: dict[str, Any] = {
        "language": "id",
        "timezone": "Asia/Pontianak",
        "refresh_on_start": False,
        "refresh_interval_minutes": 0,
        "sources": (),
        "feeds": (),
    }
    base.update(changes)
    return Config(**base)


AppFactory = Callable[..., KalbarApp]


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, seconds: float = 60.0
) -> None:
    """Let the app run until `condition()` holds. `seconds` is no measure of speed: it only keeps
    a broken app from hanging the suite."""
    try:
        async with asyncio.timeout(seconds):
            while not condition():
                await pilot.pause(0.01)
    except TimeoutError:
        pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def make_app(paths: Paths) -> AppFactory:
    """A reader over a cache filled with `articles` (default: the six test stories), clock fixed at NOW."""

    def make(
        articles: Sequence[ParsedArticle] | None = None,
        *,
        config: Config | None = None,
        refresh: bool = False,
        error: str = "",
        feed_url: str | None = None,
    ) -> KalbarApp:
        chosen = story_articles() if articles is None else articles
        extra = {} if feed_url is None else {"feed_url": feed_url}
        store = fill_store(paths.database, chosen, error=error, **extra)
        store.close()
        app = KalbarApp(config or offline_config(), paths, clock=lambda: NOW, refresh=refresh)
        return app

    return make


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening: every connection is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never answers: a network that hangs."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    try:
        yield s.getsockname()[1]
    finally:
        s.close()


_SAID: weakref.WeakKeyDictionary[App[Any], list[Notification]] = weakref.WeakKeyDictionary()


@pytest.fixture(autouse=True)
def record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every notification an app shows, for `notifications`: each goes through App.notify
    (a widget's notify calls the app's), from any thread."""
    original = App.notify

    def notify(
        self: App[Any],
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        wait = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        shown = Notification(message, title, severity, wait, markup=markup)
        _SAID.setdefault(self, []).append(shown)
        original(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", notify)


def notices(app: App[Any]) -> list[Notification]:
    """The notifications the app has shown, in order (with `record_notifications` on)."""
    return list(_SAID.get(app, []))


def notifications(app: App[Any]) -> list[tuple[str, str]]:
    """(severity, message) of the notifications the app has shown."""
    return [(n.severity, n.message) for n in notices(app)]


async def refresh_over(app: KalbarApp, pilot: Pilot[Any], what: str = "the refresh") -> None:
    """Wait until a refresh has run to its end and its result is shown."""
    refresher = app.main.refresher
    await until(
        pilot,
        lambda: refresher.worker is not None and not (refresher.running or refresher.refreshing),
        what,
    )


def list_line(app: KalbarApp, y: int) -> str:
    """What the article list draws on its line y (as the terminal gets it)."""
    return "".join(segment.text for segment in app.main.articles.render_line(y))


def reader_text(app: KalbarApp) -> str:
    content = app.main.reader.content
    return content.plain if hasattr(content, "plain") else str(content)
