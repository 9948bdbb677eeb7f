"""Benchmark dockerfile-ls against dockerfile-language-server-nodejs over stdio.

The script installs the Node server from npm into bench/.scratch/ and writes the
inputs there. It runs the Node server, a bare pygls server (the startup floor) and
ours (``python -m dockerfile_ls serve`` on this interpreter) on each file, several
times, and times ``python -m dockerfile_ls check`` on the typical file. It writes
the Markdown report and, beside it, a JSON file with every sample.

    python bench/run.py                       # full run, about 90 s on 2 cores
    python bench/run.py --quick --output /tmp/bench.md
    python bench/run.py --servers node,bare --files typical,large --runs 3
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import logging
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_report import build_record, render_markdown, write_json
from bench_summary import (
    BARE,
    LARGE,
    NODE,
    OURS,
    TYPICAL,
    evaluate_targets,
    summarize,
)
from large_dockerfile import generate
from lsp_session import (
    InputFile,
    Limits,
    ServerSpec,
    SessionResult,
    load_input,
    run_session,
)
from machine_info import describe_machine, describe_versions

logger = logging.getLogger("bench")

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SCRATCH = BENCH / ".scratch"
NODE_PACKAGE = "dockerfile-language-server-nodejs"
NODE_PACKAGE_VERSION = "0.15.0"
SERVER_KEYS = (NODE, BARE, OURS)
FILE_KEYS = ("react-nginx", TYPICAL, LARGE)
LABELS = {NODE: "Node server", BARE: "bare pygls", OURS: "dockerfile-ls"}


def main(argv: list[str] | None = None) -> int:
    options = _parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    started = time.monotonic()
    SCRATCH.mkdir(exist_ok=True)

    limits = Limits()
    runs = options.runs
    check_runs = options.check_runs
    if options.quick:
        limits = Limits(requests=10, edits=10, warmup=1, loop_seconds=10.0)
        runs = 1
        check_runs = 3
    if options.requests is not None:
        limits.requests = options.requests
    if options.edits is not None:
        limits.edits = options.edits
    initialization_options = None
    if options.debounce_ms is not None:
        initialization_options = {
            "dockerfileLs": {"diagnostics": {"debounceMs": options.debounce_ms}}
        }

    python_env = _python_env()
    _compile_server(python_env)
    unavailable: dict[str, str] = {}
    servers = _server_specs(options.servers, python_env, unavailable)
    files = _prepare_inputs(options.files)
    workspace = SCRATCH / "workspace"
    logs = SCRATCH / "logs"
    logs.mkdir(exist_ok=True)

    machine = describe_machine()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    servers = _warm_up(
        servers, files, limits, workspace, logs, unavailable, initialization_options
    )

    sessions: list[SessionResult] = []
    for run in range(1, runs + 1):
        for file_index, file in enumerate(files):
            shift = (run + file_index) % max(len(servers), 1)
            for server in servers[shift:] + servers[:shift]:
                options_for_server = (
                    initialization_options if server.key == OURS else None
                )
                session = run_session(
                    server,
                    file,
                    run,
                    limits,
                    workspace,
                    logs / f"{server.key}.log",
                    options_for_server,
                )
                _log_session(session)
                sessions.append(session)

    check = None
    if OURS in {server.key for server in servers}:
        typical = next((file for file in files if file.key == TYPICAL), None)
        if typical is not None:
            check = _time_check(typical, check_runs, python_env)

    machine["load_average_end"] = list(os.getloadavg())
    node_package = SCRATCH / "node" / "node_modules" / NODE_PACKAGE
    versions = describe_versions(REPO, shutil.which("node"), node_package, python_env)
    summary = summarize(sessions)
    check_ms = None if check is None else check.get("median_ms")
    targets = evaluate_targets(summary, check_ms)
    command = "python bench/run.py " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    record = build_record(
        command=command.strip(),
        date=date,
        limits=limits,
        runs=runs,
        quick=options.quick,
        initialization_options=initialization_options,
        machine=machine,
        versions=versions,
        files=files,
        servers=servers,
        unavailable=unavailable,
        sessions=sessions,
        summary=summary,
        check=check,
        targets=targets,
    )
    output = options.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    json_path = output.with_suffix(".json")
    write_json(json_path, record)
    markdown = render_markdown(record, LABELS, json_path.name)
    output.write_text(markdown, encoding="utf-8")
    logger.info(
        "wrote %s and %s in %.0f s",
        output,
        output.with_suffix(".json").name,
        time.monotonic() - started,
    )
    return 0


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per server and file (default 5)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run, 10 requests and 10 edits per session, 3 check runs",
    )
    parser.add_argument(
        "--servers",
        type=_choices(SERVER_KEYS),
        default=list(SERVER_KEYS),
        help="comma-separated servers to run: node, bare, ours (default all)",
    )
    parser.add_argument(
        "--files",
        type=_choices(FILE_KEYS),
        default=list(FILE_KEYS),
        help="comma-separated inputs: react-nginx, typical, large (default all)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO / "docs" / "benchmarks.md",
        help="Markdown report path, with the JSON beside it "
        "(default docs/benchmarks.md)",
    )
    parser.add_argument(
        "--requests", type=int, help="timed completion and hover requests per session"
    )
    parser.add_argument("--edits", type=int, help="timed edits per session")
    parser.add_argument(
        "--check-runs",
        type=int,
        default=10,
        help="timed runs of `dockerfile-ls check` (default 10)",
    )
    parser.add_argument(
        "--debounce-ms",
        type=int,
        help="send our server dockerfileLs.diagnostics.debounceMs as an "
        "initialization option (default: send none, use the server's defaults)",
    )
    return parser.parse_args(argv)


def _choices(allowed: tuple[str, ...]) -> Any:
    def parse(value: str) -> list[str]:
        chosen = [item.strip() for item in value.split(",") if item.strip()]
        invalid = [item for item in chosen if item not in allowed]
        if invalid or not chosen:
            raise argparse.ArgumentTypeError(
                f"invalid choice {value!r}: expected a comma-separated subset of "
                + ", ".join(allowed)
            )
        return chosen

    return parse


def _python_env() -> dict[str, str]:
    """Return the environment for Python servers: this tree's package first."""
    env = dict(os.environ)
    paths = [str(REPO / "server")]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _server_specs(
    keys: list[str], python_env: dict[str, str], unavailable: dict[str, str]
) -> list[ServerSpec]:
    specs = []
    for key in SERVER_KEYS:
        if key not in keys:
            continue
        if key == NODE:
            try:
                node, script = _install_node_server()
            except RuntimeError as error:
                unavailable[NODE] = str(error)
                continue
            specs.append(
                ServerSpec(
                    NODE, LABELS[NODE], [node, str(script), "--stdio"], dict(os.environ)
                )
            )
        elif key == BARE:
            argv = [sys.executable, str(BENCH / "bare_pygls_server.py")]
            specs.append(ServerSpec(BARE, LABELS[BARE], argv, python_env, True))
        else:
            argv = [sys.executable, "-m", "dockerfile_ls", "serve"]
            specs.append(ServerSpec(OURS, LABELS[OURS], argv, python_env))
    return specs


