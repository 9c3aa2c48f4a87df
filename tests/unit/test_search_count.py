"""Search as the user types: a count that stops early, and the same rows whichever plan reads them.

A real cache file of 3,000 articles: some words are in nearly all of them, some in a few
hundred, some in a handful, so both search plans (walking the time index, or sorting the
matches) and the capped count are used, and checked against the plain sorting plan.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from kalbartui.store import Query, Store
from kalbartui.store.queries import where_clause
from kalbartui.store.search import DENSE_SEARCH, SEARCH_COUNT_CAP
from kalbartui.store.window import ArticleWindow
from tests.ui.builders import article, fill_store

WORDS = ["banjir", "jembatan", "pelabuhan", "pelabuhannya", "sekolah", "tengkawang"]
TOTAL = 3000


def _story(i: int, rng: random.Random):  # noqa: ANN202
    words = ["warga", "kota"] if rng.random() < 0.9 else ["desa"]
    if rng.random() < 0.75:
        words.append("pemerintah")
    if rng.random() < 0.1:
        words.append(rng.choice(WORDS))
    if i % 700 == 0:
        words.append("choipan")
    # Minutes apart but not in id order: a feed often lists an older story after a newer one.
    minutes = (i * 37) % TOTAL + rng.random()
    if minutes >= 95:
        words.append("lampau")  # in nearly every article but the newest hundred
    rng.shuffle(words)
    return article(
        i + 1,
        f"Kabar {i + 1}",
        minutes_ago=minutes,
        paragraphs=(" ".join(words) + ".",),
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    rng = random.Random(13)
    path: Path = tmp_path_factory.mktemp("search") / "cache.sqlite3"
    s = fill_store(path, [_story(i, rng) for i in range(TOTAL)])
    yield s
    s.close()


def _sorted_matches(store: Store, query: Query) -> list[int]:
    """Every matching article id, newest first, by the plan that sorts all the matches."""
    where, params, join = where_clause(query, dense=False)
    rows = store.conn.execute(
        f"SELECT a.id FROM {join} WHERE {where} ORDER BY a.published DESC, a.id DESC", params
    ).fetchall()
    return [r[0] for r in rows]


TEXTS = [
    "warga kota",  # ~2,700 of 3,000: past the cap
    "pemerintah",  # ~2,250, and a prefix ("pemerintah*")
    "kota pemer",  # a prefix of the last word only
    "desa",  # ~300
    "pelabu",  # a prefix that matches two words
    "choipan",  # a handful
    "lampau",  # common, but not among the newest
    "tidakada",  # nothing
]


@pytest.mark.parametrize("text", TEXTS)
def test_count_and_pages_match_the_sorting_plan(store: Store, text: str) -> None:
    query = Query.search(text)
    expected = _sorted_matches(store, query)
    assert store.count(query) == len(expected)
    capped = store.count(query, at_most=SEARCH_COUNT_CAP)
    if len(expected) > SEARCH_COUNT_CAP:
        assert capped == SEARCH_COUNT_CAP + 1  # "more than 2,000"
    else:
        assert capped == len(expected)
    # The first page, and the pages after it by keyset, in list order.
    seen: list[int] = []
    page = store.page(query, limit=100)
    seen += [r.id for r in page.rows]
    while page.next_key is not None and len(seen) < 600:
        page = store.page(query, after=page.next_key, limit=100)
        seen += [r.id for r in page.rows]
    assert seen == expected[: len(seen)]
    assert len(seen) == min(len(expected), 600)


def test_the_common_searches_use_the_time_walk(store: Store) -> None:
    # The fixture is only a test of both plans if its common words are past DENSE_SEARCH.
    assert store.count(Query.search("warga kota")) > DENSE_SEARCH
    assert store.count(Query.search("pemerintah")) > DENSE_SEARCH
    assert store.count(Query.search("desa")) < DENSE_SEARCH


def test_a_capped_count_first_still_picks_a_plan_that_finds_every_row(store: Store) -> None:
    # A fresh store object on the same file: no count has been cached before the page.
    fresh = Store(store.conn)
    query = Query.search("warga kot")
    assert fresh.count(query, at_most=10) == 11
    assert [r.id for r in fresh.page(query, limit=100).rows] == _sorted_matches(store, query)[:100]


def test_a_whole_word_past_the_cap_is_counted_from_the_word_alone(store: Store) -> None:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        assert store.count(Query.search("warga kota"), at_most=SEARCH_COUNT_CAP) > 2000
    finally:
        store.conn.set_trace_callback(None)
    # One statement, on the whole words: the prefix "kota*" was never expanded.
    fts = [s for s in statements if "MATCH" in s]
    assert len(fts) == 1
    assert '"kota"*' not in fts[0]


def test_the_window_counts_the_rest_when_asked(store: Store) -> None:
    query = Query.search("warga kota")
    total = len(_sorted_matches(store, query))
    window = ArticleWindow(store, query, count_at_most=SEARCH_COUNT_CAP)
    assert window.count == SEARCH_COUNT_CAP and window.more
    assert window.row(SEARCH_COUNT_CAP) is None  # the list ends at the cap until counted
    assert window.count_all()
    assert window.count == total and not window.more
    assert window.row(total - 1) is not None
    assert not window.count_all()  # already exact


def test_a_small_search_is_exact_at_once(store: Store) -> None:
    window = ArticleWindow(store, Query.search("desa"), count_at_most=SEARCH_COUNT_CAP)
    assert window.count == len(_sorted_matches(store, Query.search("desa")))
    assert not window.more


def test_a_common_word_missing_from_the_newest_articles_pages_from_every_match(
    store: Store,
) -> None:
    query = Query.search("lampau")
    expected = _sorted_matches(store, query)
    assert len(expected) > DENSE_SEARCH
    # Ten rows: the newest hundred articles hold fewer than ten of its matches.
    assert [r.id for r in store.page(query, limit=10).rows] == expected[:10]


def test_a_common_word_reads_its_first_page_from_the_newest_articles(store: Store) -> None:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        rows = store.page(Query.search("warga kota"), limit=100).rows
    finally:
        store.conn.set_trace_callback(None)
    assert len(rows) == 100
    pages = [s for s in statements if "SELECT a.id, a.title" in s]
    assert len(pages) == 1 and "+rowid IN" in pages[0]


@pytest.mark.parametrize("text", ["warga kota", "pemerintah", "desa", "pelabu"])
@pytest.mark.parametrize("unread_only", [False, True])
def test_an_article_is_found_at_its_place_in_a_search(
    store: Store, text: str, unread_only: bool
) -> None:
    store.set_read(list(range(1, TOTAL + 1, 3)))  # a third read: the unread list differs
    query = replace(Query.search(text), unread_only=unread_only)
    expected = _sorted_matches(store, query)
    for position in (0, 1, 57, len(expected) // 2, len(expected) - 1):
        assert store.index_of(query, expected[position]) == position
    missing = next(i for i in range(1, TOTAL + 1) if i not in set(expected))
    assert store.index_of(query, missing) is None
