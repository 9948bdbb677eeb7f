"""Code lenses above each stage: the command that builds it, and who depends on it.

The build command is ``codeLensCommand`` with ``{stage}`` replaced. Clicking the
lens runs the ``dockerfileLs.buildCommand`` server command, which shows the command
line in a message and returns it; an editor extension may run it instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from dockerfile_ls.core.model import RefStatus, stage_name_is_valid
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
            if stage.name is not None and stage_name_is_valid(stage.name):
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
        if not isinstance(command_line, str):
            return None
        # Clients without their own handler for the command show this message,
        # so the user can copy the command line from it.
        server.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info, message=f"Build command: {command_line}"
            )
        )
        return command_line