def _install_node_server() -> tuple[str, Path]:
    """Install the pinned Node server under bench/.scratch/node unless present.

    Raises RuntimeError when node or npm is missing or the install fails.
    """
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        raise RuntimeError("node or npm not found on PATH: install Node.js with npm")
    prefix = SCRATCH / "node"
    package = prefix / "node_modules" / NODE_PACKAGE
    manifest = package / "package.json"
    if not manifest.exists() or f'"version": "{NODE_PACKAGE_VERSION}"' not in (
        manifest.read_text()
    ):
        prefix.mkdir(parents=True, exist_ok=True)
        logger.info("installing %s@%s", NODE_PACKAGE, NODE_PACKAGE_VERSION)
        completed = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                f"{NODE_PACKAGE}@{NODE_PACKAGE_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"npm install failed (check access to the npm registry): "
                f"{completed.stderr.strip()[-500:]}"
            )
    return node, package / "bin" / "docker-langserver"


def _prepare_inputs(keys: list[str]) -> list[InputFile]:
    """Write each input to bench/.scratch/workspace/KEY/Dockerfile and load it."""
    react_nginx = REPO / "fixtures" / "react-nginx" / "Dockerfile"
    sources = {
        "react-nginx": (
            "React + nginx example",
            react_nginx.read_text(encoding="utf-8"),
            react_nginx,
        ),
        TYPICAL: (
            "Typical multi-stage file",
            (BENCH / "inputs" / "typical.Dockerfile").read_text(encoding="utf-8"),
            BENCH / "inputs" / "typical.Dockerfile",
        ),
        LARGE: (
            "Generated file with 50 stages",
            generate(),
            BENCH / "large_dockerfile.py",
        ),
    }
    files = []
    for key in FILE_KEYS:
        if key not in keys:
            continue
        label, text, source = sources[key]
        target = SCRATCH / "workspace" / key / "Dockerfile"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        document = load_input(key, label, target)
        document.label = f"{label} ({document.line_count} lines)"
        document.source = str(source.relative_to(REPO))
        files.append(document)
    return files


