"""End-to-end fixtures: the server started as editors start it, over stdio.

Each test starts its own server, so no state leaks between tests.

Each test runs once per client profile: VS Code, Neovim 0.7 (push diagnostics,
UTF-16), Neovim 0.11 (UTF-8 positions) and VS Code with pull diagnostics.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER_COMMAND = [sys.executable, "-m", "dockerfile_ls", "serve"]
CLIENTS = ["visual_studio_code", "neovim@v0.7.0", "neovim@v0.11.0"]
TIMEOUT = 20


class Inbox:
    """publishDiagnostics notifications as they arrive, with an event to wait on."""

    def __init__(self, client: LanguageClient) -> None:
        self.published: list[types.PublishDiagnosticsParams] = []
        self.arrived = asyncio.Event()
        protocol = client.protocol
        original = protocol._handle_notification

        def capture(method_name: str, params: Any) -> None:
            if method_name == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
                self.published.append(params)
                self.arrived.set()
            original(method_name, params)

        protocol._handle_notification = capture  # type: ignore[method-assign]
        accept_refresh_requests(client)


def accept_refresh_requests(client: LanguageClient) -> None:
    """Accept the server's lens and hint refresh requests, as VS Code does.

    pytest-lsp's client has no handler for them and would return an error.
    """

    def refresh(params: None) -> None:
        return None

    for method in (
        types.WORKSPACE_CODE_LENS_REFRESH,
        types.WORKSPACE_INLAY_HINT_REFRESH,
    ):
        if method not in client.protocol.fm.features:
            client.feature(method)(refresh)


class Session:
    """A client with helpers that wait for the server's notifications."""

    def __init__(self, client: LanguageClient, name: str, inbox: Inbox) -> None:
        self.client = client
        self.name = name
        self.inbox = inbox
        self.versions: dict[str, int] = {}

    @property
    def pull(self) -> bool:
        capabilities = self.client.capabilities
        return (
            capabilities is not None
            and capabilities.text_document is not None
            and (capabilities.text_document.diagnostic is not None)
        )

    @property
    def utf8(self) -> bool:
        return self.name == "neovim@v0.11.0"

    async def open(
        self, text: str, uri: str = "file:///work/Dockerfile", version: int = 1
    ) -> list[types.Diagnostic]:
        """Open a document and return the diagnostics the server reports for it."""
        self.versions[uri] = version
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="dockerfile", version=version, text=text
                )
            )
        )
        return await self.diagnostics(uri, version)

    async def change(
        self,
        uri: str,
        changes: list[types.TextDocumentContentChangeEvent],
        version: int | None = None,
    ) -> list[types.Diagnostic]:
        version = version if version is not None else self.versions[uri] + 1
        self.versions[uri] = version
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=version
                ),
                content_changes=changes,
            )
        )
        return await self.diagnostics(uri, version)

    async def replace_all(self, uri: str, text: str) -> list[types.Diagnostic]:
        return await self.change(
            uri, [types.TextDocumentContentChangeWholeDocument(text=text)]
        )

    async def diagnostics(
        self, uri: str, version: int | None
    ) -> list[types.Diagnostic]:
        """Pull diagnostics, or wait for the push that carries ``version``."""
        if self.pull:
            report = await asyncio.wait_for(
                self.client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(
                        text_document=types.TextDocumentIdentifier(uri=uri)
                    )
                ),
                TIMEOUT,
            )
            return list(report.items)
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while True:
            for index, params in enumerate(self.inbox.published):
                if params.uri == uri and (version is None or params.version == version):
                    del self.inbox.published[: index + 1]
                    return list(params.diagnostics)
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for {uri} version {version}")
            self.inbox.arrived.clear()
            await asyncio.wait_for(self.inbox.arrived.wait(), remaining)

    async def completion(self, uri: str, line: int, character: int) -> list[str]:
        items = await self.completion_items(uri, line, character)
        return sorted(item.label for item in items)

    async def completion_items(
        self, uri: str, line: int, character: int
    ) -> list[types.CompletionItem]:
        result = await self.client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
        if result is None:
            return []
        if isinstance(result, types.CompletionList):
            return list(result.items)
        return list(result)

    async def hover(self, uri: str, line: int, character: int) -> str:
        result = await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
        if result is None:
            return ""
        contents: Any = result.contents
        return contents.value if hasattr(contents, "value") else str(contents)


def capabilities_for(name: str) -> types.ClientCapabilities:
    if name == "visual_studio_code+pull":
        capabilities = client_capabilities("visual_studio_code")
        assert capabilities.text_document is not None
        capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(
            related_document_support=False
        )
        return capabilities
    return client_capabilities(name)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND),
    params=CLIENTS + ["visual_studio_code+pull"],
    scope="module",
)
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest
) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=capabilities_for(request.param),
        root_uri="file:///work",
        initialization_options={"dockerfileLs": {"diagnostics": {"debounceMs": 0}}},
    )

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        """Accept dynamic registrations, as VS Code does."""

    lsp_client.inbox = Inbox(lsp_client)  # type: ignore[attr-defined]
    await lsp_client.initialize_session(params)
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_asyncio.fixture(loop_scope="module")
async def session(client: LanguageClient) -> AsyncIterator[Session]:
    """One test's view of the module's server; it closes what the test opened."""
    current = Session(client, client.profile, client.inbox)  # type: ignore[attr-defined]
    yield current
    for uri in current.versions:
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)
            )
        )
