"""Which imports happen before the reader's first paint, and what each costs.

`python -X importtime -m benchmarks.profile_startup 2> imports.txt` (in a terminal, or under
`script`) starts `kalbartui --demo` (or `kalbartui ARGS...`), writes "=== first paint" to stderr after the first frame
and quits; `python -m benchmarks.profile_startup --summarize imports.txt` then lists the
slowest top-level packages imported before that line.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path


def run_reader(args: list[str]) -> None:
    from kalbartui.cli.main import main
    from kalbartui.ui.screens.main import MainScreen

    # The reader's screen is pushed once the app has started (KalbarApp._show_main): its
    # first refresh, not the app's, is the first paint.
    original = MainScreen.on_mount

    def on_mount(self) -> None:  # noqa: ANN001
        original(self)

        def painted() -> None:
            # Straight to fd 2, where -X importtime writes: Textual has taken over sys.stderr.
            os.write(2, b"\n=== first paint\n")
            self.app.exit()

        self.call_after_refresh(painted)

    MainScreen.on_mount = on_mount  # type: ignore[method-assign]
    main(args)


def summarize(path: Path, top: int = 25) -> None:
    """Self time summed per top-level package, and cumulative time of the biggest imports."""
    by_package: dict[str, int] = defaultdict(int)
    cumulative: list[tuple[int, str]] = []
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        if "=== first paint" in line:
            break
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line[len("import time:") :].split("|")
        self_us_i, cum_us_i = int(self_us), int(cum_us)
        name = name[1:]  # importtime's own space; the rest is two per nesting level
        package = name.strip().split(".")[0]
        by_package[package] += self_us_i
        total += self_us_i
        depth = (len(name) - len(name.lstrip())) // 2
        if depth == 0:
            cumulative.append((cum_us_i, name.strip()))
    print(f"imports before first paint: {total / 1000:.0f} ms of self time in all")
    print("by top-level package (self time, ms):")
    for package, us in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {us / 1000:7.1f}  {package}")
    print("largest imports (cumulative, ms):")
    for us, name in sorted(cumulative, reverse=True)[:top]:
        print(f"  {us / 1000:7.1f}  {name}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--summarize":
        summarize(Path(sys.argv[2]))
    else:
        run_reader(sys.argv[1:] or ["--demo"])
