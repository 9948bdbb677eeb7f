"""Rename and prepareRename for stages and build arguments.

A stage rename rewrites its name and every FROM, ``--from`` and mount ``from=``
that names it. Index references stay indices. The rename is rejected when the
result would resolve any reference differently (``core.refactor`` checks this).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from dockerfile_ls.core.model import Stage
from dockerfile_ls.core.refactor import (
    RefactorError,
    check_stage_renamable,
    rename_stage,
    rename_variable,
)
from dockerfile_ls.core.rules import TextEdit
from dockerfile_ls.lsp.features.navigation import target_at
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


# LSP's RequestFailed error code: the request was valid but could not be carried out.
REQUEST_FAILED = -32803


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded()
    def prepare_rename(
        params: types.PrepareRenameParams,
    ) -> types.PrepareRenamePlaceholder | None:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        lines = analysis.dockerfile.lines
        line, col = server.converter.from_position(lines, params.position)
        found = target_at(analysis, line, col)
        if found is None:
            return None
        span, target = found
        if isinstance(target, Stage) and target.name_span is None:
            return None
        if isinstance(target, Stage):
            # Reject now what rename would reject whatever the new name is.
            try:
                check_stage_renamable(analysis, target)
            except RefactorError as error:
                raise JsonRpcException(
                    f"Cannot rename: {error}", REQUEST_FAILED
                ) from error
        placeholder = lines[span.start_line][span.start_col : span.end_col]
        return types.PrepareRenamePlaceholder(
            range=server.converter.range(lines, span), placeholder=placeholder
        )

    @server.feature(
        types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True)
    )
    def rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return None
        lines = analysis.dockerfile.lines
        line, col = server.converter.from_position(lines, params.position)
        found = target_at(analysis, line, col)
        if found is None:
            raise JsonRpcException(
                "Nothing to rename here: place the cursor on a stage name or a "
                "variable",
                REQUEST_FAILED,
            )
        _, target = found
        edits: list[TextEdit]
        try:
            if isinstance(target, Stage):
                edits = rename_stage(analysis, target, params.new_name)
            else:
                edits = rename_variable(analysis.variables, target, params.new_name)
        except RefactorError as error:
            raise JsonRpcException(f"Cannot rename: {error}", REQUEST_FAILED) from error
        changes: dict[str, list[types.TextEdit]] = {
            uri: [
                types.TextEdit(
                    range=server.converter.range(lines, edit.span),
                    new_text=edit.new_text,
                )
                for edit in edits
            ]
        }
        if isinstance(target, Stage):
            for other_uri, other_edits in server.external_rename_edits(
                uri, target, params.new_name
            ).items():
                changes.setdefault(other_uri, []).extend(other_edits)
        return types.WorkspaceEdit(changes=changes)
