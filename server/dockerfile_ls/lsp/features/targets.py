"""Build targets in the files that build Dockerfiles: completion, definition and
hover, and the routing of requests on those files.

Compose and Bake files, shell scripts, Makefiles, Justfiles, CI workflows, VS Code
tasks and ``devcontainer.json`` name a target. ``WorkspaceState`` finds the
Dockerfile each one builds, inline Dockerfiles included. A target can name any
stage by its name (never by its index) and BuildKit compares names without case.
Completion, definition, hover and code actions on these files go to the handlers
here, and on Dockerfiles to the Dockerfile features registered for the same
methods; ``diagnostics`` sorts out diagnostics itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp._capabilities import get_capability

from dockerfile_ls.core.base import resolve_base
from dockerfile_ls.core.model import Stage
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.documents import DocumentKind
from dockerfile_ls.lsp.features import target_diagnostics
from dockerfile_ls.lsp.server import guarded
from dockerfile_ls.lsp.workspace_state import BuiltDockerfile
from dockerfile_ls.workspace import BuildSite, match_target

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

QUOTES_AND_BLANKS = " \t\"'"


def _cursor(
    server: DockerfileLanguageServer, uri: str, position: types.Position
) -> tuple[list[str], int, int] | None:
    document = server.documents.get(uri)
    if document is None:
        return None
    line, col = server.converter.from_position(document.lines, position)
    return document.lines, line, col


def _typed(site: BuildSite, lines: list[str], line: int, col: int) -> tuple[str, str]:
    """Split the text between the start of the target slot and the cursor into
    what the completion keeps (a space or an opening quote) and the typed prefix."""
    span = site.insert_span
    if span is None or line != span.start_line or line >= len(lines):
        return site.insert_prefix, ""
    before = lines[line][span.start_col : col]
    if site.insert_prefix and before.startswith(site.insert_prefix):
        return site.insert_prefix, before[len(site.insert_prefix) :]
    typed = before.lstrip(QUOTES_AND_BLANKS)
    return before[: len(before) - len(typed)], typed


def _stage_entries(
    server: DockerfileLanguageServer, sites: list[BuildSite]
) -> dict[str, tuple[Stage, BuiltDockerfile]]:
    """Collect the named stages of the Dockerfiles the sites build, once per name
    ignoring case. A later stage with the same name wins, as it does in BuildKit."""
    entries: dict[str, tuple[Stage, BuiltDockerfile]] = {}
    for site in sites:
        built = server.workspace_state.built_dockerfile(site)
        if built is None:
            continue
        for stage in built.analysis.graph.stages:
            if stage.name is not None and stage.name_written is not None:
                entries[stage.name] = (stage, built)
    return entries


def _is_default(stage: Stage, built: BuiltDockerfile) -> bool:
    return stage.index == len(built.analysis.graph.stages) - 1


def completion(
    server: DockerfileLanguageServer, params: types.CompletionParams
) -> list[types.CompletionItem]:
    """Offer the stage names of the Dockerfile built where a target is written."""
    uri = params.text_document.uri
    cursor = _cursor(server, uri, params.position)
    if cursor is None:
        return []
    lines, line, col = cursor
    sites = server.workspace_state.sites_at(uri, line, col)
    if not sites or sites[0].insert_span is None:
        return []

    first = sites[0]
    lead, typed = _typed(first, lines, line, col)
    replace = server.converter.range(lines, sites[0].insert_span)
    items = []
    for key, (stage, built) in _stage_entries(server, sites).items():
        if not key.startswith(typed.lower()):
            continue

        name = stage.name_written or key
        written = stage.base.text if stage.base is not None else ""
        detail = f"stage {stage.index}: FROM {written}"
        if _is_default(stage, built):
            detail += " (default target: the last stage)"
        base = resolve_base(built.analysis.graph, stage)
        source = target_diagnostics.dockerfile_label(first, built)

        # The filter text starts with what was typed, in its case, because Eglot
        # keeps only the items whose filter text starts with the text at point.
        items.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Reference,
                detail=detail,
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.PlainText,
                    value=f"Stage of {source}\nbase OS: {base.summary}",
                ),
                sort_text=f"{stage.index:05d}",
                filter_text=lead + typed + name[len(typed) :],
                text_edit=types.TextEdit(
                    range=replace,
                    new_text=first.insert_prefix + name + first.insert_suffix,
                ),
                insert_text_format=types.InsertTextFormat.PlainText,
            )
        )
    return items


def _matched_stage(
    server: DockerfileLanguageServer, site: BuildSite
) -> tuple[Stage, BuiltDockerfile] | None:
    if not site.target or site.target_dynamic:
        return None
    built = server.workspace_state.built_dockerfile(site)
    if built is None:
        return None
    graph = built.analysis.graph
    names = [stage.name_written for stage in graph.stages if stage.name_written]
    match = match_target(site.target, names)
    if match.stage is None:
        return None
    stage = graph.stage_by_name(match.stage)
    return None if stage is None else (stage, built)


def definition(
    server: DockerfileLanguageServer, params: types.DefinitionParams
) -> list[types.Location] | list[types.LocationLink] | None:
    """Go from a target to its stage, or from a Dockerfile path to the file."""
    uri = params.text_document.uri
    cursor = _cursor(server, uri, params.position)
    if cursor is None:
        return None
    lines, line, col = cursor
    state = server.workspace_state
    links = []
    for site in state.sites_at(uri, line, col):
        found = _matched_stage(server, site)
        if found is None or site.target_span is None:
            continue
        stage, built = found
        target = built.file_span(stage.name_span) if stage.name_span else None
        whole = built.file_span(stage.from_instruction.full_span)
        if target is not None:
            links.append((site.target_span, built.uri, whole or target, target))
    if not links:
        links = _dockerfile_link(server, uri, line, col)
    return _locations(server, lines, links)


def _dockerfile_link(
    server: DockerfileLanguageServer, uri: str, line: int, col: int
) -> list[tuple[Span, str, Span, Span]]:
    """Go from a written Dockerfile path to the top of that Dockerfile."""
    state = server.workspace_state
    for site in state.sites_in_document(uri):
        span = site.dockerfile_span
        if span is None or not span.contains(line, col):
            continue
        built = state.built_dockerfile(site)
        if built is not None and built.path is not None:
            start = Span(0, 0, 0, 0)
            return [(span, built.uri, start, start)]
    return []


def _locations(
    server: DockerfileLanguageServer,
    lines: list[str],
    links: list[tuple[Span, str, Span, Span]],
) -> list[types.Location] | list[types.LocationLink] | None:
    if not links:
        return None
    converter = server.converter
    state = server.workspace_state
    unique = list(dict.fromkeys(links))
    if get_capability(
        server.client_capabilities, "text_document.definition.link_support", False
    ):
        result = []
        for origin, uri, whole, selection in unique:
            target_lines = state.lines_of(uri) or []
            result.append(
                types.LocationLink(
                    target_uri=uri,
                    target_range=converter.range(target_lines, whole),
                    target_selection_range=converter.range(target_lines, selection),
                    origin_selection_range=converter.range(lines, origin),
                )
            )
        return result
    return [
        types.Location(
            uri=uri, range=converter.range(state.lines_of(uri) or [], selection)
        )
        for _, uri, _, selection in unique
    ]


def _code(text: str, markdown: bool) -> str:
    if not markdown:
        return text
    return f"`{text}`" if "`" not in text else f"``{text}``"


def _stage_hover(
    server: DockerfileLanguageServer,
    site: BuildSite,
    stage: Stage,
    built: BuiltDockerfile,
    markdown: bool,
) -> list[str]:
    name = stage.name_written or stage.display_name
    title = f"Stage {_code(name, markdown)} (stage {stage.index})"
    source = target_diagnostics.dockerfile_label(site, built)
    lines = [(f"**{title}**" if markdown else title) + f" of {_code(source, markdown)}"]
    if _is_default(stage, built):
        lines.append("The default target: the last stage.")
    base = resolve_base(built.analysis.graph, stage)
    chain = [item.display_name for item in base.chain[1:]]
    end = base.image or ("scratch" if base.scratch else None)
    if end is not None:
        chain.append(end)
    if chain:
        lines.append("Built from: " + " → ".join(_code(i, markdown) for i in chain))
    lines.append(f"Base OS: {base.summary}")
    return lines


def hover(
    server: DockerfileLanguageServer, params: types.HoverParams
) -> types.Hover | None:
    """Describe the stage a target builds, or report that no stage matches."""
    uri = params.text_document.uri
    cursor = _cursor(server, uri, params.position)
    if cursor is None:
        return None
    lines, line, col = cursor
    markdown = server.markdown_hover
    for site in server.workspace_state.sites_at(uri, line, col):
        if site.target_span is None or not site.target or site.target_dynamic:
            continue
        found = _matched_stage(server, site)
        if found is not None:
            text = _stage_hover(server, site, found[0], found[1], markdown)
        else:
            built = server.workspace_state.built_dockerfile(site)
            if built is None:
                continue
            source = target_diagnostics.dockerfile_label(site, built)
            names = [s.name_written for s in built.analysis.graph.stages]
            known = [_code(name, markdown) for name in names if name]
            text = [
                f"No stage {_code(site.target, markdown)} in {_code(source, markdown)}",
                "Stages: " + (", ".join(known) if known else "none is named"),
            ]
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        return types.Hover(
            contents=types.MarkupContent(kind=kind, value="\n\n".join(text)),
            range=server.converter.range(lines, site.target_span),
        )
    return None


def route_build_files(
    server: DockerfileLanguageServer, method: str, handler: Callable[[Any], Any]
) -> None:
    """Send requests of ``method`` on build files to ``handler``, and the rest to
    the handler already registered for Dockerfiles."""
    features = server.protocol.fm.features
    dockerfile_handler = features[method]

    def is_build_file(params: Any) -> bool:
        uri = params.text_document.uri
        return server.document_kind(uri) is DocumentKind.BUILD_FILE

    if asyncio.iscoroutinefunction(dockerfile_handler):

        async def route_async(params: Any) -> Any:
            if is_build_file(params):
                return handler(params)
            return await dockerfile_handler(params)

        features[method] = route_async
        return

    def route(params: Any) -> Any:
        if is_build_file(params):
            return handler(params)
        return dockerfile_handler(params)

    features[method] = route


def register(server: DockerfileLanguageServer) -> None:
    """Route the requests on build files; call it after the Dockerfile features
    are registered."""

    @guarded(list)
    def complete(params: types.CompletionParams) -> list[types.CompletionItem]:
        return completion(server, params)

    @guarded()
    def define(
        params: types.DefinitionParams,
    ) -> list[types.Location] | list[types.LocationLink] | None:
        return definition(server, params)

    @guarded()
    def describe(params: types.HoverParams) -> types.Hover | None:
        return hover(server, params)

    @guarded(list)
    def fix(params: types.CodeActionParams) -> list[types.CodeAction]:
        return target_diagnostics.code_actions(server, params)

    route_build_files(server, types.TEXT_DOCUMENT_COMPLETION, complete)
    route_build_files(server, types.TEXT_DOCUMENT_DEFINITION, define)
    route_build_files(server, types.TEXT_DOCUMENT_HOVER, describe)
    route_build_files(server, types.TEXT_DOCUMENT_CODE_ACTION, fix)