def _warm_up(
    servers: list[ServerSpec],
    files: list[InputFile],
    limits: Limits,
    workspace: Path,
    logs: Path,
    unavailable: dict[str, str],
    initialization_options: dict[str, Any] | None,
) -> list[ServerSpec]:
    """Run one short untimed session per server and drop those that fail to start.

    The session sends one message of each kind, so lazy imports are done and their
    bytecode is written before the timed runs.
    """
    probe_limits = dataclasses.replace(limits, requests=1, edits=1, warmup=0)
    usable = []
    for server in servers:
        session = run_session(
            server,
            files[0],
            0,
            probe_limits,
            workspace,
            logs / f"{server.key}.log",
            initialization_options if server.key == OURS else None,
        )
        if session.spawn_to_initialize_ms is None:
            reason = "; ".join(session.errors) or "no initialize response"
            unavailable[server.key] = f"{reason} (see {logs / server.key}.log)"
            logger.warning("%s did not start: %s", server.label, reason)
            continue
        usable.append(server)
    return usable


def _compile_server(env: dict[str, str]) -> None:
    """Write the server's bytecode first, as ``pip install`` does.

    An editable install run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile
    every module on every start, while pygls and lsprotocol load from bytecode:
    start-up and ``check`` would be timed with a handicap users never have.
    """
    package = REPO / "server" / "dockerfile_ls"
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(package)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _time_check(file: InputFile, runs: int, env: dict[str, str]) -> dict[str, Any]:
    argv = [sys.executable, "-m", "dockerfile_ls", "check", str(file.path)]
    durations = []
    exit_code = None
    for index in range(runs + 1):
        started = time.perf_counter()
        try:
            completed = subprocess.run(
                argv, capture_output=True, env=env, timeout=60, check=False
            )
        except subprocess.TimeoutExpired:
            return {"error": "check timed out after 60 s", "file": file.source}
        elapsed = (time.perf_counter() - started) * 1000.0
        exit_code = completed.returncode
        if exit_code not in (0, 1):
            stderr = completed.stderr.decode("utf-8", "replace").strip()[-300:]
            return {"error": f"exit code {exit_code}: {stderr}", "file": file.source}
        if index > 0:
            durations.append(elapsed)
    return {
        "file": file.source,
        "runs": runs,
        "samples_ms": durations,
        "median_ms": statistics.median(durations),
        "min_ms": min(durations),
        "max_ms": max(durations),
        "exit_code": exit_code,
    }


def _log_session(session: SessionResult) -> None:
    def median(values: list[float]) -> str:
        return f"{statistics.median(values):.2f}" if values else "-"

    logger.info(
        "run %d %-11s %-5s init %s ms, completion %s ms, hover %s ms, change %s ms%s",
        session.run,
        session.file,
        session.server,
        "-"
        if session.spawn_to_initialize_ms is None
        else f"{session.spawn_to_initialize_ms:.0f}",
        median(session.completion_ms),
        median(session.hover_ms),
        median(session.change_to_diagnostics_ms),
        f" errors: {session.errors}" if session.errors else "",
    )


if __name__ == "__main__":
    raise SystemExit(main())
