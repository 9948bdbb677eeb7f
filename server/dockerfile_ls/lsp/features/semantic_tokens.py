"""Semantic tokens: stage names, image reference parts, flags and variables.

Only what a TextMate grammar cannot know is marked: which words are stage names
(declarations and references), which parts of an image reference are registry,
repository, tag and digest, flag names, and variable uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.image_ref import parse_image_ref
from dockerfile_ls.core.model import RefStatus
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

TOKEN_TYPES = [
    "class",
    "namespace",
    "type",
    "enumMember",
    "number",
    "parameter",
    "variable",
]
TOKEN_MODIFIERS = ["declaration", "readonly"]
LEGEND = types.SemanticTokensLegend(
    token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS
)

_CLASS, _NAMESPACE, _TYPE, _ENUM_MEMBER, _NUMBER, _PARAMETER, _VARIABLE = range(7)
_DECLARATION = 1


def _tokens(analysis: Analysis) -> list[tuple[Span, int, int]]:
    graph = analysis.graph
    tokens: list[tuple[Span, int, int]] = []
    for stage in graph.stages:
        if stage.name_span is not None:
            tokens.append((stage.name_span, _CLASS, _DECLARATION))
    for ref in graph.references:
        if ref.status is RefStatus.STAGE:
            tokens.append((ref.span, _CLASS, 0))
            continue
        if (
            ref.status is not RefStatus.IMAGE
            or ref.span.start_line != ref.span.end_line
        ):
            continue
        if "$" in ref.text:
            continue
        image = parse_image_ref(ref.text)
        if image is None:
            continue
        line, col = ref.span.start_line, ref.span.start_col
        parts = [
            (image.domain_range, _NAMESPACE),
            (image.path_range, _TYPE),
            (image.tag_range, _ENUM_MEMBER),
            (image.digest_range, _NUMBER),
        ]
        for part, token_type in parts:
            if part is not None and part[1] > part[0]:
                tokens.append(
                    (Span(line, col + part[0], line, col + part[1]), token_type, 0)
                )
    for instruction in analysis.dockerfile.instructions:
        node = instruction.node.sub or instruction.node
        for flag in node.flags:
            tokens.append((instruction.span(flag.name_span), _PARAMETER, 0))
    for use in analysis.variables.uses:
        tokens.append((use.span, _VARIABLE, 0))
    for declaration in analysis.variables.declarations:
        tokens.append((declaration.span, _VARIABLE, _DECLARATION))
    return tokens


def encode(server: DockerfileLanguageServer, analysis: Analysis) -> list[int]:
    """Encode tokens as LSP's relative integer quintuples, single-line only."""
    lines = analysis.dockerfile.lines
    converter = server.converter
    data: list[int] = []
    previous_line = 0
    previous_start = 0
    seen: set[tuple[int, int]] = set()
    for span, token_type, modifiers in sorted(_tokens(analysis)):
        if span.start_line != span.end_line or span.end_col <= span.start_col:
            continue
        key = (span.start_line, span.start_col)
        if key in seen:
            continue
        seen.add(key)
        text = lines[span.start_line]
        start = converter.to_client_column(text, span.start_col)
        end = converter.to_client_column(text, span.end_col)
        delta_line = span.start_line - previous_line
        delta_start = start - previous_start if delta_line == 0 else start
        data.extend([delta_line, delta_start, end - start, token_type, modifiers])
        previous_line = span.start_line
        previous_start = start
    return data


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, LEGEND)
    @guarded(lambda: types.SemanticTokens(data=[]))
    def semantic_tokens(params: types.SemanticTokensParams) -> types.SemanticTokens:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return types.SemanticTokens(data=[])
        return types.SemanticTokens(data=encode(server, analysis))
