"""A broken config or OPML file: one clear sentence (file, line or key, what was expected),
exit status 2, no traceback, and nothing written. Run through the real command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.checks import decoded, output_problems, raw_control_bytes, run_cli
from tests.hostile.conftest import Recorder

# (id, config text or bytes, words the message must hold besides the file name)
BAD_CONFIGS: list[tuple[str, str | bytes, tuple[str, ...]]] = [
    ("not-toml", 'language = "id"\n[[feeds]\nurl = "https://a.example/"\n', ("line 2",)),
    ("unclosed-string", 'language = "id\n', ("line 1",)),
    ("unknown-key", 'bahasa = "id"\n', ("bahasa", "expected")),
    ("wrong-type", "timeout_seconds = \"cepat\"\n", ("timeout_seconds", "number")),
    ("out-of-range", "timeout_seconds = 0\n", ("timeout_seconds", "between")),
    ("bad-language", 'language = "jv"\n', ("language", '"en" or "id"')),
    ("bad-timezone", 'timezone = "Asia/Kalbar"\n', ("timezone", "IANA")),
    ("javascript-feed", '[[feeds]]\nurl = "javascript:alert(1)"\n', ("feeds[0].url", "http")),
    ("feed-without-url", '[[feeds]]\nname = "Tanpa alamat"\n', ("feeds[0]", "url")),
    ("unknown-feed-key", '[[feeds]]\nurl = "https://a.example/"\nperintah = "rm"\n', ("feeds[0].perintah",)),
    ("source-ftp", '[[sources]]\nurl = "ftp://a.example/"\n', ("sources[0].url", "http")),
    ("keys-not-strings", "[keys]\nquit = 5\n", ("keys.quit", "string")),
    ("not-utf8", b'language = "\xff\xfe"\n', ("UTF-8",)),
    ("binary", b"\x00\x01\x02\x1b[2J\x9b31m", ("UTF-8",)),
]  # fmt: skip


ENGLISH = {"LANG": "en_US.UTF-8"}
INDONESIAN = {"LANG": "id_ID.UTF-8"}


def one_line(result, *words: str) -> str:  # noqa: ANN001
    assert result.returncode == 2, decoded(result)
    assert output_problems(decoded(result)) == []
    assert raw_control_bytes(result.stdout + result.stderr) == []
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.mark.parametrize(("name", "text", "words"), BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_a_bad_config_is_one_sentence_and_exit_status_2(
    name: str, text: str | bytes, words: tuple[str, ...], tmp_path: Path, record: Recorder
) -> None:
    config = tmp_path / "config.toml"
    if isinstance(text, bytes):
        config.write_bytes(text)
    else:
        config.write_text(text, encoding="utf-8")
    data_dir = tmp_path / "data"
    for command in (("list",), ("refresh",)):
        # The words checked are English; without a readable `language`, the locale decides.
        result = run_cli(*command, config=config, data_dir=data_dir, env=ENGLISH)
        line = one_line(result, str(config), *words)
    # In Indonesian too, one line naming the file.
    one_line(run_cli("list", config=config, data_dir=data_dir, env=INDONESIAN), str(config))
    assert not data_dir.exists()  # nothing was fetched or written
    record(
        case=f"config-{name}",
        what=f"Config mistake: {name.replace('-', ' ')}",
        status="exit 2, one line",
        error=line.replace(str(tmp_path), "…"),
    )


def test_a_config_that_is_a_directory_is_one_sentence(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.mkdir()
    result = run_cli("list", config=config, data_dir=tmp_path / "data", env=ENGLISH)
    one_line(result, str(config), "cannot be read")


# (id, OPML bytes, words the message must hold besides the file name)
BAD_OPML: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("malformed", b'<?xml version="1.0"?>\n<opml version="2.0">\n<body>\n<outline text="a"\n</body></opml>', ("line 5",)),
    ("entity-bomb", b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<opml version="2.0"><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>', ("line 2", "DOCTYPE")),
    ("external-entity", b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/"/></body></opml>', ("line 2", "DOCTYPE")),
    ("not-opml", b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>', ("not an OPML file",)),
    ("no-body", b'<?xml version="1.0"?>\n<opml version="2.0"><head/></opml>', ("body",)),
    ("empty", b"", ("line 1",)),
    ("binary", b"\x00\x1b[2J\x9b31m\xff\xfe", ("line 1",)),
    ("html", b"<!DOCTYPE html><html><body>langganan</body></html>", ("DOCTYPE",)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "words"), BAD_OPML, ids=[c[0] for c in BAD_OPML])
def test_a_bad_opml_file_is_one_sentence_and_exit_status_2(
    name: str, data: bytes, words: tuple[str, ...], tmp_path: Path, record: Recorder
) -> None:
    opml = tmp_path / "langganan.opml"
    opml.write_bytes(data)
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    result = run_cli("import-opml", str(opml), config=config, data_dir=tmp_path / "data")
    line = one_line(result, str(opml), *words)
    assert config.read_text(encoding="utf-8") == 'language = "en"\n'  # untouched
    assert not re.search(r"aaaaaaaaaa|root:", line)  # no entity was expanded into the message
    record(
        case=f"opml-{name}",
        what=f"OPML mistake: {name.replace('-', ' ')}",
        status="exit 2, one line",
        error=line.replace(str(tmp_path), "…"),
    )


def test_a_missing_opml_file_is_one_sentence(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    missing = tmp_path / "tidak-ada.opml"
    result = run_cli("import-opml", str(missing), config=config, data_dir=tmp_path / "data")
    one_line(result, str(missing), "cannot be read")
