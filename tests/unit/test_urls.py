"""The URL policy: what kalbartui fetches, opens, copies, shows, and how links are resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from kalbartui import urls


@pytest.mark.parametrize(
    "url",
    [
        "https://www.kalbaronline.com/feed/",
        "http://kalbar.example/berita?id=1",
        "HTTPS://X.example/",
    ],
)
def test_web_urls_with_a_host_are_openable(url: str) -> None:
    assert urls.openable(url)
    assert urls.is_web_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "https://",
        "//kalbar.example/x",
        "https://kalbar.example/a b",
        "https://kalbar.example/\x1b[31m",
        "https://kalbar.example/\x9b31m",
        "https://kalbar.example/\x7f",
    ],
)
def test_anything_else_is_not_openable(url: str) -> None:
    assert not urls.openable(url)


def test_link_url_resolves_relative_links_against_a_web_base_only() -> None:
    base = "https://www.kalbaronline.com/2024/05/01/banjir/"
    assert urls.link_url("../foto.jpg", base) == "https://www.kalbaronline.com/2024/05/01/foto.jpg"
    assert urls.link_url("/tag/pontianak", base) == "https://www.kalbaronline.com/tag/pontianak"
    assert urls.link_url("/tag/pontianak", "file:///tmp/x.xml") == ""
    assert urls.link_url("/tag/pontianak") == ""
    assert urls.link_url("#komentar", base) == ""
    assert urls.link_url("//cdn.example/a.png") == "https://cdn.example/a.png"


def test_link_url_gives_printable_ascii() -> None:
    assert urls.link_url("https://kalbar.example/berita baru") == (
        "https://kalbar.example/berita%20baru"
    )
    assert urls.link_url("https://kalbar.example/se\tni\nbu\rdaya") == (
        "https://kalbar.example/senibudaya"
    )
    assert urls.link_url("https://bücher.example/") == "https://xn--bcher-kva.example/"
    assert urls.link_url("https://kalbar.example/" + "a" * urls.MAX_URL) == ""


def test_absolute_web_url_for_feed_fields() -> None:
    base = "https://kalbar.example/feed/"
    assert urls.absolute_web_url("gambar/a.jpg", base) == "https://kalbar.example/feed/gambar/a.jpg"
    assert urls.absolute_web_url("https://lain.example/a b", base) == "https://lain.example/a%20b"
    assert urls.absolute_web_url("mailto:redaksi@kalbar.example", base) == ""
    assert urls.absolute_web_url("http://[::1", base) == ""
    assert urls.absolute_web_url("https://kalbar.example/x", base, limit=10) == ""


def test_feed_url_problem_accepts_http_https_and_file() -> None:
    def why(url: str, limit: int = 2048) -> str:
        return str(urls.feed_url_problem(url, limit))

    assert urls.feed_url_problem("https://kalbar.example/feed/", 2048) is None
    assert urls.feed_url_problem("file:///home/budi/feed.xml", 2048) is None
    assert "http, https and file" in why("ftp://kalbar.example/")
    assert "host" in why("https:///feed/")
    assert "no path" in why("file://")
    assert "too long" in why("https://kalbar.example/" + "a" * 30, 20)
    assert "spaces" in why("https://kalbar.example/a b")
    assert urls.feed_url_problem("", 2048) is not None


def test_scheme_allowed_counts_plain_paths_as_files() -> None:
    assert urls.scheme_allowed("https://kalbar.example/", urls.WEB_SCHEMES)
    assert not urls.scheme_allowed("/home/budi/feed.xml", urls.WEB_SCHEMES)
    assert urls.scheme_allowed("/home/budi/feed.xml", urls.FETCH_SCHEMES)
    assert urls.scheme_allowed("C:\\feeds\\kalbar.xml", urls.FETCH_SCHEMES)
    assert not urls.scheme_allowed("gopher://kalbar.example/", urls.FETCH_SCHEMES)


def test_file_urls_and_paths() -> None:
    assert urls.is_file_url("file:///tmp/feed.xml")
    assert urls.is_file_url("feeds/kalbar.xml")
    assert not urls.is_file_url("https://kalbar.example/feed/")
    assert urls.file_path("file:///tmp/berita%20kalbar.xml") == Path("/tmp/berita kalbar.xml")
    assert urls.file_path("~/feed.xml") == Path("~/feed.xml").expanduser()


def test_scheme_host_and_resolve() -> None:
    assert urls.scheme("HTTPS://Kalbar.example/") == "https"
    assert urls.has_web_scheme("http://kalbar.example/")
    assert not urls.has_web_scheme("ftp://kalbar.example/")
    assert urls.host("https://Kalbar.Example/feed/") == "kalbar.example"
    assert urls.host("feeds/kalbar.xml") == "feeds/kalbar.xml"
    assert urls.resolve("https://kalbar.example/a/b", "../c") == "https://kalbar.example/c"
    with pytest.raises(ValueError):
        urls.resolve("https://kalbar.example/", "http://[::1")
