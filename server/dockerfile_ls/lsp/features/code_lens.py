"""Code lenses above each stage: the command that builds it, and who depends on it.

The build command is ``codeLensCommand`` with ``{stage}`` replaced; clicking the
lens runs the ``dockerfileLs.buildCommand`` server command, which returns that
command line (the VS Code extension copies it or runs it in a terminal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from dockerfile_ls.core.model import RefStatus
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

BUILD_COMMAND = "dockerfileLs.buildCommand"


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    @guarded(list)
    def code_lens(params: types.CodeLensParams) -> list[types.CodeLens]:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return []
        graph = analysis.graph
        lines = analysis.dockerfile.lines
        lenses = []
        template = server.settings.codeLensCommand
        for stage in graph.stages:
            line = stage.from_instruction.line
            anchor = server.converter.range(lines, Span(line, 0, line, 0))
            if stage.name is not None:
                command_line = template.replace("{stage}", stage.name)
                lenses.append(
                    types.CodeLens(
                        range=anchor,
                        command=types.Command(
                            title=command_line,
                            command=BUILD_COMMAND,
                            arguments=[command_line],
                        ),
                    )
                )
            users = sorted(
                {
                    graph.stages[ref.owner].display_name
                    for ref in graph.references
                    if ref.status is RefStatus.STAGE
                    and ref.target == stage.index
                    and ref.owner != stage.index
                }
            )
            title = "used by " + ", ".join(users) if users else "no stage depends on it"
            lenses.append(
                types.CodeLens(
                    range=anchor,
                    command=types.Command(title=title, command=""),
                )
            )
        return lenses

    @server.command(BUILD_COMMAND)
    @guarded()
    def build_command(command_line: Any = None) -> str | None:
        return command_line if isinstance(command_line, str) else None
