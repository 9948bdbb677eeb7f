"""Inlay hints: the base OS after each FROM image, such as ``Alpine 3.24``.

Shown for every stage, through stage chains and build arguments, when the
``inlayHints`` setting is on. An image whose OS is not known offline gets no hint;
its hover says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerfile_ls.core.base import resolve_base
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    @guarded(list)
    def inlay_hint(params: types.InlayHintParams) -> list[types.InlayHint]:
        if not server.settings.inlayHints:
            return []
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return []
        lines = analysis.dockerfile.lines
        visible = server.converter.to_span(lines, params.range)
        hints = []
        for stage in analysis.graph.stages:
            if stage.base is None:
                continue
            span = stage.base.span
            if span.end_line < visible.start_line or span.start_line > visible.end_line:
                continue
            base = resolve_base(analysis.graph, stage)
            if base.facts is None and not base.scratch:
                continue
            if base.facts is not None and not base.facts.known:
                continue
            tooltip = base.facts.describe() if base.facts is not None else None
            hints.append(
                types.InlayHint(
                    position=server.converter.position(
                        lines, span.end_line, span.end_col
                    ),
                    label=base.summary,
                    kind=types.InlayHintKind.Type,
                    padding_left=True,
                    tooltip=tooltip,
                )
            )
        return hints
