"""Hover: what a stage is built from and which OS it runs, through stage chains.

The text is built once as Markdown and stripped to plain text for clients that
ask for plain text (Eglot without markdown-mode does).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.base import BaseImage, resolve_base
from dockerfile_ls.core.model import RefKind, RefStatus, Stage, StageRef
from dockerfile_ls.core.queries import ReferenceAt, StageDefinitionAt, symbol_at
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"``{text}``"


def _os_lines(base: BaseImage) -> list[str]:
    if base.scratch:
        return ["Base OS: **none**: the chain ends at `scratch`, an empty image with no OS"]
    if base.image is None:
        return [f"Base OS: **unknown** ({base.reason or 'the base cannot be resolved'})"]
    facts = base.facts
    if facts is None or not facts.known:
        line = f"Base OS: **unknown**: no offline facts for {_code(base.image)}"
        if base.reason:
            line += f"; {base.reason}"
        return [line]
    lines = [f"Base OS: **{facts.short()}**"]
    detail = facts.describe()
    if detail:
        lines.append(detail)
    if base.reason:
        lines.append(f"Note: {base.reason}")
    return lines


def _stage_title(stage: Stage) -> str:
    if stage.name_written:
        return f"Stage {_code(stage.name_written)} (stage {stage.index})"
    return f"Stage {stage.index} (unnamed)"


def stage_markdown(analysis: Analysis, stage: Stage) -> str:
    graph = analysis.graph
    base = resolve_base(graph, stage)
    final = graph.target_index(analysis.options.target)
    lines = [f"**{_stage_title(stage)}**"]
    if stage.index == final:
        if analysis.options.target:
            lines.append(
                f"This is the final image: the configured target {_code(analysis.options.target)}."
            )
        else:
            lines.append("This is the final image: the last stage is the default target.")
    written = stage.base.text if stage.base is not None else ""
    if len(base.chain) > 1:
        names = " → ".join(item.display_name for item in base.chain)
        end = base.image or ("scratch" if base.scratch else "?")
        lines.append(f"Built from: {names} → {_code(end)}")
    elif written:
        if base.image is not None and base.image != written:
            lines.append(f"Built from: {_code(written)} = {_code(base.image)}")
        else:
            lines.append(f"Built from: {_code(written)}")
    if base.platform:
        lines.append(f"Platform: {_code(base.platform)}")
    lines.extend(_os_lines(base))
    if stage.comment:
        lines.append(f"_{stage.comment}_")
    users = [
        ref
        for ref in graph.references
        if ref.target == stage.index and ref.status is RefStatus.STAGE
    ]
    if users:
        described = []
        for ref in users[:8]:
            owner = graph.stages[ref.owner]
            described.append(
                f"{owner.display_name} ({ref.kind.value}, line {ref.span.start_line + 1})"
            )
        more = f" and {len(users) - 8} more" if len(users) > 8 else ""
        lines.append("Used by: " + ", ".join(described) + more)
    return "\n\n".join(lines)


def reference_markdown(analysis: Analysis, ref: StageRef) -> str:
    if ref.status is RefStatus.STAGE and ref.target is not None:
        return stage_markdown(analysis, analysis.graph.stages[ref.target])
    if ref.status is RefStatus.SCRATCH:
        return "**`scratch`**: the empty image. A stage built on it has no OS, no shell and no package manager."
    if ref.status is RefStatus.VARIABLE:
        return "BuildKit does not expand variables here; use an alias stage (`FROM ${ARG} AS alias`)."
    if ref.status is RefStatus.INDEX_OUT_OF_RANGE:
        return f"There is no stage {ref.text} in this Dockerfile."
    if ref.status is RefStatus.BLANK:
        return f"{_code(ref.text)} expands to an empty value."
    image = ref.expanded if ref.expanded is not None else ref.text
    owner = analysis.graph.stages[ref.owner]
    if ref.kind is RefKind.FROM:
        return stage_markdown(analysis, owner)
    base = BaseImage(owner, (owner,), image, False, None, None, _facts(image))
    lines = [f"**Image {_code(image)}** (not a stage: pulled from a registry or a named build context)"]
    lines.extend(_os_lines(base))
    return "\n\n".join(lines)


def _facts(image: str):  # type: ignore[no-untyped-def]
    from dockerfile_ls.core.base import _describe

    return _describe(image, None)


_MARKUP = re.compile(r"\*\*|`|_(?=\S)|(?<=\S)_")


def to_plain_text(markdown: str) -> str:
    return _MARKUP.sub("", markdown)


def hover_at(
    server: DockerfileLanguageServer, uri: str, position: types.Position
) -> types.Hover | None:
    analysis = server.analysis(uri)
    if analysis is None:
        return None
    lines = analysis.dockerfile.lines
    line, col = server.converter.from_position(lines, position)
    found = symbol_at(analysis, line, col)
    if found is None:
        return None
    span: Span
    if isinstance(found, StageDefinitionAt):
        text = stage_markdown(analysis, found.stage)
        span = found.span
    else:
        assert isinstance(found, ReferenceAt)
        text = reference_markdown(analysis, found.ref)
        span = found.ref.span
    if server.markdown_hover:
        contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    else:
        contents = types.MarkupContent(
            kind=types.MarkupKind.PlainText, value=to_plain_text(text)
        )
    return types.Hover(contents=contents, range=server.converter.range(lines, span))


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded()
    def hover(params: types.HoverParams) -> types.Hover | None:
        return hover_at(server, params.text_document.uri, params.position)
