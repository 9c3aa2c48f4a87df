"""The paging window under the article list: lazy, bounded, and following rows as the store changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kalbartui.store import Query, Store
from kalbartui.store.window import ArticleWindow
from tests.ui.builders import add_articles, article, fill_store, many_articles


class CountingStore:
    """The real store, with a tally of which read methods the window used."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[tuple[str, object, int]] = []

    def count(self, query: Query) -> int:
        return self.store.count(query)

    def page(self, query: Query, after=None, limit: int = 100):  # noqa: ANN001, ANN201
        self.calls.append(("page", after, limit))
        return self.store.page(query, after=after, limit=limit)

    def page_at(self, query: Query, offset: int, limit: int = 100):  # noqa: ANN201
        self.calls.append(("page_at", offset, limit))
        return self.store.page_at(query, offset, limit=limit)

    def index_of(self, query: Query, article_id: int) -> int | None:
        return self.store.index_of(query, article_id)


@pytest.fixture
def big(tmp_path: Path) -> Store:
    store = fill_store(tmp_path / "cache.sqlite3", many_articles(2500))
    yield store
    store.close()


def test_rows_come_in_order_newest_first(big: Store) -> None:
    window = ArticleWindow(big, Query(), page_size=50)
    assert window.count == 2500
    titles = [window.row(i).title for i in range(120)]
    assert titles == [f"Kabar singkat nomor {i + 1}" for i in range(120)]
    assert window.row(2500) is None
    assert window.row(-1) is None


def test_opening_a_list_reads_one_page_whatever_its_length(big: Store) -> None:
    counting = CountingStore(big)
    window = ArticleWindow(counting, Query(), page_size=100)  # type: ignore[arg-type]
    for i in range(40):  # a screenful
        window.row(i)
    assert counting.calls == [("page", None, 100)]


def test_scrolling_down_uses_the_keyset_cursor(big: Store) -> None:
    counting = CountingStore(big)
    window = ArticleWindow(counting, Query(), page_size=100)  # type: ignore[arg-type]
    for i in range(0, 350):
        window.row(i)
    kinds = [c[0] for c in counting.calls]
    assert kinds == ["page", "page", "page", "page"]
    assert all(c[1] is not None for c in counting.calls[1:])


def test_a_jump_reads_by_offset_and_continues_by_keyset(big: Store) -> None:
    counting = CountingStore(big)
    window = ArticleWindow(counting, Query(), page_size=100)  # type: ignore[arg-type]
    last = window.row(2499)
    assert last is not None and last.title == "Kabar singkat nomor 2500"
    assert counting.calls == [("page_at", 2400, 100)]
    assert window.row(1950).title == "Kabar singkat nomor 1951"
    assert counting.calls[-1] == ("page_at", 1900, 100)
    window.row(2050)  # the page after a page read by offset goes by its cursor
    assert counting.calls[-1][0] == "page" and counting.calls[-1][1] is not None


def test_the_page_cache_is_bounded(big: Store) -> None:
    counting = CountingStore(big)
    window = ArticleWindow(counting, Query(), page_size=10, max_pages=3)  # type: ignore[arg-type]
    for i in range(0, 200):
        window.row(i)
    held = len(counting.calls)
    for i in range(170, 200):  # pages 17, 18 and 19 are still held
        window.row(i)
    assert len(counting.calls) == held
    window.row(169)  # page 16 was let go
    assert len(counting.calls) == held + 1


def test_a_category_query_pages_like_any_other(big: Store) -> None:
    category = big.category_by_name("Ekonomi")
    assert category is not None
    window = ArticleWindow(big, Query.category(category.id), page_size=100)
    assert window.count == 1250
    assert window.row(0).title == "Kabar singkat nomor 2"
    assert window.row(1249).title == "Kabar singkat nomor 2500"


def test_invalidate_sees_new_articles_and_index_of_follows_a_row(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    store = fill_store(db, many_articles(30))
    window = ArticleWindow(store, Query(), page_size=10)
    followed = window.row(12)
    assert followed is not None
    add_articles(db, [article(9000 + i, f"Berita baru {i}", minutes_ago=-10 - i) for i in range(3)])
    assert window.count == 30  # cached until told
    window.invalidate()
    assert window.count == 33
    assert window.index_of(followed.id) == 15
    assert window.row(15).id == followed.id
    store.close()


def test_update_row_changes_flags_without_a_read(big: Store) -> None:
    window = ArticleWindow(big, Query(), page_size=100)
    first = window.row(0)
    reads = window.reads
    window.update_row(first.id, read=True, starred=True)
    changed = window.row(0)
    assert (changed.read, changed.starred) == (True, True)
    assert window.reads == reads


def test_next_and_previous_unread_skip_read_rows(big: Store) -> None:
    window = ArticleWindow(big, Query(), page_size=100)
    ids = [window.row(i).id for i in range(0, 600)]
    big.set_read(ids[1:500])  # rows 1..499 read; 0 and 500.. unread
    window.invalidate()
    assert window.next_unread(0) == 500
    assert window.next_unread(250) == 500
    assert window.previous_unread(500) == 0
    assert window.previous_unread(250) == 0
    assert window.previous_unread(0) is None
    big.set_read([ids[0]])
    assert window.previous_unread(400) is None


def test_next_unread_at_the_end_is_none(big: Store) -> None:
    window = ArticleWindow(big, Query(), page_size=100)
    assert window.next_unread(2499) is None
    assert window.next_unread(2498) == 2499


def test_previous_unread_far_above_uses_the_store_not_a_long_scan(big: Store) -> None:
    window = ArticleWindow(big, Query(), page_size=100)
    ids = [window.row(i).id for i in range(0, 2000)]
    big.set_read(ids[11:2000])  # 0..10 unread, then a long read stretch
    window.invalidate()
    assert window.previous_unread(1500, nearby=50) == 10
    assert window.previous_unread(40, nearby=50) == 10
    assert window.previous_unread(5, nearby=50) == 4


def test_a_window_told_its_length_does_not_count_until_the_store_changes(big: Store) -> None:
    statements: list[str] = []
    big.conn.set_trace_callback(statements.append)
    window = ArticleWindow(big, Query(), page_size=100, count=2500)
    assert window.count == 2500
    assert window.row(0) is not None
    assert not any("COUNT(" in s for s in statements)
    window.invalidate()
    assert window.count == 2500
    assert any("COUNT(" in s for s in statements)
    big.conn.set_trace_callback(None)
