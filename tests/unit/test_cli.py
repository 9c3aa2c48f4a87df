"""The headless CLI as a user (or cron) runs it: a real process, a real cache, a loopback server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.feedserver import FeedServer, feed_route, site_feed, status_route


def kalbartui(*args: str, home: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["KALBARTUI_CONFIG"] = str(home / "config.toml")
    env["KALBARTUI_DATA_DIR"] = str(home / "data")
    return subprocess.run(
        [sys.executable, "-m", "kalbartui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=check,
    )


def configure(home: Path, server: FeedServer, *extra: str) -> None:
    server.routes["/feed/"] = feed_route(site_feed("wp_front.xml", server), etag='"1"')
    lines = ["keep_days = 0", "timeout_seconds = 5", "language = 'en'"]
    lines += [
        "[[feeds]]",
        f"url = '{server.url('/feed/')}'",
        "category = 'Berita'",
        "name = 'KalbarOnline'",
    ]
    for path in extra:
        lines += ["[[feeds]]", f"url = '{server.url(path)}'", "category = 'Lain'"]
    (home / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_refresh_then_list_search_categories_and_show(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    configure(tmp_path, feed_server)
    first = kalbartui("refresh", home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "KalbarOnline: 10 new" in first.stdout
    second = kalbartui("refresh", home=tmp_path)
    assert "KalbarOnline: unchanged" in second.stdout and second.returncode == 0

    listed = json.loads(
        kalbartui("list", "--json", "--limit", "5", home=tmp_path, check=True).stdout
    )
    assert len(listed) == 5
    keys = {
        "id",
        "title",
        "url",
        "author",
        "published",
        "categories",
        "feed",
        "read",
        "starred",
        "summary",
    }
    assert keys <= set(listed[0])
    assert listed[0]["published"].endswith("Z")
    assert [a["published"] for a in listed] == sorted(
        (a["published"] for a in listed), reverse=True
    )

    text = kalbartui(
        "list", "--category", "Berita", "--limit", "3", home=tmp_path, check=True
    ).stdout
    assert len(text.strip().splitlines()) == 3 and listed[0]["title"] in text

    word = listed[0]["title"].split()[1]
    hits = json.loads(kalbartui("search", word, "--json", home=tmp_path, check=True).stdout)
    assert listed[0]["id"] in [h["id"] for h in hits]

    cats = json.loads(kalbartui("categories", "--json", home=tmp_path, check=True).stdout)
    assert cats == [
        {
            "name": "Berita",
            "source": "",
            "unread": 10,
            "total": 10,
            "feeds": [{"name": "KalbarOnline", "unread": 10, "total": 10}],
        }
    ]

    shown = kalbartui(
        "show", str(listed[0]["id"]), "--width", "70", home=tmp_path, check=True
    ).stdout
    assert listed[0]["title"] in " ".join(shown.split())  # wrapped at 70 columns
    assert max(len(line) for line in shown.splitlines()) <= 70
    assert "\x1b" not in shown  # piped: plain text
    assert kalbartui("show", "999999", home=tmp_path).returncode == 1


def test_refresh_exit_status_is_1_when_a_feed_fails_and_good_ones_are_kept(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/gone"] = status_route(404)
    configure(tmp_path, feed_server, "/gone")
    proc = kalbartui("refresh", home=tmp_path)
    assert proc.returncode == 1
    assert "error: HTTP 404 (not found)" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert len(json.loads(kalbartui("list", "--json", home=tmp_path, check=True).stdout)) == 10


def test_opml_export_and_import_round_trip(feed_server: FeedServer, tmp_path: Path) -> None:
    configure(tmp_path, feed_server)
    out = tmp_path / "feeds.opml"
    kalbartui("export-opml", str(out), home=tmp_path, check=True)
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.toml").write_text("language = 'en'\n", encoding="utf-8")
    proc = kalbartui("import-opml", str(out), home=other, check=True)
    assert "added 1 feed to" in proc.stdout
    text = (other / "config.toml").read_text(encoding="utf-8")
    assert feed_server.url("/feed/") in text
    again = kalbartui("import-opml", str(out), home=other, check=True)
    assert "no new feeds" in again.stdout


def test_bad_opml_is_one_sentence_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline", encoding="utf-8")
    proc = kalbartui("import-opml", str(bad), home=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and str(bad) in proc.stderr


def test_version_and_help() -> None:
    from kalbartui import __version__

    out = subprocess.run(
        [sys.executable, "-m", "kalbartui", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"kalbartui {__version__}"
    helptext = subprocess.run(
        [sys.executable, "-m", "kalbartui", "--help"], capture_output=True, text=True, check=True
    )
    for command in (
        "refresh",
        "list",
        "search",
        "show",
        "categories",
        "import-opml",
        "export-opml",
        "paths",
    ):
        assert command in helptext.stdout


def test_an_empty_result_says_so_in_the_users_language(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    configure(tmp_path, feed_server)
    kalbartui("refresh", home=tmp_path, check=True)
    for args in (("search", "xyzzy"), ("list", "--starred")):
        proc = kalbartui(*args, home=tmp_path)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "no articles match\n", "")
    assert kalbartui("search", "xyzzy", "--json", home=tmp_path, check=True).stdout == "[]\n"
    config = tmp_path / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("language = 'en'", "language = 'id'"),
        encoding="utf-8",
    )
    proc = kalbartui("search", "xyzzy", home=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "tidak ada artikel yang cocok\n")


def test_the_opml_export_names_a_feed_by_its_own_title(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/pontianak/feed/"] = feed_route(site_feed("wp_pontianak.xml", feed_server))
    configure(tmp_path, feed_server, "/pontianak/feed/")  # that one is given no name
    before = kalbartui("export-opml", home=tmp_path, check=True).stdout
    assert f'text="{feed_server.url("/pontianak/feed/")}"' in before  # nothing fetched yet
    kalbartui("refresh", home=tmp_path, check=True)
    after = kalbartui("export-opml", home=tmp_path, check=True).stdout
    line = next(x for x in after.splitlines() if "/pontianak/feed/" in x)
    assert 'text="Pontianak – KalbarOnline" title="Pontianak – KalbarOnline"' in line
