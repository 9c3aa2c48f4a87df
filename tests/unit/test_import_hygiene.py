"""The layers hold (import-linter's contracts), the core stays free of Textual, and the CLI's
start-up stays cheap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept() -> None:
    # The contracts live in pyproject.toml ([tool.importlinter]); make lint runs the same check.
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


CORE = [
    "kalbartui.cli.main",
    "kalbartui.core",
    "kalbartui.config",
    "kalbartui.paths",
    "kalbartui.models",
    "kalbartui.text",
    "kalbartui.feeds.fetch",
    "kalbartui.feeds.parse",
    "kalbartui.feeds.wordpress",
    "kalbartui.feeds.opml",
    "kalbartui.store",
    "kalbartui.refresh.runner",
    "kalbartui.render",
    "kalbartui.demo",
    "kalbartui.keymap",
    "kalbartui.refresh.plan",
    "kalbartui.i18n.argparse_words",
    "kalbartui.feeds.dates",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_cli_start_does_not_import_heavy_modules() -> None:
    code = "import sys, kalbartui.cli.main, kalbartui.core; print(sorted(m for m in ('textual', 'httpx', 'feedparser', 'rich') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_nothing_but_fetch_talks_http() -> None:
    src = ROOT / "src" / "kalbartui"
    talkers = sorted(
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if "import httpx" in p.read_text(encoding="utf-8")
    )
    assert talkers == [
        "feeds/api_session.py",
        "feeds/fetch.py",
        "feeds/fetch_errors.py",
        "feeds/reach.py",
    ]


def test_no_shell_anywhere() -> None:
    src = ROOT / "src" / "kalbartui"
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("shell=True", "os.system(", "os.popen("):
            assert needle not in text, f"{path} uses {needle}"


def test_reader_start_imports_nothing_the_first_paint_does_not_need() -> None:
    # The refresh runs in a child process; the browser and the other screens load when first
    # used. The renderer loads with the first article, which the reading pane draws right
    # after the first paint (MainScreen._show_preview runs after a refresh).
    heavy = (
        "httpx",
        "feedparser",
        "kalbartui.refresh.runner",
        "kalbartui.feeds.fetch",
        "kalbartui.feeds.fetch_errors",
        "kalbartui.feeds.fetch_limits",
        "kalbartui.feeds.api_session",
        "kalbartui.feeds.parse",
        "kalbartui.feeds.entries",
        "kalbartui.feeds.field_text",
        "kalbartui.feeds.xml_prepass",
        "kalbartui.browser",
        "webbrowser",
        "multiprocessing",
        "kalbartui.ui.screens.help",
        "kalbartui.ui.screens.feed_errors",
        "kalbartui.ui.screens.confirm",
        # Pictures and whole articles load with the first of them (the terminal is asked
        # without them, see test_terminal_probe.py).
        "PIL",
        "textual_image",
        "trafilatura",
        "lxml",
        "kalbartui.feeds.pages",
        "kalbartui.feeds.images",
        "kalbartui.story.pages",
        "kalbartui.render",
    )
    # As `kalbartui` starts the reader: the app's module, then the terminal asked (here not a
    # terminal, so nothing is asked), up to the moment App.run would start.
    code = (
        "import sys, kalbartui.ui.app\n"
        "from kalbartui.ui.images import detect_terminal\n"
        "assert detect_terminal('auto') == 'cells'\n"
        "assert detect_terminal('cells') == 'cells'\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
