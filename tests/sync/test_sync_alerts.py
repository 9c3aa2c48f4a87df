"""With [sync], the articles a sync pulls are the new ones: an alert tells each match once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync import fakereader as fr
from tests.sync.conftest import Reader


@pytest.fixture
def fake() -> Iterator[fr.FakeReader]:
    server = fr.FakeReader().start()
    try:
        yield server
    finally:
        server.stop()


def test_a_sync_tells_each_matching_item_once(tmp_path: Path, fake: fr.FakeReader) -> None:
    reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    reader.configure(fake.url, password=fr.PASSWORD)
    text = reader.config.read_text(encoding="utf-8")
    reader.config.write_text(text.replace("[sync]", '[[alerts]]\nquery = "banjir"\n\n[sync]'))
    feed = fake.add_feed(1, "Kabar Kalbar", "Berita")
    now = int(time.time())
    fake.add_item(
        fr.Item(1_790_000_000_000_001, feed, "Banjir Rob Genangi Pesisir Sungai Kakap", now)
    )
    fake.add_item(fr.Item(1_790_000_000_000_002, feed, "Harga Beras Stabil Jelang Natal", now - 60))

    first = reader.run("refresh")
    assert first.status == 0, first.err
    bells = [line for line in first.out.splitlines() if line.startswith("🔔")]
    assert len(bells) == 1
    assert bells[0].startswith(
        "🔔 Banjir Rob Genangi Pesisir Sungai Kakap — Kabar Kalbar  https://"
    )

    fake.add_item(fr.Item(1_790_000_000_000_003, feed, "Jembatan Kapuas Dicat Ulang", now + 60))
    again = reader.run("refresh")
    assert again.status == 0, again.err
    assert "🔔" not in again.out
    listed = reader.run("alerts")
    assert len(listed.out.splitlines()) == 1 and "Sungai Kakap" in listed.out
