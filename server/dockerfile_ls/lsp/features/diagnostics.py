"""Diagnostics: findings pushed on open and change, or pulled by clients that can.

Push carries the document version; a closed document's diagnostics are cleared.
Clients that declare ``textDocument.diagnostic`` pull them instead, never both.
Large documents may be debounced (``diagnostics.debounceMs``), so a burst of
keystrokes costs one analysis. Dockerfiles get the findings of the core, build
files (Compose, Bake, scripts, CI files) the checks of their targets, and other
documents nothing. A Dockerfile and the build files that build it depend on each
other, so a change to one brings the other's pushed diagnostics up to date.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import to_fs_path

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.rules import Finding
from dockerfile_ls.lsp.convert import PositionConverter
from dockerfile_ls.lsp.documents import DocumentKind
from dockerfile_ls.lsp.features.target_diagnostics import target_diagnostics
from dockerfile_ls.lsp.server import guarded
from dockerfile_ls.workspace import effective_dockerfile
from dockerfile_ls.workspace.sites import normalize

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

logger = logging.getLogger(__name__)

SOURCE = "dockerfile-ls"


def to_diagnostic(
    item: Finding, lines: list[str], converter: PositionConverter
) -> types.Diagnostic:
    """Convert a finding, carrying its fixes in ``data`` for code actions."""
    rule = item.rule
    url = rule.url
    fixes: list[dict[str, Any]] = []
    for fix in item.fixes:
        edits = []
        for edit in fix.edits:
            rng = converter.range(lines, edit.span)
            edits.append(
                {
                    "range": [
                        rng.start.line,
                        rng.start.character,
                        rng.end.line,
                        rng.end.character,
                    ],
                    "newText": edit.new_text,
                }
            )
        fixes.append({"title": fix.title, "edits": edits, "preferred": fix.preferred})
    return types.Diagnostic(
        range=converter.range(lines, item.span),
        message=item.message,
        severity=types.DiagnosticSeverity(int(item.severity)),
        code=rule.name,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if item.unnecessary else None,
        related_information=None,
        data={"rule": rule.name, "fixes": fixes} if fixes else None,
    )


def diagnostics_for(
    server: DockerfileLanguageServer, uri: str, analysis: Analysis
) -> list[types.Diagnostic]:
    lines = analysis.dockerfile.lines
    result = [
        to_diagnostic(item, lines, server.converter) for item in analysis.findings
    ]
    if analysis.findings and any(item.related for item in analysis.findings):
        for diagnostic, item in zip(result, analysis.findings, strict=True):
            if item.related:
                diagnostic.related_information = [
                    types.DiagnosticRelatedInformation(
                        location=types.Location(
                            uri=uri, range=server.converter.range(lines, span)
                        ),
                        message=message,
                    )
                    for span, message in item.related
                ]
    return result


def publish(server: DockerfileLanguageServer, uri: str) -> None:
    """Analyze the document's current version and push its diagnostics."""
    document = server.documents.get(uri)
    if document is None:
        return
    if document.kind is DocumentKind.BUILD_FILE:
        items = target_diagnostics(server, uri)
    else:
        analysis = server.analysis(uri)
        if analysis is None:
            return
        items = diagnostics_for(server, uri, analysis)
        server.published_targets[uri] = analysis.options.external_targets
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=items
        )
    )


def refresh_dependents(
    server: DockerfileLanguageServer, uri: str, kind: DocumentKind | None
) -> None:
    """Push diagnostics again for the open documents that ``uri`` changes.

    After a build file changed, those are the open Dockerfiles whose targets
    changed; after a Dockerfile changed, the open build files that build it.
    ``kind`` is ``None`` for a document just closed, which may be either. Clients
    that pull diagnostics pull them again themselves, because the server declares
    that diagnostics depend on other files.
    """
    if server.pull_diagnostics:
        return
    state = server.workspace_state
    if kind is not DocumentKind.DOCKERFILE:
        for other in state.open_dockerfiles():
            published = server.published_targets.get(other)
            if published is not None and published != server.external_targets(other):
                schedule(server, other)
    if kind is not DocumentKind.BUILD_FILE:
        path = to_fs_path(uri)
        if path is None:
            return
        key = normalize(path)
        for other in state.open_build_files():
            for site in state.sites_in_document(other):
                built = effective_dockerfile(site, state.dockerfile_exists)
                if built is not None and normalize(built) == key:
                    schedule(server, other)
                    break


def schedule(server: DockerfileLanguageServer, uri: str) -> None:
    """Publish now, or after the debounce delay for a large document."""
    if server.pull_diagnostics:
        return
    pending = server.pending_publish.pop(uri, None)
    if pending is not None:
        pending.cancel()
    document = server.documents.get(uri)
    if document is None:
        return
    settings = server.settings.diagnostics
    delay = settings.debounceMs / 1000
    if delay <= 0 or len(document.lines) < settings.debounceMinLines:
        publish(server, uri)
        return
    loop = asyncio.get_event_loop()
    server.pending_publish[uri] = loop.call_later(delay, _publish_later, server, uri)


def _publish_later(server: DockerfileLanguageServer, uri: str) -> None:
    server.pending_publish.pop(uri, None)
    try:
        publish(server, uri)
    except Exception:
        logger.exception("publishing diagnostics for %s failed", uri)


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        schedule(server, uri)
        refresh_dependents(server, uri, server.document_kind(uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        schedule(server, uri)
        refresh_dependents(server, uri, server.document_kind(uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = server.pending_publish.pop(uri, None)
        if pending is not None:
            pending.cancel()
        server.forget(uri)
        refresh_dependents(server, uri, None)
        if not server.pull_diagnostics:
            server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=SOURCE,
            inter_file_dependencies=True,
            workspace_diagnostics=False,
        ),
    )
    @guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
    def pull(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        if server.document_kind(uri) is DocumentKind.BUILD_FILE:
            return types.RelatedFullDocumentDiagnosticReport(
                items=target_diagnostics(server, uri)
            )
        analysis = server.analysis(uri)
        if analysis is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        return types.RelatedFullDocumentDiagnosticReport(
            items=diagnostics_for(server, uri, analysis)
        )
