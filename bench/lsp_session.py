"""One benchmark session: a fresh server process measured on one input file.

A session spawns the server and measures, in this order:

- spawn to ``initialize`` response;
- ``didOpen`` to the first ``publishDiagnostics``;
- completion after ``COPY --from=`` and hover on the base image of a FROM;
- ``didChange`` to the diagnostics of that change;
- the peak resident memory after the edits.

The positions come from the text itself, nearest the middle of the file, so any
Dockerfile with a ``COPY --from``, a FROM and a single-line RUN can be an input.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsp_stdio_client import LspStdioClient, Message, ServerError, read_tree_memory

CLIENT_CAPABILITIES: dict[str, Any] = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": False},
        "completion": {
            "contextSupport": True,
            "completionItem": {
                "snippetSupport": True,
                "documentationFormat": ["markdown", "plaintext"],
            },
        },
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "publishDiagnostics": {
            "versionSupport": True,
            "relatedInformation": True,
            "codeDescriptionSupport": True,
            "dataSupport": True,
        },
    },
    "workspace": {"configuration": False, "workspaceFolders": False},
    "window": {"workDoneProgress": False},
}

_FROM_IMAGE = re.compile(r"^FROM\s+(?:--\S+\s+)*(\S)", re.IGNORECASE)
_SYNC_FULL = 1
_SYNC_INCREMENTAL = 2


@dataclass
class ServerSpec:
    """How to start one language server."""

    key: str
    label: str
    argv: list[str]
    env: dict[str, str] | None
    """The server's environment, or None to inherit the benchmark's."""
    startup_only: bool = False
    """True for a server with no features: only startup is measured."""


@dataclass
class Position:
    line: int
    character: int

    def to_lsp(self) -> dict[str, int]:
        return {"line": self.line, "character": self.character}


@dataclass
class InputFile:
    """A Dockerfile and the positions where the session sends its requests."""

    key: str
    label: str
    path: Path
    text: str
    completion_at: Position
    hover_at: Position
    edit_line: int
    """Line of a single-line RUN instruction, where each edit rewrites a comment."""

    source: str = ""
    """Repository path of the original text, shown in the report.

    ``path`` is the copy that the servers open.
    """

    @property
    def uri(self) -> str:
        return self.path.resolve().as_uri()

    @property
    def line_count(self) -> int:
        return len(self.text.splitlines())


@dataclass
class Limits:
    """Bounds on the count and duration of every loop in a session."""

    requests: int = 50
    edits: int = 40
    warmup: int = 3
    loop_seconds: float = 30.0
    response_timeout: float = 10.0
    startup_timeout: float = 30.0


@dataclass
class SessionResult:
    server: str
    file: str
    run: int
    spawn_to_initialize_ms: float | None = None
    open_to_diagnostics_ms: float | None = None
    completion_ms: list[float] = field(default_factory=list)
    hover_ms: list[float] = field(default_factory=list)
    change_to_diagnostics_ms: list[float] = field(default_factory=list)
    peak_rss_kib: int | None = None
    rss_kib: int | None = None
    edits_before_memory: int = 0
    completion_items: int | None = None
    hover_empty: bool | None = None
    diagnostics_on_open: int | None = None
    diagnostics_versioned: bool | None = None
    errors: list[str] = field(default_factory=list)


def load_input(key: str, label: str, path: Path) -> InputFile:
    """Read a Dockerfile and locate the completion, hover and edit positions.

    Raises ValueError when the file has no ``COPY --from=``, no FROM or no
    single-line RUN instruction.
    """
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    middle = len(lines) // 2

    completions = [
        Position(number, line.index("--from=") + len("--from="))
        for number, line in enumerate(lines)
        if line.lstrip().upper().startswith("COPY") and "--from=" in line
    ]
    hovers = []
    for number, line in enumerate(lines):
        match = _FROM_IMAGE.match(line)
        if match:
            hovers.append(Position(number, match.start(1) + 1))
    edits = [
        number
        for number, line in enumerate(lines)
        if _is_single_line_run(line, lines[number - 1] if number else "")
    ]
    if not completions or not hovers or not edits:
        raise ValueError(
            f"{path}: a benchmark input needs a COPY --from=, a FROM and a "
            "single-line RUN instruction"
        )

    def nearest(candidates: list[Position]) -> Position:
        return min(candidates, key=lambda position: abs(position.line - middle))

    edit_line = min(edits, key=lambda number: abs(number - middle))
    return InputFile(
        key, label, path, text, nearest(completions), nearest(hovers), edit_line
    )


def _is_single_line_run(line: str, previous: str) -> bool:
    return (
        line.upper().startswith("RUN ")
        and not line.rstrip().endswith("\\")
        and "<<" not in line
        and not previous.rstrip().endswith("\\")
    )


def run_session(
    server: ServerSpec,
    document: InputFile,
    run: int,
    limits: Limits,
    workspace: Path,
    stderr_path: Path,
    initialization_options: dict[str, Any] | None = None,
) -> SessionResult:
    """Spawn ``server``, measure every figure on ``document`` and stop the server."""
    result = SessionResult(server=server.key, file=document.key, run=run)
    with stderr_path.open("ab") as stderr:
        client = LspStdioClient(
            server.argv, env=server.env, cwd=workspace, stderr=stderr
        )
        try:
            _measure(
                client,
                server,
                document,
                limits,
                workspace,
                result,
                initialization_options,
            )
        except ServerError as error:
            result.errors.append(str(error))
        finally:
            if result.peak_rss_kib is None and client.process.poll() is None:
                _record_memory(client, result)
            client.close()
    return result


def _measure(
    client: LspStdioClient,
    server: ServerSpec,
    document: InputFile,
    limits: Limits,
    workspace: Path,
    result: SessionResult,
    initialization_options: dict[str, Any] | None,
) -> None:
    params: dict[str, Any] = {
        "processId": os.getpid(),
        "clientInfo": {"name": "dockerfile-ls-bench", "version": "1"},
        "rootUri": workspace.resolve().as_uri(),
        "workspaceFolders": None,
        "capabilities": CLIENT_CAPABILITIES,
    }
    if initialization_options is not None:
        params["initializationOptions"] = initialization_options
    request_id, _ = client.send_request("initialize", params)
    response = client.wait_for_response(request_id, limits.startup_timeout)
    result.spawn_to_initialize_ms = _ms(client.spawned_at, response.arrived)
    if "error" in response.message:
        raise ServerError(f"initialize failed: {response.message['error']}")
    client.send_notification("initialized", {})
    if server.startup_only:
        return

    capabilities = response.message.get("result", {}).get("capabilities", {})
    version = 1
    sent = client.send_notification(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": document.uri,
                "languageId": "dockerfile",
                "version": version,
                "text": document.text,
            }
        },
    )
    diagnostics = client.wait_for(
        diagnostics_for(document.uri, version), limits.startup_timeout
    )
    result.open_to_diagnostics_ms = _ms(sent, diagnostics.arrived)
    result.diagnostics_on_open = len(diagnostics.message["params"]["diagnostics"])
    result.diagnostics_versioned = "version" in diagnostics.message["params"]

    phases: list[tuple[str, Callable[[], None]]] = [
        ("completion", lambda: _time_completion(client, document, limits, result)),
        ("hover", lambda: _time_hover(client, document, limits, result)),
        (
            "didChange",
            lambda: _time_edits(client, document, capabilities, limits, result),
        ),
    ]
    for name, phase in phases:
        # A failed phase, such as a request the server does not support, leaves
        # the later phases to run, unless the server has exited.
        try:
            phase()
        except ServerError as error:
            result.errors.append(f"{name}: {error}")
            if client.process.poll() is not None:
                return
    _record_memory(client, result)


def _time_completion(
    client: LspStdioClient, document: InputFile, limits: Limits, result: SessionResult
) -> None:
    params = {
        "textDocument": {"uri": document.uri},
        "position": document.completion_at.to_lsp(),
        "context": {"triggerKind": 2, "triggerCharacter": "="},
    }
    first = _time_requests(
        client, "textDocument/completion", params, limits, result.completion_ms
    )
    result.completion_items = _count_items(first)


def _time_hover(
    client: LspStdioClient, document: InputFile, limits: Limits, result: SessionResult
) -> None:
    params = {
        "textDocument": {"uri": document.uri},
        "position": document.hover_at.to_lsp(),
    }
    first = _time_requests(
        client, "textDocument/hover", params, limits, result.hover_ms
    )
    result.hover_empty = first is None


def _time_requests(
    client: LspStdioClient,
    method: str,
    params: dict[str, Any],
    limits: Limits,
    samples: list[float],
) -> Any:
    """Send ``warmup`` untimed then up to ``requests`` timed requests, one at a time.

    Returns the result of the first timed request.
    """
    for _ in range(limits.warmup):
        request_id, _ = client.send_request(method, params)
        client.wait_for_response(request_id, limits.response_timeout)

    first: Any = None
    deadline = time.perf_counter() + limits.loop_seconds
    for index in range(limits.requests):
        if time.perf_counter() > deadline:
            break
        request_id, sent = client.send_request(method, params)
        response = client.wait_for_response(request_id, limits.response_timeout)
        if "error" in response.message:
            raise ServerError(f"{method} failed: {response.message['error']}")
        samples.append(_ms(sent, response.arrived))
        if index == 0:
            first = response.message.get("result")
    return first


def _time_edits(
    client: LspStdioClient,
    document: InputFile,
    capabilities: dict[str, Any],
    limits: Limits,
    result: SessionResult,
) -> None:
    """Rewrite a comment at the end of the edit line, one edit at a time.

    Each edit gives the file a text it has not had before. A server that sends
    versioned diagnostics must send that edit's version. For one that sends no
    version, the first ``publishDiagnostics`` after the change counts.
    """
    sync = capabilities.get("textDocumentSync", 0)
    if isinstance(sync, dict):
        sync = sync.get("change", 0)
    if sync not in (_SYNC_FULL, _SYNC_INCREMENTAL):
        result.errors.append("server does not accept didChange")
        return

    lines = document.text.splitlines(keepends=True)
    base = lines[document.edit_line].rstrip("\r\n")
    suffix = ""
    deadline = time.perf_counter() + limits.loop_seconds
    for edit in range(1, limits.edits + 1):
        if time.perf_counter() > deadline:
            break
        version = edit + 1
        new_suffix = f" # edit {edit}"
        start = {"line": document.edit_line, "character": len(base)}
        end = {"line": document.edit_line, "character": len(base) + len(suffix)}
        suffix = new_suffix
        ending = lines[document.edit_line][
            len(lines[document.edit_line].rstrip("\r\n")) :
        ]
        lines[document.edit_line] = base + suffix + ending
        if sync == _SYNC_INCREMENTAL:
            change: dict[str, Any] = {
                "range": {"start": start, "end": end},
                "text": suffix,
            }
        else:
            change = {"text": "".join(lines)}
        sent = client.send_notification(
            "textDocument/didChange",
            {
                "textDocument": {"uri": document.uri, "version": version},
                "contentChanges": [change],
            },
        )
        diagnostics = client.wait_for(
            diagnostics_for(document.uri, version), limits.response_timeout
        )
        result.change_to_diagnostics_ms.append(_ms(sent, diagnostics.arrived))
        result.edits_before_memory = edit


def diagnostics_for(uri: str, version: int) -> Callable[[Message], bool]:
    """Match diagnostics for ``uri`` with ``version``, or with no version at all."""

    def matches(message: Message) -> bool:
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message.get("params", {})
        if params.get("uri") != uri:
            return False
        published = params.get("version")
        return published is None or published == version

    return matches


def _record_memory(client: LspStdioClient, result: SessionResult) -> None:
    memory = read_tree_memory(client.pid)
    result.peak_rss_kib = memory.peak_kib
    result.rss_kib = memory.current_kib


def _count_items(completion: Any) -> int:
    if completion is None:
        return 0
    if isinstance(completion, dict):
        return len(completion.get("items", []))
    return len(completion)


def _ms(start: float, end: float) -> float:
    return (end - start) * 1000.0
