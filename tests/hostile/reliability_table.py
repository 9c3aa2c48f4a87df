"""Turn what the hostile suite measured into docs/reliability.md.

    KALBARTUI_RELIABILITY_JSON=/tmp/reliability.json .venv/bin/python -m pytest tests/hostile
    .venv/bin/python -m tests.hostile.reliability_table /tmp/reliability.json > docs/reliability.md

Every row comes from a test that passed or failed on the run; nothing here is typed by hand,
except the files in tests/hostile/measured/ (figures measured with the scripts they name),
which follow the tables as they are.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

SECTIONS = [
    (
        "test_faults.py",
        "One hostile feed beside a good one",
        "Each row is one test: yesterday the feed was fine and its articles were cached; today its "
        "server does what the row says, in a refresh that also holds a well-behaved feed "
        "(`timeout_seconds = 3`). Every row also checked: the stalling servers were cut off by the "
        'deadline itself ("timed out after 3 s") and every refresh ended well within ten times '
        "the deadline; the good feed's 3 new articles landed; yesterday's articles of the hostile feed are "
        "still there; `PRAGMA integrity_check` is ok; no stored text holds a control character "
        "but newline and tab. An error is stored on the feed and shown in the feed-errors screen "
        "as written in the Error column (in Indonesian when the reader is: `kalbartui.i18n.message`).",
    ),
    (
        "test_all_at_once.py",
        "Every case at once, through the command line",
        "`python -m kalbartui refresh` in a child process over the good feed and every case above, "
        "then `list`, `list --json` and `show` over the cache it left. Checked: no ESC, C1, NUL or "
        "other control byte in any output, no traceback, the XXE file's contents nowhere. Peak "
        "memory is the child's `ru_maxrss`; the memory row runs with the parse pool off, so one "
        "process does all the work and its peak is the whole cost.",
    ),
    (
        "test_reader_hostile.py",
        "The reader",
        "The reader (Textual Pilot) refreshes every case at once. Checked: it stays up and answers "
        "keys during the refresh; the feed-errors screen holds every error; every article that "
        "landed is opened in the reading pane; the exact character stream the terminal would get "
        "holds no control character outside Textual's own sequences and no hyperlink but http(s) "
        "ones; notifications are plain text.",
    ),
    (
        "test_links.py",
        "Links and OPML imports",
        "Links leave kalbartui only as http(s), as one argument of a program run without a shell.",
    ),
    (
        "test_round_two.py",
        "Round two: validators, long articles, OPML sources, category discovery, shared hosts",
        "Validators a request cannot carry (non-ASCII, oversized) and the ETag Apache's mod_deflate "
        'rewrites (`"<md5>-gzip"`, to which WordPress never answers 304); `kalbartui show` of '
        "long but legal articles in a child process (each capped and ending with a sentence saying "
        "so); `import-opml` of things that are not files; WordPress category discovery that "
        "fails; one feed reusing another's guids.",
    ),
    (
        "test_round_three.py",
        "Round three: article pages, pictures, links into the user's network, a killed refresh",
        "A page that makes the extractor quadratic, progressive-JPEG scan bombs, WebPs that "
        "declare 40 megapixels, links to every spelling of an internal address (and a redirect "
        "into one), pages declaring charsets no page has, and `kill -9` of a refresh whose "
        "caller reads its output. Extraction and decoding run in a worker process under a "
        "deadline, a CPU limit and a memory ceiling (SECURITY.md); the figures measured before "
        "and after, and the soak, follow the tables.",
    ),
    (
        "test_linear_time.py",
        "Linear time",
        "Each cleaning and rendering function timed on an adversarial input of size n and then "
        "10 n (fastest of 5 runs each). Linear growth is about 10; the test fails above 30, "
        "quadratic would be about 100. Seconds is the time for the larger input (the thread's "
        "CPU time, which other work on the same cores does not inflate). The rows with a "
        "deadline are libraries' work kalbartui cannot make linear (extraction, decoding): "
        "there the larger input must take no longer than 30 times the smaller or end at its "
        "(here shortened) deadline.",
    ),
    ("test_local_files.py", "Local files", ""),
    (
        "test_cache_safety.py",
        "The cache",
        "Real child processes on a real SQLite file; the read-only and full disks are tmpfs mounts "
        "(root writes through `chmod`, not through those).",
    ),
    (
        "test_bad_input.py",
        "Bad config and OPML files",
        "Through `python -m kalbartui`: exit status 2, one line on stderr naming the file and the "
        "line or key, no traceback, nothing written.",
    ),
]

MEASURED = Path(__file__).parent / "measured"

FIXED = ("test", "case", "what", "status", "error", "seconds", "outcome", "checked")


def _short(nodeid: str) -> str:
    path, _, rest = nodeid.partition("::")
    return f"`{Path(path).name}::{rest}`"


def _cell(value: object) -> str:
    # Markdown would read "<script>" in a cell as a tag; "|" would end the cell.
    return str(value).replace("<", "&lt;").replace("|", "\\|").replace("\n", " ")


def _result(row: dict[str, object]) -> str:
    parts = [str(row.get("status", ""))]
    extras = [f"{k.replace('_', ' ')}: {v}" for k, v in row.items() if k not in FIXED]
    if extras:
        parts.append("(" + ", ".join(extras) + ")")
    text = " ".join(p for p in parts if p)
    if row.get("checked"):
        text += f"; {row['checked']}"
    return _cell(text)


def table(rows: list[dict[str, object]]) -> list[str]:
    out = [
        "| Case | What happens | Result | Error as stored and shown | Seconds | Test | Passed |",
        "|---|---|---|---|---:|---|---|",
    ]
    for row in rows:
        error = row.get("error") or ""
        seconds = row.get("seconds", "")
        out.append(
            f"| {_cell(row.get('case', ''))} | {_cell(row.get('what', ''))} | {_result(row)} "
            f"| {_cell(error) if error else '—'} | {seconds} | {_short(str(row['test']))} "
            f"| {'yes' if row.get('outcome') == 'passed' else row.get('outcome', '?')} |"
        )
    return out


def render(rows: list[dict[str, object]]) -> str:
    lines = [
        "# Reliability: what the hostile test suite measures",
        "",
        "Every feed is untrusted. `tests/hostile/` runs kalbartui against a fault-injecting HTTP "
        "server on loopback (`tests/hostile/faultserver.py`) and against broken disks and files. "
        "The tables below are generated from one run of that suite; see SECURITY.md for the "
        "threats and the code that meets them.",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        "Seconds are wall-clock time of the step the row describes and vary from run to run; "
        "the tests assert generous bounds (ten times the deadline, 300 MB), never these figures.",
        "",
        "Regenerate:",
        "",
        "```",
        "KALBARTUI_RELIABILITY_JSON=/tmp/reliability.json .venv/bin/python -m pytest tests/hostile",
        ".venv/bin/python -m tests.hostile.reliability_table /tmp/reliability.json > docs/reliability.md",
        "```",
    ]
    for filename, title, intro in SECTIONS:
        chosen = [r for r in rows if str(r["test"]).split("::")[0].endswith(filename)]
        if not chosen:
            continue
        lines += ["", f"## {title}", ""]
        if intro:
            lines += [intro, ""]
        lines += table(chosen)
    # Figures measured by hand (before and after a change, a soak): kept beside the suite.
    for measured in sorted(MEASURED.glob("*.md")):
        lines += ["", measured.read_text(encoding="utf-8").rstrip()]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.hostile.reliability_table RESULTS.json", file=sys.stderr)
        return 2
    rows = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    sys.stdout.write(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
