"""The ``dockerfile-ls check`` command: the editor's findings, printed for CI.

This module must not import pygls or lsprotocol (they take about 0.3 s to import);
a test checks that.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from dockerfile_ls.core.analysis import Analysis, AnalysisOptions, analyze
from dockerfile_ls.core.base import resolve_base
from dockerfile_ls.core.rules import Severity
from dockerfile_ls.core.rules.reachability import unknown_target

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
SEVERITY_NAMES = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "info",
    Severity.HINT: "hint",
}


class ReadError(Exception):
    """A file that cannot be checked, with a message for the user."""


def read_dockerfile(path: str) -> str:
    """Read a file as UTF-8 text with a clear error for what cannot be read."""
    if not os.path.exists(path):
        if os.path.islink(path):
            raise ReadError(f"{path}: broken or looping symbolic link")
        raise ReadError(f"{path}: file not found")
    if os.path.isdir(path):
        raise ReadError(f"{path}: is a directory; pass the Dockerfile inside it")
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise ReadError(f"{path}: cannot read file: {error.strerror}") from error
    if not stat.S_ISREG(mode):
        # A device or a pipe could block or never end.
        raise ReadError(f"{path}: not a regular file")
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise ReadError(
                f"{path}: file is {size} bytes, larger than the {MAX_FILE_BYTES} byte "
                "limit"
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ReadError(f"{path}: cannot read file: {error.strerror}") from error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(f"{path}: encoded as UTF-16; save the file as UTF-8")
    if b"\0" in data:
        raise ReadError(f"{path}: binary file (contains NUL bytes), not a Dockerfile")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadError(
            f"{path}: not valid UTF-8 (byte {error.start}); save the file as UTF-8"
        ) from error


def _stage_rows(analysis: Analysis) -> list[dict[str, Any]]:
    graph = analysis.graph
    final = graph.target_index(analysis.options.target)
    rows = []
    for stage in graph.stages:
        base = resolve_base(graph, stage)
        rows.append(
            {
                "index": stage.index,
                "name": stage.name,
                "line": stage.from_instruction.line + 1,
                "from": stage.base.text if stage.base is not None else None,
                "base_image": base.image,
                "base_os": base.summary,
                "final": stage.index == final,
            }
        )
    return rows


def _report_text(path: str, analysis: Analysis, out: TextIO, show_hints: bool) -> None:
    lines = analysis.dockerfile.lines
    for item in analysis.findings:
        if item.severity is Severity.HINT and not show_hints:
            continue
        line = item.span.start_line
        col = item.span.start_col
        if line == 0 and analysis.dockerfile.bom:
            col = max(col - 1, 0)
        _ = lines
        out.write(
            f"{path}:{line + 1}:{col + 1}: {SEVERITY_NAMES[item.severity]} "
            f"{item.rule.name} {item.message}\n"
        )
    rows = _stage_rows(analysis)
    if not rows:
        out.write(f"{path}: no stages\n")
        return
    out.write(f"{path}: {len(rows)} stage{'s' if len(rows) != 1 else ''}\n")
    for row in rows:
        label = row["name"] or f"stage-{row['index']}"
        marker = " (final image)" if row["final"] else ""
        out.write(
            f"  {row['index']} {label}{marker}: "
            f"FROM {row['from']} -> {row['base_os']}\n"
        )
    final = next((row for row in rows if row["final"]), None)
    if final is not None:
        image = (
            final["base_image"] or "scratch"
            if final["base_os"] != "unknown"
            else (final["base_image"] or "unknown")
        )
        out.write(f"  final image base OS: {final['base_os']} ({image})\n")


def _report_json(path: str, analysis: Analysis) -> dict[str, Any]:
    return {
        "file": path,
        "findings": [
            {
                "line": item.span.start_line + 1,
                "column": item.span.start_col + 1,
                "end_line": item.span.end_line + 1,
                "end_column": item.span.end_col + 1,
                "severity": SEVERITY_NAMES[item.severity],
                "rule": item.rule.name,
                "message": item.message,
            }
            for item in analysis.findings
        ],
        "stages": _stage_rows(analysis),
    }


def run_check(
    paths: Sequence[str],
    *,
    output_format: str = "text",
    build_args: dict[str, str] | None = None,
    target: str = "",
    show_hints: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Check files; return 0 when clean, 1 on a warning or error, 2 on read errors."""
    options = AnalysisOptions.create(build_args, target)
    worst = 0
    reports = []
    for path in paths:
        try:
            text = read_dockerfile(path)
        except ReadError as error:
            err.write(f"dockerfile-ls: {error}\n")
            worst = 2
            continue
        analysis = analyze(text, options=options)
        if any(item.severity <= Severity.WARNING for item in analysis.findings):
            worst = max(worst, 1)
        if target and analysis.graph.stages:
            problem = unknown_target(analysis.graph, target)
            if problem is not None:
                err.write(f"dockerfile-ls: {path}: {problem}\n")
                worst = 2
                continue
        if output_format == "json":
            reports.append(_report_json(path, analysis))
        else:
            _report_text(path, analysis, out, show_hints)
    if output_format == "json":
        json.dump(reports, out, indent=2)
        out.write("\n")
    return worst
