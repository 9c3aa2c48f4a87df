"""Figures, targets and the table: median and spread of repeated runs, each beside its target."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class Target:
    op: str  # "<=" or ">="
    value: float
    # The target as a share of newsboat's figure in the same run (the issue's "≤ 0.5×
    # newsboat"); judged on `value` as an absolute figure only when newsboat is not there.
    of_newsboat: float = 0.0

    def limit(self, newsboat: float | None) -> float:
        if self.of_newsboat and newsboat:
            return self.of_newsboat * newsboat
        return self.value

    def met(self, figure: float, newsboat: float | None = None) -> bool:
        limit = self.limit(newsboat)
        return figure <= limit if self.op == "<=" else figure >= limit

    def text(self, unit: str, newsboat: float | None = None) -> str:
        sign = "≤" if self.op == "<=" else "≥"
        if self.of_newsboat and newsboat:
            return f"{sign} {self.of_newsboat:g}× newsboat ({fmt(self.limit(newsboat), unit)})"
        return f"{sign} {fmt(self.value, unit)}"


@dataclass
class Figure:
    """One row of the table. `values` are the per-run results; the median is the figure."""

    name: str
    values: list[float]
    unit: str  # "s", "ms", "MB", "/s", "x"
    target: Target | None = None
    note: str = ""
    newsboat: list[float] | None = None  # the same measurement of newsboat, same run
    summary: str = "median"  # or "p95" (the figure is a percentile of the values)
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def figure(self) -> float:
        if not self.values:
            return float("nan")
        if self.summary == "p95":
            return percentile(self.values, 95)
        return statistics.median(self.values)

    @property
    def spread(self) -> str:
        if not self.values:
            return ""
        if len(self.values) >= 8:
            return f"IQR {fmt(percentile(self.values, 25), self.unit)}–{fmt(percentile(self.values, 75), self.unit)}"
        return f"{fmt(min(self.values), self.unit)}–{fmt(max(self.values), self.unit)}"

    @property
    def newsboat_figure(self) -> float | None:
        return statistics.median(self.newsboat) if self.newsboat else None

    @property
    def mark(self) -> str:
        if self.target is None or not self.values:
            return ""
        return "pass" if self.target.met(self.figure, self.newsboat_figure) else "MISS"


def fmt(value: float, unit: str) -> str:
    if value != value:  # NaN
        return "n/a"
    if unit == "s":
        return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:g} {unit}"


def table(figures: list[Figure], *, newsboat_available: bool) -> str:
    """A Markdown table: it reads in a terminal and pastes into the README."""
    head = ["figure", "kalbartui", "spread", "runs", "target", ""]
    if newsboat_available:
        head += ["newsboat", "newsboat ÷ kalbartui"]
    rows = [head, ["---"] * len(head)]
    for f in figures:
        summary = "p95" if f.summary == "p95" else "median"
        row = [
            f.name,
            f"{fmt(f.figure, f.unit)} ({summary})" if f.values else "not measured",
            f.spread,
            str(len(f.values)),
            f.target.text(f.unit, f.newsboat_figure) if f.target else "",
            f.mark,
        ]
        if newsboat_available:
            if f.newsboat:
                nb = statistics.median(f.newsboat)
                ratio = nb / f.figure if f.figure else float("nan")
                row += [
                    f"{fmt(nb, f.unit)} ({fmt(min(f.newsboat), f.unit)}–{fmt(max(f.newsboat), f.unit)})",
                    fmt(ratio, "x"),
                ]
            else:
                row += ["", ""]
        rows.append(row)
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)
