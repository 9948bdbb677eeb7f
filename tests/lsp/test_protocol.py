"""Protocol details editors rely on: encodings, versions, plain text, shutdown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import Session
from tests.lsp.rawclient import TIMEOUT, RawClient

URI = "file:///work/protocol/Dockerfile"


def _client_column(text: str, column: int, utf8: bool) -> int:
    prefix = text[:column]
    if utf8:
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


async def test_positions_after_non_ascii_text(session: Session) -> None:
    line = 'RUN echo "日本 🐳" && apt-get install -y curl'
    diagnostics = await session.open(f"FROM alpine:3.22\n{line}\n", URI)
    start = line.index("apt-get")
    expected = (
        _client_column(line, start, session.utf8),
        _client_column(line, start + len("apt-get"), session.utf8),
    )
    found = [(d.range.start.character, d.range.end.character) for d in diagnostics]
    assert found == [expected]


async def test_completion_range_after_non_ascii_name(session: Session) -> None:
    text = 'FROM alpine:3.22 AS build\nLABEL note="ü"\nFROM alpine:3.22\nCOPY --from=bu'
    await session.open(text, URI)
    items = await session.completion_items(URI, 3, 14)
    assert [item.label for item in items] == ["build"]
    edit = items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    assert (edit.range.start.character, edit.range.end.character) == (12, 14)


async def test_diagnostics_carry_jumping_versions(session: Session) -> None:
    await session.open("FROM alpine:3.22\n", URI, version=0)
    diagnostics = await session.change(
        URI,
        [types.TextDocumentContentChangeWholeDocument(text="FORM alpine:3.22\n")],
        version=5,
    )
    assert [d.code for d in diagnostics] == ["UnknownInstruction"]
    diagnostics = await session.change(
        URI,
        [types.TextDocumentContentChangeWholeDocument(text="FROM alpine:3.22\n")],
        version=9,
    )
    assert diagnostics == []


@pytest.fixture
def raw() -> Iterator[RawClient]:
    client = RawClient()
    yield client
    client.close()


def test_plain_text_hover_for_clients_without_markdown(raw: RawClient) -> None:
    raw.initialize({"textDocument": {"hover": {"contentFormat": ["plaintext"]}}})
    raw.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": URI,
                "languageId": "dockerfile",
                "version": 1,
                "text": "FROM alpine:3.22 AS base\nFROM base\n",
            }
        },
    )
    response = raw.request(
        "textDocument/hover",
        {"textDocument": {"uri": URI}, "position": {"line": 1, "character": 6}},
    )
    contents = response["result"]["contents"]
    assert contents["kind"] == "plaintext"
    assert "**" not in contents["value"]
    assert "Alpine" in contents["value"]


def test_shutdown_and_exit_without_params(raw: RawClient) -> None:
    raw.initialize({})
    response = raw.request("shutdown", omit_params=True)
    assert response.get("error") is None
    raw.notify("exit", omit_params=True)
    assert raw.process.wait(timeout=TIMEOUT) == 0


def test_shutdown_and_exit_with_null_params(raw: RawClient) -> None:
    raw.initialize({})
    response = raw.request("shutdown", None)
    assert response.get("error") is None
    raw.notify("exit", None)
    assert raw.process.wait(timeout=TIMEOUT) == 0


def test_utf8_chosen_only_when_offered(raw: RawClient) -> None:
    response = raw.initialize({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    assert response["result"]["capabilities"]["positionEncoding"] == "utf-8"


def test_utf16_by_default(raw: RawClient) -> None:
    response = raw.initialize({})
    assert response["result"]["capabilities"]["positionEncoding"] == "utf-16"


def test_server_survives_binary_text(raw: RawClient) -> None:
    raw.initialize({})
    raw.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": URI,
                "languageId": "dockerfile",
                "version": 1,
                "text": "\x00\x01\x02FROM \udc80\ufffe\n\x7f" * 50,
            }
        },
    )
    published = raw.wait(
        lambda item: item.get("method") == "textDocument/publishDiagnostics"
    )
    assert published["params"]["uri"] == URI
    response = raw.request(
        "textDocument/hover",
        {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 3}},
    )
    assert "error" not in response


def test_hover_lists_where_a_stage_is_built(raw: RawClient) -> None:
    root = (
        Path(__file__).resolve().parents[2] / "fixtures/workspaces/compose-unused-stage"
    )
    dockerfile = root / "Dockerfile"
    raw.request(
        "initialize",
        {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
    )
    raw.notify("initialized", {})
    raw.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": dockerfile.as_uri(),
                "languageId": "dockerfile",
                "version": 1,
                "text": dockerfile.read_text(encoding="utf-8"),
            }
        },
    )
    response = raw.request(
        "textDocument/hover",
        {
            "textDocument": {"uri": dockerfile.as_uri()},
            "position": {"line": 2, "character": 14},
        },
    )
    value = response["result"]["contents"]["value"]
    assert "Built as a target by: compose.yaml" in value


def test_tcp_server_listens_on_loopback() -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dockerfile_ls",
            "-v",
            "serve",
            "--tcp",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        # Block on the server's log until it reports listening: no sleeping.
        for line in process.stderr:
            if "listening on 127.0.0.1" in line:
                break
        else:
            raise AssertionError("the server exited without listening")
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        ).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
            client.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            received = b""
            while b'"capabilities"' not in received:
                chunk = client.recv(65536)
                assert chunk, "the connection closed before the initialize response"
                received += chunk
    finally:
        process.kill()
        process.wait(timeout=TIMEOUT)


def test_invalid_params_get_an_error_response(raw: RawClient) -> None:
    raw.initialize({})
    response = raw.request(
        "textDocument/hover", {"textDocument": 5, "position": {"line": 0}}
    )
    assert response["error"]["code"] == -32602
    follow_up = raw.request(
        "textDocument/hover",
        {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}},
    )
    assert "error" not in follow_up


def test_request_after_shutdown_is_rejected(raw: RawClient) -> None:
    raw.initialize({})
    raw.request("shutdown", None)
    response = raw.request(
        "textDocument/hover",
        {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}},
    )
    assert response["error"]["code"] == -32600
    raw.notify("exit", None)
    assert raw.process.wait(timeout=TIMEOUT) == 0


def test_request_before_initialize_is_rejected(raw: RawClient) -> None:
    response = raw.request(
        "textDocument/hover",
        {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}},
    )
    assert response["error"]["code"] == -32002
    assert "capabilities" in raw.initialize({})["result"]


def test_second_initialize_is_rejected(raw: RawClient) -> None:
    raw.initialize({})
    response = raw.request(
        "initialize", {"processId": None, "rootUri": None, "capabilities": {}}
    )
    assert response["error"]["code"] == -32600


def test_exit_without_shutdown_is_an_error(raw: RawClient) -> None:
    raw.initialize({})
    raw.notify("exit", None)
    assert raw.process.wait(timeout=TIMEOUT) == 1
