"""Aggregation of session results into medians, ratios and pass/fail targets.

Per session, latency samples become a p50 and a p95. Across runs, each figure is
the median of the per-run values. Ratios divide our server's median by the Node
server's median from the same benchmark run.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lsp_session import SessionResult

NODE = "node"
BARE = "bare"
OURS = "ours"

LARGE = "large"
TYPICAL = "typical"

# Figures that depend on the input file, in report order: (key, label, unit).
FILE_FIGURES: list[tuple[str, str, str]] = [
    ("open_to_diagnostics_ms", "didOpen to first diagnostics", "ms"),
    ("completion_p50_ms", "completion after `COPY --from=`, p50", "ms"),
    ("completion_p95_ms", "completion after `COPY --from=`, p95", "ms"),
    ("hover_p50_ms", "hover on a FROM image, p50", "ms"),
    ("hover_p95_ms", "hover on a FROM image, p95", "ms"),
    ("change_p50_ms", "didChange to diagnostics, p50", "ms"),
    ("change_p95_ms", "didChange to diagnostics, p95", "ms"),
    ("peak_rss_mib", "peak RSS after the edits", "MiB"),
]


def percentile(values: list[float], fraction: float) -> float:
    """Return the percentile by linear interpolation between closest ranks.

    This is the "inclusive" method of ``statistics.quantiles`` and numpy's default.
    """
    if not values:
        raise ValueError("percentile of an empty list")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = math.ceil(position)
    weight = position - lower
    return ordered[lower] * (1 - weight) + ordered[upper] * weight


def session_figures(session: SessionResult) -> dict[str, float]:
    """Return the figures of one session, leaving out those without samples."""
    figures: dict[str, float] = {}
    if session.spawn_to_initialize_ms is not None:
        figures["spawn_to_initialize_ms"] = session.spawn_to_initialize_ms
    if session.open_to_diagnostics_ms is not None:
        figures["open_to_diagnostics_ms"] = session.open_to_diagnostics_ms
    for name, samples in (
        ("completion", session.completion_ms),
        ("hover", session.hover_ms),
        ("change", session.change_to_diagnostics_ms),
    ):
        if samples:
            figures[f"{name}_p50_ms"] = percentile(samples, 0.50)
            figures[f"{name}_p95_ms"] = percentile(samples, 0.95)
    if session.peak_rss_kib is not None:
        figures["peak_rss_mib"] = session.peak_rss_kib / 1024
    return figures


def median_figures(sessions: Iterable[SessionResult]) -> dict[str, float]:
    """Return the median over runs of each figure that every session measured."""
    per_figure: dict[str, list[float]] = {}
    for session in sessions:
        for name, value in session_figures(session).items():
            per_figure.setdefault(name, []).append(value)
    return {name: statistics.median(values) for name, values in per_figure.items()}


@dataclass
class Summary:
    """Medians per server and file, startup over all files, and the ratios."""

    by_file: dict[str, dict[str, dict[str, float]]]
    """``by_file[server][file][figure]``: the median over runs."""

    startup_ms: dict[str, float]
    """Median spawn to ``initialize`` response per server, over all sessions."""

    ratios: dict[str, dict[str, float]]
    """``ratios[file][figure]``: our median divided by the Node server's."""


def summarize(sessions: list[SessionResult]) -> Summary:
    by_file: dict[str, dict[str, dict[str, float]]] = {}
    startup_samples: dict[str, list[float]] = {}
    keys = sorted({(session.server, session.file) for session in sessions})
    for server, file in keys:
        selected = [s for s in sessions if s.server == server and s.file == file]
        by_file.setdefault(server, {})[file] = median_figures(selected)
    for session in sessions:
        if session.spawn_to_initialize_ms is not None:
            startup_samples.setdefault(session.server, []).append(
                session.spawn_to_initialize_ms
            )
    startup = {name: statistics.median(v) for name, v in startup_samples.items()}

    ratios: dict[str, dict[str, float]] = {}
    ours = by_file.get(OURS, {})
    node = by_file.get(NODE, {})
    for file in ours.keys() & node.keys():
        for name, value in ours[file].items():
            theirs = node[file].get(name)
            if theirs:
                ratios.setdefault(file, {})[name] = value / theirs
    return Summary(by_file=by_file, startup_ms=startup, ratios=ratios)


@dataclass
class Target:
    """One goal from the project's performance requirements and its outcome."""

    description: str
    measured: str
    limit: str
    passed: bool | None
    """None when a figure the target needs was not measured."""

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "measured": self.measured,
            "limit": self.limit,
            "passed": self.passed,
        }


def evaluate_targets(summary: Summary, check_ms: float | None) -> list[Target]:
    """Compare the medians with the performance targets."""
    ours_large = summary.by_file.get(OURS, {}).get(LARGE, {})
    node_large = summary.by_file.get(NODE, {}).get(LARGE, {})
    targets = [
        _absolute(
            "5,000-line file: completion p50", ours_large, "completion_p50_ms", 1.0
        ),
        _absolute("5,000-line file: hover p50", ours_large, "hover_p50_ms", 1.0),
        _absolute(
            "5,000-line file: didChange to diagnostics p50",
            ours_large,
            "change_p50_ms",
            15.0,
        ),
    ]

    rss = ours_large.get("peak_rss_mib")
    node_rss = node_large.get("peak_rss_mib")
    targets.append(
        Target(
            "5,000-line file: peak RSS at most half of the Node server's",
            _format_ratio(rss, node_rss),
            "≤ 0.50× Node",
            None if rss is None or node_rss is None else rss <= 0.5 * node_rss,
        )
    )

    ours_typical = summary.by_file.get(OURS, {}).get(TYPICAL, {})
    node_typical = summary.by_file.get(NODE, {}).get(TYPICAL, {})
    for key, label, _unit in FILE_FIGURES:
        ours_value = ours_typical.get(key)
        node_value = node_typical.get(key)
        targets.append(
            Target(
                f"typical file: {label} no worse than Node",
                _format_ratio(ours_value, node_value),
                "≤ 1.00× Node",
                None
                if ours_value is None or node_value is None
                else ours_value <= node_value,
            )
        )

    ours_startup = summary.startup_ms.get(OURS)
    bare_startup = summary.startup_ms.get(BARE)
    targets.append(
        Target(
            "spawn to initialize response within 1.15× a bare pygls server",
            _format_ratio(ours_startup, bare_startup, "bare pygls"),
            "≤ 1.15× bare pygls",
            None
            if ours_startup is None or bare_startup is None
            else ours_startup <= 1.15 * bare_startup,
        )
    )
    targets.append(
        Target(
            "`dockerfile-ls check` on the typical file, wall clock",
            "not measured" if check_ms is None else f"{check_ms:.1f} ms",
            "< 80 ms",
            None if check_ms is None else check_ms < 80.0,
        )
    )
    return targets


def _absolute(
    description: str, figures: dict[str, float], key: str, limit_ms: float
) -> Target:
    value = figures.get(key)
    return Target(
        description,
        "not measured" if value is None else f"{value:.2f} ms",
        f"≤ {limit_ms:g} ms",
        None if value is None else value <= limit_ms,
    )


def _format_ratio(ours: float | None, theirs: float | None, name: str = "Node") -> str:
    if ours is None or theirs is None or theirs == 0:
        return "not measured"
    return f"{ours / theirs:.2f}× {name}"
