"""Profile dockerfile-ls with pyinstrument while the benchmark client drives it.

Each scenario starts ``python -m pyinstrument -m dockerfile_ls serve``, opens
the input (by default the generated 5,000-line file, or ``--input PATH``), then
repeats one kind of message:

- ``open``: nothing more, so the profile shows startup and the first didOpen;
- ``change``: edits (didChange), each waiting for its diagnostics;
- ``completion``: completion requests after ``COPY --from=``;
- ``hover``: hover requests on the base image of a FROM.

The profiles go to bench/.scratch/profiles/SCENARIO.{pyisession,txt,html}; the
text one is also written to stdout. Time spent idle waiting for the next message
shows up under the asyncio event loop's ``select`` and is not the server's work.

    python bench/profile_server.py                 # all scenarios
    python bench/profile_server.py change --count 300
    python bench/profile_server.py open --input bench/inputs/typical.Dockerfile
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from large_dockerfile import generate
from lsp_session import CLIENT_CAPABILITIES, InputFile, diagnostics_for, load_input
from lsp_stdio_client import LspStdioClient

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SCRATCH = BENCH / ".scratch"
SCENARIOS = ("open", "change", "completion", "hover")
RESPONSE_TIMEOUT = 30.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "scenarios",
        nargs="*",
        help="scenarios to run (default all): " + ", ".join(SCENARIOS),
    )
    parser.add_argument(
        "--count", type=int, default=200, help="messages per scenario (default 200)"
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=0.0002,
        help="pyinstrument sampling interval in seconds (default 0.0002)",
    )
    parser.add_argument(
        "--input",
        type=Path,
        help="Dockerfile to profile on (default: the generated 5,000-line file)",
    )
    options = parser.parse_args(argv)
    scenarios = options.scenarios or list(SCENARIOS)
    invalid = [name for name in scenarios if name not in SCENARIOS]
    if invalid:
        parser.error(f"unknown scenario {invalid[0]!r}: choose from {SCENARIOS}")

    output = SCRATCH / "profiles"
    output.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / "workspace" / "profile" / "Dockerfile"
    path.parent.mkdir(parents=True, exist_ok=True)
    if options.input is None:
        text = generate()
    else:
        text = options.input.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    document = load_input("profile", "profiled input", path)

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "server"), *filter(None, [env.get("PYTHONPATH")])]
    )
    for scenario in scenarios:
        session = output / f"{scenario}.pyisession"
        _profile(scenario, document, options, session, env)
        text = _render(session, "text", env)
        _render(session, "html", env)
        sys.stdout.write(f"=== {scenario} ===\n{text}\n")
    return 0


def _profile(
    scenario: str,
    document: InputFile,
    options: argparse.Namespace,
    session: Path,
    env: dict[str, str],
) -> None:
    argv = [
        sys.executable, "-m", "pyinstrument",
        "--renderer", "pyisession", "--outfile", str(session),
        "--interval", str(options.interval),
        "-m", "dockerfile_ls", "serve",
    ]  # fmt: skip
    with (SCRATCH / "profiles" / f"{scenario}.stderr.log").open("wb") as stderr:
        client = LspStdioClient(argv, env=env, cwd=document.path.parent, stderr=stderr)
        try:
            _drive(client, scenario, document, options.count)
        finally:
            code = client.close(timeout=60.0)
    if code != 0 or not session.exists():
        raise SystemExit(
            f"profiling {scenario} failed (exit code {code}); "
            f"see {SCRATCH / 'profiles' / scenario}.stderr.log"
        )


def _drive(
    client: LspStdioClient, scenario: str, document: InputFile, count: int
) -> None:
    params: dict[str, Any] = {
        "processId": os.getpid(),
        "rootUri": document.path.parent.as_uri(),
        "capabilities": CLIENT_CAPABILITIES,
    }
    request_id, _ = client.send_request("initialize", params)
    client.wait_for_response(request_id, RESPONSE_TIMEOUT)
    client.send_notification("initialized", {})
    client.send_notification(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": document.uri,
                "languageId": "dockerfile",
                "version": 1,
                "text": document.text,
            }
        },
    )
    client.wait_for(diagnostics_for(document.uri, 1), RESPONSE_TIMEOUT)

    if scenario == "open":
        return

    if scenario == "change":
        base = document.text.splitlines()[document.edit_line]
        previous = ""
        for edit in range(1, count + 1):
            suffix = f" # edit {edit}"
            start = {"line": document.edit_line, "character": len(base)}
            end = {"line": document.edit_line, "character": len(base) + len(previous)}
            previous = suffix
            client.send_notification(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": document.uri, "version": edit + 1},
                    "contentChanges": [
                        {"range": {"start": start, "end": end}, "text": suffix}
                    ],
                },
            )
            client.wait_for(diagnostics_for(document.uri, edit + 1), RESPONSE_TIMEOUT)
        return

    method = (
        "textDocument/completion" if scenario == "completion" else "textDocument/hover"
    )
    position = document.completion_at if scenario == "completion" else document.hover_at
    request: dict[str, Any] = {
        "textDocument": {"uri": document.uri},
        "position": position.to_lsp(),
    }
    for _ in range(count):
        request_id, _ = client.send_request(method, request)
        client.wait_for_response(request_id, RESPONSE_TIMEOUT)


def _render(session: Path, renderer: str, env: dict[str, str]) -> str:
    suffix = {"text": ".txt", "html": ".html"}[renderer]
    target = session.with_suffix(suffix)
    argv = [
        sys.executable, "-m", "pyinstrument", "--load", str(session),
        "--renderer", renderer, "--outfile", str(target),
        "--show", "*/dockerfile_ls/*",
    ]  # fmt: skip
    if renderer == "text":
        argv.append("--no-color")
    subprocess.run(argv, env=env, check=True, timeout=120)
    return target.read_text(encoding="utf-8") if renderer == "text" else ""


if __name__ == "__main__":
    raise SystemExit(main())
