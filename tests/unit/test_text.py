"""Relative and absolute times as a reader in Pontianak sees them, and the search-index text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kalbartui.i18n.times import absolute_time, relative_time
from kalbartui.text import html_text

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
WIB = ZoneInfo("Asia/Pontianak")


@pytest.mark.parametrize(
    ("ago", "id_", "en"),
    [
        (timedelta(seconds=20), "baru saja", "just now"),
        (timedelta(minutes=5), "5 menit lalu", "5 minutes ago"),
        (timedelta(minutes=1), "1 menit lalu", "1 minute ago"),
        (timedelta(hours=3), "3 jam lalu", "3 hours ago"),
        (timedelta(hours=30), "kemarin", "yesterday"),
        (timedelta(days=2, hours=1), "2 hari lalu", "2 days ago"),
        (timedelta(days=20), "7 Nov", "7 Nov"),
        (timedelta(days=400), "23 Okt 2025", "23 Oct 2025"),
    ],
)
def test_relative_time_in_both_languages(ago: timedelta, id_: str, en: str) -> None:
    assert relative_time(NOW - ago, NOW, "id") == id_
    assert relative_time(NOW - ago, NOW, "en") == en


def test_old_dates_show_in_the_readers_zone() -> None:
    # 20:00 UTC on 1 Nov is already 2 Nov in Pontianak (UTC+7).
    when = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
    assert relative_time(when, NOW, "id") == "1 Nov"
    assert relative_time(when, NOW, "id", WIB) == "2 Nov"


def test_absolute_time_names_the_indonesian_zone() -> None:
    when = datetime(2020, 2, 28, 3, 15, tzinfo=UTC)
    assert absolute_time(when, WIB, "id") == "Jumat, 28 Februari 2020 10.15 WIB"
    assert absolute_time(when, WIB, "en") == "Friday, 28 February 2020 10:15 WIB"
    assert absolute_time(when, ZoneInfo("Asia/Makassar"), "id").endswith("11.15 WITA")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_html_text_never_raises_and_leaves_no_controls(value: str) -> None:
    out = html_text(value)
    assert all(ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in out)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("HTTP 404 (not found)", "HTTP 404 (tidak ditemukan)"),
        ("HTTP 503 (service unavailable)", "HTTP 503 (layanan tidak tersedia)"),
        ("timed out after 20 s", "waktu habis setelah 20 detik"),
        ("cannot connect (offline?)", "tidak bisa terhubung (luring?)"),
        ("larger than the 10.0 MB limit", "lebih besar dari batas 10.0 MB"),
        ("not a feed (an HTML page)", "bukan umpan (halaman HTML)"),
        ("server asked to wait until 14:05", "server meminta menunggu sampai 14:05"),
        ("something new", "something new"),
    ],
)
def test_feed_errors_read_in_indonesian(stored: str, shown: str) -> None:
    from kalbartui.i18n import feed_error

    assert feed_error(stored, "id") == shown
    assert feed_error(stored, "en") == stored


def test_every_fetch_error_has_an_indonesian_reading() -> None:
    """Each English sentence the fetcher can store is translated, not passed through."""
    import re
    from pathlib import Path

    from kalbartui.i18n import feed_error

    feeds = Path(__file__).resolve().parents[2] / "src" / "kalbartui" / "feeds"
    modules = ("fetch.py", "fetch_errors.py", "fetch_limits.py", "api_session.py")
    source = "\n".join((feeds / name).read_text(encoding="utf-8") for name in modules)
    found = re.findall(r'(?:FetchError\(|error=)f?"([a-z][^"]*)', source)
    literals = [re.sub(r"\{[^}]*\}", "9", text) for text in found]  # f-string holes filled
    assert len(literals) >= 6
    for text in literals:
        assert feed_error(text, "id") != text, text
