"""The language server: creation, shared state and registration of each feature.

Every request handler goes through ``guarded``, so a bug is logged and the client
gets an empty result instead of an error popup or a dead server.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from dockerfile_ls import __version__
from dockerfile_ls.core.analysis import Analysis, AnalysisOptions, analyze
from dockerfile_ls.core.model import Stage
from dockerfile_ls.lsp.convert import PositionConverter
from dockerfile_ls.lsp.documents import DocumentKind, DocumentStore
from dockerfile_ls.lsp.settings import Settings, parse_settings
from dockerfile_ls.lsp.workspace_state import WorkspaceState
from dockerfile_ls.workspace import BuildSite

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

# JSON-RPC's error code for a request that is not valid in the current state, and
# LSP's code for a request sent before initialize.
INVALID_REQUEST = -32600
SERVER_NOT_INITIALIZED = -32002


def guarded(default: Any = None) -> Callable[[F], F]:
    """Log any exception a handler raises and return ``default`` instead.

    JSON-RPC errors a handler raises on purpose still reach the client.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except JsonRpcException:
                # A deliberate error response with a message for the user.
                raise
            except Exception:
                logger.exception("%s failed", function.__name__)
                return default() if callable(default) else default

        return wrapper  # type: ignore[return-value]

    return decorate


