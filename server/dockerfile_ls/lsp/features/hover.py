"""Hover: what a stage is built from and which OS it runs, through stage chains.

Stage names, FROM lines and stage references show the stage; images show their OS
facts; instruction keywords and flags show a short reference text. The text is
built once as Markdown and stripped to plain text for clients that ask for plain
text (Eglot without markdown-mode does).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from lsprotocol import types

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.base import BaseImage, describe_reference, resolve_base
from dockerfile_ls.core.model import RefKind, RefStatus, Stage, StageRef
from dockerfile_ls.core.queries import ReferenceAt, StageDefinitionAt, symbol_at
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.features.instruction_docs import FLAGS, INSTRUCTIONS
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"``{text}``"


def os_lines(base: BaseImage) -> list[str]:
    """Describe the OS at the end of a base chain, saying so when it is unknown."""
    if base.scratch:
        return ["Base OS: **none**: `scratch` is an empty image with no OS"]
    if base.image is None:
        reason = base.reason or "the base cannot be resolved"
        return [f"Base OS: **unknown** ({reason})"]
    facts = base.facts
    if facts is None or not facts.known:
        line = f"Base OS: **unknown**: no offline facts about {_code(base.image)}"
        if base.reason:
            line += f"; {base.reason}"
        return [line]
    several = len(getattr(facts, "os_names", ())) > 1
    family = f" ({facts.os.capitalize()})" if facts.os and not several else ""
    lines = [f"Base OS: **{facts.short()}**{family}"]
    detail = facts.describe()
    if detail:
        lines.append(detail)
    if facts.floating and facts.data_date:
        lines.append(
            f"The tag is not pinned: this is what it pointed to on {facts.data_date}."
        )
    if base.reason:
        lines.append(f"Note: {base.reason}")
    return lines


def _stage_title(stage: Stage) -> str:
    if stage.name_written:
        return f"Stage {_code(stage.name_written)} (stage {stage.index})"
    return f"Stage {stage.index} (unnamed)"


def _final_line(analysis: Analysis, stage: Stage) -> str:
    target = analysis.options.target
    if target:
        return f"This is the final image: the configured target {_code(target)}."
    return "This is the final image: the last stage is the default target."


def stage_markdown(
    analysis: Analysis, stage: Stage, built_from: list[str] | None = None
) -> str:
    """Describe a stage; the text is kept per document version, as hovers repeat."""
    key = ("hover", stage.index, tuple(built_from or ()))
    cached = analysis.graph.memo.get(key)
    if isinstance(cached, str):
        return cached
    text = _stage_markdown(analysis, stage, built_from)
    analysis.graph.memo[key] = text
    return text


def _stage_markdown(
    analysis: Analysis, stage: Stage, built_from: list[str] | None
) -> str:
    graph = analysis.graph
    base = resolve_base(graph, stage)
    final = graph.target_index(analysis.options.target)
    lines = [f"**{_stage_title(stage)}**"]
    if stage.index == final:
        lines.append(_final_line(analysis, stage))
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
    lines.extend(os_lines(base))
    if stage.comment:
        lines.append(f"Comment: {stage.comment}")
    users = [
        ref
        for ref in graph.references
        if ref.target == stage.index and ref.status is RefStatus.STAGE
    ]
    if users:
        described = []
        for ref in users[:8]:
            owner = graph.stages[ref.owner]
            line = ref.span.start_line + 1
            described.append(f"{owner.display_name} ({ref.kind.value}, line {line})")
        more = f" and {len(users) - 8} more" if len(users) > 8 else ""
        lines.append("Used by: " + ", ".join(described) + more)
    if built_from:
        lines.append("Built as a target by: " + "; ".join(built_from))
    if final is not None and stage.index != final:
        final_stage = graph.stages[final]
        summary = resolve_base(graph, final_stage).summary
        lines.append(f"Final image ({final_stage.display_name}): {summary}")
    return "\n\n".join(lines)


def reference_markdown(
    analysis: Analysis, ref: StageRef, built_from: list[str] | None = None
) -> str:
    if ref.status is RefStatus.STAGE and ref.target is not None:
        return stage_markdown(analysis, analysis.graph.stages[ref.target], built_from)
    owner = analysis.graph.stages[ref.owner]
    if ref.kind is RefKind.FROM:
        return stage_markdown(analysis, owner, built_from)
    if ref.status is RefStatus.SCRATCH:
        return "**`scratch`**: the empty image, with no OS, shell or package manager."
    if ref.status is RefStatus.VARIABLE:
        return (
            "BuildKit does not expand variables here; use an alias stage "
            "(`FROM ${ARG} AS alias`, then `--from=alias`)."
        )
    if ref.status is RefStatus.INDEX_OUT_OF_RANGE:
        return f"There is no stage {ref.text} in this Dockerfile."
    image = ref.expanded if ref.expanded is not None else ref.text
    base = BaseImage(
        owner, (owner,), image, False, None, None, describe_reference(image)
    )
    lines = [
        f"**Image {_code(image)}**: not a stage, so it is pulled from a registry "
        "(or taken from a named build context)"
    ]
    lines.extend(os_lines(base))
    return "\n\n".join(lines)


def _keyword_markdown(
    analysis: Analysis, line: int, col: int
) -> tuple[str, Span] | None:
    instruction = analysis.dockerfile.instruction_at(line)
    if instruction is None:
        return None
    for node in (instruction.node, instruction.node.sub):
        if node is None:
            continue
        keyword_span = instruction.span(node.keyword_word.span)
        if keyword_span.contains(line, col):
            text = INSTRUCTIONS.get(node.keyword)
            if text is None:
                return None
            return f"**{node.keyword}**: {text}", keyword_span
        for flag in node.flags:
            name_span = instruction.span(flag.name_span)
            if name_span.contains(line, col):
                text = FLAGS.get((node.keyword, flag.name))
                if text is None:
                    return None
                return f"**{node.keyword} --{flag.name}**: {text}", name_span
    return None


_MARKUP = re.compile(r"\*\*|`")


def to_plain_text(markdown: str) -> str:
    return _MARKUP.sub("", markdown)


def _built_from(server: DockerfileLanguageServer, uri: str, stage: Stage) -> list[str]:
    """Describe the workspace places that build ``stage`` as a target."""
    if stage.name is None:
        return []
    described = []
    for site in server.build_sites(uri):
        if site.target is None or site.target.lower() != stage.name:
            continue
        where = os.path.basename(site.file)
        if site.target_span is not None:
            where += f":{site.target_span.start_line + 1}"
        described.append(f"{where} ({site.kind})")
    return described


def hover_at(
    server: DockerfileLanguageServer, uri: str, position: types.Position
) -> types.Hover | None:
    analysis = server.analysis(uri)
    if analysis is None:
        return None
    lines = analysis.dockerfile.lines
    line, col = server.converter.from_position(lines, position)
    found = symbol_at(analysis, line, col)
    span: Span
    if isinstance(found, StageDefinitionAt):
        text = stage_markdown(
            analysis, found.stage, _built_from(server, uri, found.stage)
        )
        span = found.span
    elif isinstance(found, ReferenceAt):
        target = found.ref.target
        built = []
        if target is not None and found.ref.status is RefStatus.STAGE:
            built = _built_from(server, uri, analysis.graph.stages[target])
        text = reference_markdown(analysis, found.ref, built)
        span = found.ref.span
    else:
        keyword = _keyword_markdown(analysis, line, col)
        if keyword is None:
            return None
        text, span = keyword
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
