"""In the reader, an alert is a toast and a line on the status bar: the headline and the feed,
as plain text whatever the headline holds, once per article."""

from __future__ import annotations

import json

import pytest

from kalbartui.models import AlertSpec, FeedSpec
from tests.feedserver import FeedServer, feed_route
from tests.ui.conftest import AppFactory, notices, offline_config, refresh_over

SITE = "https://www.kalbaronline.com"
# A headline with Rich markup and a control character in it: shown as written, never styled.
HEADLINE = "[bold red]Banjir[/] Rendam Jalan Protokol di Sintang\x07"
SHOWN = "[bold red]Banjir[/] Rendam Jalan Protokol di Sintang"


def feed(extra: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Kabar Sintang</title>
  <link>{SITE}/sintang/</link>
  <description>Berita Kabupaten Sintang</description>
  <item>
    <title><![CDATA[{HEADLINE}]]></title>
    <link>{SITE}/2026/12/04/banjir-jalan-protokol/</link>
    <pubDate>Fri, 04 Dec 2026 06:00:00 +0000</pubDate>
    <guid isPermaLink="false">{SITE}/?p=8101</guid>
    <content:encoded><![CDATA[<p>Genangan setinggi lutut membuat kendaraan memutar arah.</p>]]></content:encoded>
  </item>
  <item>
    <title>Festival Tenun Ikat Dayak Dibuka Bupati</title>
    <link>{SITE}/2026/12/04/festival-tenun/</link>
    <pubDate>Fri, 04 Dec 2026 05:00:00 +0000</pubDate>
    <guid isPermaLink="false">{SITE}/?p=8102</guid>
    <content:encoded><![CDATA[<p>Ratusan penenun memamerkan karya mereka.{extra}</p>]]></content:encoded>
  </item>
</channel>
</rss>""".encode()


def bells(app: object) -> list[str]:
    return [n.message for n in notices(app) if n.message.startswith("🔔")]  # type: ignore[arg-type]


async def test_an_alert_is_a_toast_and_the_status_line_once(
    make_app: AppFactory, feed_server: FeedServer
) -> None:
    feed_server.routes["/sintang/feed/"] = feed_route(feed(), etag='"1"')
    config = offline_config(
        refresh_on_start=True,
        feeds=(FeedSpec(url=feed_server.url("/sintang/feed/"), name="Kabar Sintang"),),
        alerts=(AlertSpec(query="banjir", name="Banjir"),),
    )
    app = make_app([], config=config, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await refresh_over(app, pilot)
        said = f"🔔 {SHOWN} — Kabar Sintang"
        assert bells(app) == [said]
        (toast,) = [n for n in notices(app) if n.message == said]
        assert toast.markup is False
        status = app.main.status
        assert status.state.alert == said
        assert said in status.build().plain
        assert "\x07" not in status.build().plain

        # The feed changes (new bytes, parsed again) and is refreshed: no second alert.
        feed_server.routes["/sintang/feed/"] = feed_route(feed(" Dihadiri ribuan warga."), '"2"')
        await pilot.press("r")
        await refresh_over(app, pilot, "the second refresh")
        report = app.main.refresher.last_report
        assert report is not None and report.failed == [] and report.alerts == []
        assert feed_server.count("/sintang/feed/") == 2
        assert bells(app) == [said]


async def test_at_80_columns_the_status_line_keeps_the_alert_whole_or_cut(
    make_app: AppFactory, feed_server: FeedServer
) -> None:
    feed_server.routes["/sintang/feed/"] = feed_route(feed())
    config = offline_config(
        language="en",
        refresh_on_start=True,
        feeds=(FeedSpec(url=feed_server.url("/sintang/feed/"), name="Kabar Sintang"),),
        alerts=(AlertSpec(query="banjir"),),
    )
    app = make_app([], config=config, refresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await refresh_over(app, pilot)
        line = app.main.status.build()
        assert line.cell_len <= 80
        assert "🔔" in line.plain


async def test_the_palette_lists_the_alerts_as_the_command_line_does(
    make_app: AppFactory, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.console import Console

    from kalbartui.cli.main import main
    from kalbartui.ui.commands import actions
    from kalbartui.ui.screens.alerts import AlertsScreen

    feed_server.routes["/sintang/feed/"] = feed_route(feed())
    config = offline_config(
        refresh_on_start=True,
        feeds=(FeedSpec(url=feed_server.url("/sintang/feed/"), name="Kabar Sintang"),),
        alerts=(AlertSpec(query="banjir OR tenun"),),
    )
    app = make_app([], config=config, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await refresh_over(app, pilot)
        (entry,) = [a for a in actions(app) if a[0] == "Peringatan"]
        entry[1]()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        shown = [a.title for a in screen.alerts]
        console = Console(width=120, record=True, color_system=None)
        console.print(screen._table())
        text = console.export_text()
        assert SHOWN in text  # the markup in the headline is text, not style
        assert "Festival Tenun Ikat Dayak Dibuka Bupati" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, AlertsScreen)
    capsys.readouterr()
    assert main(["alerts", "--json"]) == 0
    told = [a["title"] for a in json.loads(capsys.readouterr().out)]
    assert told == shown and len(told) == 2
