"""Everything the command line prints comes in the user's language, with English plurals right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kalbartui.cli.main import main
from tests.feedserver import FeedServer, feed_route, site_feed, status_route

# English words that must not show through in Indonesian output.
ENGLISH = re.compile(
    r"\b(new|unchanged|error|errors|feeds?|unread|articles?|wrote|usage|options|show this"
    r"|expected|no such|cannot|failed|skipped|COMMAND|FILE)\b"
)


def home(tmp_path: Path, server: FeedServer, language: str, *extra: str) -> list[str]:
    """A config for `language` with the front page feed (and `extra` paths); the CLI flags."""
    server.routes["/feed/"] = feed_route(site_feed("wp_front.xml", server), etag='"1"')
    lines = [f"language = '{language}'", "keep_days = 0", "timeout_seconds = 5"]
    lines += ["[[feeds]]", f"url = '{server.url('/feed/')}'", "name = 'KalbarOnline'"]
    lines += ["category = 'Berita'"]
    for path in extra:
        lines += ["[[feeds]]", f"url = '{server.url(path)}'", "name = 'Hilang'"]
    config = tmp_path / f"config-{language}.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["--config", str(config), "--data-dir", str(tmp_path / f"data-{language}")]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse: --help and usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_refresh_speaks_indonesian(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/gone"] = status_route(404)
    flags = home(tmp_path, feed_server, "id", "/gone")
    status, out, err = run(capsys, *flags, "refresh")
    assert status == 1
    assert "KalbarOnline: 10 baru" in out
    assert "Hilang: galat: HTTP 404 (tidak ditemukan)" in out
    assert re.search(r"^10 artikel baru dari 2 umpan dalam \d+,\d detik; 1 gagal$", out, re.M)
    assert not ENGLISH.search(out + err), out + err

    status, out, _ = run(capsys, *flags, "refresh")
    assert "KalbarOnline: tidak berubah" in out


def test_refresh_in_english_counts_one_feed_and_one_article_in_the_singular(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/gone"] = status_route(404)
    flags = home(tmp_path, feed_server, "en", "/gone")
    status, out, _ = run(capsys, *flags, "refresh")
    assert status == 1
    assert re.search(r"^10 new articles from 2 feeds in \d+\.\d s; 1 failed$", out, re.M)

    (tmp_path / "one").mkdir()
    one = home(tmp_path / "one", feed_server, "en")
    status, out, _ = run(capsys, *one, "refresh")
    assert status == 0
    assert re.search(r"^10 new articles from 1 feed in \d+\.\d s$", out, re.M)
    status, out, _ = run(capsys, *one, "refresh")
    assert re.search(r"^0 new articles from 1 feed in", out, re.M)


def test_categories_show_export_speak_the_chosen_language(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = home(tmp_path, feed_server, "id")
    run(capsys, *flags, "refresh")

    status, out, err = run(capsys, *flags, "categories")
    assert status == 0 and "belum dibaca" in out and "total" in out
    assert "unread" not in out

    status, out, err = run(capsys, *flags, "show", "999999")
    assert status == 1
    assert err == "kalbartui: tidak ada artikel bernomor 999999 (lihat `kalbartui list --json`)\n"

    target = tmp_path / "umpan.opml"
    status, out, _ = run(capsys, *flags, "export-opml", str(target))
    assert status == 0 and out == f"1 umpan ditulis ke {target}\n"

    status, out, err = run(capsys, *flags, "list", "--category", "Tidak Ada")
    assert status == 2 and "tidak ada kategori bernama 'Tidak Ada'" in err

    status, out, _ = run(capsys, *flags, "paths")
    assert out.startswith("konfigurasi ")
    assert not ENGLISH.search(err), err


def test_writing_one_feed_in_english_is_singular(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = home(tmp_path, feed_server, "en")
    target = tmp_path / "feeds.opml"
    status, out, _ = run(capsys, *flags, "export-opml", str(target))
    assert status == 0 and out == f"wrote 1 feed to {target}\n"


def test_help_and_argparse_errors_follow_the_configs_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text("language = 'id'\n", encoding="utf-8")
    status, out, _ = run(capsys, "--config", str(config), "--help")
    assert status == 0
    assert out.startswith("pemakaian: kalbartui")
    for words in ("argumen posisi", "opsi:", "tampilkan bantuan ini lalu keluar", "refresh"):
        assert words in out
    # Command names are what the user types, in any language: the `feeds` command is one.
    assert not ENGLISH.search(re.sub(r"(?m)^ {4}feeds\b", "", out)), out

    status, _, err = run(capsys, "--config", str(config), "list", "--limit", "0")
    assert status == 2 and "galat: argumen --limit: minimal 1, bukan 0" in err
    status, _, err = run(capsys, "--config", str(config), "lis")
    assert status == 2 and "pilihan tidak dikenal: 'lis'" in err

    config.write_text("language = 'en'\n", encoding="utf-8")
    status, out, _ = run(capsys, "--config", str(config), "list", "--help")
    assert out.startswith("usage: kalbartui list") and "only unread articles" in out


def test_without_a_config_the_locale_chooses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert run(capsys, "--help")[1].startswith("usage: ")
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert run(capsys, "--help")[1].startswith("pemakaian: ")


def test_argparse_is_left_as_it_was_after_a_parse(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    run(capsys, "--help")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_english_counts_take_the_singular_for_one_and_indonesian_never_changes() -> None:
    from kalbartui.i18n import translator

    en, id_ = translator("en"), translator("id")
    failed = ("{count} feed failed (e)", "{count} feeds failed (e)")
    assert en.ngettext(*failed, 1) == "1 feed failed (e)"
    assert en.ngettext(*failed, 2) == "2 feeds failed (e)"
    articles = ("{count} article", "{count} articles")
    assert en.ngettext(*articles, 1) == "1 article"
    assert en.ngettext(*articles, 1234) == "1,234 articles"
    assert id_.ngettext(*articles, 1234) == "1.234 artikel"
    wrote = ("wrote {count} feed to {file}", "wrote {count} feeds to {file}")
    assert en.ngettext(*wrote, 1, file="x.opml") == "wrote 1 feed to x.opml"
    assert id_.ngettext(*failed, 1) == id_.ngettext(*failed, 5).replace("5", "1")


def test_mark_speaks_the_chosen_language(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    for language, one, two in (
        ("en", "marked 1 article starred", "marked 2 articles read"),
        ("id", "1 artikel disimpan", "2 artikel ditandai sudah dibaca"),
    ):
        flags = home(tmp_path, feed_server, language)
        run(capsys, *flags, "refresh")
        run(capsys, *flags, "list", "--json")
        ids = [str(r["id"]) for r in json.loads(run(capsys, *flags, "list", "--json")[1])][:2]
        assert run(capsys, *flags, "mark", ids[0], "--star")[1] == one + "\n"
        assert run(capsys, *flags, "mark", *ids, "--read")[1] == two + "\n"
        status, _, err = run(capsys, *flags, "mark", "999999", "--read")
        assert status == 1 and "999999" in err
