"""Document symbols (stages holding their instructions, meta ARGs on top), workspace
symbols (stages of every known Dockerfile) and folding ranges."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp._capabilities import get_capability

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.syntax import Instruction
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


MAX_INSTRUCTION_SYMBOLS = 5000


def _instruction_label(instruction: Instruction, lines: list[str]) -> str:
    text = lines[instruction.line].strip()
    if len(text) > 60:
        text = text[:57] + "..."
    return text or instruction.keyword


def document_symbols(
    server: DockerfileLanguageServer, analysis: Analysis
) -> list[types.DocumentSymbol]:
    converter = server.converter
    dockerfile = analysis.dockerfile
    lines = dockerfile.lines
    graph = analysis.graph
    final = graph.target_index(analysis.options.target)
    symbols: list[types.DocumentSymbol] = []
    for arg in graph.meta_args:
        symbols.append(
            types.DocumentSymbol(
                name=arg.name,
                detail=f"ARG = {arg.default}" if arg.default is not None else "ARG",
                kind=types.SymbolKind.Variable,
                range=converter.range(lines, arg.instruction.full_span),
                selection_range=converter.range(lines, arg.name_span),
            )
        )
    # NOTE: past this many instructions only stages are listed, because a
    # 50,000-line file would otherwise produce megabytes of outline symbols.
    with_children = len(dockerfile.instructions) <= MAX_INSTRUCTION_SYMBOLS
    for stage in graph.stages:
        children = []
        last = stage.last_instruction if with_children else stage.first_instruction
        for position in range(stage.first_instruction + 1, last + 1):
            instruction = dockerfile.instructions[position]
            children.append(
                types.DocumentSymbol(
                    name=_instruction_label(instruction, lines),
                    kind=types.SymbolKind.Field,
                    range=converter.range(lines, instruction.full_span),
                    selection_range=converter.range(
                        lines, instruction.span(instruction.node.keyword_word.span)
                    ),
                )
            )
        start = stage.from_instruction.full_span
        end_line = min(stage.end_line, len(lines) - 1)
        while end_line > start.end_line and not lines[end_line].strip():
            end_line -= 1
        whole = Span(start.start_line, start.start_col, end_line, len(lines[end_line]))
        if whole.end_line == start.end_line:
            whole = start
        selection = stage.name_span or (stage.base.span if stage.base else start)
        detail = f"FROM {stage.base.text}" if stage.base is not None else "FROM"
        if stage.index == final:
            detail += " (final image)"
        symbols.append(
            types.DocumentSymbol(
                name=stage.name_written or f"stage {stage.index}",
                detail=detail,
                kind=types.SymbolKind.Class,
                range=converter.range(lines, whole),
                selection_range=converter.range(lines, selection),
                children=children,
            )
        )
    return symbols


def _flatten(
    uri: str, symbols: Sequence[types.DocumentSymbol], container: str | None = None
) -> list[types.SymbolInformation]:
    flat = []
    for symbol in symbols:
        flat.append(
            types.SymbolInformation(
                name=symbol.name,
                kind=symbol.kind,
                location=types.Location(uri=uri, range=symbol.range),
                container_name=container,
            )
        )
        if symbol.children:
            flat.extend(_flatten(uri, symbol.children, symbol.name))
    return flat


def folding_ranges(analysis: Analysis) -> list[types.FoldingRange]:
    dockerfile = analysis.dockerfile
    lines = dockerfile.lines
    ranges: list[types.FoldingRange] = []
    for stage in analysis.graph.stages:
        end = min(stage.end_line, len(lines) - 1)
        while end > stage.from_instruction.line and not lines[end].strip():
            end -= 1
        if end > stage.from_instruction.line:
            ranges.append(
                types.FoldingRange(
                    start_line=stage.from_instruction.line,
                    end_line=end,
                    kind=types.FoldingRangeKind.Region,
                )
            )
    for instruction in dockerfile.instructions:
        node = instruction.node.sub or instruction.node
        if instruction.end_line > instruction.line:
            ranges.append(
                types.FoldingRange(
                    start_line=instruction.line, end_line=instruction.end_line
                )
            )
        for heredoc in node.heredocs:
            marker = instruction.span(heredoc.marker.span).start_line
            last = heredoc.terminator_span or heredoc.body_span
            if last is not None and instruction.span(last).end_line > marker:
                ranges.append(
                    types.FoldingRange(
                        start_line=marker, end_line=instruction.span(last).end_line
                    )
                )
    # A heredoc can end where its instruction ends: report each range once.
    unique: dict[tuple[int, int, str | None], types.FoldingRange] = {}
    for item in ranges:
        unique.setdefault((item.start_line, item.end_line, item.kind), item)
    ranges = list(unique.values())
    comments = dockerfile.comment_lines
    run_start = None
    previous = None
    ends: list[int | None] = [*comments, None]
    for line in ends:
        if line is not None and previous is not None and line == previous + 1:
            previous = line
            continue
        if run_start is not None and previous is not None and previous > run_start:
            ranges.append(
                types.FoldingRange(
                    start_line=run_start,
                    end_line=previous,
                    kind=types.FoldingRangeKind.Comment,
                )
            )
        run_start = line
        previous = line
    return ranges


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(list)
    def document_symbol(
        params: types.DocumentSymbolParams,
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return []
        symbols = document_symbols(server, analysis)
        hierarchical = get_capability(
            server.client_capabilities,
            "text_document.document_symbol.hierarchical_document_symbol_support",
            False,
        )
        if hierarchical:
            return symbols
        return _flatten(uri, symbols)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    @guarded(list)
    def folding(params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return []
        return folding_ranges(analysis)

    @server.feature(types.WORKSPACE_SYMBOL)
    @guarded(list)
    def workspace_symbol(
        params: types.WorkspaceSymbolParams,
    ) -> list[types.SymbolInformation]:
        query = params.query.lower()
        results = []
        for uri, analysis in server.known_dockerfiles():
            lines = analysis.dockerfile.lines
            for stage in analysis.graph.stages:
                name = stage.name_written or f"stage {stage.index}"
                if query and query not in name.lower():
                    continue
                span = stage.name_span or stage.from_instruction.full_span
                results.append(
                    types.SymbolInformation(
                        name=name,
                        kind=types.SymbolKind.Class,
                        location=types.Location(
                            uri=uri, range=server.converter.range(lines, span)
                        ),
                        container_name=uri.rsplit("/", 1)[-1],
                    )
                )
        return results
