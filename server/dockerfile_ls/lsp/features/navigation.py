"""Definition, references and document highlight for stages and build arguments.

Definition goes where BuildKit would resolve: the nearest earlier stage for FROM,
the last duplicate for ``--from``; a variable goes to the declaration in scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp._capabilities import get_capability

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.model import RefStatus, Stage
from dockerfile_ls.core.queries import (
    ReferenceAt,
    StageDefinitionAt,
    references_to,
    symbol_at,
)
from dockerfile_ls.core.text import Span
from dockerfile_ls.core.variables import Declaration, Use
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


def stage_anchor(stage: Stage) -> Span:
    """Return where a stage is defined: its name, or the image of an unnamed stage."""
    if stage.name_span is not None:
        return stage.name_span
    if stage.base is not None:
        return stage.base.span
    return stage.from_instruction.full_span


def target_at(
    analysis: Analysis, line: int, col: int
) -> tuple[Span, Stage | Declaration | Use] | None:
    """Return the span under the cursor and the stage or variable it names."""
    variable = analysis.variables.at(line, col)
    if variable is not None:
        return variable.span, variable
    found = symbol_at(analysis, line, col)
    if isinstance(found, StageDefinitionAt) and found.on_name:
        return found.span, found.stage
    if isinstance(found, ReferenceAt):
        ref = found.ref
        if ref.status is RefStatus.STAGE and ref.target is not None:
            return ref.span, analysis.graph.stages[ref.target]
    return None


def _stage_spans(
    analysis: Analysis, stage: Stage, include_declaration: bool
) -> list[tuple[Span, bool]]:
    spans: list[tuple[Span, bool]] = []
    if include_declaration:
        spans.append((stage_anchor(stage), True))
    for ref in references_to(analysis, stage):
        spans.append((ref.span, False))
    return spans


def _variable_spans(
    analysis: Analysis, item: Declaration | Use, include_declaration: bool
) -> list[tuple[Span, bool]]:
    declarations, uses = analysis.variables.group(item)
    spans: list[tuple[Span, bool]] = []
    if include_declaration:
        spans.extend((declaration.span, True) for declaration in declarations)
    spans.extend((use.span, False) for use in uses)
    return spans


def occurrences(
    analysis: Analysis, line: int, col: int, include_declaration: bool = True
) -> list[tuple[Span, bool]]:
    found = target_at(analysis, line, col)
    if found is None:
        return []
    _, target = found
    if isinstance(target, Stage):
        spans = _stage_spans(analysis, target, include_declaration)
    else:
        spans = _variable_spans(analysis, target, include_declaration)
    return sorted(set(spans))


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded()
    def definition(
        params: types.DefinitionParams,
    ) -> list[types.Location] | list[types.LocationLink] | None:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return None
        lines = analysis.dockerfile.lines
        line, col = server.converter.from_position(lines, params.position)
        found = target_at(analysis, line, col)
        if found is None:
            return None
        origin, target = found
        if isinstance(target, Stage):
            destination = stage_anchor(target)
            full = target.from_instruction.full_span
        elif isinstance(target, Use):
            if target.declaration is None:
                return None
            destination = target.declaration.span
            full = target.declaration.instruction.full_span
        else:
            destination = target.span
            full = target.instruction.full_span
        converter = server.converter
        if get_capability(
            server.client_capabilities, "text_document.definition.link_support", False
        ):
            return [
                types.LocationLink(
                    target_uri=uri,
                    target_range=converter.range(lines, full),
                    target_selection_range=converter.range(lines, destination),
                    origin_selection_range=converter.range(lines, origin),
                )
            ]
        return [types.Location(uri=uri, range=converter.range(lines, destination))]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded(list)
    def references(params: types.ReferenceParams) -> list[types.Location]:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return []
        lines = analysis.dockerfile.lines
        line, col = server.converter.from_position(lines, params.position)
        spans = occurrences(analysis, line, col, params.context.include_declaration)
        locations = [
            types.Location(uri=uri, range=server.converter.range(lines, span))
            for span, _ in spans
        ]
        locations.extend(server.external_references(uri, analysis, line, col))
        return locations

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    @guarded(list)
    def highlight(
        params: types.DocumentHighlightParams,
    ) -> list[types.DocumentHighlight]:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return []
        lines = analysis.dockerfile.lines
        line, col = server.converter.from_position(lines, params.position)
        return [
            types.DocumentHighlight(
                range=server.converter.range(lines, span),
                kind=types.DocumentHighlightKind.Write
                if is_declaration
                else types.DocumentHighlightKind.Read,
            )
            for span, is_declaration in occurrences(analysis, line, col)
        ]
