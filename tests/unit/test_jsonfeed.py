"""JSON Feed 1.0 and 1.1 are read like RSS and Atom: the same fields, the same cleaning, the
same limits; any other JSON is still not a feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kalbartui.feeds.parse import FeedParseError, parse_feed
from kalbartui.models import ParsedFeed

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
URL = "https://warta.example.id/feed.json"
JSON_TYPE = "application/feed+json"


def parse(document: Any, content_type: str = JSON_TYPE) -> ParsedFeed:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return parse_feed(data, URL, NOW, content_type)


def feed(*items: dict[str, Any], version: str = "1.1", **top: Any) -> dict[str, Any]:
    return {
        "version": f"https://jsonfeed.org/version/{version}",
        "title": "Warta",
        "items": list(items),
        **top,
    }


def test_a_json_feed_1_1_gives_the_same_fields_as_an_rss_feed() -> None:
    parsed = parse((DATA / "jsonfeed_1_1.json").read_bytes())
    assert parsed.title == "Warta Kapuas"
    assert parsed.link == "https://warta.example.id/"
    first, second = parsed.articles
    assert first.guid == "https://warta.example.id/2026/11/sungai-kapuas/"
    assert first.url == "https://warta.example.id/2026/11/sungai-kapuas/"
    assert first.title == "Sungai Kapuas meluap di Sintang"
    assert first.author == "Dewi Lestari, Budi Santoso"
    assert first.published == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    assert not first.published_estimated
    assert first.categories == ("Sintang", "Banjir")
    assert first.summary == "Air Sungai Kapuas naik sejak pagi."
    assert "<b>Sungai Kapuas</b>" in first.content_html
    assert 'href="https://warta.example.id/arsip/"' in first.content_html  # made absolute
    assert first.image_url == "https://warta.example.id/img/kapuas.jpg"
    # content_text: paragraphs, its words kept; a plain-text title keeps "<template>".
    assert second.title == "Memakai elemen <template> di HTML"
    assert "<p>Paragraf pertama.</p>" in second.content_html
    assert "a &lt; b" in second.content_html
    assert second.author == "Redaksi Warta"  # the feed's authors stand in
    assert second.image_url == "https://warta.example.id/img/banner.png"
    assert second.published == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_json_feed_1_0_author_and_numeric_ids() -> None:
    parsed = parse(
        feed(
            {"id": 7, "url": "https://a.example/7", "title": "Tujuh", "author": {"name": "Ani"}},
            {"id": 8, "content_text": "Tanpa judul, tanpa tanggal."},
            version="1",
            author={"name": "Redaksi"},
        )
    )
    seven, eight = parsed.articles
    assert (seven.guid, seven.author) == ("7", "Ani")
    assert eight.author == "Redaksi"
    assert eight.title == "Tanpa judul, tanpa tanggal."  # from the text, as for RSS
    assert eight.published == NOW and eight.published_estimated


def test_dates_in_rfc_3339_with_fractions_offsets_and_nonsense() -> None:
    parsed = parse(
        feed(
            {"id": "a", "title": "a", "date_published": "2026-11-27T01:02:03.456-05:30"},
            {"id": "b", "title": "b", "date_published": "kemarin sore"},
            {"id": "c", "title": "c", "date_published": "2026-02-30T00:00:00Z"},
            {"id": "d", "title": "d", "date_published": "2026-11-27T01:02:03+99:00"},
            {"id": "e", "title": "e", "date_modified": "2026-11-20T00:00:00z"},
        )
    )
    when = {a.guid: (a.published, a.published_estimated) for a in parsed.articles}
    assert when["a"] == (datetime(2026, 11, 27, 6, 32, 3, tzinfo=UTC), False)
    assert when["b"] == (NOW, True) and when["c"] == (NOW, True) and when["d"] == (NOW, True)
    assert when["e"] == (datetime(2026, 11, 20, tzinfo=UTC), False)


def test_hostile_fields_are_cleaned_and_wrong_types_ignored() -> None:
    parsed = parse(
        feed(
            {
                "id": "x",
                "url": "javascript:alert(1)",
                "title": "Judul\x1b[31m merah\x07",
                "content_html": "<p>Isi\x1b]0;hacked\x07</p><script>alert(1)</script>",
                "image": "file:///etc/passwd",
                "authors": "bukan daftar",
                "tags": ["A", 5, {"x": 1}, "B\x1b[2J"],
            },
            {"id": ["bukan", "teks"], "title": 12, "content_html": {"x": 1}, "url": 3},
            "bukan objek",
            title="Warta\x9b31m",
        )
    )
    first = parsed.articles[0]
    assert first.url == ""  # only http(s) links are kept
    assert first.title == "Judul merah"
    assert "\x1b" not in first.content_html and "hacked" not in first.content_html
    assert first.image_url == ""
    assert first.categories == ("A", "B")
    assert "\x9b" not in parsed.title
    assert len(parsed.articles) == 1  # the item with nothing of the right type is dropped


def test_lengths_and_counts_are_capped() -> None:
    items = [{"id": str(i), "title": "x" * 5000, "tags": ["t"] * 500} for i in range(3)]
    items += [{"id": str(i), "title": str(i)} for i in range(3, 10_050)]
    parsed = parse(feed(*items))
    assert len(parsed.articles) == 10_000
    assert len(parsed.articles[0].title) <= 1000
    assert parsed.articles[0].categories == ("t",)


def test_json_nested_too_deep_is_refused_in_one_sentence() -> None:
    deep = b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000
    deep += b"]" * 100_000 + b"}"
    with pytest.raises(FeedParseError, match="nested too deep"):
        parse(deep)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"items": []}', "a JSON document, not a JSON Feed"),
        (b'[{"version": "https://jsonfeed.org/version/1.1"}]', "not a JSON Feed"),
        (b'{"version": "2.0", "items": []}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "cannot be read"),
    ],
)
def test_other_json_is_still_not_a_feed(body: bytes, words: str) -> None:
    with pytest.raises(FeedParseError, match=words):
        parse(body)


def test_a_json_feed_with_no_items_is_still_a_feed() -> None:
    parsed = parse(feed())
    assert parsed.title == "Warta" and parsed.articles == ()
