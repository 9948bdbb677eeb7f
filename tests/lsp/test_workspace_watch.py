"""End-to-end: the workspace index follows files that change on disk.

Each server gets a fresh temporary workspace: a Dockerfile with stages ``a``, ``b``
and ``c`` and a ``compose.yaml`` that builds target ``b``. Stage ``c`` is the last
stage, so BuildKit builds it by default. A stage that neither the default target
nor a build file's target builds is reported as unused. The tests change
``compose.yaml`` on disk and tell the server through
``workspace/didChangeWatchedFiles``, or save a document when the client cannot
watch files.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.conftest import CLIENTS, SERVER_COMMAND, Inbox, Session, capabilities_for
from tests.lsp.test_targets import accept_registrations

DOCKERFILE = "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nFROM alpine:3.20 AS c\n"
COMPOSE = "services:\n  app:\n    build:\n      context: .\n      target: {}\n"
VERSIONS = itertools.count(1000)
TIMEOUT = 20
SHELL_TARGET = Path(__file__).resolve().parents[2] / "fixtures/workspaces/shell-target"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND),
    params=CLIENTS + ["visual_studio_code+pull"],
    scope="module",
)
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest
) -> AsyncIterator[None]:
    root = Path(tempfile.mkdtemp(prefix="dockerfile-ls-watch-"))
    (root / "Dockerfile").write_text(DOCKERFILE)
    (root / "compose.yaml").write_text(COMPOSE.format("b"))
    params = types.InitializeParams(
        capabilities=capabilities_for(request.param),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="watched")],
        initialization_options={"dockerfileLs": {"diagnostics": {"debounceMs": 0}}},
    )
    lsp_client.inbox = Inbox(lsp_client)  # type: ignore[attr-defined]
    lsp_client.registrations = accept_registrations(lsp_client)  # type: ignore[attr-defined]
    lsp_client.root = root  # type: ignore[attr-defined]
    await lsp_client.initialize_session(params)
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(root, ignore_errors=True)


def root_of(session: Session) -> Path:
    return session.client.root  # type: ignore[attr-defined, no-any-return]


def watches(session: Session) -> bool:
    capabilities = session.client.capabilities
    assert capabilities is not None and capabilities.workspace is not None
    watched = capabilities.workspace.did_change_watched_files
    return watched is not None and bool(watched.dynamic_registration)


def reset(session: Session) -> None:
    """Put the workspace back as the fixture wrote it, and tell the server."""
    (root_of(session) / "compose.yaml").write_text(COMPOSE.format("b"))
    (root_of(session) / "docker-bake.hcl").unlink(missing_ok=True)
    notify(session, "compose.yaml", types.FileChangeType.Changed)
    notify(session, "docker-bake.hcl", types.FileChangeType.Deleted)


async def unused_stages(session: Session, uri: str, version: int) -> list[int]:
    diagnostics = await session.diagnostics(uri, version)
    return [d.range.start.line for d in diagnostics if d.code == "UnusedStage"]


async def open_dockerfile(session: Session) -> tuple[str, int, list[int]]:
    uri = (root_of(session) / "Dockerfile").as_uri()
    version = next(VERSIONS)
    session.versions[uri] = version
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="dockerfile", version=version, text=DOCKERFILE
            )
        )
    )
    return uri, version, await unused_stages(session, uri, version)


def notify(session: Session, name: str, change: types.FileChangeType) -> None:
    uri = (root_of(session) / name).as_uri()
    session.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri, type=change)]
        )
    )


async def test_registration_follows_capability(session: Session) -> None:
    registrations = session.client.registrations  # type: ignore[attr-defined]
    if watches(session):
        for _ in range(TIMEOUT * 10):
            if registrations:
                break
            await session.hover((root_of(session) / "Dockerfile").as_uri(), 0, 0)
    methods = [
        registration.method
        for params in registrations
        for registration in params.registrations
    ]
    expected = [types.WORKSPACE_DID_CHANGE_WATCHED_FILES] if watches(session) else []
    assert methods == expected


async def test_compose_target_on_disk_counts(session: Session) -> None:
    reset(session)
    _, _, unused = await open_dockerfile(session)
    assert unused == [0]


async def test_changed_compose_moves_target(session: Session) -> None:
    reset(session)
    uri, version, _ = await open_dockerfile(session)
    (root_of(session) / "compose.yaml").write_text(COMPOSE.format("a"))
    notify(session, "compose.yaml", types.FileChangeType.Changed)
    assert await unused_stages(session, uri, version) == [1]


async def test_deleted_compose_drops_target(session: Session) -> None:
    reset(session)
    uri, version, _ = await open_dockerfile(session)
    (root_of(session) / "compose.yaml").unlink()
    notify(session, "compose.yaml", types.FileChangeType.Deleted)
    assert await unused_stages(session, uri, version) == [0, 1]


async def test_created_bake_file_adds_target(session: Session) -> None:
    reset(session)
    uri, version, _ = await open_dockerfile(session)
    (root_of(session) / "docker-bake.hcl").write_text(
        'target "x" {\n  target = "a"\n}\n'
    )
    notify(session, "docker-bake.hcl", types.FileChangeType.Created)
    assert await unused_stages(session, uri, version) == []


async def test_save_reads_changed_files(session: Session) -> None:
    if watches(session):
        pytest.skip("the client watches files, so the server ignores saves")
    reset(session)
    uri, version, _ = await open_dockerfile(session)
    (root_of(session) / "compose.yaml").write_text(COMPOSE.format("a  # moved"))
    session.client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)
        )
    )
    assert await unused_stages(session, uri, version) == [1]


def change_folder(session: Session, added: bool) -> None:
    folder = types.WorkspaceFolder(uri=SHELL_TARGET.as_uri(), name="shell-target")
    session.client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(
                added=[folder] if added else [], removed=[] if added else [folder]
            )
        )
    )


async def test_added_folder_is_indexed(session: Session) -> None:
    uri = (SHELL_TARGET / "Dockerfile").as_uri()
    version = next(VERSIONS)
    session.versions[uri] = version
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="dockerfile",
                version=version,
                text=(SHELL_TARGET / "Dockerfile").read_text(),
            )
        )
    )
    assert await unused_stages(session, uri, version) == [1]
    change_folder(session, added=True)
    assert await unused_stages(session, uri, version) == []
    change_folder(session, added=False)
    assert await unused_stages(session, uri, version) == [1]