class DockerfileProtocol(LanguageServerProtocol):
    """pygls's protocol with text synchronization handed to our document store and
    to the workspace index.

    It also sends a response to every request, as JSON-RPC requires. A request
    whose params do not match the method's schema gets InvalidParams, and one after
    ``shutdown`` gets InvalidRequest. pygls drops both without a response, which
    leaves the client waiting.
    """

    _server: DockerfileLanguageServer

    _initialized = False

    def _reject(self, message: Any, code: int, text: str) -> None:
        logger.warning("request %s rejected: %s", message.method, text)
        self._send_response(
            message.id, error=types.ResponseError(code=code, message=text)
        )

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                logger.warning(
                    "invalid params for %s (request %s)", data.get("method"), data["id"]
                )
                self._send_response(
                    data["id"],
                    error=types.ResponseError(
                        code=error.code,
                        message=f"Invalid params for {data.get('method')}",
                    ),
                )
            raise

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        is_request = hasattr(message, "id") and method is not None
        if is_request and method == types.INITIALIZE and self._initialized:
            self._reject(message, INVALID_REQUEST, "The server is already initialized")
            return
        if is_request and method != types.INITIALIZE and not self._initialized:
            self._reject(
                message,
                SERVER_NOT_INITIALIZED,
                "The server is not initialized: send initialize first",
            )
            return
        if is_request and method == types.INITIALIZE:
            self._initialized = True
        if self._shutdown and is_request and method != types.EXIT:
            logger.warning("request %s after shutdown rejected", method)
            self._send_response(
                message.id,
                error=types.ResponseError(
                    code=INVALID_REQUEST, message="The server is shutting down"
                ),
            )
            return
        super().handle_message(message)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Any:
        document = self._server.documents.open(params.text_document)
        self._server.workspace_state.document_opened(document)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Any:
        document = self._server.documents.change(params, self._server.converter)
        if document is not None:
            self._server.workspace_state.document_changed(document)
        if (
            handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        ) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Any:
        document = self._server.documents.get(params.text_document.uri)
        self._server.documents.close(params.text_document.uri)
        if document is not None:
            self._server.workspace_state.document_closed(document)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class DockerfileLanguageServer(LanguageServer):
    """pygls server plus the analysis cache and the settings."""

    def __init__(self) -> None:
        super().__init__(
            name="dockerfile-ls",
            version=__version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=DockerfileProtocol,
        )
        self.documents = DocumentStore()
        self.settings = Settings()
        self.converter = PositionConverter()
        self.analyses: dict[str, Analysis] = {}
        self.versions: dict[str, int | None] = {}
        self.pull_diagnostics = False
        self.warned_targets: set[tuple[str, str]] = set()
        self.markdown_hover = True
        self.snippets = False
        self.pending_publish: dict[str, asyncio.TimerHandle] = {}
        self.published_targets: dict[str, frozenset[str]] = {}
        """The external targets of each Dockerfile when its diagnostics were last
        pushed, to push them again when the targets change."""
        self.workspace_state = WorkspaceState(self)
        self.watching_files = False
        """True once the client watches the workspace's build files for us."""

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log errors instead of showing pygls's default "Error in server" popup."""
        logger.error(
            "server error (%s): %s", getattr(source, "__name__", source), error
        )

    def document_kind(self, uri: str) -> DocumentKind:
        """Return the kind of an open document; ``OTHER`` when it is not open."""
        document = self.documents.get(uri)
        return DocumentKind.OTHER if document is None else document.kind

    def external_targets(self, uri: str) -> frozenset[str]:
        """Stage names that Compose, Bake, scripts and CI files build as targets
        in the Dockerfile at ``uri``."""
        return self.workspace_state.external_targets(uri)

    def build_sites(self, uri: str) -> list[BuildSite]:
        """Places in the workspace that build the Dockerfile at ``uri``, ordered
        by file and line."""
        return self.workspace_state.sites_for_dockerfile(uri)

    def external_references(
        self, uri: str, analysis: Analysis, line: int, col: int
    ) -> list[types.Location]:
        """References to the stage under the cursor from Compose, Bake and scripts."""
        from dockerfile_ls.lsp.features import stage_targets

        return stage_targets.external_references(self, uri, analysis, line, col)

    def external_rename_edits(
        self, uri: str, stage: Stage, new_name: str
    ) -> dict[str, list[types.TextEdit]]:
        """Edits to targets naming ``stage`` in Compose, Bake and script files."""
        from dockerfile_ls.lsp.features import stage_targets

        return stage_targets.external_rename_edits(self, uri, stage, new_name)

    def known_dockerfiles(self) -> list[tuple[str, Analysis]]:
        """Return the analysis of every Dockerfile the server can see: open
        documents first, then the Dockerfiles on disk that build sites name."""
        found = []
        seen = set()
        for uri in self.documents.uris():
            analysis = self.analysis(uri)
            if analysis is not None:
                found.append((uri, analysis))
                seen.add(uri)
        state = self.workspace_state
        for path in state.named_dockerfiles():
            uri = state.uri_of(path)
            if uri in seen:
                continue
            analysis = state.dockerfile_analysis(path)
            if analysis is not None:
                found.append((uri, analysis))
        return found

    def analysis_options(self, uri: str) -> AnalysisOptions:
        return AnalysisOptions.create(
            self.settings.buildArgs,
            self.settings.target,
            self.external_targets(uri),
            self.settings.diagnostics.unusedStages,
        )

    def analysis(self, uri: str) -> Analysis | None:
        """Return the analysis of the open Dockerfile's current version; ``None``
        for documents that are not open or are not Dockerfiles.

        The parse happens at most once per version; the previous version's parse
        is reused for the unchanged instructions.
        """
        document = self.documents.get(uri)
        if document is None or document.kind is not DocumentKind.DOCKERFILE:
            return None
        options = self.analysis_options(uri)
        cached = self.analyses.get(uri)
        version = document.version
        if (
            cached is not None
            and self.versions.get(uri) == version
            and version is not None
        ):
            if cached.options != options:
                cached = cached.with_options(options)
                self.analyses[uri] = cached
            return cached
        source = document.text
        if cached is not None and cached.text == source:
            result = cached.with_options(options)
        else:
            result = analyze(source, cached, options)
        self.analyses[uri] = result
        self._check_target(uri, result)
        self.versions[uri] = version
        return result

    def _check_target(self, uri: str, analysis: Analysis) -> None:
        """Tell the user once when the configured target names no stage here."""
        target = analysis.options.target
        if not target or not analysis.graph.stages:
            return
        if analysis.graph.target_index(target) is not None:
            return
        if (uri, target) in self.warned_targets:
            return
        self.warned_targets.add((uri, target))
        message = (
            f"The dockerfileLs.target setting '{target}' names no stage in "
            f"{uri.rsplit('/', 1)[-1]}, so no stage is treated as the final image."
        )
        logger.warning("%s (%s)", message, uri)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=message)
        )

    def forget(self, uri: str) -> None:
        self.analyses.pop(uri, None)
        self.versions.pop(uri, None)
        self.published_targets.pop(uri, None)

    def update_settings(self, raw: object) -> None:
        self.settings = parse_settings(raw, self.settings)
        logger.info("settings: %s", self.settings)

    def settings_changed(self) -> None:
        """Bring diagnostics up to date after settings or the workspace changed."""
        from dockerfile_ls.lsp.features import diagnostics

        workspace = self.client_capabilities.workspace
        if workspace is not None:
            # Lenses and hints show settings (the build command, the base OS under
            # the build arguments): ask clients that can to fetch them again.
            if workspace.code_lens and workspace.code_lens.refresh_support:
                self.workspace_code_lens_refresh(None)
            if workspace.inlay_hint and workspace.inlay_hint.refresh_support:
                self.workspace_inlay_hint_refresh(None)
        if self.pull_diagnostics:
            if (
                workspace
                and workspace.diagnostics
                and workspace.diagnostics.refresh_support
            ):
                self.workspace_diagnostic_refresh(None)
            return
        for uri in self.documents.uris():
            diagnostics.schedule(self, uri)


def create_server() -> DockerfileLanguageServer:
    """Create the server with every feature registered."""
    from dockerfile_ls.lsp.features import register_all

    server = DockerfileLanguageServer()
    register_all(server)
    return server


def run_server(
    tcp: bool = False,
    port: int = 2087,
    after_start_up: Callable[[], None] | None = None,
) -> int:
    server = create_server()
    if after_start_up is not None:
        after_start_up()
    if tcp:
        logger.info("listening on 127.0.0.1:%d", port)
        server.start_tcp("127.0.0.1", port)
    else:
        server.start_io()
    # LSP: exit after shutdown ends with 0, exit without it (or a closed stream) 1.
    return 0 if server.protocol._shutdown else 1
