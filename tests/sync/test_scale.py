"""10,000 entries on a real FreshRSS: a sync from nothing costs a bounded, counted number of
requests, and a sync with nothing changed only a handful."""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kalbartui.config import load_config
from kalbartui.store import Query, open_store
from kalbartui.sync import engine, greader
from tests.feedserver import FeedServer
from tests.sync import feeds, freshrss
from tests.sync.conftest import Reader

ENTRIES = 10_000

# FreshRSS fetching and storing 10,000 entries takes a quarter of a minute.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big_install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[freshrss.Install]:
    freshrss.require()
    server = FeedServer().start()
    try:
        site = feeds.big_site(server, 10, ENTRIES // 10)
        yield freshrss.install(
            tmp_path_factory.mktemp("freshrss-big"), site.subscriptions(), keep_max=ENTRIES
        )
    finally:
        server.stop()


def test_ten_thousand_entries_in_a_counted_number_of_requests(
    big_install: freshrss.Install, tmp_path: Path
) -> None:
    data = tmp_path / "freshrss-data"
    shutil.copytree(big_install.template, data)
    server = freshrss.FreshRSS(big_install, data).start()
    try:
        reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
        reader.configure(server.api_url)
        config = load_config(reader.config)
        server.requests()

        report = engine.run_sync(config, reader.database)
        assert report.ok, report.error
        assert report.new == ENTRIES
        seen = server.requests()
        assert len(seen) == report.requests
        contents = [r for r in seen if "items/contents" in r]
        assert len(contents) == math.ceil(ENTRIES / greader.CONTENTS_BATCH)
        # sign-in, subscriptions, three id lists (each one page, plus the empty page
        # FreshRSS asks for when a page comes back full), the contents batches.
        id_pages = math.ceil(ENTRIES / greader.IDS_PAGE) + 1
        assert len(seen) <= 2 + 2 * id_pages + 1 + len(contents)
        store = open_store(reader.database)
        try:
            assert store.count(Query("all")) == ENTRIES
            assert store.count(Query("unread")) == ENTRIES
        finally:
            store.close()

        again = engine.run_sync(config, reader.database)
        assert again.ok and again.new == 0
        # subscriptions, new ids since the last pull, the unread list (two pages), starred.
        assert len(server.requests()) == again.requests <= 5
    finally:
        server.stop()
