"""Links and subscription lists are data, never commands.

A link leaves kalbartui only when it is http or https, and then as one argument of a program
started without a shell. An OPML file from elsewhere can only add http, https or file feeds
to the config, whatever its URLs and names hold: shell syntax, TOML syntax, terminal escapes.
"""

from __future__ import annotations

import os
import stat
import sys
import time
import tomllib
from pathlib import Path

import pytest

from kalbartui import browser
from tests.hostile.checks import decoded, output_problems, raw_control_bytes, run_cli
from tests.hostile.conftest import Recorder

# A stand-in browser: it writes the arguments it was given, one per line, and does nothing else.
RECORDER = """#!{python}
import sys
with open({out!r}, "w", encoding="utf-8") as fh:
    fh.write("\\n".join(sys.argv[1:]))
"""

# No spaces (a link with one is refused anyway): ${IFS} is the shell's own word separator.
SHELLY_URL = (
    "https://kalbar.example/berita/?q=$(touch${{IFS}}{marker})&r=`touch${{IFS}}{marker}`;"
    "touch${{IFS}}{marker}|touch${{IFS}}{marker}&&touch${{IFS}}{marker}"
)

REFUSED = (
    "javascript:alert(document.cookie)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "https://kalbar.example/\nBROWSER=evil",
    "https://kalbar.example/\x1b]52;c;aGk=\x07",
)


def recorder(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "argv.txt"
    script = tmp_path / "browser-palsu"
    script.write_text(RECORDER.format(python=sys.executable, out=str(out)), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, out


def wait_for(path: Path, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def test_an_opened_link_is_one_argument_of_a_program_run_without_a_shell(
    tmp_path: Path, record: Recorder
) -> None:
    script, out = recorder(tmp_path)
    marker = tmp_path / "pwned"
    url = SHELLY_URL.format(marker=marker)
    browser.open_url(url, environ={"BROWSER": f"{script} --tab-baru"})  # the real spawn
    wait_for(out)
    assert out.read_text(encoding="utf-8").split("\n") == ["--tab-baru", url]
    assert not marker.exists()
    record(
        case="browser-shell-syntax",
        what="Opening an https link full of $(...), backticks, ; | && with a real $BROWSER",
        status="one argv entry, no shell",
    )


@pytest.mark.parametrize("url", REFUSED, ids=range(len(REFUSED)))
def test_other_links_never_reach_a_program(url: str, tmp_path: Path) -> None:
    script, out = recorder(tmp_path)
    opened: list[str] = []
    with pytest.raises(browser.RefusedScheme):
        browser.open_url(
            url, environ={"BROWSER": str(script)}, fallback=lambda u: opened.append(u) or True
        )
    assert opened == [] and not out.exists()


HOSTILE_OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Langganan dari orang lain</title></head>
  <body>
    <outline text="Berita">
      <outline text="Kabar baik" type="rss" xmlUrl="https://baik.example/feed/"/>
      <outline text="Substitusi" type="rss" xmlUrl="$(touch {marker})"/>
      <outline text="Backtick" type="rss" xmlUrl="`touch {marker}`"/>
      <outline text="Pipa" type="rss" xmlUrl="| touch {marker}"/>
      <outline text="Skrip" type="rss" xmlUrl="javascript:alert(1)"/>
      <outline text="Data" type="rss" xmlUrl="data:text/xml,&lt;rss/&gt;"/>
      <outline text="Spasi" type="rss" xmlUrl="https://baik.example/a; touch {marker}"/>
      <outline text="Sisip TOML" type="rss" xmlUrl="https://baik.example/x&quot;&#10;[keys]&#10;quit = &quot;j"/>
    </outline>
    <outline text="Nama &quot;&#10;[keys]&#10;quit = &quot;j" title="Nama &quot;]&#10;url = &quot;file:///etc/passwd" type="rss" xmlUrl="https://nama.example/feed/"/>
    <outline text="&#155;31mMerah&#155;0m &#157;52;c;aGk=&#156;" type="rss" xmlUrl="https://warna.example/feed/?a=1&amp;b=$(id)"/>
  </body>
</opml>
"""


def test_opml_import_adds_only_web_feeds_and_runs_nothing(tmp_path: Path, record: Recorder) -> None:
    marker = tmp_path / "pwned"
    opml = tmp_path / "langganan.opml"
    opml.write_text(HOSTILE_OPML.format(marker=marker), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n', encoding="utf-8")

    result = run_cli("import-opml", str(opml), config=config, data_dir=tmp_path / "data")

    assert result.returncode == 0, decoded(result)
    assert output_problems(decoded(result)) == []
    assert raw_control_bytes(result.stdout + result.stderr) == []
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    # No [keys] or anything else smuggled in; the file named no feeds, so the KalbarOnline it
    # read is written out beside the imported feeds.
    assert set(data) == {"language", "sources", "feeds"}
    assert data["sources"] == [
        {"name": "KalbarOnline", "url": "https://www.kalbaronline.com/", "type": "wordpress"}
    ]
    urls = [f["url"] for f in data["feeds"]]
    assert urls == [
        "https://baik.example/feed/",
        "https://nama.example/feed/",
        "https://warna.example/feed/?a=1&b=$(id)",
    ]
    for feed in data["feeds"]:
        assert set(feed) <= {"url", "category", "name"}
        assert all(not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in v) for v in feed.values())
    # Skipped outlines are reported, one line each, as words.
    assert decoded(result).count("skipped") == 7
    assert not marker.exists()

    record(
        case="opml-hostile-import",
        what="OPML with shell syntax, TOML injection, javascript:/data: URLs and escapes in names",
        status="3 web feeds added, 7 skipped, nothing run",
    )


def test_opml_escapes_cannot_reach_the_terminal_through_the_cli(tmp_path: Path) -> None:
    # C0 controls cannot even be written in XML (expat refuses &#27;); C1 ones can.
    opml = tmp_path / "warna.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="&#155;2J&#157;0;judul&#156;Judul" xmlUrl="javascript:&#157;52;c;aGk=&#156;"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    result = run_cli("import-opml", str(opml), config=config, data_dir=tmp_path / "data")
    assert result.returncode == 0
    assert raw_control_bytes(result.stdout + result.stderr) == []
    assert output_problems(decoded(result)) == []
    assert os.path.getsize(config) == 0  # nothing was added
