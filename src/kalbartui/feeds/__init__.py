"""Fetching, parsing and discovering feeds."""

import sys

# httpx (imported by `fetch`) imports its own command-line client (click, rich.progress,
# pygments: ~55 ms before a refresh's first request) whenever click happens to be installed;
# kalbartui never runs it. A None entry makes that one import fail at once, and httpx keeps
# the stub it uses when click is absent.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
