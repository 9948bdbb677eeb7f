"""initialize, settings and shutdown: what the client tells the server about itself.

Settings come from ``initializationOptions`` and ``workspace/didChangeConfiguration``
(whose ``settings`` may be empty or null); ``workspace/configuration`` is asked only
when the client declares support for it. The workspace is indexed during
``initialize`` and again when the ``workspace`` limits change.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp._capabilities import get_capability

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.lsp.convert import PositionConverter
from dockerfile_ls.lsp.features import workspace_files
from dockerfile_ls.lsp.settings import SECTION

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

logger = logging.getLogger(__name__)


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        encoding = (
            server.workspace.position_encoding or types.PositionEncodingKind.Utf16
        )
        server.converter = PositionConverter(getattr(encoding, "value", encoding))
        capabilities = params.capabilities
        server.pull_diagnostics = (
            get_capability(capabilities, "text_document.diagnostic") is not None
        )
        server.markdown_hover = _supports_markdown(capabilities)
        server.snippets = bool(
            get_capability(
                capabilities,
                "text_document.completion.completion_item.snippet_support",
                False,
            )
        )
        client = params.client_info.name if params.client_info else "unknown client"
        logger.info(
            "initialize from %s: position encoding %s, %s diagnostics",
            client,
            encoding,
            "pull" if server.pull_diagnostics else "push",
        )
        server.update_settings(params.initialization_options)
        workspace_files.index_workspace(server)
        _warm_up()

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        limits = _workspace_limits(server)
        await _pull_configuration(server)
        if _workspace_limits(server) != limits:
            workspace_files.index_workspace(server)
            server.settings_changed()
        await workspace_files.watch_build_files(server)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        params: types.DidChangeConfigurationParams,
    ) -> None:
        limits = _workspace_limits(server)
        if params.settings:
            server.update_settings(params.settings)
        await _pull_configuration(server)
        if _workspace_limits(server) != limits:
            workspace_files.index_workspace(server)
        server.settings_changed()


# Exercises the rules and the image knowledge once, so their modules and data are
# loaded before the first document arrives rather than while the user waits for its
# diagnostics.
_WARM_UP_TEXT = (
    "FROM alpine:3.22 AS build\n"
    "RUN apk add --no-cache git\n"
    "FROM build\n"
    "COPY --from=build /src /dst\n"
)


def _warm_up() -> None:
    try:
        _ = analyze(_WARM_UP_TEXT).findings
    except Exception:
        logger.exception("warming up the analysis failed")


def _workspace_limits(server: DockerfileLanguageServer) -> tuple[int, int]:
    limits = server.settings.workspace
    return limits.maxFiles, limits.maxFileSizeKb


def _supports_markdown(capabilities: types.ClientCapabilities) -> bool:
    formats = get_capability(capabilities, "text_document.hover.content_format", None)
    if not formats:
        return True
    return types.MarkupKind.Markdown in formats


async def _pull_configuration(server: DockerfileLanguageServer) -> None:
    if not get_capability(server.client_capabilities, "workspace.configuration", False):
        return
    try:
        result = await server.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
    except Exception:
        logger.exception("workspace/configuration failed")
        return
    if result and isinstance(result[0], dict):
        server.update_settings(result[0])
