"""A FreshRSS user's story, against a real FreshRSS: the terminal and a phone share one
account; whatever happens to the network or to kalbartui, nothing read or starred is lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import time

import pytest

from kalbartui.store import open_store
from tests.sync import freshrss
from tests.sync.conftest import Reader


def articles(reader: Reader) -> list[dict]:
    r = reader.run("list", "--json", "--limit", "1000")
    assert r.status == 0, r.err
    return json.loads(r.out)


def server_ids_by_title(reader: Reader) -> dict[str, int]:
    """Which server item each stored article is, by its title (the cache keeps ids as text)."""
    conn = sqlite3.connect(reader.database)
    try:
        return {
            title: int(item)
            for title, item in conn.execute(
                "SELECT a.title, s.item_id FROM sync_items s JOIN articles a ON a.id = s.article_id"
            )
        }
    finally:
        conn.close()


def local_id(reader: Reader, item: int) -> int:
    conn = sqlite3.connect(reader.database)
    try:
        return conn.execute(
            "SELECT article_id FROM sync_items WHERE item_id = ?", (str(item),)
        ).fetchone()[0]
    finally:
        conn.close()


def queue(reader: Reader) -> list[tuple[int, str, int]]:
    conn = sqlite3.connect(reader.database)
    try:
        return [
            (int(item), field, value)
            for item, field, value in conn.execute(
                "SELECT item_id, field, value FROM sync_changes ORDER BY seq"
            )
        ]
    finally:
        conn.close()


def test_articles_and_labels_arrive_and_read_offline(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    r = reader.run("refresh")
    assert r.status == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].startswith("sync: signed in to 127.0.0.1")
    assert "sync: 3 feeds in 2 labels" in lines
    assert "sync: 13 new articles" in lines

    cats = json.loads(reader.run("categories", "--json").out)
    assert {(c["name"], c["total"]) for c in cats} == {("Kalbar", 6), ("Daerah", 7)}

    rows = articles(reader)
    assert len(rows) == len(server.ids()) == 13
    hostile = next(a for a in rows if "cabai" in a["title"])
    # FreshRSS sent "Harga ＜b＞cabai＜/b＞ ＆ bawang…": the title reads as the feed wrote it.
    assert hostile["title"] == "Harga cabai & bawang naik > 20% di Pontianak"
    assert hostile["feed"] == "KalbarOnline & Teman"
    assert hostile["author"] == "Redaksi Pontianak"
    assert hostile["url"].startswith("https://www.kalbaronline.com/")
    sambas = next(a for a in rows if "(nomor 101)" in a["title"])
    assert sambas["feed"] == "Sambas Hari Ini"
    assert "Ketapang" in sambas["categories"]

    # The server goes away; everything stays readable and searchable.
    server.stop()
    assert [a["title"] for a in json.loads(reader.run("search", "cabai", "--json").out)] == [
        hostile["title"]
    ]
    shown = reader.run("show", str(hostile["id"]), "--width", "100")
    assert shown.status == 0
    assert "Harga cabai rawit naik tajam." in shown.out
    assert "alert" not in shown.out and "script" not in shown.out
    store = open_store(reader.database)
    try:
        body = store.article(hostile["id"]).content_html
    finally:
        store.close()
    assert "https://www.kalbaronline.com/tautan-relatif/" in body  # made absolute, like a feed's

    # Nothing changed on the server: a handful of requests and nothing new.
    server.start()
    server.requests()
    again = reader.run("refresh")
    assert again.status == 0
    assert "sync: 0 new articles" in again.out
    assert len(server.requests()) <= 5


def test_read_and_star_in_kalbartui_reach_the_server(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    by_title = server_ids_by_title(reader)
    first, second = sorted(by_title.values())[:2]
    a, b = local_id(reader, first), local_id(reader, second)

    r = reader.run("mark", str(a), str(b), "--read")
    assert r.status == 0
    assert "2 changes wait for the next sync" in r.out
    assert reader.run("mark", str(b), "--star").status == 0
    assert len(queue(reader)) == 3
    # Written locally at once, on the server only after the next sync.
    assert first in server.unread_ids()

    r = reader.run("refresh")
    assert "sync: pushed 3 local changes" in r.out
    assert queue(reader) == []
    unread = server.unread_ids()
    assert first not in unread and second not in unread
    assert server.starred_ids() == {second}

    assert reader.run("mark", str(b), "--unstar").status == 0
    assert reader.run("mark", str(a), "--unread").status == 0
    assert reader.run("refresh").status == 0
    assert server.starred_ids() == set()
    assert first in server.unread_ids()


def test_changes_on_the_phone_arrive_after_a_sync(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    items = sorted(server.ids())
    server.edit(items[:4], add="read")
    server.edit(items[4:6], add="starred")

    r = reader.run("refresh")
    assert "sync: read and starred state, 6 changed on the server" in r.out
    rows = {local_id(reader, i): i for i in items}
    listed = {a["id"]: a for a in articles(reader)}
    for article_id, item in rows.items():
        assert listed[article_id]["read"] == (item in items[:4])
        assert listed[article_id]["starred"] == (item in items[4:6])
    # A sync that only applied the server's state queued nothing to send back.
    assert queue(reader) == []
    cats = {c["name"]: c["unread"] for c in json.loads(reader.run("categories", "--json").out)}
    assert sum(cats.values()) == 13 - 4


def test_an_unpushed_local_change_wins_over_the_older_server_state(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    x, y = sorted(server.ids())[:2]
    server.edit([x], add="read")  # the phone read x …
    assert reader.run("refresh").status == 0
    assert (
        reader.run("mark", str(local_id(reader, x)), "--unread").status == 0
    )  # … then the terminal
    server.edit([y], add="starred")  # the phone stars y
    assert reader.run("mark", str(local_id(reader, y)), "--read").status == 0

    assert reader.run("refresh").status == 0
    listed = {a["id"]: a for a in articles(reader)}
    assert listed[local_id(reader, x)]["read"] is False
    assert x in server.unread_ids()
    assert listed[local_id(reader, y)]["read"] is True and y not in server.unread_ids()
    assert listed[local_id(reader, y)]["starred"] is True  # a different field: the phone's stands

    # After the push the server is the truth again.
    server.edit([x], add="read")
    assert reader.run("refresh").status == 0
    assert {a["id"]: a for a in articles(reader)}[local_id(reader, x)]["read"] is True


def test_offline_the_queue_waits_for_the_server(reader: Reader, server: freshrss.FreshRSS) -> None:
    assert reader.run("refresh").status == 0
    items = sorted(server.ids())[:3]
    server.stop()
    assert reader.run("mark", *(str(local_id(reader, i)) for i in items), "--read").status == 0
    r = reader.run("refresh")
    assert r.status == 1
    assert r.err.splitlines() == [
        "sync: offline, cannot reach the sync server (connection refused); "
        "3 local changes wait for the next sync"
    ]
    assert "Traceback" not in r.out + r.err
    assert len(queue(reader)) == 3
    assert all(
        not a["read"]
        for a in articles(reader)
        if a["id"] not in {local_id(reader, i) for i in items}
    )

    server.start()
    r = reader.run("refresh")
    assert r.status == 0
    assert "sync: pushed 3 local changes" in r.out
    assert queue(reader) == []
    assert not set(items) & server.unread_ids()


def test_kill_9_loses_nothing_from_the_queue(reader: Reader, server: freshrss.FreshRSS) -> None:
    assert reader.run("refresh").status == 0
    items = sorted(server.ids())
    ids = [str(local_id(reader, i)) for i in items]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # One mark that finished …
    done = subprocess.run(reader.argv("mark", ids[0], "--star"), env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    # … and marks killed with SIGKILL at different moments, perhaps mid-transaction.
    for delay in (0.05, 0.15, 0.3, 0.6):
        proc = subprocess.Popen(reader.argv("mark", *ids[1:], "--read"), env=env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert (int(items[0]), "starred", 1) in queue(reader)
    # Flag and queue entry were written together or not at all.
    queued_read = {q[0] for q in queue(reader) if q[1] == "read"}
    listed = {a["id"]: a for a in articles(reader)}
    flagged_read = {i for i in items if listed[local_id(reader, i)]["read"]}
    assert queued_read == flagged_read

    # A sync killed halfway keeps whatever the server has not confirmed.
    proc = subprocess.Popen(reader.argv("refresh"), env=env, stdout=subprocess.DEVNULL)
    time.sleep(0.4)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert reader.run("refresh").status == 0
    assert queue(reader) == []
    assert server.starred_ids() == {items[0]}
    assert server.unread_ids() == set(items) - flagged_read


def test_a_wrong_password_is_one_sentence_and_loses_nothing(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    article = articles(reader)[0]["id"]
    assert reader.run("mark", str(article), "--star").status == 0
    (reader.data / "sync-auth.json").unlink()  # as after a password change on the server
    reader.configure(server.api_url, password="salah-sandi-ini")

    r = reader.run("refresh")
    assert r.status == 1
    assert r.err == "kalbartui: sync failed: the server refused the user name or password\n"
    assert "salah-sandi-ini" not in r.out + r.err
    assert len(articles(reader)) == 13
    assert len(queue(reader)) == 1
    assert not (reader.data / "sync-auth.json").exists()

    reader.configure(server.api_url)
    assert reader.run("refresh").status == 0
    assert queue(reader) == []


def test_the_token_is_private_and_the_password_is_stored_nowhere(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    token = reader.data / "sync-auth.json"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert json.loads(token.read_text())["username"] == freshrss.USER
    secret = freshrss.API_PASSWORD.encode()
    for path in reader.data.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes(), path
    # The kept token saves the sign-in next time.
    server.requests()
    assert reader.run("refresh").status == 0
    assert not any("ClientLogin" in line for line in server.requests())


def test_the_server_stopping_mid_sync_keeps_what_arrived(
    reader: Reader, server: freshrss.FreshRSS, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kalbartui.config import load_config
    from kalbartui.sync import engine

    monkeypatch.setattr(engine, "CONTENTS_BATCH", 5)
    config = load_config(reader.config)

    def stop_after_first_batch(step: engine.SyncStep) -> None:
        if not step.line and step.done == 1:
            server.stop()

    report = engine.run_sync(config, reader.database, stop_after_first_batch)
    assert report.offline and "cannot reach the sync server" in str(report.error)
    assert len(articles(reader)) == 5

    server.start()
    report = engine.run_sync(config, reader.database)
    assert report.ok, report.error
    assert report.new == 8
    assert len(articles(reader)) == 13


def test_new_entries_upstream_are_pulled_incrementally(
    reader: Reader, server: freshrss.FreshRSS, site
) -> None:
    from tests.sync import feeds

    assert reader.run("refresh").status == 0
    title, label, posts = site.feeds["/sambas.xml"]
    extra = [feeds.post(n, feeds.now(), "Sambas") for n in (150, 151)]
    site.feeds["/sambas.xml"] = (title, label, extra + posts)
    site.publish("/sambas.xml")
    try:
        freshrss.actualize(server.inst, server.data)
    finally:
        site.feeds["/sambas.xml"] = (title, label, posts)
        site.publish("/sambas.xml")
    server.requests()
    r = reader.run("refresh")
    assert "sync: 2 new articles" in r.out
    contents = [line for line in server.requests() if "items/contents" in line]
    assert len(contents) == 1
    assert len(articles(reader)) == 15
    assert any(a["title"].endswith("(nomor 150)") for a in articles(reader))


def test_feeds_are_not_fetched_directly_while_sync_is_on(
    reader: Reader, server: freshrss.FreshRSS, site
) -> None:
    reader.configure(
        server.api_url, extra=f'\n[[feeds]]\nurl = "{site.server.url("/kalbar.xml")}"\n'
    )
    site.server.hits.clear()
    assert reader.run("refresh").status == 0
    assert site.server.hits == []  # only FreshRSS fetches the feeds
    paths = reader.run("paths")
    assert "not fetched directly while [sync] is on" in paths.out


def test_sync_store_marks_from_the_reader_queue_only_server_items(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    store = open_store(reader.database)
    try:
        rows = store.page(__import__("kalbartui.store", fromlist=["Query"]).Query("all")).rows
        store.toggle_read(rows[0].id)  # what the reader's keys call
        store.toggle_star(rows[1].id)
        assert len(store.pending_changes()) == 2
    finally:
        store.close()


def test_a_token_the_server_no_longer_takes_means_signing_in_again(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    token = reader.data / "sync-auth.json"
    kept = json.loads(token.read_text())
    token.write_text(
        json.dumps({**kept, "auth": "pembaca/0000000000000000000000000000000000000000"})
    )
    server.requests()
    r = reader.run("refresh")
    assert r.status == 0, r.err
    assert "sync: signed in to" in r.out
    seen = server.requests()
    assert seen[0].startswith("GET") and any("ClientLogin" in line for line in seen)
    assert json.loads(token.read_text())["auth"] == kept["auth"]


def test_a_stopped_sync_keeps_its_batches_and_carries_on(
    reader: Reader, server: freshrss.FreshRSS, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from kalbartui.config import load_config
    from kalbartui.sync import engine

    monkeypatch.setattr(engine, "CONTENTS_BATCH", 4)
    stop = threading.Event()

    def quit_after_first_batch(step: engine.SyncStep) -> None:
        if not step.line and step.done == 1:
            stop.set()  # what quitting the reader does mid-sync

    config = load_config(reader.config)
    report = engine.run_sync(config, reader.database, quit_after_first_batch, stop=stop)
    assert str(report.error) == "the sync was stopped; it carries on next time"
    assert len(articles(reader)) == 4
    assert engine.run_sync(config, reader.database).new == 9


def test_a_tag_in_kalbartui_becomes_a_user_label_on_the_server(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    assert reader.run("refresh").status == 0
    first, second = sorted(server.ids())[:2]
    a, b = local_id(reader, first), local_id(reader, second)
    assert reader.run("tag", str(a), "Bacaan Nanti").status == 0
    assert reader.run("tag", str(b), "Bacaan Nanti").status == 0
    assert queue(reader) == [(first, "label:Bacaan Nanti", 1), (second, "label:Bacaan Nanti", 1)]
    r = reader.run("refresh")
    assert "sync: pushed 2 local changes" in r.out, r.out
    assert queue(reader) == []
    assert server.ids("user/-/label/Bacaan Nanti") == {first, second}

    assert reader.run("tag", str(a), "bacaan nanti", "--remove").status == 0
    assert reader.run("refresh").status == 0
    assert server.ids("user/-/label/Bacaan Nanti") == {second}
