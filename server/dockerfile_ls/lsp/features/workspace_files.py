"""Keeping the workspace index current: the scan on initialize, file watching and
workspace folder changes.

The workspace folders are scanned while ``initialize`` is handled, so the first
document opened already has every build target. Afterwards the client reports
changed files through ``workspace/didChangeWatchedFiles``. The server registers
the watchers with ``client/registerCapability`` only when the client declares
dynamic registration for that notification. For a client that does not, each
``textDocument/didSave`` reads the saved file again, along with every indexed build
file that changed on disk. Every change brings the diagnostics of open documents up
to date.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp._capabilities import get_capability
from pygls.uris import to_fs_path

from dockerfile_ls.lsp.documents import DocumentKind
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

logger = logging.getLogger(__name__)

WATCHER_ID = "dockerfile-ls-build-files"
WATCHED_GLOBS = (
    "**/{compose,docker-compose}*.{yml,yaml}",
    "**/docker-bake*.{hcl,json}",
    "**/*.{sh,bash,mk,mak,make,just}",
    "**/{Makefile,makefile,GNUmakefile,justfile,Justfile,.justfile}",
    "**/.github/workflows/*.{yml,yaml}",
    "**/.gitlab-ci.{yml,yaml}",
    "**/.vscode/tasks.json",
    "**/{devcontainer.json,.devcontainer.json}",
    "**/{Dockerfile,Containerfile,dockerfile,containerfile}",
    "**/{Dockerfile,Containerfile,dockerfile,containerfile}.*",
    "**/*.{Dockerfile,dockerfile,Containerfile}",
)
"""Files whose changes matter: every name a workspace reader handles (see
``workspace.readers.kind_for``) and every Dockerfile name."""


def workspace_uris(server: DockerfileLanguageServer) -> list[str]:
    """Return the URIs of the workspace folders, or the root URI without folders."""
    workspace = server.workspace
    uris = [folder.uri for folder in workspace.folders.values()]
    if not uris and workspace.root_uri:
        uris = [workspace.root_uri]
    return uris


def index_workspace(server: DockerfileLanguageServer) -> None:
    """Scan the workspace folders and index their build files; failures are logged."""
    state = server.workspace_state
    try:
        state.set_roots(workspace_uris(server))
        state.index_workspace()
    except Exception:
        logger.exception("indexing the workspace failed")


async def watch_build_files(server: DockerfileLanguageServer) -> None:
    """Ask the client to report changes to build files and Dockerfiles, if it
    supports registering that notification."""
    if not get_capability(
        server.client_capabilities,
        "workspace.did_change_watched_files.dynamic_registration",
        False,
    ):
        logger.info(
            "the client cannot watch files for us: build files are read on save"
        )
        return
    watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]
    registration = types.Registration(
        id=WATCHER_ID,
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(
            watchers=watchers
        ),
    )
    try:
        await server.client_register_capability_async(
            types.RegistrationParams(registrations=[registration])
        )
    except Exception as error:
        logger.warning(
            "registering the file watchers failed (%s): build files are read on save",
            error,
        )
        return
    server.watching_files = True


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        state = server.workspace_state
        changed = False
        for event in params.changes:
            path = to_fs_path(event.uri)
            if path is None:
                continue
            if event.type == types.FileChangeType.Deleted:
                changed = state.file_deleted(path) or changed
            else:
                changed = state.file_changed(path) or changed
        if changed:
            server.settings_changed()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if server.watching_files:
            return
        document = server.documents.get(params.text_document.uri)
        if document is None or document.kind is DocumentKind.OTHER:
            return
        server.workspace_state.document_saved(document)
        server.settings_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @guarded()
    def did_change_workspace_folders(
        params: types.DidChangeWorkspaceFoldersParams,
    ) -> None:
        index_workspace(server)
        server.settings_changed()
