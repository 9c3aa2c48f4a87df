"""Shared fixtures: a loopback feed server and an isolated kalbartui home; how the suite runs
in parallel (pytest-xdist, `make test`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.feedserver import DATA, FeedServer
from tests.hostile import recording

# A real full or read-only disk (tmpfs), for the cache tests and the reader's.
pytest_plugins = ["tests.disks"]

# Slow tests in files that another change is rewriting (the reader's UI): marked from here until
# the mark can move into the file itself.
SLOW_ELSEWHERE = ("tests/hostile/test_reader_hostile.py::",)


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark SLOW_ELSEWHERE; with xdist workers, hand the slow tests out first, so that no
    worker starts a half-minute test when the others are about to run out of work."""
    for item in items:
        if item.nodeid.startswith(SLOW_ELSEWHERE):
            item.add_marker(pytest.mark.slow)
    if hasattr(config, "workerinput"):  # an xdist worker; each one sorts the same way
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    recording.finish(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    recording.collected(ids)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    recording.take_from_worker(node)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read or write the user's real config or cache."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("KALBARTUI_CONFIG", raising=False)
    monkeypatch.delenv("KALBARTUI_DATA_DIR", raising=False)
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    return home


@pytest.fixture
def data_dir() -> Path:
    return DATA
