"""The store speaks kalbartui's errors only, and closes when its `with` block ends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kalbartui.store import DatabaseError, Query, Store, open_store
from kalbartui.store.db import connect


def test_a_with_block_closes_the_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "cache.sqlite3") as store:
        assert store.totals() == {"all": 0, "unread": 0, "starred": 0, "hidden": 0}
    with pytest.raises(sqlite3.ProgrammingError):
        store.conn.execute("SELECT 1")


def test_a_closed_store_raises_database_error_not_sqlite3(tmp_path: Path) -> None:
    store = open_store(tmp_path / "cache.sqlite3")
    store.close()
    for call in (
        lambda: store.totals(),
        lambda: store.page(Query()),
        lambda: store.toggle_star(1),
        lambda: store.set_meta("bahasa", "id"),
    ):
        with pytest.raises(DatabaseError) as caught:
            call()
        assert not isinstance(caught.value, sqlite3.Error)
        assert isinstance(caught.value.__cause__, sqlite3.Error)


def test_a_read_only_cache_refuses_a_write_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    open_store(path).close()
    with Store(connect(path, readonly=True)) as store:
        assert store.count(Query("unread")) == 0
        with pytest.raises(DatabaseError, match="cannot write the cache"):
            store.set_meta("bahasa", "id")
