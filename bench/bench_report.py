"""The Markdown report and the JSON record of one benchmark run."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench_summary import BARE, FILE_FIGURES, NODE, OURS, Summary, Target
from lsp_session import InputFile, Limits, ServerSpec, SessionResult


def write_json(path: Path, record: dict[str, Any]) -> None:
    path.write_text(
        json.dumps(record, indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )


def build_record(
    *,
    command: str,
    date: str,
    limits: Limits,
    runs: int,
    quick: bool,
    initialization_options: dict[str, Any] | None,
    machine: dict[str, Any],
    versions: dict[str, Any],
    files: list[InputFile],
    servers: list[ServerSpec],
    unavailable: dict[str, str],
    sessions: list[SessionResult],
    summary: Summary,
    check: dict[str, Any] | None,
    targets: list[Target],
) -> dict[str, Any]:
    """Collect everything a reader needs to check or redo the run."""
    return {
        "date": date,
        "command": command,
        "settings": {
            "runs": runs,
            "quick": quick,
            "limits": asdict(limits),
            "initialization_options_for_ours": initialization_options,
        },
        "machine": machine,
        "versions": versions,
        "files": [
            {
                "key": file.key,
                "label": file.label,
                "path": file.source,
                "lines": file.line_count,
                "completion_at": asdict(file.completion_at),
                "hover_at": asdict(file.hover_at),
                "edit_line": file.edit_line,
            }
            for file in files
        ],
        "servers": [
            {"key": server.key, "label": server.label, "argv": server.argv}
            for server in servers
        ],
        "unavailable_servers": unavailable,
        "summary": {
            "by_file": summary.by_file,
            "startup_ms": summary.startup_ms,
            "ratios_ours_to_node": summary.ratios,
        },
        "check": check,
        "targets": [target.to_json() for target in targets],
        "sessions": [asdict(session) for session in sessions],
    }


def render_markdown(
    record: dict[str, Any], labels: dict[str, str], json_name: str
) -> str:
    """Render the record as the benchmark page, naming servers by ``labels``."""
    versions = record["versions"]
    node_version = versions.get("dockerfile-language-server-nodejs", "0.15.0")
    lines = [
        "# Benchmarks",
        "",
        f"Speed and memory of dockerfile-ls beside dockerfile-language-server-nodejs "
        f"{node_version}, both driven over stdio on the same files in one run of "
        f"`bench/run.py`. The script writes this page and [{json_name}]({json_name}) "
        "with every sample.",
        "",
        f"Run on {record['date']} with `{record['command']}`.",
    ]

    if record["settings"]["quick"]:
        lines += [
            "",
            "**Quick mode**: one run with fewer requests and edits, so these figures "
            "are rougher than a full run's and the memory is read after fewer than "
            "40 edits.",
        ]

    lines += _load_warning(record["machine"])
    lines += _unavailable_section(record, labels)
    lines += _targets_section(record["targets"])
    lines += _startup_section(record, labels)
    for file in record["files"]:
        lines += _file_section(record, file, labels)
    lines += _returned_section(record, labels)
    lines += _check_section(record.get("check"))

    lines += _machine_section(record)
    lines += _method_section(record)
    lines += _errors_section(record, labels)
    return "\n".join(lines) + "\n"


def _load_warning(machine: dict[str, Any]) -> list[str]:
    loads = [machine["load_average_start"][0]]
    loads += machine.get("load_average_end", [])[:1]
    busiest = max(loads)
    if busiest <= machine["nproc"] / 2:
        return []
    return [
        "",
        f"**Busy machine**: the 1-minute load average reached {busiest:.2f} on "
        f"{machine['nproc']} processors, so other processes competed for the CPUs. "
        "Absolute times are slower than on an idle machine; the ratios compare "
        "sessions that ran interleaved under the same load.",
    ]


def _unavailable_section(record: dict[str, Any], labels: dict[str, str]) -> list[str]:
    unavailable = record["unavailable_servers"]
    if not unavailable:
        return []
    lines = ["", "These servers did not start and have no figures:", ""]
    for key, reason in unavailable.items():
        lines.append(f"- {labels.get(key, key)}: {reason}")
    return lines


def _targets_section(targets: list[dict[str, Any]]) -> list[str]:
    lines = ["", "## Targets", "", "| Target | Measured | Limit | Result |"]
    lines.append("|---|---|---|---|")
    for target in targets:
        outcome = {True: "pass", False: "**fail**", None: "not measured"}[
            target["passed"]
        ]
        lines.append(
            f"| {target['description']} | {target['measured']} | {target['limit']} "
            f"| {outcome} |"
        )
    return lines


def _startup_section(record: dict[str, Any], labels: dict[str, str]) -> list[str]:
    startup = record["summary"]["startup_ms"]
    order = [key for key in (NODE, BARE, OURS) if key in startup]
    if not order:
        return []
    sessions = record["sessions"]
    lines = [
        "",
        "## Startup",
        "",
        "Spawn to `initialize` response, median over every session of the run "
        "(all files, all runs). The bare pygls server only answers `initialize`: "
        "it is the floor for any pygls server on this interpreter.",
        "",
        "| Server | Sessions | Spawn to initialize | Ratio to bare pygls |",
        "|---|---|---|---|",
    ]
    bare = startup.get(BARE)
    for key in order:
        count = sum(
            1
            for session in sessions
            if session["server"] == key
            and session["spawn_to_initialize_ms"] is not None
        )
        ratio = "" if not bare else f"{startup[key] / bare:.2f}×"
        lines.append(f"| {labels[key]} | {count} | {startup[key]:.1f} ms | {ratio} |")
    bare_memory = [
        session["peak_rss_kib"]
        for session in sessions
        if session["server"] == BARE and session["peak_rss_kib"] is not None
    ]
    if bare_memory:
        bare_memory.sort()
        median_mib = bare_memory[len(bare_memory) // 2] / 1024
        lines += [
            "",
            f"The bare pygls server's peak RSS after `initialize` is {median_mib:.1f} "
            "MiB: the memory floor for a pygls server.",
        ]
    return lines


def _file_section(
    record: dict[str, Any], file: dict[str, Any], labels: dict[str, str]
) -> list[str]:
    by_file = record["summary"]["by_file"]
    ratios = record["summary"]["ratios_ours_to_node"].get(file["key"], {})
    servers = [key for key in (NODE, OURS) if file["key"] in by_file.get(key, {})]
    if not servers:
        return []
    header = "| Figure | " + " | ".join(labels[key] for key in servers)
    header += " | Ours / Node |" if ratios else " |"
    lines = [
        "",
        f"## {file['label']}",
        "",
        f"`{file['path']}`, {file['lines']} lines. Medians over runs.",
        "",
        header,
        "|---" * (len(servers) + 1 + (1 if ratios else 0)) + "|",
    ]
    for key, label, unit in FILE_FIGURES:
        values = [by_file[server][file["key"]].get(key) for server in servers]
        if all(value is None for value in values):
            continue
        cells = [_format_value(value, unit) for value in values]
        row = f"| {label} | " + " | ".join(cells)
        if ratios:
            ratio = ratios.get(key)
            row += " | " + ("" if ratio is None else f"{ratio:.2f}")
        lines.append(row + " |")
    return lines


def _returned_section(record: dict[str, Any], labels: dict[str, str]) -> list[str]:
    rows = []
    seen = set()
    for session in record["sessions"]:
        identity = (session["server"], session["file"])
        if identity in seen or session["server"] == BARE:
            continue
        if session["completion_items"] is None:
            continue
        seen.add(identity)
        hover = "empty" if session["hover_empty"] else "content"
        versioned = "yes" if session["diagnostics_versioned"] else "no"
        rows.append(
            f"| {session['file']} | {labels.get(session['server'], session['server'])} "
            f"| {session['completion_items']} | {hover} "
            f"| {session['diagnostics_on_open']} | {versioned} |"
        )
    if not rows:
        return []
    return [
        "",
        "## What the servers returned",
        "",
        "From the first session of each server and file. Latency means little "
        "without the answer: an empty hover costs less than one with content.",
        "",
        "| File | Server | Completion items | Hover | Diagnostics on open "
        "| Versioned diagnostics |",
        "|---|---|---|---|---|---|",
        *rows,
    ]


def _check_section(check: dict[str, Any] | None) -> list[str]:
    if check is None:
        return []
    lines = ["", "## `dockerfile-ls check`", ""]
    if check.get("error"):
        return lines + [f"Not measured: {check['error']}"]
    lines += [
        f"Wall clock of `python -m dockerfile_ls check {check['file']}` from spawn to "
        f"exit, {check['runs']} runs after one untimed run: median "
        f"{check['median_ms']:.1f} ms, min {check['min_ms']:.1f} ms, max "
        f"{check['max_ms']:.1f} ms, exit code {check['exit_code']}.",
    ]
    return lines


def _machine_section(record: dict[str, Any]) -> list[str]:
    machine = record["machine"]
    versions = record["versions"]
    start = ", ".join(f"{value:.2f}" for value in machine["load_average_start"])
    end = ", ".join(f"{value:.2f}" for value in machine.get("load_average_end", []))
    lines = [
        "",
        "## Machine and versions",
        "",
        f"- CPU: {machine['cpu_model']}, {machine['cpu_count_proc']} processors in "
        f"/proc/cpuinfo, {machine['nproc']} available to the benchmark (nproc)",
        f"- Memory: {machine['memory_total_mib']} MiB; kernel: {machine['kernel']}",
        f"- Load average (1, 5, 15 min) at start: {start}; at end: {end}",
    ]
    for name, value in versions.items():
        lines.append(f"- {name}: {value}")
    return lines


def _method_section(record: dict[str, Any]) -> list[str]:
    limits = record["settings"]["limits"]
    options = record["settings"]["initialization_options_for_ours"]
    settings_line = (
        "- Our server runs with its default settings: the client sends no "
        "`initializationOptions`."
        if options is None
        else "- Our server receives these `initializationOptions`, which change its "
        f"defaults: `{json.dumps(options)}`."
    )
    return [
        "",
        "## Method",
        "",
        "- Every session is a fresh server process on one file; within a run the "
        "order of the servers rotates from file to file and run to run. Before the "
        "runs, one short untimed session per server, with one message of each kind, "
        "fills the disk cache and writes Python bytecode.",
        "- The client is `bench/lsp_stdio_client.py`: one thread, `select` on the "
        "pipes, a timestamp when the last byte of a message arrives. It declares "
        "UTF-16 positions, versioned diagnostics and no `workspace/configuration`.",
        "- Positions come from the text, nearest the middle line: completion right "
        "after the `=` of a `COPY --from=` (sent as triggered by `=`), hover on the "
        "first character of a FROM's base image.",
        f"- Completion and hover: warm-up requests first (untimed, {limits['warmup']} "
        f"of each), then up to {limits['requests']} timed ones, one at a time. p50 and "
        "p95 per session by linear interpolation, then the median over runs.",
        f"- didChange: up to {limits['edits']} edits, each rewriting a comment at the "
        "end of the single-line RUN nearest the middle (` # edit 1`, ` # edit 2`, "
        "...), so each edit gives a text the server has not seen. The next edit "
        "waits for the diagnostics of the previous one: with the matching version "
        "if the server sends versions, else the first after the change. Edits are "
        "incremental when the server accepts them.",
        "- Peak RSS: VmHWM from /proc/PID/status after the last edit, summed over "
        "the server's process tree.",
        f"- Every loop stops after {limits['loop_seconds']:g} s and every response "
        f"wait after {limits['response_timeout']:g} s.",
        settings_line,
    ]


def _errors_section(record: dict[str, Any], labels: dict[str, str]) -> list[str]:
    failed = [session for session in record["sessions"] if session["errors"]]
    if not failed:
        return []
    lines = ["", "## Errors", ""]
    for session in failed:
        name = labels.get(session["server"], session["server"])
        errors = "; ".join(session["errors"])
        lines.append(f"- {name}, {session['file']}, run {session['run']}: {errors}")
    return lines


def _format_value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if value < 10:
        return f"{value:.2f} ms"
    return f"{value:.1f} ms"
