"""Opening links: http and https only, through an argument list, never a shell."""

from __future__ import annotations

import pytest

from kalbartui import browser
from tests.ui.builders import article
from tests.ui.conftest import AppFactory, notifications

REFUSED = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "ftp://kalbar.example/berkas",
    "mailto:redaksi@kalbar.example",
    "//kalbar.example/tanpa-skema",
    "https://kalbar.example/ada spasi",
    "https://kalbar.example/\x1b]52;c;aGk=\x07",
    "http:///tanpa-host",
    "",
]


@pytest.mark.parametrize("url", REFUSED)
def test_other_schemes_are_refused(url: str) -> None:
    calls: list[object] = []
    with pytest.raises(browser.RefusedScheme):
        browser.open_url(
            url, environ={"BROWSER": "firefox"}, runner=calls.append, fallback=calls.append
        )
    assert calls == []


def test_browser_env_is_split_into_arguments_and_the_url_is_one_argument() -> None:
    calls: list[list[str]] = []
    url = "https://kalbar.example/berita/1/?a=1&b=$(touch${IFS}/tmp/x);`id`"
    browser.open_url(
        url,
        environ={"BROWSER": "'/opt/my browser/bin' --new-tab"},
        runner=lambda a: calls.append(list(a)),
    )
    assert calls == [["/opt/my browser/bin", "--new-tab", url]]


def test_browser_env_with_a_placeholder() -> None:
    calls: list[list[str]] = []
    browser.open_url(
        "http://kalbar.example/",
        environ={"BROWSER": "firefox --new-tab %s:chromium"},
        runner=lambda a: calls.append(list(a)),
    )
    assert calls == [["firefox", "--new-tab", "http://kalbar.example/"]]


def test_without_browser_env_the_webbrowser_module_is_used() -> None:
    opened: list[str] = []
    browser.open_url(
        "https://kalbar.example/", environ={}, fallback=lambda u: opened.append(u) or True
    )
    assert opened == ["https://kalbar.example/"]


def test_no_browser_at_all_is_an_error() -> None:
    with pytest.raises(browser.BrowserError):
        browser.open_url("https://kalbar.example/", environ={}, fallback=lambda u: False)


def test_a_missing_browser_program_is_an_error() -> None:
    def missing(args: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    with pytest.raises(browser.BrowserError, match="cannot start"):
        browser.open_url(
            "https://kalbar.example/", environ={"BROWSER": "tidak-ada"}, runner=missing
        )


async def test_o_refuses_a_javascript_link_and_opens_an_https_one(make_app: AppFactory) -> None:
    app = make_app(
        [
            article(1, "Tautan jahat", minutes_ago=1, url="javascript:alert(document.cookie)"),
            article(2, "Tautan biasa", minutes_ago=2, url="https://kalbar.example/berita/2/"),
        ]
    )
    launched: list[str] = []
    app.launch_browser = launched.append
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert launched == []
        assert any(sev == "error" and "Ditolak" in msg for sev, msg in notifications(app))
        await pilot.press("j", "o")
        await app.workers.wait_for_complete()
        assert launched == ["https://kalbar.example/berita/2/"]


async def test_c_copies_only_web_links(make_app: AppFactory) -> None:
    app = make_app(
        [
            article(1, "Tautan jahat", minutes_ago=1, url="javascript:alert(1)"),
            article(2, "Tautan biasa", minutes_ago=2, url="https://kalbar.example/berita/2/"),
        ]
    )
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert copied == []
        assert any(sev == "error" and "Ditolak" in msg for sev, msg in notifications(app))
        await pilot.press("j", "c")
        await pilot.pause()
        assert copied == ["https://kalbar.example/berita/2/"]


async def test_a_failing_browser_becomes_a_notification(make_app: AppFactory) -> None:
    app = make_app([article(1, "Berita", minutes_ago=1)])

    def broken(url: str) -> None:
        raise browser.BrowserError("browser.none")

    app.launch_browser = broken
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert (
            "error",
            "Peramban tidak bisa dibuka: tidak ada peramban yang ditemukan (atur $BROWSER)",
        ) in notifications(app)


async def test_clicking_a_link_in_the_reader_opens_it(make_app: AppFactory) -> None:
    app = make_app(
        [article(1, "Pendek", author="", minutes_ago=1, url="https://kalbar.example/sumber/")]
    )
    launched: list[str] = []
    app.launch_browser = launched.append
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        # The pane's own lines, as wrapped on screen.
        lines = [app.main.reader.line_text(i) for i in range(app.main.reader.line_count)]
        y = next(i for i, line in enumerate(lines) if "https://kalbar.example/sumber/" in line)
        x = lines[y].index("https://") + 3
        # +1 for the pane's border, +1 more on x for its padding.
        await pilot.click("#reader", offset=(x + 2, y + 1))
        await app.workers.wait_for_complete()
        assert launched == ["https://kalbar.example/sumber/"]


async def test_number_keys_open_the_numbered_links_of_the_article(make_app: AppFactory) -> None:
    body = (
        'Lihat <a href="https://kalbar.example/satu/">satu</a> dan '
        '<a href="javascript:alert(1)">jahat</a> dan <a href="https://kalbar.example/dua/">dua</a>.'
    )
    app = make_app([article(1, "Bertaut", minutes_ago=1, paragraphs=(body,))])
    launched: list[str] = []
    app.launch_browser = launched.append
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter", "2")
        await app.workers.wait_for_complete()
        assert launched == ["https://kalbar.example/dua/"]  # the javascript: link has no number
        await pilot.press("7")
        await pilot.pause()
        assert launched == ["https://kalbar.example/dua/"]
        assert any(sev == "warning" and "[7]" in msg for sev, msg in notifications(app))
