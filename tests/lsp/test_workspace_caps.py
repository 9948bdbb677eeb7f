"""End-to-end: a workspace larger than the ``workspace`` limits.

The server indexes ``fixtures/workspaces/over-caps`` with ``maxFiles`` 10 and
``maxFileSizeKb`` 1. The breadth-first walk reads the root ``compose.yaml``, skips
``node_modules``, skips ``big/compose.yaml`` (2306 bytes) and stops inside ``many``
before it reaches ``many/zz/compose.yaml``. Both limits are logged to the client.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.conftest import CLIENTS, SERVER_COMMAND, Inbox, Session, capabilities_for
from tests.lsp.test_targets import accept_registrations

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "workspaces" / "over-caps"
VERSIONS = itertools.count(1000)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND),
    params=CLIENTS,
    scope="module",
)
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest
) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=capabilities_for(request.param),
        root_uri=ROOT.as_uri(),
        initialization_options={
            "dockerfileLs": {
                "diagnostics": {"debounceMs": 0},
                "workspace": {"maxFiles": 10, "maxFileSizeKb": 1},
            }
        },
    )
    lsp_client.inbox = Inbox(lsp_client)  # type: ignore[attr-defined]
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(params)
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def references(session: Session, line: int, character: int) -> list[str]:
    uri = (ROOT / "Dockerfile").as_uri()
    version = next(VERSIONS)
    session.versions[uri] = version
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="dockerfile",
                version=version,
                text=(ROOT / "Dockerfile").read_text(),
            )
        )
    )
    await session.diagnostics(uri, version)
    result = await session.client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    return sorted(item.uri for item in result or [] if item.uri != uri)


async def test_only_root_compose_is_read(session: Session) -> None:
    assert await references(session, 0, 20) == [(ROOT / "compose.yaml").as_uri()]


async def test_files_past_the_caps_are_unknown(session: Session) -> None:
    assert await references(session, 1, 14) == []


@pytest.mark.parametrize("setting", ["maxFiles", "maxFileSizeKb"])
async def test_limit_is_logged(session: Session, setting: str) -> None:
    messages = [
        item.message
        for item in session.client.log_messages
        if item.type == types.MessageType.Warning
    ]
    assert [m for m in messages if f"dockerfileLs.workspace.{setting}" in m] != []
