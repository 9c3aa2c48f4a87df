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
        ("timed out after 2.5 s", "waktu habis setelah 2,5 detik"),
        ("cannot connect (offline?)", "tidak bisa terhubung (luring?)"),
        ("not a feed (an HTML page)", "bukan umpan (halaman HTML)"),
        ("server asked to wait until 14:05", "server meminta menunggu sampai 14:05"),
        (
            "category discovery failed: HTTP 403 (access forbidden)",
            "penemuan kategori gagal: HTTP 403 (akses ditolak)",
        ),
        ("something new", "something new"),
    ],
)
def test_errors_kept_in_english_by_an_older_cache_read_in_indonesian(
    stored: str, shown: str
) -> None:
    """A cache from before errors were codes: its sentences become Problems (migration v7)."""
    from kalbartui.i18n import message
    from kalbartui.store.legacy_errors import as_problem

    problem = as_problem(stored)
    assert message(problem, "id") == shown
    assert message(problem, "en") == stored


def test_sizes_and_numbers_read_as_the_language_writes_them() -> None:
    from kalbartui.i18n import message
    from kalbartui.problems import Problem, size

    limit = Problem.of("fetch.too_large", limit=size(10 * 1024 * 1024))
    assert message(limit, "en") == "larger than the 10.0 MB limit"
    assert message(limit, "id") == "lebih besar dari batas 10,0 MB"
